import type { Unit } from '../../core/plan/model.js';
import type { Random } from './random.js';

/** How a simulated unit behaves over the year; drawn once per unit so its habits persist. */
export interface Persona {
  /** Chance of returning the workbook at all in a given month. */
  returns: number;
  /** Chance that a returned workbook arrives after the deadline. */
  late: number;
  /** Chance that a returned workbook holds a mistake the receipt will name. */
  mistakes: number;
  /** How fast tasks progress: percentage points a month. */
  pace: number;
  /** Chance a task falls behind (滞后) in a month. */
  stalls: number;
  /** Types numbers and dates the way people do (`1,234`, `60%`, `2024年5月10日`). */
  messy: boolean;
}

export function drawPersona(unit: Unit, random: Random): Persona {
  const r = random.fork(`persona:${unit.code}`);
  const habit = r.next();
  // A few units are chronically slow, most are dependable, a handful are exemplary.
  if (habit < 0.1)
    return { returns: 0.8, late: 0.5, mistakes: 0.35, pace: r.between(4, 7), stalls: 0.15, messy: true };
  if (habit < 0.3)
    return {
      returns: 0.96,
      late: 0.2,
      mistakes: 0.2,
      pace: r.between(6, 9),
      stalls: 0.08,
      messy: r.chance(0.6),
    };
  if (habit < 0.85)
    return {
      returns: 0.99,
      late: 0.05,
      mistakes: 0.1,
      pace: r.between(8, 11),
      stalls: 0.04,
      messy: r.chance(0.4),
    };
  return { returns: 1, late: 0, mistakes: 0.02, pace: r.between(10, 13), stalls: 0.01, messy: false };
}
