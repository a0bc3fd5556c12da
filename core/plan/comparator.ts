import type { Comparator } from './model.js';

/** Whether a value meets a target under the plan's comparator ("以上/以下" are already ≥/≤). */
export function meetsTarget(value: number, comparator: Comparator, target: number): boolean {
  // Ratios computed from counts carry float noise (0.1 + 0.2); compare at a tolerance far below any
  // target's precision.
  const eps = 1e-9 * Math.max(1, Math.abs(target));
  switch (comparator) {
    case '>=':
      return value >= target - eps;
    case '>':
      return value > target + eps;
    case '<=':
      return value <= target + eps;
    case '<':
      return value < target - eps;
  }
}
