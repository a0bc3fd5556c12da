import { contractChanges } from '../contract/compat.js';
import { unitRows, unitsToIssue } from '../contract/unit-rows.js';
import type { Plan } from './model.js';

/**
 * The plan changes during the year; the office keeps each version as issued (its snapshot) and
 * every period is judged and scored against the version that issued it. These functions decide,
 * purely, what a change means for the workbooks already out.
 */

/**
 * The plan a period is scored with: what its workbooks were issued under — the tasks, their
 * responsibilities and deadlines, the indicators and their targets — with the office's current
 * names, settings, document details, scoring scheme and holidays. Re-rendering May in December
 * uses May's targets.
 */
export function planInForce(current: Plan, issued: Plan | undefined): Plan {
  // Another id is another plan altogether (the office renamed it): nothing to take from it.
  if (!issued || issued.id !== current.id || issued.version === current.version) return current;
  return { ...current, version: issued.version, tasks: issued.tasks, indicators: issued.indicators };
}

/** The issuing plan of a returned workbook: its recorded version, or the current plan when that is the one. */
export function issuingPlan(
  current: Plan,
  versions: readonly Plan[],
  planId: string | undefined,
  planVersion: number | undefined,
): Plan | undefined {
  return (
    versions.find((v) => v.id === planId && v.version === planVersion) ??
    (current.id === planId && current.version === planVersion ? current : undefined)
  );
}

export interface UnitDrift {
  unit: string;
  /** What the unit would fill differently (contractChanges), empty when only texts or targets differ. */
  changes: string[];
}

/**
 * Units whose workbook would come out different under `current` than under `issued`: newly
 * responsible or no longer so, a different contract, or anything else it shows or checks (a
 * target, a task's wording, the unit's name). A plan of the same id and version must have none of these — else two different
 * workbooks would carry the same version.
 */
export function workbookDrift(issued: Plan, current: Plan): UnitDrift[] {
  const before = new Set(unitsToIssue(issued));
  const after = new Set(unitsToIssue(current));
  const drift: UnitDrift[] = [];
  for (const unit of [...new Set([...before, ...after])].sort()) {
    if (!before.has(unit)) drift.push({ unit, changes: ['新增为责任单位'] });
    else if (!after.has(unit)) drift.push({ unit, changes: ['不再承担任务或指标'] });
    else {
      const was = unitRows(issued, unit);
      const now = unitRows(current, unit);
      const changes = contractChanges(was, now);
      // Everything the workbook shows or checks comes from its rows: texts, targets, names.
      if (changes.length || JSON.stringify(was) !== JSON.stringify(now)) drift.push({ unit, changes });
    }
  }
  return drift;
}

/**
 * Units the current plan expects a different workbook from than the one issued (or one where none
 * was issued): they need a new one (`issue --unit`). A unit no longer responsible keeps the
 * workbook it has; its return is still judged against the version that issued it.
 */
export function outdatedUnits(issued: Plan, current: Plan): UnitDrift[] {
  const due = new Set(unitsToIssue(current));
  return workbookDrift(issued, current).filter((d) => d.changes.length > 0 && due.has(d.unit));
}
