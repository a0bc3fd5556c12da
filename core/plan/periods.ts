import { formatPeriod } from '../calendar/period.js';
import type { Plan } from './model.js';

/** 启用期间: the first period the office runs (设置 sheet), January of the plan year by default. */
export const firstPeriodOf = (plan: Pick<Plan, 'year' | 'settings'>): string =>
  plan.settings.firstPeriod ?? formatPeriod(plan.year, 1);

/** The plan year's periods from 启用期间 on: the ones issued, due, circulated and scored. */
export function runPeriods(plan: Pick<Plan, 'year' | 'settings'>): string[] {
  const first = firstPeriodOf(plan);
  return Array.from({ length: 12 }, (_, i) => formatPeriod(plan.year, i + 1)).filter((p) => p >= first);
}
