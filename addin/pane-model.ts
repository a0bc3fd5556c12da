/** What the task pane shows: plain data computed by the pure check, rendered by pane.ts. */
import type { Finding } from '../core/plan/model.js';

export interface FindingGroup {
  sheet: string;
  errors: number;
  warnings: number;
  /** Errors first, then by row and column. */
  findings: Finding[];
}

export interface IndicatorLine {
  code: string;
  name: string;
  /** As the unit filled it, formatted for reading (e.g. `12.5%`, `0.83`, `18`); empty when unfilled. */
  valueText: string;
  targetText: string;
  /** null while the value is missing or unreadable. */
  met: boolean | null;
}

export interface RecognizedPane {
  recognized: true;
  unitCode: string;
  unitName: string;
  period: string;
  /** e.g. `2024年5月`. */
  periodLabel: string;
  deadline: string;
  /** e.g. `今天之后还有 3 个工作日` / `已逾期 2 个工作日`; a calendar problem is said here too. */
  deadlineText: string;
  overdue: boolean;
  progress: { filled: number; total: number };
  errors: number;
  warnings: number;
  groups: FindingGroup[];
  indicators: IndicatorLine[];
  filler: { name: string; phone: string; checkedAt: string };
}

export interface UnrecognizedPane {
  recognized: false;
  /** Why this workbook is not a creditwork workbook, and what to open instead. */
  reason: string;
}

export type PaneModel = RecognizedPane | UnrecognizedPane;
