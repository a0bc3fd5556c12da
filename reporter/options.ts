import { normalizePeriod } from '../core/calendar/index.js';
import type { Plan } from '../core/plan/model.js';
import { UserError } from './user-error.js';

/** `--period` as the commands accept it (`2024-05`, `2024-5`, `2024年5月`), or a Chinese error. */
export function periodOption(value: unknown): string {
  try {
    return normalizePeriod(String(value ?? ''));
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}

/** A period of another year than plan.xlsx's would be judged, issued or published against the wrong plan. */
export function requirePeriodInPlan(plan: Pick<Plan, 'year'>, period: string): void {
  if (Number(period.slice(0, 4)) !== plan.year) {
    throw new UserError(`期间 ${period} 不在工作要点年度 ${plan.year} 内，请检查 --period 或 plan.xlsx。`);
  }
}
