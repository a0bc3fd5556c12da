/**
 * Findings as a unit reads them: each names its task or indicator and the column, not only "D4";
 * the same problem on many rows ("17 个任务未选择“进展状态”") is one expandable entry. Pure.
 */
import { columnNumber } from '../core/contract/address.js';
import {
  INDICATOR_COLUMNS,
  SHEETS,
  TASK_COLUMNS,
  type ColumnSpec,
  type UnitRows,
} from '../core/contract/index.js';
import type { Finding, Level } from '../core/plan/model.js';

export interface FindingItem {
  finding: Finding;
  /** `任务3` or `A01 企业信用信息归集率`; empty when the cell is outside the unit's rows. */
  subject: string;
  /** Column header, e.g. `进展状态`; empty outside the data columns. */
  field: string;
  /** The message without its leading `sheet!cell`. */
  text: string;
}

export type ListEntry =
  | { kind: 'single'; key: string; item: FindingItem }
  | { kind: 'repeated'; key: string; level: Level; title: string; items: FindingItem[] };

export interface EntryGroup {
  sheet: string;
  errors: number;
  warnings: number;
  entries: ListEntry[];
}

/** From this many rows with the same problem in the same column, one entry lists them all. */
export const REPEAT_THRESHOLD = 3;

const NOUN: Record<string, string> = { [SHEETS.tasks]: '任务', [SHEETS.indicators]: '指标' };
const COLUMNS: Record<string, readonly ColumnSpec[]> = {
  [SHEETS.tasks]: TASK_COLUMNS,
  [SHEETS.indicators]: INDICATOR_COLUMNS,
};

function parseCell(cell: string): { letter: string; row: number } | null {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  return m ? { letter: m[1], row: Number(m[2]) } : null;
}

function subjectOf(sheet: string, row: number, rows: UnitRows): string {
  if (sheet === SHEETS.tasks) {
    const t = rows.tasks.find((x) => x.row === row);
    return t ? `任务${t.task}` : '';
  }
  if (sheet === SHEETS.indicators) {
    const i = rows.indicators.find((x) => x.row === row);
    return i ? `${i.code} ${i.name}` : '';
  }
  return '';
}

export function describe(finding: Finding, rows: UnitRows): FindingItem {
  const place = parseCell(finding.cell);
  const column = place ? COLUMNS[finding.sheet]?.find((c) => c.letter === place.letter) : undefined;
  const prefix = `${finding.sheet}!${finding.cell}`;
  return {
    finding,
    subject: place ? subjectOf(finding.sheet, place.row, rows) : '',
    field: column?.header ?? '',
    text: finding.message.startsWith(prefix)
      ? finding.message.slice(prefix.length).trimStart()
      : finding.message,
  };
}

function repeatedTitle(items: FindingItem[], sheet: string, column: ColumnSpec | undefined): string {
  const f = items[0].finding;
  const n = items.length;
  const noun = NOUN[sheet] ?? '处';
  const field = `“${items[0].field}”`;
  if (f.code === 'contract.locked-cell') return `${n} 处锁定内容被修改`;
  if (f.code === 'rules.required') {
    const pick = column?.input === 'status' || column?.input === 'yes-no';
    return `${n} 个${noun}${pick ? '未选择' : '未填写'}${field}`;
  }
  if (f.code === 'rules.type') return `${n} 个${noun}的${field}填写格式不对`;
  if (f.code === 'rules.range') return `${n} 个${noun}的${field}超出范围`;
  return `${n} 个${noun}的${field}${f.level === 'error' ? '需修改' : '请核实'}`;
}

function cellOrder(cell: string): [number, number] {
  const p = parseCell(cell);
  if (!p) return [0, 0];
  return [p.row, columnNumber(p.letter)];
}

function compare(a: Finding, b: Finding): number {
  if (a.level !== b.level) return a.level === 'error' ? -1 : 1;
  const [ra, ca] = cellOrder(a.cell);
  const [rb, cb] = cellOrder(b.cell);
  return ra - rb || ca - cb;
}

const SHEET_ORDER: string[] = [SHEETS.tasks, SHEETS.indicators, SHEETS.guide, SHEETS.metadata];
const sheetRank = (s: string) => (SHEET_ORDER.includes(s) ? SHEET_ORDER.indexOf(s) : SHEET_ORDER.length);

/** Findings by sheet (tasks, indicators, others), errors first, then in reading order. */
export function groupEntries(findings: readonly Finding[], rows: UnitRows): EntryGroup[] {
  const bySheet = new Map<string, Finding[]>();
  for (const f of findings) bySheet.set(f.sheet, [...(bySheet.get(f.sheet) ?? []), f]);
  return [...bySheet.entries()]
    .sort(([a], [b]) => sheetRank(a) - sheetRank(b) || a.localeCompare(b))
    .map(([sheet, list]) => {
      const sorted = [...list].sort(compare);
      const buckets = new Map<string, FindingItem[]>();
      for (const f of sorted) {
        const letter = parseCell(f.cell)?.letter ?? f.cell;
        const key = `${f.level}|${f.code}|${letter}`;
        buckets.set(key, [...(buckets.get(key) ?? []), describe(f, rows)]);
      }
      const entries: ListEntry[] = [];
      const placed = new Set<string>();
      for (const f of sorted) {
        const letter = parseCell(f.cell)?.letter ?? f.cell;
        const key = `${f.level}|${f.code}|${letter}`;
        const items = buckets.get(key)!;
        if (items.length >= REPEAT_THRESHOLD) {
          if (placed.has(key)) continue;
          placed.add(key);
          const column = COLUMNS[sheet]?.find((c) => c.letter === letter);
          entries.push({
            kind: 'repeated',
            key: `${sheet}|${key}`,
            level: f.level,
            title: repeatedTitle(items, sheet, column),
            items,
          });
        } else {
          entries.push({ kind: 'single', key: `${sheet}|${f.cell}|${f.code}`, item: describe(f, rows) });
        }
      }
      return {
        sheet,
        errors: list.filter((f) => f.level === 'error').length,
        warnings: list.filter((f) => f.level === 'warning').length,
        entries,
      };
    });
}
