export { returnDeadline } from '../../core/plan/deadlines.js';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** `2024-06-07` → `2024年6月7日（星期五）`. */
export function chineseDate(iso: string, withWeekday = false): string {
  const [y, m, d] = iso.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${y}年${m}月${d}日${withWeekday ? `（${weekday}）` : ''}`;
}
