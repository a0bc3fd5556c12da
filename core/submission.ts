import type { Finding, ResponsibilityRole } from './plan/model.js';
import type { ReceivedSource } from './received.js';

/**
 * What a returned workbook says once read and normalized: the shape shared by collect (which
 * stores it), the circular and the assessment (which score it) and the add-in (which checks it).
 */

export type TaskStatus = 'not-started' | 'in-progress' | 'done' | 'behind' | 'not-applicable';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  'not-started': '未启动',
  'in-progress': '推进中',
  done: '已完成',
  behind: '滞后',
  'not-applicable': '不适用',
};

export interface TaskReport {
  task: number;
  role: ResponsibilityRole;
  status: TaskStatus | null;
  /** 0–100. */
  percent: number | null;
  progress: string;
  problems: string;
  nextSteps: string;
  /** ISO date. */
  plannedCompletion: string | null;
  evidence: string;
}

export interface IndicatorReport {
  code: string;
  numerator: number | null;
  denominator: number | null;
  /** Value as compared with the target: numerator/denominator for ratios, fraction for percents. */
  value: number | null;
  /** ISO date the data is as of. */
  asOf: string | null;
  note: string;
}

/** Period as `YYYY-MM`. */
export type Period = string;

export interface SubmissionContent {
  unit: string;
  period: Period;
  tasks: TaskReport[];
  indicators: IndicatorReport[];
}

export interface Submission extends SubmissionContent {
  /** ISO timestamp the file was received. */
  receivedAt: string;
  /** How the office knows receivedAt: upload, pane, inbox file time, paper, the office's statement… */
  receivedSource: ReceivedSource;
  /** Original file name as it arrived. */
  file: string;
  sha256: string;
  /** 1 for the first accepted submission of this unit and period, 2 for the next… */
  version: number;
  /**
   * Against the working-day return deadline, as decided when the file was recorded. Status and
   * scoring decide again with the exceptions in force (core/exceptions/decide.ts): an extension
   * granted afterwards makes this file on time.
   */
  onTime: boolean;
  findings: Finding[];
}
