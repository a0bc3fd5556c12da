import { nextPeriod, nthWorkingDayOfMonth, parsePeriod } from '../../core/calendar/index.js';
import type { Plan } from '../../core/plan/model.js';

/** The return deadline: the Nth working day (plan.settings) of the month after the period. */
export function returnDeadline(plan: Plan, period: string): string {
  const { year, month } = parsePeriod(nextPeriod(period));
  return nthWorkingDayOfMonth(year, month, plan.settings.returnDeadlineWorkingDay);
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** `2024-06-07` → `2024年6月7日（星期五）`. */
export function chineseDate(iso: string, withWeekday = false): string {
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${y}年${m}月${d}日${withWeekday ? `（${weekday}）` : ''}`;
}
