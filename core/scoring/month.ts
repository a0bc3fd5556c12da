import { previousPeriod } from '../calendar/period.js';
import { unitsToIssue } from '../contract/unit-rows.js';
import type { Indicator, Plan, Task, Unit } from '../plan/model.js';
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

export type SubmissionState = 'on-time' | 'late' | 'missing';

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
  submission: Submission | undefined;
  tasks: StatusCount;
  stalled: StalledTask[];
  indicators: { indicator: Indicator; value: number | null; outcome: IndicatorOutcome }[];
  met: number;
  unmet: number;
  /** Compared with last month; undefined when last month's returns were not given. */
  change?: UnitChange;
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
  units: UnitMonth[];
  onTime: Unit[];
  late: Unit[];
  missing: Unit[];
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
  submissions: Submission[];
  /** Last month's accepted submissions, for the change since last month. */
  previous?: Submission[];
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

/**
 * One submission per unit: the newest accepted version carries the content; the unit counts as on time
 * when any accepted version of the month arrived on time (a correction after the deadline is not lateness).
 */
export function latestByUnit(
  submissions: Submission[],
  period: Period,
): Map<string, Submission & { anyOnTime: boolean }> {
  const byUnit = new Map<string, Submission & { anyOnTime: boolean }>();
  for (const s of submissions) {
    if (s.period !== period) continue;
    const known = byUnit.get(s.unit);
    const anyOnTime = s.onTime || !!known?.anyOnTime;
    if (!known || s.version > known.version) byUnit.set(s.unit, { ...s, anyOnTime });
    else known.anyOnTime = anyOnTime;
  }
  return byUnit;
}

function scoreUnits(plan: Plan, period: Period, submissions: Submission[]): UnitMonth[] {
  const latest = latestByUnit(submissions, period);
  const end = periodEnd(period);
  return unitsDue(plan).map((unit) => {
    const submission = latest.get(unit.code);
    const state: SubmissionState = !submission ? 'missing' : submission.anyOnTime ? 'on-time' : 'late';
    const tasks = emptyCount();
    const stalled: StalledTask[] = [];
    for (const task of plan.tasks.filter((t) => t.responsibilities.some((r) => r.unit === unit.code))) {
      const report = submission?.tasks.find((r) => r.task === task.number);
      const status = report?.status ?? null;
      tasks[status ?? 'unreported']++;
      if (status === 'behind') stalled.push({ task, unit, reason: 'reported', report });
      else if (
        submission &&
        task.deadline &&
        task.deadline <= end &&
        status !== 'done' &&
        status !== 'not-applicable'
      ) {
        stalled.push({ task, unit, reason: 'overdue', report });
      }
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
  const units = scoreUnits(plan, period, input.submissions);
  if (input.previous) {
    const before = new Map(
      scoreUnits(plan, previousPeriod(period), input.previous).map((u) => [u.unit.code, u]),
    );
    for (const u of units) {
      const p = before.get(u.unit.code);
      if (!p) continue;
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
      counts[status ?? 'unreported']++;
      if (status === 'done') done.push(u.unit);
    }
    return { task, statuses: counts, stalled: stalled.filter((s) => s.task.number === task.number), done };
  });
  const latest = latestByUnit(input.submissions, period);
  const indicators: CityIndicator[] = plan.indicators.map((indicator) => {
    const city = cityValue(
      indicator,
      indicator.reporters.map((code) => latest.get(code)?.indicators.find((r) => r.code === indicator.code)),
      period,
    );
    return { indicator, city, outcome: city.outcome };
  });
  return {
    period,
    units,
    onTime: units.filter((u) => u.state === 'on-time').map((u) => u.unit),
    late: units.filter((u) => u.state === 'late').map((u) => u.unit),
    missing: units.filter((u) => u.state === 'missing').map((u) => u.unit),
    statuses,
    tasks,
    stalled,
    indicators,
    dualPublicity: rankDualPublicity(plan, latest),
    previousDualPublicity: input.previous
      ? rankDualPublicity(plan, latestByUnit(input.previous, previousPeriod(period)))
      : undefined,
  };
}
