import { periodLabel, previousPeriod } from '../../core/calendar/index.js';
import { COMPARATOR_SYMBOLS, type Plan } from '../../core/plan/model.js';
import { scoreMonth, type MonthScore } from '../../core/scoring/month.js';
import { TASK_STATUS_LABELS } from '../../core/submission.js';
import { officeDate } from '../../core/calendar/office-time.js';
import type { Store } from '../store/index.js';
import { buildBoard, STATE_GROUPS, type Board } from './board.js';

/**
 * The numbers behind the console's charts, from the same store, period status and monthly scoring
 * that the circular uses: a chart never shows a figure the documents would not.
 */

export interface YearData {
  plan: Plan;
  /** Periods issued or with returns, in order. */
  periods: string[];
  boards: Map<string, Board>;
  scores: Map<string, MonthScore>;
}

export function yearData(plan: Plan, store: Store, periods: string[], now: Date): YearData {
  const boards = new Map<string, Board>();
  const scores = new Map<string, MonthScore>();
  let previous: ReturnType<Store['acceptedSubmissions']> | undefined;
  for (const period of periods) {
    boards.set(period, buildBoard(plan, store, period, now));
    const submissions = store.acceptedSubmissions(period);
    const prior = previous ?? store.acceptedSubmissions(previousPeriod(period));
    scores.set(period, scoreMonth({ plan, period, submissions, previous: prior.length ? prior : undefined }));
    previous = submissions;
  }
  return { plan, periods, boards, scores };
}

const shortLabel = (period: string) => `${Number(period.slice(5))}月`;

/** Each month: units by state, and the on-time rate among units due. */
export function onTimeByMonth(data: YearData) {
  return {
    months: data.periods.map(shortLabel),
    series: STATE_GROUPS.map((group) => ({
      group,
      values: data.periods.map((p) => data.boards.get(p)!.counts[group]),
    })),
    rate: data.periods.map((p) => {
      const board = data.boards.get(p)!;
      return board.due ? Math.round((board.counts['on-time'] / board.due) * 1000) / 10 : null;
    }),
  };
}

/** The period's returns day by day: files received and units in (first accepted return), against the deadline. */
export function returnsTimeline(store: Store, board: Board, timeZone: string) {
  const rows = store.db
    .prepare('SELECT received_at, unit, outcome FROM returns WHERE period = ? ORDER BY received_at')
    .all(board.period) as { received_at: string; unit: string | null; outcome: string }[];
  const days = new Map<string, { accepted: number; refused: number; unitsIn: number }>();
  const seen = new Set<string>();
  for (const r of rows) {
    const day = officeDate(r.received_at, timeZone);
    const entry = days.get(day) ?? { accepted: 0, refused: 0, unitsIn: 0 };
    if (r.outcome === 'accepted') {
      entry.accepted++;
      if (r.unit && !seen.has(r.unit)) {
        seen.add(r.unit);
        entry.unitsIn++;
      }
    } else entry.refused++;
    days.set(day, entry);
  }
  const dates = [...days.keys()];
  if (!dates.includes(board.deadline)) dates.push(board.deadline);
  dates.sort();
  // Every calendar day between the first and the last, so gaps read as days without returns.
  const all: string[] = [];
  if (dates.length) {
    for (
      let d = new Date(`${dates[0]}T00:00:00Z`);
      d <= new Date(`${dates[dates.length - 1]}T00:00:00Z`);
      d = new Date(d.getTime() + 86_400_000)
    )
      all.push(d.toISOString().slice(0, 10));
  }
  let cumulative = 0;
  return {
    period: board.period,
    deadline: board.deadline,
    due: board.due,
    days: all,
    accepted: all.map((d) => days.get(d)?.accepted ?? 0),
    refused: all.map((d) => days.get(d)?.refused ?? 0),
    unitsIn: all.map((d) => (cumulative += days.get(d)?.unitsIn ?? 0)),
  };
}

/** The latest month's 双公示 ranking and every ranked unit's score month by month. */
export function dualPublicity(data: YearData, period: string) {
  const score = data.scores.get(period);
  const ranked = score?.dualPublicity.ranked ?? [];
  const units = data.plan.units.filter((u) => u.dualPublicity);
  return {
    period,
    periodLabel: periodLabel(period),
    ranking: [...ranked]
      .sort((a, b) => a.score - b.score)
      .map((e) => ({
        unit: e.unit.name,
        code: e.unit.code,
        score: Math.round(e.score * 10) / 10,
        rank: e.rank,
      })),
    unranked: (score?.dualPublicity.unranked ?? []).map((u) => u.name),
    months: data.periods.map(shortLabel),
    history: units.map((u) => ({
      code: u.code,
      unit: u.name,
      scores: data.periods.map((p) => {
        const entry = data.scores.get(p)?.dualPublicity.ranked.find((e) => e.unit.code === u.code);
        return entry ? Math.round(entry.score * 10) / 10 : null;
      }),
    })),
  };
}

const isShare = (kind: string) => kind === 'ratio' || kind === 'percent';

/** Each indicator's city value month by month against its target (shares in percent). */
export function indicatorsByMonth(data: YearData) {
  return {
    months: data.periods.map(shortLabel),
    indicators: data.plan.indicators.map((indicator) => {
      const scale = isShare(indicator.kind) ? 100 : 1;
      const round = (v: number) => Math.round(v * scale * 100) / 100;
      const cities = data.periods.map((p) =>
        data.scores.get(p)?.indicators.find((i) => i.indicator.code === indicator.code),
      );
      const pooled = cities.some((c) => c?.city.mode === 'pooled');
      return {
        code: indicator.code,
        name: indicator.name,
        unit: isShare(indicator.kind) ? '%' : '',
        target: indicator.kind === 'date' || indicator.kind === 'yes-no' ? null : round(indicator.target),
        targetText: indicator.targetText || `${COMPARATOR_SYMBOLS[indicator.comparator]}${indicator.target}`,
        pooled,
        values: cities.map((c) => (c && c.city.value !== null ? round(c.city.value) : null)),
        met: cities.map((c) => c?.city.met ?? 0),
        unmet: cities.map((c) => c?.city.unmet ?? 0),
        outcomes: cities.map((c) => c?.outcome ?? 'missing'),
      };
    }),
  };
}

/** A unit's whole year: state, received, version, findings and task progress month by month. */
export function unitYear(data: YearData, code: string) {
  return data.periods.map((period) => {
    const row = data.boards.get(period)!.rows.find((r) => r.code === code);
    const month = data.scores.get(period)!.units.find((u) => u.unit.code === code);
    return {
      period,
      periodLabel: periodLabel(period),
      month: shortLabel(period),
      row,
      tasks: month?.tasks,
      met: month?.met ?? 0,
      unmet: month?.unmet ?? 0,
      stalled: month?.stalled.length ?? 0,
      indicators: month?.indicators ?? [],
    };
  });
}

const TASK_SERIES = ['done', 'in-progress', 'behind', 'not-started', 'not-applicable', 'unreported'] as const;

/** The numbers behind a unit's year charts: its tasks by status, 双公示 score and indicators. */
export function unitCharts(data: YearData, code: string) {
  const months = unitYear(data, code);
  const unit = data.plan.units.find((u) => u.code === code);
  const indicators = data.plan.indicators.filter((i) => i.reporters.includes(code));
  return {
    months: months.map((m) => m.month),
    tasks: TASK_SERIES.map((status) => ({
      status,
      label: status === 'unreported' ? '未填报' : TASK_STATUS_LABELS[status],
      values: months.map((m) => (m.row?.version ? (m.tasks?.[status] ?? 0) : 0)),
    })),
    dualPublicity: unit?.dualPublicity
      ? data.periods.map((p) => {
          const entry = data.scores.get(p)?.dualPublicity.ranked.find((e) => e.unit.code === code);
          return entry ? Math.round(entry.score * 10) / 10 : null;
        })
      : null,
    indicators: indicators.map((indicator) => {
      const scale = isShare(indicator.kind) ? 100 : 1;
      return {
        code: indicator.code,
        name: indicator.name,
        unit: isShare(indicator.kind) ? '%' : '',
        targetText: indicator.targetText,
        target:
          indicator.kind === 'date' || indicator.kind === 'yes-no'
            ? null
            : Math.round(indicator.target * scale * 100) / 100,
        values: months.map((m) => {
          const v = m.indicators.find((i) => i.indicator.code === indicator.code)?.value;
          return v === null || v === undefined || indicator.kind === 'date'
            ? null
            : Math.round(v * scale * 100) / 100;
        }),
      };
    }),
  };
}
