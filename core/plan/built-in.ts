import type { Plan } from './model.js';
import { plan2024 } from './plan2024.js';

const BUILT_IN: Record<number, Plan> = { 2024: plan2024 };

/** A deep copy, so callers may edit it without changing the built-in plan. */
export function builtInPlan(year: number): Plan | undefined {
  const plan = BUILT_IN[year];
  return plan ? structuredClone(plan) : undefined;
}

export const builtInYears = (): number[] => Object.keys(BUILT_IN).map(Number);
