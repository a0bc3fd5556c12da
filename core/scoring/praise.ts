import type { Task, Unit } from '../plan/model.js';
import type { TaskReport } from '../submission.js';
import type { MonthScore, UnitMonth } from './month.js';

/**
 * Who the circular names for good progress: units that completed tasks this month (done now, not
 * done in last month's return), most first — earned by this month's work, so the names change
 * from month to month — each with what it reported for one of them, in its own words. A unit is
 * never praised for a task the same circular lists as 滞后 (a completed task is not 滞后).
 */

export interface Praise {
  unit: Unit;
  /** Tasks the unit completed this month, in plan order. */
  completed: { task: Task; report: TaskReport }[];
  /** The completed task quoted: the one with the fullest progress note the unit wrote. */
  quoted?: { task: Task; text: string };
  /** Fewer stalled tasks than last month (0 when not fewer or not known). */
  stalledFewer: number;
}

/** The text of a progress note as quoted: trimmed, without its closing punctuation. */
const quotable = (text: string): string => text.trim().replace(/[。；;.，,\s]+$/, '');

function completedThisMonth(u: UnitMonth, plan: Task[]): { task: Task; report: TaskReport }[] {
  if (!u.submission) return [];
  const before = u.previousSubmission;
  return plan.flatMap((task) => {
    const report = u.submission!.tasks.find((r) => r.task === task.number);
    if (report?.status !== 'done') return [];
    const earlier = before?.tasks.find((r) => r.task === task.number)?.status;
    // Without last month's return, this month's completions are what the month shows.
    return earlier === 'done' ? [] : [{ task, report }];
  });
}

/** Percentage points of progress gained on the tasks still under way (a tie-break). */
function progressGain(u: UnitMonth): number {
  if (!u.submission || !u.previousSubmission) return 0;
  return u.submission.tasks.reduce((sum, r) => {
    const before = u.previousSubmission!.tasks.find((p) => p.task === r.task)?.percent ?? null;
    return r.status !== 'done' && r.percent !== null && before !== null
      ? sum + Math.max(0, r.percent - before)
      : sum;
  }, 0);
}

export function praiseworthy(score: MonthScore, tasks: Task[], max = 5): Praise[] {
  const candidates = score.units
    .map((u, order) => {
      const completed = completedThisMonth(u, tasks);
      const quoted = [...completed]
        .map(({ task, report }) => ({ task, text: quotable(report.progress) }))
        .filter((q) => q.text)
        .sort((a, b) => b.text.length - a.text.length)[0];
      const stalledFewer = Math.max(0, -(u.change?.stalled ?? 0));
      return { praise: { unit: u.unit, completed, quoted, stalledFewer }, gain: progressGain(u), order };
    })
    .filter((c) => c.praise.completed.length > 0);
  candidates.sort(
    (a, b) =>
      b.praise.completed.length - a.praise.completed.length ||
      b.praise.stalledFewer - a.praise.stalledFewer ||
      b.gain - a.gain ||
      a.order - b.order,
  );
  return candidates.slice(0, max).map((c) => c.praise);
}
