import { periodBounds } from '../calendar/period.js';
import { meetsTarget } from '../plan/comparator.js';
import type { Indicator } from '../plan/model.js';
import { isoToExcelSerial } from '../values/excel-serial.js';
import type { IndicatorReport } from '../submission.js';

/**
 * met: the value meets the target; unmet: it does not; pending: a year-long target not reached yet
 * before the year is over (or a deadline not yet come); missing: nothing reported.
 */
export type IndicatorOutcome = 'met' | 'unmet' | 'pending' | 'missing';

/** One word per outcome, the same in the circular's tables and the 汇总表. */
export const INDICATOR_OUTCOME_LABELS: Record<IndicatorOutcome, string> = {
  met: '达标',
  unmet: '未达标',
  pending: '推进中',
  missing: '无数据',
};

/** The value a report stands for: its own value, or numerator / denominator for shares. */
export function reportedValue(indicator: Indicator, report: IndicatorReport | undefined): number | null {
  if (!report) return null;
  if (report.value !== null && Number.isFinite(report.value)) return report.value;
  if (
    (indicator.kind === 'ratio' || indicator.kind === 'percent') &&
    report.numerator !== null &&
    report.denominator !== null &&
    report.denominator > 0
  ) {
    return report.numerator / report.denominator;
  }
  return null;
}

/** Last calendar day of a `YYYY-MM` period. */
export const periodEnd = (period: string): string => periodBounds(period).end;

/**
 * Judges a value against the plan's target. A year-long count that is still short before December,
 * or a deadline (date kind) not reported while it is still ahead, is pending rather than unmet.
 */
export function judge(indicator: Indicator, value: number | null, period: string): IndicatorOutcome {
  const month = Number(period.slice(5, 7));
  const endSerial = isoToExcelSerial(periodEnd(period));
  if (value === null) {
    if (indicator.kind === 'date' && endSerial < indicator.target) return 'pending';
    return 'missing';
  }
  if (meetsTarget(value, indicator.comparator, indicator.target)) return 'met';
  const growing = indicator.comparator === '>=' || indicator.comparator === '>';
  if (indicator.kind === 'count' && indicator.period !== 'monthly' && growing && month < 12) return 'pending';
  return 'unmet';
}

/**
 * A city-level result. Shares are pooled (summed numerators over summed denominators, so each unit
 * weighs by its size), and a count with one reporter is that unit's count. Targets that each unit must
 * meet on its own — yes/no, dates, counts reported by several units (全年20次以上 is per county) — are
 * judged unit by unit: the city meets them when every unit that reported does.
 */
export interface CityValue {
  mode: 'pooled' | 'units';
  /** Pooled value; null in `units` mode or when nobody reported. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  reporters: number;
  reported: number;
  /** Units whose own value meets / misses the target / is still pending. */
  met: number;
  unmet: number;
  pending: number;
  outcome: IndicatorOutcome;
}

export function cityValue(
  indicator: Indicator,
  reports: (IndicatorReport | undefined)[],
  period: string,
): CityValue {
  const values = reports.map((r) => reportedValue(indicator, r)).filter((v): v is number => v !== null);
  const outcomes = values.map((v) => judge(indicator, v, period));
  const count = (o: IndicatorOutcome) => outcomes.filter((x) => x === o).length;
  const base = {
    reporters: reports.length,
    reported: values.length,
    numerator: null,
    denominator: null,
    met: count('met'),
    unmet: count('unmet'),
    pending: count('pending'),
  };
  const pooled =
    indicator.kind === 'ratio' ||
    indicator.kind === 'percent' ||
    (indicator.kind === 'count' && reports.length === 1);
  if (!pooled) {
    const outcome: IndicatorOutcome = !values.length
      ? judge(indicator, null, period)
      : base.unmet
        ? 'unmet'
        : base.pending
          ? 'pending'
          : 'met';
    return { ...base, mode: 'units', value: null, outcome };
  }
  if (!values.length)
    return { ...base, mode: 'pooled', value: null, outcome: judge(indicator, null, period) };
  let value: number;
  let numerator: number | null = null;
  let denominator: number | null = null;
  const pairs = reports.filter(
    (r): r is IndicatorReport => !!r && r.numerator !== null && r.denominator !== null && r.denominator > 0,
  );
  if (indicator.kind === 'count') value = values[0];
  else if (pairs.length === values.length) {
    numerator = pairs.reduce((s, r) => s + r.numerator!, 0);
    denominator = pairs.reduce((s, r) => s + r.denominator!, 0);
    value = numerator / denominator;
  } else value = values.reduce((s, v) => s + v, 0) / values.length;
  return { ...base, mode: 'pooled', value, numerator, denominator, outcome: judge(indicator, value, period) };
}
