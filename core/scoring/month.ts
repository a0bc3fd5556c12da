import { previousPeriod } from '../calendar/period.js';
import { unitsToIssue } from '../contract/unit-rows.js';
import { unitVerdict, type UnitVerdict } from '../exceptions/decide.js';
import { exceptionsOf, type UnitException, type UnitExceptions } from '../exceptions/model.js';
import { returnDeadline } from '../plan/deadlines.js';
import type { Indicator, Plan, Task, Unit } from '../plan/model.js';
import { planTimeZone } from '../schedule/model.js';
import type { Period, Submission, TaskReport, TaskStatus } from '../submission.js';
import { rankDualPublicity, type DualPublicityRanking } from './dual-publicity.js';
import {
  cityValue,
  judge,
  periodEnd,
  reportedValue,
  type CityValue,
  type IndicatorOutcome,
} from './indicator.js';

/** A month's returns scored against the plan: what the circular reports. Pure. */

/**
 * A unit's month: returned on time or late, sent but refused and never corrected (报送未通过),
 * nothing received (未报送), or on an extension still running on the day scored (`extended`).
 */
export type SubmissionState = 'on-time' | 'late' | 'refused' | 'missing' | 'extended';

/**
 * Task reports by status as the circular counts them. One definition everywhere: a task is 滞后
 * when the unit says so or when it is past the plan's deadline and not done (then it is not also
 * counted as 推进中 or 未启动), so the columns of a unit add up and 滞后 is the list of stalled tasks.
 */
export type StatusCount = Record<TaskStatus | 'unreported', number>;

export interface StalledTask {
  task: Task;
  unit: Unit;
  /** reported: the unit marked it 滞后; overdue: past the plan's deadline and not done. */
  reason: 'reported' | 'overdue';
  report: TaskReport | undefined;
}

export interface UnitMonth {
  unit: Unit;
  state: SubmissionState;
  /** Deadline, received time and days late as decided with the office's exceptions. */
  verdict: UnitVerdict;
  /** The office's exceptions in force for the unit this month. */
  exceptions: UnitExceptions;
  /** The newest accepted version: what the unit reports. */
  submission: Submission | undefined;
  tasks: StatusCount;
  stalled: StalledTask[];
  indicators: { indicator: Indicator; value: number | null; outcome: IndicatorOutcome }[];
  met: number;
  unmet: number;
  /** Compared with last month; undefined when last month's returns were not given. */
  change?: UnitChange;
  /** Last month's accepted return, when last month's returns were given and it sent one. */
  previousSubmission?: Submission;
}

export interface UnitChange {
  previousState: SubmissionState;
  done: number;
  stalled: number;
  met: number;
}

export interface TaskMonth {
  task: Task;
  statuses: StatusCount;
  stalled: StalledTask[];
  /** The lead units' progress notes, for notable progress. */
  done: Unit[];
}

export interface CityIndicator {
  indicator: Indicator;
  city: CityValue;
  outcome: IndicatorOutcome;
}

export interface MonthScore {
  period: Period;
  /** The plan's return deadline; a unit with an extension has its own (verdict.deadline). */
  deadline: string;
  /** The units due this month (exempted ones are in `exempt`, not here). */
  units: UnitMonth[];
  onTime: Unit[];
  late: Unit[];
  /** Sent, refused, and not corrected by the time of scoring. */
  refused: Unit[];
  missing: Unit[];
  /** Not in yet, on an extension still running on the day scored. */
  extended: Unit[];
  /** Units the office exempted this month, with the exemption (reason, who, when). */
  exempt: { unit: Unit; exception: UnitException }[];
  statuses: StatusCount;
  tasks: TaskMonth[];
  stalled: StalledTask[];
  indicators: CityIndicator[];
  dualPublicity: DualPublicityRanking;
  previousDualPublicity?: DualPublicityRanking;
}

export interface MonthInput {
  plan: Plan;
  period: Period;
  /** Every accepted version of the month: the newest carries the content, the first the timeliness. */
  submissions: Submission[];
  /** Units that sent files this month, all refused: without an accepted one they are 报送未通过, not 未报送. */
  refused?: readonly string[];
  /** Last month's accepted versions, for the change since last month. */
  previous?: Submission[];
  /** The office's exceptions for the month (and the previous one); withdrawn ones are ignored. */
  exceptions?: UnitException[];
  /** The day the month is judged (a circular's date): an extension still running is not missing. */
  asOf?: string;
}

const emptyCount = (): StatusCount => ({
  'not-started': 0,
  'in-progress': 0,
  done: 0,
  behind: 0,
  'not-applicable': 0,
  unreported: 0,
});

/** Units that receive a workbook, as the issue step decides. */
export function unitsDue(plan: Plan): Unit[] {
  const due = new Set(unitsToIssue(plan));
  return plan.units.filter((u) => due.has(u.code));
}

/** One submission per unit: the newest accepted version, which carries the content. */
export function latestByUnit(submissions: Submission[], period: Period): Map<string, Submission> {
  const byUnit = new Map<string, Submission>();
  for (const s of submissions) {
    if (s.period !== period) continue;
    const known = byUnit.get(s.unit);
    if (!known || s.version > known.version) byUnit.set(s.unit, s);
  }
  return byUnit;
}

/** Every scorer's notion of a month: the due units, each with its verdict, and the exempted ones. */
export interface MonthTimeliness {
  due: { unit: Unit; verdict: UnitVerdict; exceptions: UnitExceptions }[];
  exempt: { unit: Unit; exception: UnitException }[];
}

/**
 * Who was due this month and whether they made it, decided by core/exceptions from every accepted
 * version's received time: a unit is on time by its first return (or its paper one), so a
 * correction sent later is not lateness.
 */
export function monthTimeliness(
  plan: Plan,
  period: Period,
  submissions: Submission[],
  exceptions: UnitException[] = [],
  asOf = '9999-12-31',
  refused: readonly string[] = [],
): MonthTimeliness {
  const deadline = returnDeadline(plan, period);
  const due: MonthTimeliness['due'] = [];
  const exempt: MonthTimeliness['exempt'] = [];
  for (const unit of unitsDue(plan)) {
    const own = exceptionsOf(exceptions, unit.code, period);
    if (own.exemption) {
      exempt.push({ unit, exception: own.exemption });
      continue;
    }
    const accepted = submissions
      .filter((s) => s.unit === unit.code && s.period === period)
      .map((s) => ({ at: s.receivedAt, source: s.receivedSource }));
    const verdict = unitVerdict({
      deadline,
      exceptions: own,
      accepted,
      refused: refused.includes(unit.code),
      today: asOf,
      timeZone: planTimeZone(plan),
    });
    due.push({ unit, verdict, exceptions: own });
  }
  return { due, exempt };
}

function submissionState(verdict: UnitVerdict): SubmissionState {
  switch (verdict.state) {
    case 'on-time':
    case 'late':
    case 'extended':
      return verdict.state;
    case 'rejected':
      return 'refused';
    default:
      return 'missing';
  }
}

/** A task past the plan's deadline and not done (nor marked not applicable) is 滞后 whatever was reported. */
function isOverdue(task: Task, status: TaskStatus | null, end: string): boolean {
  return !!task.deadline && task.deadline <= end && status !== 'done' && status !== 'not-applicable';
}

/**
 * Why a task a unit reported on counts as 滞后 this month, or undefined when it does not: marked so,
 * or past the plan's deadline and not done. The circular and the 汇总表 both say it this way.
 */
export function stallReason(
  task: Task,
  status: TaskStatus | null,
  period: Period,
): StalledTask['reason'] | undefined {
  if (status === 'behind') return 'reported';
  return isOverdue(task, status, periodEnd(period)) ? 'overdue' : undefined;
}

function scoreUnits(
  plan: Plan,
  period: Period,
  submissions: Submission[],
  timeliness: MonthTimeliness,
): UnitMonth[] {
  const latest = latestByUnit(submissions, period);
  return timeliness.due.map(({ unit, verdict, exceptions }) => {
    const submission = latest.get(unit.code);
    const state = submissionState(verdict);
    const tasks = emptyCount();
    const stalled: StalledTask[] = [];
    for (const task of plan.tasks.filter((t) => t.responsibilities.some((r) => r.unit === unit.code))) {
      const report = submission?.tasks.find((r) => r.task === task.number);
      const status = report?.status ?? null;
      const reason = submission ? stallReason(task, status, period) : undefined;
      if (reason) stalled.push({ task, unit, reason, report });
      tasks[reason ? 'behind' : (status ?? 'unreported')]++;
    }
    const indicators = plan.indicators
      .filter((i) => i.reporters.includes(unit.code))
      .map((indicator) => {
        const value = reportedValue(
          indicator,
          submission?.indicators.find((r) => r.code === indicator.code),
        );
        return { indicator, value, outcome: judge(indicator, value, period) };
      });
    return {
      unit,
      state,
      verdict,
      exceptions,
      submission,
      tasks,
      stalled,
      indicators,
      met: indicators.filter((i) => i.outcome === 'met').length,
      unmet: indicators.filter((i) => i.outcome === 'unmet').length,
    };
  });
}

export function scoreMonth(input: MonthInput): MonthScore {
  const { plan, period } = input;
  const timeliness = monthTimeliness(
    plan,
    period,
    input.submissions,
    input.exceptions,
    input.asOf,
    input.refused,
  );
  const units = scoreUnits(plan, period, input.submissions, timeliness);
  if (input.previous) {
    const last = previousPeriod(period);
    const before = new Map(
      scoreUnits(
        plan,
        last,
        input.previous,
        monthTimeliness(plan, last, input.previous, input.exceptions, input.asOf),
      ).map((u) => [u.unit.code, u]),
    );
    for (const u of units) {
      const p = before.get(u.unit.code);
      if (!p) continue;
      u.previousSubmission = p.submission;
      u.change = {
        previousState: p.state,
        done: u.tasks.done - p.tasks.done,
        stalled: u.stalled.length - p.stalled.length,
        met: u.met - p.met,
      };
    }
  }
  const statuses = emptyCount();
  for (const u of units) for (const [k, n] of Object.entries(u.tasks)) statuses[k as keyof StatusCount] += n;
  const stalled = units.flatMap((u) => u.stalled).sort((a, b) => a.task.number - b.task.number);
  const tasks: TaskMonth[] = plan.tasks.map((task) => {
    const counts = emptyCount();
    const done: Unit[] = [];
    for (const u of units) {
      if (!task.responsibilities.some((r) => r.unit === u.unit.code)) continue;
      const status = u.submission?.tasks.find((r) => r.task === task.number)?.status ?? null;
      const behind = u.stalled.some((s) => s.task === task);
      counts[behind ? 'behind' : (status ?? 'unreported')]++;
      if (status === 'done') done.push(u.unit);
    }
    return { task, statuses: counts, stalled: stalled.filter((s) => s.task.number === task.number), done };
  });
  const latest = latestByUnit(input.submissions, period);
  const exempt = new Set(timeliness.exempt.map((e) => e.unit.code));
  const indicators: CityIndicator[] = plan.indicators.map((indicator) => {
    const city = cityValue(
      indicator,
      // An exempted unit owes no figures this month: what it may have sent does not count.
      indicator.reporters.map((code) =>
        exempt.has(code) ? undefined : latest.get(code)?.indicators.find((r) => r.code === indicator.code),
      ),
      period,
    );
    return { indicator, city, outcome: city.outcome };
  });
  return {
    period,
    deadline: returnDeadline(plan, period),
    units,
    onTime: units.filter((u) => u.state === 'on-time').map((u) => u.unit),
    late: units.filter((u) => u.state === 'late').map((u) => u.unit),
    refused: units.filter((u) => u.state === 'refused').map((u) => u.unit),
    missing: units.filter((u) => u.state === 'missing').map((u) => u.unit),
    extended: units.filter((u) => u.state === 'extended').map((u) => u.unit),
    exempt: timeliness.exempt,
    statuses,
    tasks,
    stalled,
    indicators,
    dualPublicity: rankDualPublicity(plan, latest, exempt),
    previousDualPublicity: input.previous
      ? rankDualPublicity(plan, latestByUnit(input.previous, previousPeriod(period)))
      : undefined,
  };
}
