import { dateWindow, type UnitRows } from '../../core/contract/index.js';
import { parsePeriod } from '../../core/calendar/index.js';
import type { IndicatorReport, SubmissionContent, TaskReport } from '../../core/submission.js';

/**
 * What to pre-fill from the unit's last accepted submission. Statuses, percents, problems, next
 * steps, planned dates and evidence carry over; 本月工作进展 does not, because it is by definition
 * about this month and a carried-over text would be returned unread. Year-to-date counts carry
 * over within the same year only; monthly and annual values are this month's to report.
 */
export interface Prefill {
  tasks: Map<number, Omit<TaskReport, 'task' | 'role' | 'progress'>>;
  indicators: Map<string, Pick<IndicatorReport, 'numerator'>>;
}

export function prefillFrom(
  rows: UnitRows,
  period: string,
  previous: SubmissionContent | undefined,
): Prefill {
  const prefill: Prefill = { tasks: new Map(), indicators: new Map() };
  if (!previous || previous.unit !== rows.unit.code || previous.period >= period) return prefill;
  // A planned date before the new period's year (December's plan carried into January) is one its
  // rules refuse: the unit would face an error in a cell it never typed, so it starts blank.
  const window = dateWindow('plannedCompletion', parsePeriod(period).year);
  for (const report of previous.tasks) {
    if (!rows.tasks.some((t) => t.task === report.task)) continue;
    const planned = report.plannedCompletion;
    prefill.tasks.set(report.task, {
      status: report.status,
      percent: report.percent,
      problems: report.problems,
      nextSteps: report.nextSteps,
      plannedCompletion: planned && planned >= window.from && planned <= window.to ? planned : null,
      evidence: report.evidence,
    });
  }
  const sameYear = parsePeriod(previous.period).year === parsePeriod(period).year;
  if (sameYear) {
    for (const report of previous.indicators) {
      const row = rows.indicators.find((i) => i.code === report.code);
      if (row?.period === 'year-to-date' && row.kind === 'count' && report.numerator !== null) {
        prefill.indicators.set(report.code, { numerator: report.numerator });
      }
    }
  }
  return prefill;
}
