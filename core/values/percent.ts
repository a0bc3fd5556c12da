/**
 * Percentages, returned as fractions (12% → 0.12), which is how plan targets store shares.
 *
 * The rules, chosen so that no input is read two ways:
 * - Text with a percent sign is that many percent: `12%`, `12 %`, `１２％`, `百分之12` → 0.12.
 * - A number from a percent-formatted cell (`cellIsPercentFormatted: true`) is already the
 *   fraction Excel stores: 0.12 shown as 12% → 0.12.
 * - Any other number, typed or stored, means percent points: `12` → 0.12, `0` → 0.
 * - A bare number above 0 and up to 1 (`0.95`, `1`) without a percent sign, outside a percent-
 *   formatted cell, could be a fraction (95%) or points (0.95%): it is rejected with a reason
 *   asking for the percent sign.
 */
import { canonicalText, quote, readInput } from './input.js';
import { decimalToNumber, parseDecimal, scaleByPowerOfTen } from './number.js';
import { accept, reject, type Normalized } from './result.js';

export interface PercentOptions {
  /** The cell's number format is a percentage, so a number in it is already a fraction. */
  cellIsPercentFormatted?: boolean;
}

function ambiguous(shown: string, points: number): string {
  const asFraction = scaleByPowerOfTen(points, 2);
  return `${shown} 无法确定是${points}%还是${asFraction}%，请填写带百分号的数，如${asFraction}%`;
}

function fromPoints(points: number, shown: string): Normalized<number> {
  if (points !== 0 && Math.abs(points) <= 1) return reject(ambiguous(shown, points));
  return accept(scaleByPowerOfTen(points, -2));
}

function fromText(text: string): Normalized<number> {
  const shown = quote(text);
  const s = canonicalText(text);
  const percent = /^(?:百分之\s*(.+)|(.+?)\s*%)$/.exec(s);
  if (percent) {
    const parsed = parseDecimal(percent[1] ?? percent[2], shown);
    if (!parsed.ok) return reject(`${shown} 不是有效的百分数，应写作12%或12.5%`);
    return accept(decimalToNumber(parsed.parts, -2));
  }
  if (s.endsWith('‰')) return reject(`${shown} 是千分数，请换算为百分数，如1.5‰写作0.15%`);
  const parsed = parseDecimal(s, shown);
  if (!parsed.ok) return reject(`${shown} 不是有效的百分数，应写作12%或12.5%`);
  return fromPoints(decimalToNumber(parsed.parts), shown);
}

export function normalizePercent(input: unknown, options: PercentOptions = {}): Normalized<number> {
  const cell = readInput(input);
  switch (cell.kind) {
    case 'blank':
      return accept(null);
    case 'number':
      if (options.cellIsPercentFormatted) return accept(cell.value === 0 ? 0 : cell.value);
      return fromPoints(cell.value, quote(cell.value));
    case 'boolean':
      return reject(`${quote(input)} 是逻辑值，此处应填写百分数，如12%`);
    case 'date':
      return reject('单元格是日期，此处应填写百分数，如12%');
    case 'invalid':
      return reject(cell.reason);
    case 'text':
      return fromText(cell.text);
  }
}
