import type { Comparator, Indicator } from '../plan/model.js';
import type { IndicatorReport } from '../submission.js';

/**
 * met: the value meets the target; unmet: it does not; pending: a year-long target not reached yet
 * before the year is over (or a deadline not yet come); missing: nothing reported.
 */
export type IndicatorOutcome = 'met' | 'unmet' | 'pending' | 'missing';

export function compare(value: number, comparator: Comparator, target: number): boolean {
  // Shares are stored as fractions; a tiny tolerance keeps 0.1 + 0.2 style sums from missing ≥ targets.
  const eps = 1e-9;
  switch (comparator) {
    case '>=':
      return value >= target - eps;
    case '>':
      return value > target + eps;
    case '<=':
      return value <= target + eps;
    case '<':
      return value < target - eps;
  }
}

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

/** Excel serial day number of an ISO date (1900 date system, as workbook cells hold dates). */
export function excelSerial(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

export function isoFromSerial(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000).toISOString().slice(0, 10);
}

/** Last calendar day of a `YYYY-MM` period. */
export function periodEnd(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Judges a value against the plan's target. A year-long count that is still short before December,
 * or a deadline (date kind) not reported while it is still ahead, is pending rather than unmet.
 */
export function judge(indicator: Indicator, value: number | null, period: string): IndicatorOutcome {
  const month = Number(period.slice(5, 7));
  const endSerial = excelSerial(periodEnd(period));
  if (value === null) {
    if (indicator.kind === 'date' && endSerial < indicator.target) return 'pending';
    return 'missing';
  }
  if (compare(value, indicator.comparator, indicator.target)) return 'met';
  const growing = indicator.comparator === '>=' || indicator.comparator === '>';
  if (indicator.kind === 'count' && indicator.period !== 'monthly' && growing && month < 12) return 'pending';
  return 'unmet';
}

/** How a city-level value is made from the units' reports, by the indicator's kind. */
export interface CityValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  reporters: number;
  reported: number;
}

export function cityValue(indicator: Indicator, reports: (IndicatorReport | undefined)[]): CityValue {
  const values = reports.map((r) => reportedValue(indicator, r)).filter((v): v is number => v !== null);
  const base = { reporters: reports.length, reported: values.length, numerator: null, denominator: null };
  if (!values.length) return { ...base, value: null };
  switch (indicator.kind) {
    case 'ratio':
    case 'percent': {
      // Summed numerators over summed denominators weigh each unit by its size; a plain mean would not.
      const pairs = reports.filter(
        (r): r is IndicatorReport =>
          !!r && r.numerator !== null && r.denominator !== null && r.denominator > 0,
      );
      if (pairs.length === values.length) {
        const numerator = pairs.reduce((s, r) => s + r.numerator!, 0);
        const denominator = pairs.reduce((s, r) => s + r.denominator!, 0);
        return { ...base, numerator, denominator, value: numerator / denominator };
      }
      return { ...base, value: values.reduce((s, v) => s + v, 0) / values.length };
    }
    case 'count':
      return { ...base, value: values.reduce((s, v) => s + v, 0) };
    case 'yes-no':
      // The city has it done when every reporting unit has.
      return { ...base, value: Math.min(...values) };
    case 'date':
      // The city is done when the last unit is.
      return { ...base, value: Math.max(...values) };
  }
}
