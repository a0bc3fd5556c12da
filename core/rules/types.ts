import type { CellGrid, UnitRows } from '../contract/index.js';
import type { Finding } from '../plan/model.js';
import type { SubmissionContent } from '../submission.js';

export interface RulesInput {
  grid: CellGrid;
  /** The rows the workbook should hold: from the reporter's own plan, or the metadata in the add-in. */
  rows: UnitRows;
  /** YYYY-MM being reported. */
  period: string;
  planYear: number;
  /** File name, copied into findings. */
  file?: string;
  /** The unit's last accepted submission, to catch year-to-date counts that went down. */
  previous?: SubmissionContent;
  /**
   * The issued fingerprint of the locked cells, for rows that carry no long texts (the add-in reads
   * its rows from the metadata sheet, which leaves task texts and definitions out). Rows with full
   * texts are always compared cell by cell and never trust this.
   */
  fingerprint?: string;
}

/** Met or not: information for circulars and receipts, never an error by itself. */
export interface TargetCheck {
  code: string;
  sheet: string;
  /** Address of the value cell. */
  cell: string;
  value: number | null;
  /** null when there is no value to compare. */
  met: boolean | null;
  targetText: string;
}

export interface RulesResult {
  findings: Finding[];
  /** What the rules read, normalized: collect stores exactly this. Unreadable cells are null/''. */
  content: SubmissionContent;
  targets: TargetCheck[];
}

export type Emit = (finding: Omit<Finding, 'file' | 'message'> & { text: string }) => void;
