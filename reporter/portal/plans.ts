import type { Plan } from '../../core/plan/model.js';
import type { PortalContext } from './context.js';
import { periodParam, yearParam } from './http.js';
import { firstPeriodOf } from '../../core/plan/periods.js';

/**
 * Which plan a request is about. A period names its year (2026-12 → plans/2026.xlsx); pages
 * without a period take `?year=`, else the year the console opens on. A period or year the
 * workspace has no plan for is a 404 (undefined), never another year's plan.
 */

export async function periodPlan(
  ctx: PortalContext,
  value: unknown,
): Promise<{ period: string; plan: Plan } | undefined> {
  const period = periodParam(value);
  if (!period || !ctx.years().includes(Number(period.slice(0, 4)))) return undefined;
  const plan = await ctx.planFor(Number(period.slice(0, 4)));
  // Before 启用期间 the office ran nothing: no board, files or actions, as the CLI refuses them.
  if (period < firstPeriodOf(plan)) return undefined;
  return { period, plan };
}

export async function yearPlan(
  ctx: PortalContext,
  value: unknown,
): Promise<{ year: number; plan: Plan } | undefined> {
  if (value === undefined || value === '') {
    const year = ctx.defaultYear();
    return { year, plan: await ctx.planFor(year) };
  }
  const year = yearParam(value);
  if (!year || !ctx.years().includes(year)) return undefined;
  return { year, plan: await ctx.planFor(year) };
}

/** The year selector every year page shows. */
export const yearChoices = (ctx: PortalContext, current: number) =>
  ctx.years().map((y) => ({ value: y, label: `${y}年`, current: y === current }));
