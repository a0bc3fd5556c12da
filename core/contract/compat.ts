import { chineseDate } from '../calendar/iso-date.js';
import { ROLE_LABELS } from '../plan/model.js';
import { indicatorEntry, type UnitRows } from './unit-rows.js';

/**
 * Whether a workbook issued under one version of the plan still fits another. What a unit enters
 * and how it is checked — which rows, task numbers and roles, task deadlines, indicator codes and
 * how each is entered — is the workbook's contract. Names, texts, targets and the office's
 * settings are not: changing a target or a phone number leaves outstanding workbooks valid (a
 * return is judged against the version that issued it, and scored against the targets in force).
 */

export interface EntryContract {
  tasks: { row: number; task: number; role: string; deadline: string | null }[];
  indicators: {
    row: number;
    code: string;
    numerator: string;
    denominator: string | null;
    period: string;
    level: string;
  }[];
}

export function entryContract(rows: UnitRows): EntryContract {
  return {
    tasks: rows.tasks.map((t) => ({ row: t.row, task: t.task, role: t.role, deadline: t.deadline ?? null })),
    indicators: rows.indicators.map((i) => {
      const entry = indicatorEntry(i);
      return {
        row: i.row,
        code: i.code,
        numerator: entry.numerator,
        denominator: entry.denominator,
        period: i.period,
        level: i.level ?? 'error',
      };
    }),
  };
}

export const sameContract = (a: UnitRows, b: UnitRows): boolean =>
  JSON.stringify(entryContract(a)) === JSON.stringify(entryContract(b));

/**
 * What changed in a unit's workbook from `issued` to `current`, in the office's words, e.g.
 * `新增任务5`, `不再填报指标T07-1`, `任务3改为牵头`. Empty when the contract is the same.
 */
export function contractChanges(issued: UnitRows, current: UnitRows): string[] {
  const changes: string[] = [];
  const was = entryContract(issued);
  const now = entryContract(current);
  const oldTasks = new Map(was.tasks.map((t) => [t.task, t]));
  const newTasks = new Map(now.tasks.map((t) => [t.task, t]));
  for (const t of now.tasks) {
    const before = oldTasks.get(t.task);
    if (!before) changes.push(`新增任务${t.task}`);
    else {
      if (before.role !== t.role)
        changes.push(`任务${t.task}改为${ROLE_LABELS[t.role as keyof typeof ROLE_LABELS] ?? t.role}`);
      if (before.deadline !== t.deadline)
        changes.push(`任务${t.task}完成时限改为${t.deadline ? chineseDate(t.deadline) : '无'}`);
    }
  }
  for (const t of was.tasks) if (!newTasks.has(t.task)) changes.push(`不再承担任务${t.task}`);
  const oldIndicators = new Map(was.indicators.map((i) => [i.code, i]));
  const newIndicators = new Map(now.indicators.map((i) => [i.code, i]));
  for (const i of now.indicators) {
    const before = oldIndicators.get(i.code);
    if (!before) changes.push(`新增指标${i.code}`);
    else if (before.numerator !== i.numerator || before.denominator !== i.denominator)
      changes.push(`指标${i.code}填报方式改变`);
    else if (before.period !== i.period) changes.push(`指标${i.code}统计口径改变`);
    else if (before.level !== i.level) changes.push(`指标${i.code}未填时的处理改变`);
  }
  for (const i of was.indicators) if (!newIndicators.has(i.code)) changes.push(`不再填报指标${i.code}`);
  // Same items in another order: rows moved, so the old workbook's cells no longer line up.
  if (!changes.length && JSON.stringify(was) !== JSON.stringify(now)) changes.push('任务或指标的行次调整');
  return changes;
}
