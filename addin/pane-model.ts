/** What the task pane shows: plain data computed by the pure check, rendered by pane.ts. */
import type { EntryGroup } from './finding-view.js';

export interface IndicatorLine {
  code: string;
  name: string;
  /** As the unit filled it, formatted for reading (e.g. `12.5%`, `0.83`, `18`); empty when unfilled. */
  valueText: string;
  targetText: string;
  /** null while the value is missing or unreadable. */
  met: boolean | null;
  /** An error is listed on the row: met or not, the figures need fixing first. */
  hasError: boolean;
}

export interface RecognizedPane {
  recognized: true;
  unitCode: string;
  unitName: string;
  period: string;
  /** e.g. `2024年5月`. */
  periodLabel: string;
  deadline: string;
  /** e.g. `2024年6月7日（星期五）`; empty when the deadline is missing. */
  deadlineLabel: string;
  /** e.g. `今天之后还有 3 个工作日` / `已逾期 2 个工作日`; a calendar problem is said here too. */
  deadlineText: string;
  overdue: boolean;
  progress: { filled: number; total: number };
  /**
   * `filling`: blank required cells are listed as pending and not counted as errors. `full`: every
   * finding counts, as collect will count it (after 检查, or once the workbook is marked complete).
   */
  mode: 'filling' | 'full';
  /** Errors and warnings among the findings shown as problems (pending ones excluded). */
  errors: number;
  warnings: number;
  groups: EntryGroup[];
  pendingCount: number;
  /** Required cells still blank while filling in: progress, not errors. */
  pending: EntryGroup[];
  indicators: IndicatorLine[];
  filler: { name: string; phone: string; checkedAt: string };
  /** The unit's portal address the workbook was issued with; null when it has none (提交 is off). */
  portalUrl: string | null;
  /** Whether the workbook owns marks (issued with the marks sheet); older workbooks are not coloured. */
  marksSheet: boolean;
}

export interface UnrecognizedPane {
  recognized: false;
  /** Why this workbook is not a creditwork workbook, and what to open instead. */
  reason: string;
}

export type PaneModel = RecognizedPane | UnrecognizedPane;
