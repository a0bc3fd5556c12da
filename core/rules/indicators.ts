import {
  dateWindow,
  INDICATOR_COLUMN,
  indicatorEntry,
  numeratorBoundedByDenominator,
  SHEETS,
  type CellGrid,
  type IndicatorColumnKey,
  type IndicatorRow,
  type InputType,
} from '../contract/index.js';
import { meetsTarget } from '../plan/comparator.js';
import { isoToExcelSerial, excelSerialToIso } from '../values/excel-serial.js';
import type { IndicatorReport, SubmissionContent } from '../submission.js';
import { chineseDate, periodBounds } from '../calendar/index.js';
import { readCount, readDate, readPercent, readText, readYesNo } from './read.js';
import type { Emit, TargetCheck } from './types.js';

const SHEET = SHEETS.indicators;

interface Read {
  value: number | null;
  /** false when the cell holds something unreadable (an error was emitted). */
  ok: boolean;
}

export function checkIndicatorRow(
  grid: CellGrid,
  row: IndicatorRow,
  period: string,
  planYear: number,
  previous: SubmissionContent | undefined,
  emit: Emit,
): { report: IndicatorReport; target: TargetCheck } {
  const at = (key: IndicatorColumnKey) => `${INDICATOR_COLUMN[key].letter}${row.row}`;
  const get = (key: IndicatorColumnKey) => grid.get(SHEET, at(key));
  const error = (key: IndicatorColumnKey, code: string, text: string) =>
    emit({ level: 'error', code, sheet: SHEET, cell: at(key), text });
  const warning = (key: IndicatorColumnKey, code: string, text: string) =>
    emit({ level: 'warning', code, sheet: SHEET, cell: at(key), text });
  const entry = indicatorEntry(row);

  const readAs = (key: 'numerator' | 'denominator', type: InputType, label: string): Read => {
    const raw = get(key);
    if (type === 'count') {
      const r = readCount(raw);
      if (!r.ok) return (error(key, 'rules.type', `${label}：${r.reason}`), { value: null, ok: false });
      return { value: r.value, ok: true };
    }
    if (type === 'percent') {
      const r = readPercent(raw);
      if (!r.ok) return (error(key, 'rules.type', `${label}：${r.reason}`), { value: null, ok: false });
      if (r.value !== null && (r.value < 0 || r.value > 100)) {
        return (
          error(key, 'rules.range', `${label}为${r.value}，百分数应在0至100之间，请修改`),
          { value: null, ok: false }
        );
      }
      return { value: r.value, ok: true };
    }
    if (type === 'date') {
      const r = readDate(raw);
      if (!r.ok) return (error(key, 'rules.type', `${label}：${r.reason}`), { value: null, ok: false });
      if (r.value === null) return { value: null, ok: true };
      const w = dateWindow('indicatorDate', planYear);
      if (r.value < w.from || r.value > w.to) {
        return (
          error(key, 'rules.range', `${label} ${r.value} 不在 ${w.from} 至 ${w.to} 之间，请修改`),
          { value: null, ok: false }
        );
      }
      return { value: isoToExcelSerial(r.value), ok: true };
    }
    const r = readYesNo(raw);
    if (!r.ok) return (error(key, 'rules.type', `${label}：${r.reason}`), { value: null, ok: false });
    return { value: r.value, ok: true };
  };

  const numeratorLabel = entry.denominator ? `分子（${row.numeratorLabel ?? '分子'}）` : row.name;
  const numerator = readAs('numerator', entry.numerator, numeratorLabel);
  if (numerator.ok && numerator.value === null)
    blankValue(row, period, entry.denominator !== null, emit, at('numerator'));

  let denominator: Read = { value: null, ok: true };
  if (entry.denominator) {
    denominator = readAs('denominator', entry.denominator, `分母（${row.denominatorLabel ?? '分母'}）`);
    if (denominator.ok && denominator.value === null) {
      error(
        'denominator',
        'rules.required',
        `请填写${row.code}“${row.name}”的分母（${row.denominatorLabel ?? ''}）`,
      );
    } else if (denominator.value === 0) {
      error(
        'denominator',
        'rules.denominator-zero',
        `分母为0，无法计算${row.name}；如本期确无此项数据，请在备注中说明并向市信用办确认`,
      );
    }
    if (
      numeratorBoundedByDenominator(row) &&
      numerator.value !== null &&
      denominator.value !== null &&
      numerator.value > denominator.value
    ) {
      error(
        'numerator',
        'rules.ratio-bound',
        `分子${numerator.value}大于分母${denominator.value}，占比不能超过100%，请核对`,
      );
    }
  }

  const asOfRead = readDate(get('asOf'));
  let asOf: string | null = null;
  if (!asOfRead.ok) error('asOf', 'rules.type', asOfRead.reason);
  else if (asOfRead.value !== null) {
    const w = dateWindow('asOf', planYear);
    if (asOfRead.value < w.from || asOfRead.value > w.to) {
      error('asOf', 'rules.range', `数据截至日期 ${asOfRead.value} 不在 ${w.from} 至 ${w.to} 之间，请修改`);
    } else {
      asOf = asOfRead.value;
      if (asOf < periodBounds(period).start) {
        warning('asOf', 'rules.stale-data', `数据截至日期${chineseDate(asOf)}早于本期，请填写本期最新数据`);
      }
    }
  }

  const noteRead = readText(get('note'));
  if (!noteRead.ok) error('note', 'rules.type', `备注${noteRead.reason}`);

  if (row.period === 'year-to-date' && row.kind === 'count' && numerator.value !== null && previous) {
    const before = previous.indicators.find((i) => i.code === row.code)?.numerator;
    const sameYear = previous.period.slice(0, 4) === period.slice(0, 4) && previous.period < period;
    if (sameYear && before !== null && before !== undefined && numerator.value < before) {
      warning(
        'numerator',
        'rules.ytd-decrease',
        `本年累计数${numerator.value}小于上期报送的${before}，累计数不应减少，请核对是否填成了本月数`,
      );
    }
  }

  let value: number | null = null;
  if (entry.denominator) {
    if (numerator.value !== null && denominator.value) value = numerator.value / denominator.value;
  } else if (entry.numerator === 'percent') {
    value = numerator.value === null ? null : numerator.value / 100;
  } else value = numerator.value;

  return {
    report: {
      code: row.code,
      numerator: numerator.value,
      denominator: entry.denominator ? denominator.value : null,
      value,
      asOf,
      note: noteRead.ok ? (noteRead.value ?? '') : '',
    },
    target: {
      code: row.code,
      sheet: SHEET,
      cell: at('value'),
      value,
      met: value === null ? null : meetsTarget(value, row.comparator, row.target),
      targetText: row.targetText,
    },
  };
}

/**
 * A blank value. A date indicator records when something happened (培训完成日期): blank means not yet,
 * which is fine until its target date and a warning after it. Otherwise the indicator's level says
 * whether a blank stops acceptance.
 */
function blankValue(row: IndicatorRow, period: string, twoCounts: boolean, emit: Emit, cell: string): void {
  const what = twoCounts ? `分子（${row.numeratorLabel ?? ''}）` : '数值';
  if (row.kind === 'date') {
    const due = excelSerialToIso(row.target);
    if (due !== null && periodBounds(period).end <= due) return;
    emit({
      level: 'warning',
      code: 'rules.not-done',
      sheet: SHEET,
      cell,
      text: `${row.code}“${row.name}”已过目标时间（${row.targetText}）仍未填写，完成后请填写日期；如确未完成，请在备注栏说明原因`,
    });
    return;
  }
  emit({
    level: row.level ?? 'error',
    code: 'rules.required',
    sheet: SHEET,
    cell,
    text: `请填写${row.code}“${row.name}”的${what}`,
  });
}
