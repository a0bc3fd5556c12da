import { normalizePeriod, periodLabel } from '../core/calendar/index.js';
import { OFFICE_TIME_ZONE, parseOfficeTime } from '../core/calendar/office-time.js';
import type { Plan } from '../core/plan/model.js';
import { firstPeriodOf } from '../core/plan/periods.js';
import { planTimeZone } from '../core/schedule/model.js';
import { UserError } from './user-error.js';

/** `--period` as the commands accept it (`2024-05`, `2024-5`, `2024年5月`), or a Chinese error. */
export function periodOption(value: unknown): string {
  try {
    return normalizePeriod(String(value ?? ''));
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * A period the plan runs: of its year (another year's would be judged, issued or published against
 * the wrong plan) and not before 启用期间 (nothing before it is issued, collected or circulated).
 */
export function requirePeriodInPlan(plan: Pick<Plan, 'year' | 'settings'>, period: string): void {
  if (Number(period.slice(0, 4)) !== plan.year) {
    throw new UserError(
      `期间 ${period} 不在工作要点年度 ${plan.year} 内，请检查 --period 或 plans/${plan.year}.xlsx。`,
    );
  }
  const first = firstPeriodOf(plan);
  if (period < first) {
    throw new UserError(
      `${periodLabel(period)}在本年度的启用期间（${periodLabel(first)}）之前：启用期间之前的月份不下发、不收取、不通报，也不计入考核。` +
        `如需从更早的月份开始，请修改 plans/${plan.year}.xlsx“设置”工作表中的“启用期间”。`,
    );
  }
}

/**
 * `--received-at` (`2026-10-09 15:30` in office time — the zone of the plan's 日程 — a date, or ISO
 * with a zone) as an instant.
 */
export function receivedAtOption(value: string, plan: Pick<Plan, 'schedule'>): string {
  const timeZone = planTimeZone(plan);
  const at = parseOfficeTime(value, timeZone);
  if (!at)
    throw new UserError(
      `--received-at ${JSON.stringify(value)} 不是有效时间，请写成 "YYYY-MM-DD HH:MM"（${zoneLabel(timeZone)}），如 "2026-10-09 15:30"。`,
    );
  return at;
}

/** How a message names the office's zone: 北京时间 for China's, else the zone's own name. */
export const zoneLabel = (timeZone: string): string =>
  timeZone === OFFICE_TIME_ZONE ? '北京时间' : `${timeZone} 时间`;
