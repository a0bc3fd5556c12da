import type { SheetFindings } from './findings.js';
import type { Column, TableRow } from './table.js';
import { readText } from './values.js';

/**
 * The 待核对 column of the 任务, 指标 and 单位 sheets: what a carried-over or imported plan asks
 * the office to check, row by row. `plan check` warns until the office clears the cells.
 */
export const reviewColumn = (note: string): Column<'review'> => ({
  key: 'review',
  header: '待核对',
  width: 40,
  wrap: true,
  note,
});

interface ReviewRow {
  /** What the row is and its number or code: `任务` `7`, `指标` `T07-1`, `单位` `S35`. */
  what: string;
  id: string;
  /** The row's 待核对 cell. */
  cell: string;
  note: string;
}

const CLEAR = '核对后清空“待核对”列';

/**
 * One warning per distinct 待核对 text: the note every carried-over task shares is one finding
 * listing the rows; a note of its own (an imported target with its sentence) is a finding at its
 * row, so the office sees each source text in `plan check`.
 */
function reviewWarnings(findings: SheetFindings, code: string, rows: ReviewRow[], total: number): void {
  const byNote = new Map<string, ReviewRow[]>();
  for (const row of rows) byNote.set(row.note, [...(byNote.get(row.note) ?? []), row]);
  for (const [note, marked] of byNote) {
    const ask = note.includes('清空') ? '' : `；${CLEAR}`;
    const message =
      marked.length === 1
        ? `${marked[0].what} ${marked[0].id} 待核对：${note}${ask}`
        : marked.length === total
          ? // A plan carried over marks every task alike: say so rather than list 23 numbers.
            `全部 ${total} 项${marked[0].what}标有“待核对”：${note}${ask}`
          : `${marked.length} 项${marked[0].what}（${marked.map((r) => r.id).join('、')}）标有“待核对”：${note}${ask}`;
    findings.warn(marked[0].cell, code, message);
  }
}

/** The 待核对 cells of one sheet as it is read: each onto its item, then the warnings. */
export class ReviewMarks {
  private readonly rows: ReviewRow[] = [];
  private seen = 0;

  constructor(
    private readonly what: string,
    private readonly code: string,
  ) {}

  read(row: TableRow<'review'>, id: string, item: { reviewNote?: string }): void {
    this.seen++;
    const note = readText(row.value('review'));
    if (!note) return;
    item.reviewNote = note;
    this.rows.push({ what: this.what, id, cell: row.address('review'), note });
  }

  warn(findings: SheetFindings): void {
    reviewWarnings(findings, this.code, this.rows, this.seen);
  }
}
