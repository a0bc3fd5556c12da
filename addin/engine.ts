/**
 * The add-in's pure check: the workbook as read → findings from core/rules (the same rule set
 * collect enforces), plus what the pane shows and what a check may write. No host, no DOM.
 */
import { columnLetter, columnNumber } from '../core/contract/address.js';
import {
  chineseDateWithWeekday,
  normalizePeriod,
  periodLabel,
  workingDayCalendar,
  type WorkingDayCalendar,
} from '../core/calendar/index.js';
import {
  INDICATOR_COLUMN,
  INDICATOR_COLUMNS,
  MARKED_SHEETS,
  MARKS_SHEET,
  SHEETS,
  TASK_COLUMNS,
  canonicalText,
  indicatorEntry,
  markAddress,
  markText,
  holidaysFromMetadata,
  metadataValueAddress,
  readMetadata,
  rowsFromMetadata,
  targetText,
  type CellGrid,
  type ColumnSpec,
  type IndicatorRow,
  type UnitRows,
} from '../core/contract/index.js';
import type { Finding, Level } from '../core/plan/model.js';
import type { RulesInput, RulesResult, TargetCheck } from '../core/rules/index.js';
import { formatIndicatorNumber } from '../core/scoring/format.js';
import { groupEntries } from './finding-view.js';
import type { CellWrite, WorkbookRead } from './host.js';
import type { IndicatorLine, PaneModel } from './pane-model.js';
import { gridOf, type HostGrid } from './read-model.js';

/** The rule set: core/rules' checkWorkbook, injected so the engine stays testable on its own. */
export type RuleSet = (input: RulesInput) => RulesResult;

/**
 * How much a check counts. `full: false` while the unit is filling in (blank required cells are
 * progress); `full: true` once the unit asked for 检查 (everything counts, as in collect).
 */
export interface CheckMode {
  full: boolean;
}

export interface Evaluation {
  pane: PaneModel;
  /** Findings shown as problems (in a full check: all of them, as collect counts them). */
  findings: Finding[];
  /** Writes that make the workbook's marks show `findings`; empty when they already do. */
  markWrites: CellWrite[];
}

const NOT_A_WORKBOOK =
  '当前打开的不是信用办下发的月度填报表。请打开下发的原表（文件名如“S01-市发展改革委.xlsx”）后再使用本助手；' +
  '如果文件是另存或复制过来的，请改用下发的原表重新填写。';

/** Sheets every check reads: the marks sheet too, so a check writes only the twins that changed. */
export const SHEETS_TO_READ: readonly string[] = [
  SHEETS.metadata,
  SHEETS.tasks,
  SHEETS.indicators,
  MARKS_SHEET,
];
/** Sheets whose edits trigger a check (the unit's data sheets). */
export const WATCHED_SHEETS: readonly string[] = [SHEETS.tasks, SHEETS.indicators];

/** The finding code core/rules gives a required cell left blank. */
export const REQUIRED_CODE = 'rules.required';

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Splits the rules' findings the way a user filling in sees them. While filling, a required cell
 * still blank is progress, not a mistake: it is listed as 尚未填写. A full check (检查, or a
 * workbook already marked complete) counts everything, exactly as collect will. The verdicts
 * themselves are the rules' own: only blank `rules.required` cells are set aside.
 */
export function classifyFindings(
  findings: readonly Finding[],
  grid: Pick<CellGrid, 'get'>,
  full: boolean,
): { shown: Finding[]; pending: Finding[] } {
  if (full) return { shown: [...findings], pending: [] };
  const shown: Finding[] = [];
  const pending: Finding[] = [];
  for (const f of findings) {
    const blankRequired =
      f.code === REQUIRED_CODE && /^[A-Z]+\d+$/.test(f.cell) && isBlank(grid.get(f.sheet, f.cell));
    (blankRequired ? pending : shown).push(f);
  }
  return { shown, pending };
}

/** Filler details as an office expects to reach someone: a name and a mainland phone number. */
export function fillerProblem(filler: { name: string; phone: string }): string | null {
  if (!filler.name) return '请填写填报人姓名。';
  if (filler.name.length > 20) return '填报人姓名过长，请只填姓名。';
  const digits = filler.phone.replace(/[\s-]/g, '');
  if (!digits) return '请填写联系电话。';
  if (!/^(1\d{10}|0\d{9,11}|\d{7,8})$/.test(digits)) {
    return `联系电话“${filler.phone}”格式不对：请填 11 位手机号或带区号的固定电话，如 0359-1234567。`;
  }
  return null;
}

/** The stamp 检查并标记完成 writes into the metadata sheet (cells issued unlocked). */
export function completionWrites(filler: { name: string; phone: string }, at: string): CellWrite[] {
  return (
    [
      ['fillerName', filler.name],
      ['fillerPhone', filler.phone],
      ['checkedAt', at],
    ] as const
  ).map(([key, value]) => ({
    sheet: SHEETS.metadata,
    address: metadataValueAddress(key),
    values: [[value]],
  }));
}

/** The unit's portal address from the metadata, when it is one the pane may post to. */
export function portalAddress(raw: string): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

export function evaluate(read: WorkbookRead, today: string, mode: CheckMode, rules: RuleSet): Evaluation {
  const grid = gridOf(read);
  const unrecognized = (reason: string): Evaluation => ({
    pane: { recognized: false, reason },
    findings: [],
    markWrites: [],
  });
  const meta = readMetadata(grid);
  if (!meta.ok) return unrecognized(`${NOT_A_WORKBOOK}（${meta.reason}）`);
  const rows = rowsFromMetadata(meta.metadata);
  if (!rows)
    return unrecognized(`${NOT_A_WORKBOOK}（隐藏工作表 ${SHEETS.metadata} 中的填报行信息缺失或已损坏）`);
  for (const sheet of [SHEETS.tasks, SHEETS.indicators]) {
    if (!grid.hasSheet(sheet)) return unrecognized(`工作簿缺少“${sheet}”工作表，请使用下发的原表填报。`);
  }

  // The rules date everything from the period, so a metadata period they cannot read is refused here
  // rather than judged against garbage.
  let period: string;
  try {
    period = normalizePeriod(meta.metadata.period ?? '');
  } catch {
    return unrecognized(
      `${NOT_A_WORKBOOK}（隐藏工作表 ${SHEETS.metadata} 中的填报期间“${meta.metadata.period ?? ''}”无效）`,
    );
  }
  const planYear = meta.metadata.planYear ?? Number(period.slice(0, 4));
  const result = rules({ grid, rows, period, planYear, fingerprint: meta.metadata.fingerprint });
  const full = mode.full || Boolean(meta.metadata.checkedAt);
  const { shown, pending } = classifyFindings(result.findings, grid, full);
  const errors = shown.filter((f) => f.level === 'error').length;
  const deadline = meta.metadata.deadline ?? '';
  // Counted on the holidays the workbook carries: the pane works offline, in years the bundled
  // chinese-days does not know.
  const calendar = workingDayCalendar(holidaysFromMetadata(meta.metadata));
  const { text: deadlineText, overdue } = deadlineStatus(today, deadline, calendar);
  const m = meta.metadata;
  const pane: PaneModel = {
    recognized: true,
    unitCode: m.unitCode ?? rows.unit.code,
    unitName: m.unitName ?? rows.unit.name,
    period: m.period ?? '',
    periodLabel: periodLabel(m.period ?? ''),
    deadline,
    deadlineLabel: deadline ? chineseDateWithWeekday(deadline) : '',
    deadlineText,
    overdue,
    progress: progress(grid, rows, result.findings),
    mode: full ? 'full' : 'filling',
    errors,
    warnings: shown.length - errors,
    groups: groupEntries(shown, rows),
    pendingCount: pending.length,
    pending: groupEntries(pending, rows),
    indicators: rows.indicators.map((row) =>
      indicatorLine(
        row,
        result.targets.find((t) => t.code === row.code),
        shown.some((f) => f.level === 'error' && f.sheet === SHEETS.indicators && rowOf(f.cell) === row.row),
      ),
    ),
    filler: { name: m.fillerName ?? '', phone: m.fillerPhone ?? '', checkedAt: m.checkedAt ?? '' },
    portalUrl: portalAddress(m.portalUrl ?? ''),
    marksSheet: grid.hasSheet(MARKS_SHEET),
  };
  return {
    pane,
    findings: shown,
    markWrites: grid.hasSheet(MARKS_SHEET) ? planMarks(read, grid, rows, shown) : [],
  };
}

const rowOf = (cell: string) => Number(/\d+$/.exec(cell)?.[0] ?? 0);

function inputColumns(columns: readonly ColumnSpec[]): ColumnSpec[] {
  return columns.filter((c) => !c.locked);
}

/** Input cells of a row; an indicator's denominator is locked when the indicator takes one value. */
function indicatorInputColumns(row: IndicatorRow): ColumnSpec[] {
  const entry = indicatorEntry(row);
  return inputColumns(INDICATOR_COLUMNS).filter((c) => c.key !== 'denominator' || entry.denominator !== null);
}

/** Every input cell of the unit's rows, per data sheet. */
function inputCells(rows: UnitRows): Record<string, string[]> {
  return {
    [SHEETS.tasks]: rows.tasks.flatMap((t) => inputColumns(TASK_COLUMNS).map((c) => `${c.letter}${t.row}`)),
    [SHEETS.indicators]: rows.indicators.flatMap((i) =>
      indicatorInputColumns(i).map((c) => `${c.letter}${i.row}`),
    ),
  };
}

/**
 * Twins on the marks sheet that make the workbook show `findings` (see core/contract/marks.ts):
 * the worst level per cell with the value the cell holds now; blank for everything else. Only the
 * rectangle of twins that differ from the sheet is written, and nothing when none differs.
 */
function planMarks(
  read: WorkbookRead,
  grid: HostGrid,
  rows: UnitRows,
  findings: readonly Finding[],
): CellWrite[] {
  const worst = new Map<string, Level>();
  for (const f of findings) {
    const k = `${f.sheet}!${f.cell}`;
    if (f.level === 'error' || !worst.has(k)) worst.set(k, f.level);
  }
  const changed: { address: string; text: string }[] = [];
  const cells = inputCells(rows);
  for (const sheet of MARKED_SHEETS) {
    for (const cell of cells[sheet]) {
      const level = worst.get(`${sheet}!${cell}`);
      const want = level ? markText(level, grid.reported(sheet, cell)) : '';
      const address = markAddress(sheet, cell);
      if (canonicalText(grid.get(MARKS_SHEET, address)) !== want) changed.push({ address, text: want });
    }
  }
  // A twin left from rows the unit no longer has (or a hand edit) is cleared too.
  const known = new Set(MARKED_SHEETS.flatMap((s) => cells[s].map((c) => markAddress(s, c))));
  const used = read.sheets.get(MARKS_SHEET)?.used;
  if (used) {
    const origin = /^([A-Z]+)(\d+)$/.exec(used.origin);
    used.values.forEach((line, r) =>
      line.forEach((value, c) => {
        if (value === '' || value === null || !origin) return;
        const address = `${shiftColumn(origin[1], c)}${Number(origin[2]) + r}`;
        if (!known.has(address)) changed.push({ address, text: '' });
      }),
    );
  }
  return changed.map((c) => ({ sheet: MARKS_SHEET, address: c.address, values: [[c.text]] }));
}

function shiftColumn(letters: string, by: number): string {
  return columnLetter(columnNumber(letters) + by);
}

export function deadlineStatus(
  today: string,
  deadline: string,
  calendar: WorkingDayCalendar,
): { text: string; overdue: boolean } {
  if (!deadline) return { text: '截止日期缺失', overdue: false };
  try {
    const n = calendar.workingDaysBetween(today, deadline);
    if (n > 0) return { text: `今天之后还有 ${n} 个工作日`, overdue: false };
    if (n === 0 && today === deadline) return { text: '今天截止，请于今天报送', overdue: false };
    if (n === 0) return { text: '截止日前已无工作日，请尽快报送', overdue: false };
    return { text: `已逾期 ${-n} 个工作日，请尽快报送`, overdue: true };
  } catch (error) {
    return { text: error instanceof Error ? error.message : String(error), overdue: false };
  }
}

/**
 * Required cells filled / total: cells the layout always requires, plus conditionally required
 * cells the rules currently report as missing (so the count moves as the unit types).
 */
function progress(grid: CellGrid, rows: UnitRows, findings: Finding[]): { filled: number; total: number } {
  const always: string[] = [];
  for (const t of rows.tasks) {
    for (const c of inputColumns(TASK_COLUMNS)) {
      if (c.required === 'always') always.push(`${SHEETS.tasks}!${c.letter}${t.row}`);
    }
  }
  for (const i of rows.indicators) {
    // A blank date indicator means "not done yet", which the rules accept until its target date.
    if (i.kind === 'date') continue;
    always.push(`${SHEETS.indicators}!${INDICATOR_COLUMN.numerator.letter}${i.row}`);
    if (indicatorEntry(i).denominator)
      always.push(`${SHEETS.indicators}!${INDICATOR_COLUMN.denominator.letter}${i.row}`);
  }
  const alwaysSet = new Set(always);
  const cells = inputCells(rows);
  const inputs = new Set(MARKED_SHEETS.flatMap((s) => cells[s].map((c) => `${s}!${c}`)));
  const blank = (key: string) => {
    const [sheet, cell] = key.split('!');
    return isBlank(grid.get(sheet, cell));
  };
  const missingConditional = new Set(
    findings.map((f) => `${f.sheet}!${f.cell}`).filter((k) => inputs.has(k) && !alwaysSet.has(k) && blank(k)),
  );
  const filled = always.filter((k) => !blank(k)).length;
  return { filled, total: always.length + missingConditional.size };
}

/** What the rules made of the row (value and met), formatted the way the indicator is stated. */
function indicatorLine(row: IndicatorRow, target: TargetCheck | undefined, hasError: boolean): IndicatorLine {
  const value = target?.value ?? null;
  return {
    code: row.code,
    name: row.name,
    valueText: value === null ? '' : formatIndicatorNumber(row.kind, value),
    targetText: targetText(row),
    met: target?.met ?? null,
    hasError,
  };
}
