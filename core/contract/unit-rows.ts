import type {
  Comparator,
  Indicator,
  IndicatorKind,
  IndicatorPeriod,
  Level,
  Plan,
  ResponsibilityRole,
  UnitKind,
} from '../plan/model.js';
import { FIRST_DATA_ROW, type InputType } from './layout.js';

/**
 * Which rows a unit's workbook holds, with everything the rules need about each row. The reporter
 * derives it from its own plan; the issued workbook also carries it in the metadata sheet so the
 * add-in can check offline.
 */

/**
 * A long locked text the metadata leaves out, as much as the add-in needs to name a change of it
 * exactly as collect does: its first characters and a digest of the whole.
 */
export interface LockedTextCheck {
  head: string;
  digest: string;
}

export interface TaskRow {
  /** Sheet row (1-based) of this task in 任务进展. */
  row: number;
  task: number;
  role: ResponsibilityRole;
  title: string;
  text: string;
  deadline?: string;
  /** In the metadata's copy, which has no `text`: the check of the content cell. */
  contentCheck?: LockedTextCheck;
}

export interface IndicatorRow {
  /** Sheet row (1-based) of this indicator in 监测指标. */
  row: number;
  code: string;
  task: number;
  name: string;
  definition: string;
  kind: IndicatorKind;
  numeratorLabel?: string;
  denominatorLabel?: string;
  comparator: Comparator;
  target: number;
  targetText: string;
  period: IndicatorPeriod;
  /** How a blank value is treated; absent in workbooks issued before it existed (then `error`). */
  level?: Level;
  /** In the metadata's copy, which has no `definition`: the check of the definition cell. */
  definitionCheck?: LockedTextCheck;
}

export interface UnitRows {
  unit: { code: string; name: string; kind: UnitKind };
  tasks: TaskRow[];
  indicators: IndicatorRow[];
}

/**
 * A county gets exactly the tasks whose responsibility names it (the plan has already expanded
 * 各县(市、区) into each county), in task-number order; indicators in plan order.
 */
export function unitRows(plan: Plan, unitCode: string): UnitRows {
  const unit = plan.units.find((u) => u.code === unitCode);
  if (!unit) throw new Error(`unit ${unitCode} is not in plan ${plan.id}`);
  const tasks = plan.tasks
    .flatMap((task) => {
      const duty = task.responsibilities.find((r) => r.unit === unitCode);
      return duty ? [{ task, role: duty.role }] : [];
    })
    .sort((a, b) => a.task.number - b.task.number)
    .map(({ task, role }, i) => ({
      row: FIRST_DATA_ROW + i,
      task: task.number,
      role,
      title: task.title,
      text: task.text,
      ...(task.deadline ? { deadline: task.deadline } : {}),
    }));
  const indicators = plan.indicators
    .filter((ind) => ind.reporters.includes(unitCode))
    .map((ind, i) => indicatorRow(ind, FIRST_DATA_ROW + i));
  return { unit: { code: unit.code, name: unit.name, kind: unit.kind }, tasks, indicators };
}

function indicatorRow(ind: Indicator, row: number): IndicatorRow {
  return {
    row,
    code: ind.code,
    task: ind.task,
    name: ind.name,
    definition: ind.definition,
    kind: ind.kind,
    ...(ind.numeratorLabel ? { numeratorLabel: ind.numeratorLabel } : {}),
    ...(ind.denominatorLabel ? { denominatorLabel: ind.denominatorLabel } : {}),
    comparator: ind.comparator,
    target: ind.target,
    targetText: ind.targetText,
    period: ind.period,
    level: ind.level,
  };
}

/**
 * Units that get a workbook: those with at least one task or indicator. The credit office leads
 * task 1 but is the one collecting the returns, so it never reports to itself.
 */
export function unitsToIssue(plan: Plan): string[] {
  return plan.units
    .filter((u) => u.kind !== 'credit-office')
    .map((u) => u.code)
    .filter((code) => {
      const rows = unitRows(plan, code);
      return rows.tasks.length > 0 || rows.indicators.length > 0;
    });
}

/**
 * How an indicator row is entered. Ratios, and percents with a stated numerator and denominator,
 * take two counts and the value is computed; everything else takes one value in the numerator
 * column and the denominator cell stays locked.
 */
export interface IndicatorEntry {
  numerator: InputType;
  denominator: InputType | null;
}

export function indicatorEntry(
  row: Pick<IndicatorRow, 'kind' | 'numeratorLabel' | 'denominatorLabel'>,
): IndicatorEntry {
  switch (row.kind) {
    case 'ratio':
      return { numerator: 'count', denominator: 'count' };
    case 'percent':
      return row.numeratorLabel && row.denominatorLabel
        ? { numerator: 'count', denominator: 'count' }
        : { numerator: 'percent', denominator: null };
    case 'count':
      return { numerator: 'count', denominator: null };
    case 'date':
      return { numerator: 'date', denominator: null };
    case 'yes-no':
      return { numerator: 'yes-no', denominator: null };
  }
}

/** A share can never exceed its whole; a ratio such as 水费信息条数/企业数 may. */
export function numeratorBoundedByDenominator(row: Pick<IndicatorRow, 'kind'>): boolean {
  return row.kind === 'percent';
}
