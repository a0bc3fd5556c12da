import { COMPARATOR_SYMBOLS, ROLE_LABELS } from '../plan/model.js';
import { canonicalText, type CellGrid } from './grid.js';
import { sha256Hex } from './hash.js';
import {
  HEADER_ROW,
  INDICATOR_COLUMN,
  INDICATOR_COLUMNS,
  MET_LABEL,
  SHEETS,
  TASK_COLUMN,
  TASK_COLUMNS,
  UNMET_LABEL,
} from './layout.js';
import {
  indicatorEntry,
  type IndicatorRow,
  type LockedTextCheck,
  type TaskRow,
  type UnitRows,
} from './unit-rows.js';

/**
 * The exact text of every locked cell, written at issue and compared on return. Keeping it here
 * means the writer and the tamper check cannot drift apart.
 */

export function taskContentText(row: TaskRow): string {
  const head = `${row.task}. ${row.title}`;
  const body = row.text.startsWith(row.title)
    ? row.text.slice(row.title.length).replace(/^[。.\s]+/, '')
    : row.text;
  const deadline = row.deadline ? `\n（完成时限：${row.deadline}）` : '';
  return body ? `${head}\n${body}${deadline}` : `${head}${deadline}`;
}

const PERIOD_WORDS = {
  monthly: '按月填报本月数',
  'year-to-date': '本年累计：填写1月至本月的累计数',
  annual: '年度指标：填写截至本月的最新数',
};

export function indicatorDefinitionText(row: IndicatorRow): string {
  const lines = [row.definition];
  const entry = indicatorEntry(row);
  const labelsInDefinition =
    row.numeratorLabel &&
    row.denominatorLabel &&
    row.definition.includes(row.numeratorLabel) &&
    row.definition.includes(row.denominatorLabel);
  if (entry.denominator && labelsInDefinition) {
    lines.push('分子、分母分别填写上述两项数量');
  } else if (entry.denominator) {
    lines.push(
      `分子：${row.numeratorLabel ?? '（见口径）'}`,
      `分母：${row.denominatorLabel ?? '（见口径）'}`,
    );
  } else if (entry.numerator === 'percent') {
    lines.push('在“分子（或数值）”栏填写百分数，如 98.5');
  } else if (entry.numerator === 'date') {
    lines.push('在“分子（或数值）”栏填写完成日期');
  } else if (entry.numerator === 'yes-no') {
    lines.push('在“分子（或数值）”栏选择“是”或“否”');
  } else {
    lines.push('在“分子（或数值）”栏填写数量');
  }
  lines.push(PERIOD_WORDS[row.period]);
  return lines.filter((l) => l !== '').join('\n');
}

export function targetText(row: IndicatorRow): string {
  return row.targetText || `${COMPARATOR_SYMBOLS[row.comparator]}${row.target}`;
}

/** A locked text as messages quote it: on one line, cut after 20 characters. */
export function shortText(text: string): string {
  const chars = [...text.replace(/\n/g, ' ')];
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : text;
}

/** What the metadata keeps of a long locked text (see LockedTextCheck). */
export function lockedTextCheck(text: string): LockedTextCheck {
  return { head: shortText(canonicalText(text)), digest: sha256Hex(canonicalText(text)).slice(0, 16) };
}

export interface LockedCell {
  sheet: string;
  address: string;
  /** canonicalText of what the cell holds. */
  value: string;
}

/**
 * Headers, row keys and locked texts, plus the key cell just below the last row so an appended row
 * is caught too. Formula cells are left out: LibreOffice rewrites formulas on save, and the
 * reporter recomputes values anyway.
 */
export function lockedCells(rows: UnitRows): LockedCell[] {
  const cells: LockedCell[] = [];
  const push = (sheet: string, address: string, value: string | number) =>
    cells.push({ sheet, address, value: canonicalText(value) });

  for (const col of TASK_COLUMNS) push(SHEETS.tasks, `${col.letter}${HEADER_ROW}`, col.header);
  for (const t of rows.tasks) {
    push(SHEETS.tasks, `${TASK_COLUMN.number.letter}${t.row}`, t.task);
    push(SHEETS.tasks, `${TASK_COLUMN.content.letter}${t.row}`, taskContentText(t));
    push(SHEETS.tasks, `${TASK_COLUMN.role.letter}${t.row}`, ROLE_LABELS[t.role]);
  }
  push(SHEETS.tasks, `${TASK_COLUMN.number.letter}${HEADER_ROW + 1 + rows.tasks.length}`, '');

  for (const col of INDICATOR_COLUMNS) push(SHEETS.indicators, `${col.letter}${HEADER_ROW}`, col.header);
  for (const i of rows.indicators) {
    push(SHEETS.indicators, `${INDICATOR_COLUMN.code.letter}${i.row}`, i.code);
    push(SHEETS.indicators, `${INDICATOR_COLUMN.name.letter}${i.row}`, i.name);
    push(SHEETS.indicators, `${INDICATOR_COLUMN.definition.letter}${i.row}`, indicatorDefinitionText(i));
    push(SHEETS.indicators, `${INDICATOR_COLUMN.target.letter}${i.row}`, targetText(i));
  }
  push(SHEETS.indicators, `${INDICATOR_COLUMN.code.letter}${HEADER_ROW + 1 + rows.indicators.length}`, '');
  return cells;
}

/** SHA-256 over `sheet!address=value` lines: equal iff every locked cell is as issued. */
export function lockedFingerprint(cells: readonly LockedCell[]): string {
  return sha256Hex(cells.map((c) => `${c.sheet}!${c.address}=${c.value}`).join('\n'));
}

/** The same cells as found in a returned workbook, for fingerprinting and for naming what changed. */
export function readLockedCells(grid: CellGrid, expected: readonly LockedCell[]): LockedCell[] {
  return expected.map((c) => ({ ...c, value: canonicalText(grid.get(c.sheet, c.address)) }));
}

/** Formulas of the computed columns, written at issue; the reporter never reads their results. */
export function indicatorValueFormula(row: IndicatorRow): string {
  const n = `${INDICATOR_COLUMN.numerator.letter}${row.row}`;
  const d = `${INDICATOR_COLUMN.denominator.letter}${row.row}`;
  const entry = indicatorEntry(row);
  if (entry.denominator) return `IFERROR(IF(OR(${n}="",${d}=""),"",${n}/${d}),"")`;
  if (entry.numerator === 'percent') return `IFERROR(IF(${n}="","",${n}/100),"")`;
  if (entry.numerator === 'yes-no') return `IF(${n}="是",1,IF(${n}="否",0,""))`;
  return `IF(${n}="","",${n})`;
}

const EXCEL_COMPARATOR = { '>=': '>=', '>': '>', '<=': '<=', '<': '<' } as const;

export function indicatorMetFormula(row: IndicatorRow): string {
  const v = `${INDICATOR_COLUMN.value.letter}${row.row}`;
  return `IF(ISNUMBER(${v}),IF(${v}${EXCEL_COMPARATOR[row.comparator]}${row.target},"${MET_LABEL}","${UNMET_LABEL}"),"")`;
}
