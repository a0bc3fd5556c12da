/**
 * The add-in's pure check: the workbook as read → findings from core/rules (the same rule set
 * collect enforces), plus what the pane shows. No Office, no DOM.
 */
import { normalizePeriod, periodLabel, workingDaysBetween } from '../core/calendar/index.js';
import {
  FIRST_DATA_ROW,
  INDICATOR_COLUMN,
  INDICATOR_COLUMNS,
  SHEETS,
  TASK_COLUMNS,
  gridFromRows,
  indicatorEntry,
  metadataValueAddress,
  readMetadata,
  rowsFromMetadata,
  targetText,
  type CellGrid,
  type ColumnSpec,
  type IndicatorRow,
  type UnitRows,
  type WorkbookMetadata,
} from '../core/contract/index.js';
import type { Finding } from '../core/plan/model.js';
import { formatIndicatorNumber } from '../core/scoring/format.js';
import type { RulesInput, RulesResult, TargetCheck } from '../core/rules/index.js';
import type { CheckEngine, CheckMode, Evaluation } from './controller.js';
import type { WriteOp } from './excel-adapter.js';
import type { WorkbookRead } from './grid.js';
import type { MarkRegion } from './marks.js';
import type { FindingGroup, IndicatorLine, PaneModel, PendingGroup } from './pane-model.js';
import { chineseDateWithWeekday } from '../core/calendar/index.js';

/** The rule set: core/rules' checkWorkbook, injected so the engine stays testable on its own. */
export type RuleSet = (input: RulesInput) => RulesResult;

/** Fills the issuer gives input and locked cells; marks are undone by putting these back. */
export interface IssuedFills {
  input: string | null;
  locked: string | null;
}

const NOT_A_WORKBOOK =
  '当前打开的不是信用办下发的月度填报表。请打开下发的原表（文件名如“S01-市发展改革委.xlsx”）后再使用本助手；' +
  '如果文件是另存或复制过来的，请改用下发的原表重新填写。';

export function createEngine(rules: RuleSet, fills: IssuedFills): CheckEngine {
  const sheetsToRead = [SHEETS.metadata, SHEETS.tasks, SHEETS.indicators];
  return {
    sheetsToRead,
    watchedSheets: [SHEETS.tasks, SHEETS.indicators],
    evaluate: (read, today, mode) => evaluate(read, today, mode, rules, fills),
    completionWrites: (filler, at) =>
      (
        [
          ['fillerName', filler.name],
          ['fillerPhone', filler.phone],
          ['checkedAt', at],
        ] as const
      ).map(([key, value]): WriteOp => ({
        kind: 'text',
        sheet: SHEETS.metadata,
        address: metadataValueAddress(key),
        values: [[value]],
      })),
  };
}

export function gridOf(read: WorkbookRead): CellGrid {
  const sheets: Record<string, { rows: (string | number | boolean | null)[][] }> = {};
  for (const [name, sheet] of read.sheets) sheets[name] = { rows: sheet.values };
  return gridFromRows(sheets);
}

/** The finding code core/rules gives a required cell left blank. */
export const REQUIRED_CODE = 'rules.required';

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Splits the rules' findings the way a user filling in sees them. While filling, a required cell
 * still blank is progress, not a mistake: it is listed as 尚未填写 and left uncoloured. A full check
 * (检查并标记完成, or a workbook already marked complete) counts everything, exactly as collect will.
 * The verdicts themselves are the rules' own: only blank `rules.required` cells are set aside.
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

function evaluate(
  read: WorkbookRead,
  today: string,
  mode: CheckMode,
  rules: RuleSet,
  fills: IssuedFills,
): Evaluation {
  const grid = gridOf(read);
  const unrecognized = (reason: string): Evaluation => ({
    pane: { recognized: false, reason },
    findings: [],
    regions: [],
    originalFill: () => null,
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
  const regions = markRegions(rows, fills);
  const inputCells = new Set(regionCells(rows));
  const pane = paneModel(grid, rows, meta.metadata, result.findings, result.targets, today, {
    full,
    shown,
    pending,
  });
  return {
    pane,
    findings: shown,
    regions,
    originalFill: (sheet, cell) => (inputCells.has(`${sheet}!${cell}`) ? fills.input : fills.locked),
  };
}

function inputColumns(columns: readonly ColumnSpec[]): ColumnSpec[] {
  return columns.filter((c) => !c.locked);
}

/** Input cells of a row; an indicator's denominator is locked when the indicator takes one value. */
function indicatorInputColumns(row: IndicatorRow): ColumnSpec[] {
  const entry = indicatorEntry(row);
  return inputColumns(INDICATOR_COLUMNS).filter((c) => c.key !== 'denominator' || entry.denominator !== null);
}

function regionCells(rows: UnitRows): string[] {
  const cells: string[] = [];
  for (const t of rows.tasks) {
    for (const c of inputColumns(TASK_COLUMNS)) cells.push(`${SHEETS.tasks}!${c.letter}${t.row}`);
  }
  for (const i of rows.indicators) {
    for (const c of indicatorInputColumns(i)) cells.push(`${SHEETS.indicators}!${c.letter}${i.row}`);
  }
  return cells;
}

/** Contiguous input column runs per sheet, so the first repaint is a handful of range writes. */
function markRegions(rows: UnitRows, fills: IssuedFills): MarkRegion[] {
  const regions: MarkRegion[] = [];
  const lastTask = FIRST_DATA_ROW + rows.tasks.length - 1;
  if (rows.tasks.length > 0) {
    const cols = inputColumns(TASK_COLUMNS);
    regions.push({
      sheet: SHEETS.tasks,
      address: `${cols[0].letter}${FIRST_DATA_ROW}:${cols[cols.length - 1].letter}${lastTask}`,
      fill: fills.input,
    });
  }
  for (const i of rows.indicators) {
    for (const c of indicatorInputColumns(i)) {
      regions.push({ sheet: SHEETS.indicators, address: `${c.letter}${i.row}`, fill: fills.input });
    }
  }
  return regions;
}

function paneModel(
  grid: CellGrid,
  rows: UnitRows,
  meta: Partial<WorkbookMetadata>,
  findings: Finding[],
  targets: TargetCheck[],
  today: string,
  split: { full: boolean; shown: Finding[]; pending: Finding[] },
): PaneModel {
  const { shown, pending } = split;
  const errors = shown.filter((f) => f.level === 'error').length;
  const deadline = meta.deadline ?? '';
  const { text: deadlineText, overdue } = deadlineStatus(today, deadline);
  const label = periodLabel(meta.period ?? '');
  return {
    recognized: true,
    unitCode: meta.unitCode ?? rows.unit.code,
    unitName: meta.unitName ?? rows.unit.name,
    period: meta.period ?? '',
    periodLabel: label,
    deadline,
    deadlineLabel: deadline ? chineseDateWithWeekday(deadline) : '',
    deadlineText,
    overdue,
    progress: progress(grid, rows, findings),
    mode: split.full ? 'full' : 'filling',
    errors,
    warnings: shown.length - errors,
    groups: groupFindings(shown),
    pendingCount: pending.length,
    pending: groupPending(pending),
    indicators: rows.indicators.map((row) =>
      indicatorLine(
        row,
        targets.find((t) => t.code === row.code),
        shown.some(
          (f) => f.level === 'error' && f.sheet === SHEETS.indicators && cellOrder(f.cell)[0] === row.row,
        ),
      ),
    ),
    filler: { name: meta.fillerName ?? '', phone: meta.fillerPhone ?? '', checkedAt: meta.checkedAt ?? '' },
  };
}

export function deadlineStatus(today: string, deadline: string): { text: string; overdue: boolean } {
  if (!deadline) return { text: '截止日期缺失', overdue: false };
  try {
    const n = workingDaysBetween(today, deadline);
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
  const inputs = new Set(regionCells(rows));
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

function groupFindings(findings: Finding[]): FindingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.sheet, [...(groups.get(f.sheet) ?? []), f]);
  return [...groups.entries()]
    .sort(([a], [b]) => sheetRank(a) - sheetRank(b) || a.localeCompare(b))
    .map(([sheet, list]) => ({
      sheet,
      errors: list.filter((f) => f.level === 'error').length,
      warnings: list.filter((f) => f.level === 'warning').length,
      findings: [...list].sort(compareFindings),
    }));
}

function sheetRank(sheet: string): number {
  const order: string[] = [SHEETS.tasks, SHEETS.indicators, SHEETS.guide, SHEETS.metadata];
  return order.includes(sheet) ? order.indexOf(sheet) : order.length;
}

/** Blank required cells by sheet, in reading order (row, then column). */
function groupPending(pending: Finding[]): PendingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of pending) groups.set(f.sheet, [...(groups.get(f.sheet) ?? []), f]);
  return [...groups.entries()]
    .sort(([a], [b]) => sheetRank(a) - sheetRank(b) || a.localeCompare(b))
    .map(([sheet, list]) => ({ sheet, findings: [...list].sort(compareFindings) }));
}

function cellOrder(cell: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m) return [0, 0];
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return [Number(m[2]), col];
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.level !== b.level) return a.level === 'error' ? -1 : 1;
  const [ra, ca] = cellOrder(a.cell);
  const [rb, cb] = cellOrder(b.cell);
  return ra - rb || ca - cb;
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
