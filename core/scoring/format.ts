import type { IndicatorKind } from '../plan/model.js';
import { excelSerialToIso } from '../values/excel-serial.js';

/**
 * An indicator value written the way its target is: percents with 2 decimals, or 4 below 1% (the
 * 重错码率 target is 0.01%, and 0.004% at 2 decimals would read 0%), ratios with 4, dates as ISO.
 * Trailing zeros go, except `fixed` (documents: one format throughout, 98.40%). One formatter so the
 * pane, the score sheet and the report show a unit the same number.
 */
export function formatIndicatorNumber(kind: IndicatorKind, value: number, fixed = false): string {
  const digits = (n: number, d: number) => (fixed ? n.toFixed(d) : decimal(n, d));
  switch (kind) {
    case 'percent':
      return `${digits(value * 100, percentDigits(value))}%`;
    case 'ratio':
      return digits(value, 4);
    case 'count':
      return decimal(value, 2);
    case 'date':
      return excelSerialToIso(value) ?? String(value);
    case 'yes-no':
      return value >= 1 ? '是' : '否';
  }
}

/** Decimals of a percentage: 2, or 4 for a rate under 1% so it does not read 0%. */
export const percentDigits = (fraction: number): number =>
  fraction !== 0 && Math.abs(fraction) < 0.01 ? 4 : 2;

const decimal = (n: number, digits: number): string => String(Number(n.toFixed(digits)));
