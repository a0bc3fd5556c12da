/**
 * The issued workbook's layout: the one definition the reporter writes and reads and the add-in
 * checks. Changing anything here that moves a cell means bumping TEMPLATE_VERSION, because returned
 * workbooks of the old layout must then be refused rather than misread.
 */

export const TEMPLATE_VERSION = 1;

export const SHEETS = {
  guide: '填报说明',
  tasks: '任务进展',
  indicators: '监测指标',
  /** veryHidden: the workbook describes itself so the add-in works offline. */
  metadata: '_creditwork',
} as const;

/** Rows above the data: a title, a line naming unit, period and deadline, then the column headers. */
export const TITLE_ROW = 1;
export const SUBTITLE_ROW = 2;
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = 4;

/**
 * What kind of value an input cell takes. It drives Excel's native data validation, the add-in's
 * live check and core/rules, so all three agree.
 */
export type InputType =
  | 'status' // list 未启动/推进中/已完成/滞后/不适用
  | 'percent' // 0–100, as typed by people (12, 12%)
  | 'count' // whole number >= 0
  | 'date' // a date; range decided by the column
  | 'yes-no' // list 是/否
  | 'text';

/**
 * `always`: the cell must be filled on every row. `conditional`: core/rules decides from other
 * cells of the row (e.g. 印证资料 once 已完成). `optional`: never required.
 */
export type Requirement = 'always' | 'conditional' | 'optional';

export interface ColumnSpec<K extends string = string> {
  key: K;
  letter: string;
  header: string;
  /** Locked cells are protected and fingerprinted; input cells are unlocked and validated. */
  locked: boolean;
  /** Locked columns holding formulas: protected but not fingerprinted (LibreOffice may rewrite them). */
  formula?: boolean;
  /** For input columns; indicator numerator and denominator depend on the row (see indicatorEntry). */
  input?: InputType;
  required: Requirement;
  /** Column width in Excel characters; Chinese characters take about two. */
  width: number;
}

export type TaskColumnKey =
  | 'number'
  | 'content'
  | 'role'
  | 'status'
  | 'percent'
  | 'progress'
  | 'problems'
  | 'nextSteps'
  | 'plannedCompletion'
  | 'evidence';

export const TASK_COLUMNS: readonly ColumnSpec<TaskColumnKey>[] = [
  { key: 'number', letter: 'A', header: '任务编号', locked: true, required: 'always', width: 7 },
  { key: 'content', letter: 'B', header: '任务内容', locked: true, required: 'always', width: 56 },
  { key: 'role', letter: 'C', header: '牵头/配合', locked: true, required: 'always', width: 8 },
  {
    key: 'status',
    letter: 'D',
    header: '进展状态',
    locked: false,
    input: 'status',
    required: 'always',
    width: 10,
  },
  {
    key: 'percent',
    letter: 'E',
    header: '完成进度(%)',
    locked: false,
    input: 'percent',
    required: 'conditional',
    width: 9,
  },
  {
    key: 'progress',
    letter: 'F',
    header: '本月工作进展',
    locked: false,
    input: 'text',
    required: 'conditional',
    width: 36,
  },
  {
    key: 'problems',
    letter: 'G',
    header: '存在问题',
    locked: false,
    input: 'text',
    required: 'conditional',
    width: 24,
  },
  {
    key: 'nextSteps',
    letter: 'H',
    header: '下步计划',
    locked: false,
    input: 'text',
    required: 'optional',
    width: 24,
  },
  {
    key: 'plannedCompletion',
    letter: 'I',
    header: '计划完成时间',
    locked: false,
    input: 'date',
    required: 'conditional',
    width: 13,
  },
  {
    key: 'evidence',
    letter: 'J',
    header: '印证资料',
    locked: false,
    input: 'text',
    required: 'conditional',
    width: 24,
  },
];

export type IndicatorColumnKey =
  'code' | 'name' | 'definition' | 'numerator' | 'denominator' | 'value' | 'target' | 'met' | 'asOf' | 'note';

export const INDICATOR_COLUMNS: readonly ColumnSpec<IndicatorColumnKey>[] = [
  { key: 'code', letter: 'A', header: '指标编号', locked: true, required: 'always', width: 9 },
  { key: 'name', letter: 'B', header: '指标名称', locked: true, required: 'always', width: 24 },
  {
    key: 'definition',
    letter: 'C',
    header: '指标口径与填报说明',
    locked: true,
    required: 'always',
    width: 44,
  },
  { key: 'numerator', letter: 'D', header: '分子（或数值）', locked: false, required: 'always', width: 13 },
  { key: 'denominator', letter: 'E', header: '分母', locked: false, required: 'conditional', width: 13 },
  {
    key: 'value',
    letter: 'F',
    header: '指标值',
    locked: true,
    formula: true,
    required: 'optional',
    width: 11,
  },
  { key: 'target', letter: 'G', header: '目标值', locked: true, required: 'always', width: 12 },
  {
    key: 'met',
    letter: 'H',
    header: '是否达标',
    locked: true,
    formula: true,
    required: 'optional',
    width: 9,
  },
  {
    key: 'asOf',
    letter: 'I',
    header: '数据截至日期',
    locked: false,
    input: 'date',
    required: 'optional',
    width: 13,
  },
  { key: 'note', letter: 'J', header: '备注', locked: false, input: 'text', required: 'optional', width: 24 },
];

function byKey<K extends string>(columns: readonly ColumnSpec<K>[]): Record<K, ColumnSpec<K>> {
  return Object.fromEntries(columns.map((c) => [c.key, c])) as Record<K, ColumnSpec<K>>;
}

export const TASK_COLUMN = byKey(TASK_COLUMNS);
export const INDICATOR_COLUMN = byKey(INDICATOR_COLUMNS);

/** Longest text accepted in a text input cell; native validation and rules share it. */
export const MAX_TEXT_LENGTH = 2000;

/** The two entries of a yes-no indicator's dropdown. */
export const YES_LABEL = '是';
export const NO_LABEL = '否';

/** Labels the 是否达标 formula shows; the conditional format keys on the second. */
export const MET_LABEL = '达标';
export const UNMET_LABEL = '未达标';

/** Columns of the metadata sheet: key in A, value in B. */
export const METADATA_KEY_COLUMN = 'A';
export const METADATA_VALUE_COLUMN = 'B';

export type DateColumn = 'plannedCompletion' | 'asOf' | 'indicatorDate';

/**
 * Dates a cell accepts, shared by native validation and the rules. A planned completion may slip
 * into the next year; completion dates belong to the plan year. Data is dated when it was pulled,
 * which for the December return is in January, before its deadline there.
 */
export function dateWindow(column: DateColumn, planYear: number): { from: string; to: string } {
  const to =
    column === 'plannedCompletion'
      ? `${planYear + 1}-12-31`
      : column === 'asOf'
        ? `${planYear + 1}-01-31`
        : `${planYear}-12-31`;
  return { from: `${planYear}-01-01`, to };
}
