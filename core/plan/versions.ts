import { contractChanges } from '../contract/compat.js';
import { unitRows, unitsToIssue } from '../contract/unit-rows.js';
import type { Indicator, Plan } from './model.js';

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

/**
 * What changed from one version of the plan to the next, in the office's words (`plan history`):
 * units added, removed or renamed; tasks added, removed or given another deadline or wording;
 * indicators added, removed or given another target (shown by `showTarget`); and, unit by unit,
 * what its workbook asks differently (workbookDrift). Empty when the two are the same.
 */
export function versionChanges(
  before: Plan,
  after: Plan,
  showTarget: (indicator: Indicator) => string,
): string[] {
  const changes: string[] = [];
  const keyed = <T>(items: readonly T[], key: (item: T) => string | number) =>
    new Map(items.map((item) => [key(item), item]));
  const oldUnits = keyed(before.units, (u) => u.code);
  const newUnits = keyed(after.units, (u) => u.code);
  for (const u of after.units) {
    const was = oldUnits.get(u.code);
    if (!was) changes.push(`新增单位${u.name}（${u.code}）`);
    else if (was.name !== u.name) changes.push(`单位${u.code}名称：${was.name} → ${u.name}`);
  }
  for (const u of before.units) if (!newUnits.has(u.code)) changes.push(`删去单位${u.name}（${u.code}）`);

  const oldTasks = keyed(before.tasks, (t) => t.number);
  const newTasks = keyed(after.tasks, (t) => t.number);
  for (const t of after.tasks) {
    const was = oldTasks.get(t.number);
    if (!was) changes.push(`新增任务${t.number}`);
    else {
      if ((was.deadline ?? '') !== (t.deadline ?? ''))
        changes.push(`任务${t.number}完成时限：${was.deadline ?? '无'} → ${t.deadline ?? '无'}`);
      if (was.title !== t.title || was.text !== t.text) changes.push(`任务${t.number}文字修改`);
    }
  }
  for (const t of before.tasks) if (!newTasks.has(t.number)) changes.push(`删去任务${t.number}`);

  const oldIndicators = keyed(before.indicators, (i) => i.code);
  const newIndicators = keyed(after.indicators, (i) => i.code);
  for (const i of after.indicators) {
    const was = oldIndicators.get(i.code);
    if (!was) changes.push(`新增指标${i.code}（${i.name}）`);
    else {
      if (was.comparator !== i.comparator || was.target !== i.target || was.targetText !== i.targetText)
        changes.push(`指标${i.code}（${i.name}）目标：${showTarget(was)} → ${showTarget(i)}`);
      if (was.name !== i.name || was.definition !== i.definition) changes.push(`指标${i.code}名称或定义修改`);
    }
  }
  for (const i of before.indicators)
    if (!newIndicators.has(i.code)) changes.push(`删去指标${i.code}（${i.name}）`);

  const names = new Map([...before.units, ...after.units].map((u) => [u.code, u.name]));
  for (const d of workbookDrift(before, after).filter((d) => d.changes.length))
    changes.push(`${names.get(d.unit) ?? d.unit}（${d.unit}）的填报表：${d.changes.join('、')}`);

  if (!changes.length) {
    const same = (p: Plan) => JSON.stringify({ ...p, version: 0, adjacentHolidays: undefined });
    if (same(before) !== same(after)) changes.push('设置、文字或其他内容修改');
  }
  return changes;
}
