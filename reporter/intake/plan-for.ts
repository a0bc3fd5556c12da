import { statSync } from 'node:fs';
import type { Plan } from '../../core/plan/model.js';
import { loadPeriodPlan, type PlanFileReader } from '../plan/years.js';
import { planFileOf, planYears, type Workspace } from '../workspace.js';

/**
 * The plan a period's returns are judged by: the plan of the period's year (plans/<year>.xlsx),
 * the one seam between intake and how plans are kept.
 */
export type PlanFor = (period: string) => Promise<Plan>;

/** No plan judges this period: the workspace keeps no plan of its year. */
export class NoPlanForPeriod extends Error {
  constructor(
    readonly period: string,
    readonly years: number[],
  ) {
    super(`no plan for ${period}`);
  }
}

/** What a year's plan is read from: its file and its neighbours' (their 节假日 rows date deadlines). */
function stamp(ws: Workspace, year: number): string {
  return [year - 1, year, year + 1]
    .map((y) => {
      const s = statSync(planFileOf(ws, y), { throwIfNoEntry: false });
      return s ? `${s.size}:${s.mtimeMs}` : '-';
    })
    .join('|');
}

/**
 * Plans by period: the one given (a batch or a test judging one year), or each year's plan read
 * once and read again whenever its file (or a neighbour's) changes on disk, so a long-running
 * portal sees the office's edits and hands the threads the same plan object otherwise.
 */
export function planForPeriod(ws: Workspace, given?: Plan | Promise<Plan>, reader?: PlanFileReader): PlanFor {
  if (given !== undefined) {
    return async (period) => {
      const plan = await given;
      if (Number(period.slice(0, 4)) !== plan.year) throw new NoPlanForPeriod(period, [plan.year]);
      return plan;
    };
  }
  const loaded = new Map<number, { key: string; plan: Promise<Plan> }>();
  return (period) => {
    const year = Number(period.slice(0, 4));
    const key = stamp(ws, year);
    if (!key.split('|')[1].includes(':')) return Promise.reject(new NoPlanForPeriod(period, planYears(ws)));
    let entry = loaded.get(year);
    if (entry?.key !== key) {
      const plan = loadPeriodPlan(ws, period, reader);
      entry = { key, plan };
      loaded.set(year, entry);
      // A plan that failed to load is read again next time (the office may have fixed it).
      plan.catch(() => {
        if (loaded.get(year)?.plan === plan) loaded.delete(year);
      });
    }
    return entry.plan;
  };
}
