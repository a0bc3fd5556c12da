/**
 * Which cells to colour as invalid, and which to give their own colour back. Pure: the adapter
 * only executes the returned writes.
 */
import type { Finding, Level } from '../core/plan/model.js';
import type { WriteOp } from './excel-adapter.js';

/** Excel's own "bad" and "neutral" cell-style fills, so marks read as Excel's language. */
export const MARK_COLORS: Record<Level, string> = { error: '#FFC7CE', warning: '#FFEB9C' };

/** Cells the add-in may colour, with the fill the issued workbook gave them. */
export interface MarkRegion {
  sheet: string;
  /** A1 range, e.g. `D5:K30`. */
  address: string;
  /** `#RRGGBB`, or null when the issued cells have no fill. */
  fill: string | null;
}

export type MarkMap = Map<string, { sheet: string; cell: string; level: Level }>;

const key = (sheet: string, cell: string) => `${sheet}!${cell}`;

/** One mark per cell, the worst level wins. Findings without a cell (a missing sheet) mark nothing. */
export function marksFor(findings: readonly Finding[]): MarkMap {
  const marks: MarkMap = new Map();
  for (const f of findings) {
    if (!f.sheet || !/^[A-Z]+\d+$/.test(f.cell)) continue;
    const k = key(f.sheet, f.cell);
    const prior = marks.get(k);
    if (!prior || (prior.level === 'warning' && f.level === 'error')) {
      marks.set(k, { sheet: f.sheet, cell: f.cell, level: f.level });
    }
  }
  return marks;
}

/**
 * Writes that take the workbook from `previous` marks to `next`. With no previous state (the pane
 * just opened, marks may linger from an earlier session) every region is repainted first; Excel
 * applies queued operations in order, so the marks queued after the repaint win.
 */
export function planMarkWrites(
  previous: MarkMap | null,
  next: MarkMap,
  regions: readonly MarkRegion[],
  originalFill: (sheet: string, cell: string) => string | null,
  writableSheets: ReadonlySet<string>,
): WriteOp[] {
  const ops: WriteOp[] = [];
  const writable = (sheet: string) => writableSheets.has(sheet);
  if (previous === null) {
    for (const r of regions) {
      if (writable(r.sheet)) ops.push({ kind: 'fill', sheet: r.sheet, address: r.address, color: r.fill });
    }
  } else {
    for (const [k, mark] of previous) {
      if (!next.has(k) && writable(mark.sheet)) {
        ops.push({
          kind: 'fill',
          sheet: mark.sheet,
          address: mark.cell,
          color: originalFill(mark.sheet, mark.cell),
        });
      }
    }
  }
  for (const [k, mark] of next) {
    if (!writable(mark.sheet)) continue;
    if (previous !== null && previous.get(k)?.level === mark.level) continue;
    ops.push({ kind: 'fill', sheet: mark.sheet, address: mark.cell, color: MARK_COLORS[mark.level] });
  }
  return ops;
}
