import { describe, expect, it } from 'vitest';
import {
  excelSerialToIso,
  isoToExcelSerial,
  normalizeCount,
  normalizeDate,
  normalizeNumber,
  normalizePercent,
  normalizeText,
  normalizeYesNo,
  type Normalized,
} from '../core/values/index.js';

function value<T>(result: Normalized<T>): T | null {
  if (!result.ok) throw new Error(`expected ok, got reason ${result.reason}`);
  return result.value;
}

function reason(result: Normalized<unknown>): string {
  if (result.ok) throw new Error(`expected a reason, got value ${String(result.value)}`);
  return result.reason;
}

const BLANKS: unknown[] = [
  '',
  '   ',
  '\u3000',
  '无',
  ' 无 ',
  '—',
  '——',
  '-',
  '－',
  '/',
  '／',
  null,
  undefined,
];

describe('blank markers', () => {
  it('mean "nothing" for every normalizer except that 无 answers a yes/no question', () => {
    for (const blank of BLANKS) {
      expect(value(normalizeNumber(blank)), String(blank)).toBeNull();
      expect(value(normalizePercent(blank)), String(blank)).toBeNull();
      expect(value(normalizeCount(blank)), String(blank)).toBeNull();
      expect(value(normalizeDate(blank)), String(blank)).toBeNull();
      expect(value(normalizeText(blank)), String(blank)).toBeNull();
      const yesNo = value(normalizeYesNo(blank));
      expect(yesNo, String(blank)).toBe(typeof blank === 'string' && blank.trim() === '无' ? false : null);
    }
  });
});

describe('normalizeNumber', () => {
  it.each([
    ['１２３', 123],
    ['1,234', 1234],
    ['1，234', 1234],
    ['１，２３４．５', 1234.5],
    ['1 234', 1234],
    ['1\u00a0234\u00a0567', 1234567],
    ['1\u2009234', 1234],
    ['  42  ', 42],
    ['+5', 5],
    ['-5', -5],
    ['−5', -5],
    ['12.5', 12.5],
    ['12。5', 12.5],
    ['.5', 0.5],
    ['007', 7],
    ['1.2万', 12000],
    ['3亿', 300000000],
    ['-0', 0],
  ])('%j → %d', (typed, expected) => {
    expect(value(normalizeNumber(typed))).toBe(expected);
  });

  it('passes finite numbers through and rejects NaN and Infinity', () => {
    expect(value(normalizeNumber(3.25))).toBe(3.25);
    expect(Object.is(value(normalizeNumber(-0)), 0)).toBe(true);
    expect(reason(normalizeNumber(NaN))).toContain('不是有效数字');
    expect(reason(normalizeNumber(Infinity))).toContain('不是有效数字');
  });

  it.each([
    ['12..5', '"12..5" 不是有效数字'],
    ['abc', '"abc" 不是有效数字'],
    ['1,23', '"1,23" 的千位分隔符位置不对'],
    ['1,2345', '千位分隔符位置不对'],
    ['12%', '"12%" 是百分数'],
    ['12家', '含有文字"家"'],
    ['1 23', '不是有效数字'],
    ['1,234 567', '不是有效数字'],
    ['万', '不是有效数字'],
    ['1e5', '"1e5"'],
  ])('%j is refused: %s', (typed, why) => {
    expect(reason(normalizeNumber(typed))).toContain(why);
  });

  it('refuses booleans, dates, formulas and error cells with reasons', () => {
    expect(reason(normalizeNumber(true))).toContain('逻辑值');
    expect(reason(normalizeNumber(new Date(Date.UTC(2024, 4, 10))))).toContain('日期');
    expect(reason(normalizeNumber({ formula: 'SUM(A1:A3)', result: 6 }))).toContain('公式');
    expect(reason(normalizeNumber({ error: '#DIV/0!' }))).toContain('#DIV/0!');
    expect(value(normalizeNumber({ richText: [{ text: '1,2' }, { text: '34' }] }))).toBe(1234);
  });
});

describe('normalizeCount', () => {
  it('accepts non-negative whole numbers however typed', () => {
    expect(value(normalizeCount('１，２３４'))).toBe(1234);
    expect(value(normalizeCount(0))).toBe(0);
    expect(value(normalizeCount('2万'))).toBe(20000);
  });
  it('refuses fractions and negatives', () => {
    expect(reason(normalizeCount('2.5'))).toBe('"2.5" 不是整数，此处应填写整数');
    expect(reason(normalizeCount(-3))).toBe('"-3" 是负数，此处应填写不小于0的整数');
    expect(reason(normalizeCount('12%'))).toContain('百分数');
  });
});

describe('normalizePercent', () => {
  it.each([
    ['12%', 0.12],
    ['12 %', 0.12],
    ['１２％', 0.12],
    ['12.5%', 0.125],
    ['0.3%', 0.003],
    ['100%', 1],
    ['-5%', -0.05],
    ['百分之12', 0.12],
    ['12', 0.12],
    ['95', 0.95],
    ['0', 0],
    ['150', 1.5],
  ])('%j → %d', (typed, expected) => {
    expect(value(normalizePercent(typed))).toBe(expected);
  });

  it('a number from a percent-formatted cell is already a fraction; elsewhere it is percent points', () => {
    expect(value(normalizePercent(0.12, { cellIsPercentFormatted: true }))).toBe(0.12);
    expect(value(normalizePercent(1, { cellIsPercentFormatted: true }))).toBe(1);
    expect(value(normalizePercent(12))).toBe(0.12);
    expect(value(normalizePercent(12.3))).toBe(0.123);
  });

  it('a bare number in (0, 1] without % is ambiguous and asks for the percent sign', () => {
    expect(reason(normalizePercent('0.95'))).toBe('"0.95" 无法确定是0.95%还是95%，请填写带百分号的数，如95%');
    expect(reason(normalizePercent(1))).toContain('1%还是100%');
    expect(reason(normalizePercent(0.5))).toContain('50%');
  });

  it('refuses what is not a percentage', () => {
    expect(reason(normalizePercent('abc%'))).toContain('不是有效的百分数');
    expect(reason(normalizePercent('十二'))).toContain('不是有效的百分数');
    expect(reason(normalizePercent('1.5‰'))).toContain('千分数');
    expect(reason(normalizePercent('12%%'))).toContain('不是有效的百分数');
  });
});

describe('normalizeDate', () => {
  it.each([
    '2024年5月10日',
    '2024年5月10号',
    '2024年05月10日',
    '2024 年 5 月 10 日',
    '２０２４年５月１０日',
    '2024.5.10',
    '2024/5/10',
    '2024-05-10',
    '2024-5-10',
    '20240510',
    ' 2024-05-10 ',
    '2024-05-10 08:30',
    '2024-05-10T08:30:00Z',
  ])('%j → 2024-05-10', (typed) => {
    expect(normalizeDate(typed)).toEqual({ ok: true, value: '2024-05-10', precision: 'day' });
  });

  it('reads Date objects as UTC dates, Excel serials and yyyymmdd numbers', () => {
    expect(value(normalizeDate(new Date(Date.UTC(2024, 4, 10))))).toBe('2024-05-10');
    // exceljs stores a time of day in the same Date; the date part is what counts.
    expect(value(normalizeDate(new Date(Date.UTC(2024, 4, 10, 23, 59))))).toBe('2024-05-10');
    expect(value(normalizeDate(45422))).toBe('2024-05-10');
    expect(value(normalizeDate(45422.75))).toBe('2024-05-10');
    expect(value(normalizeDate(20240510))).toBe('2024-05-10');
    expect(value(normalizeDate(44326, { date1904: true }))).toBe('2025-05-11');
  });

  it('rejects impossible and ambiguous dates with precise reasons', () => {
    expect(reason(normalizeDate('2024-02-30'))).toBe('"2024-02-30" 不是有效日期：2024年2月只有29天');
    expect(reason(normalizeDate('2023-02-29'))).toContain('2023年2月只有28天');
    expect(reason(normalizeDate('2024年13月1日'))).toBe('"2024年13月1日" 不是有效日期：月份应在1—12之间');
    expect(reason(normalizeDate('5/10/2024'))).toContain('年月日顺序不明确');
    expect(reason(normalizeDate('24.5.10'))).toContain('年月日顺序不明确');
    expect(reason(normalizeDate('下周'))).toContain('不是可识别的日期');
    expect(reason(normalizeDate('2024/5-10'))).toContain('不是可识别的日期');
    expect(reason(normalizeDate(true))).toContain('逻辑值');
  });

  it('rejects implausible years, e.g. a year typed into a date cell and read as a serial', () => {
    expect(reason(normalizeDate(2024))).toContain('1905-07-16');
    expect(reason(normalizeDate('1905-07-16'))).toContain('不在1990—2100年之间');
    expect(value(normalizeDate('1985-01-01', { minYear: 1949 }))).toBe('1985-01-01');
  });

  it('year and month alone: rejected by default, or the first or last day when asked', () => {
    expect(reason(normalizeDate('2024年5月'))).toBe('"2024年5月" 只有年月，请写到具体日期，如2024年5月10日');
    expect(normalizeDate('2024年2月', { monthOnly: 'last-day' })).toEqual({
      ok: true,
      value: '2024-02-29',
      precision: 'month',
    });
    expect(value(normalizeDate('2024-05', { monthOnly: 'first-day' }))).toBe('2024-05-01');
    expect(value(normalizeDate('2024年10月份', { monthOnly: 'last-day' }))).toBe('2024-10-31');
    expect(reason(normalizeDate('2024年13月', { monthOnly: 'last-day' }))).toContain('月份应在1—12之间');
  });
});

describe('Excel serials', () => {
  it('follow the 1900 system with its fictitious 1900-02-29 (serial 60)', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45422)).toBe('2024-05-10');
    expect(excelSerialToIso(2958465)).toBe('9999-12-31');
    expect(excelSerialToIso(0)).toBeNull();
    expect(excelSerialToIso(2958466)).toBeNull();
    expect(isoToExcelSerial('1900-02-28')).toBe(59);
    expect(isoToExcelSerial('1900-03-01')).toBe(61);
    expect(isoToExcelSerial('2024-05-10')).toBe(45422);
  });

  it('the 1904 system starts at 1904-01-01 = 0', () => {
    expect(excelSerialToIso(0, true)).toBe('1904-01-01');
    expect(isoToExcelSerial('2024-05-10', true)).toBe(45422 - 1462);
  });

  it('isoToExcelSerial refuses malformed dates', () => {
    expect(() => isoToExcelSerial('2024-02-30')).toThrow(RangeError);
    expect(() => isoToExcelSerial('1899-12-31')).toThrow(RangeError);
  });
});

describe('normalizeText', () => {
  it('trims, folds line breaks and strips control characters but keeps newlines and tabs', () => {
    expect(value(normalizeText('  第一行\r\n第二行\r第三行  '))).toBe('第一行\n第二行\n第三行');
    expect(value(normalizeText('a\u0000b\u0007c\td'))).toBe('abc\td');
    expect(value(normalizeText('\ufeff文件\u200b名'))).toBe('文件名');
    expect(value(normalizeText('行尾空格   \n下一行'))).toBe('行尾空格\n下一行');
    expect(value(normalizeText('\u0001\u0002'))).toBeNull();
  });

  it('keeps text starting with = as text', () => {
    expect(value(normalizeText('=SUM(A1:A3)'))).toBe('=SUM(A1:A3)');
    expect(value(normalizeText('=HYPERLINK("http://x","y")'))).toBe('=HYPERLINK("http://x","y")');
  });

  it('renders numbers, booleans and dates as text and refuses formulas', () => {
    expect(value(normalizeText(12.5))).toBe('12.5');
    expect(value(normalizeText(new Date(Date.UTC(2024, 4, 10))))).toBe('2024-05-10');
    expect(reason(normalizeText({ formula: 'A1' }))).toContain('公式');
  });

  it('enforces maxLength in characters', () => {
    expect(value(normalizeText('信用'.repeat(5), { maxLength: 10 }))).toBe('信用'.repeat(5));
    expect(reason(normalizeText('信用'.repeat(6), { maxLength: 10 }))).toBe(
      '内容过长（12字），最多10字，请精简',
    );
    // Characters outside the BMP (rare hanzi in names, emoji) are one character each, as users count.
    expect(value(normalizeText('𠀀😀'.repeat(5), { maxLength: 10 }))).toBe('𠀀😀'.repeat(5));
    expect(reason(normalizeText(`${'𠀀'.repeat(10)}\ud800`, { maxLength: 10 }))).toBe(
      '内容过长（11字），最多10字，请精简',
    );
  });
});

describe('normalizeYesNo', () => {
  it.each([
    ['是', true],
    ['有', true],
    ['Y', true],
    ['yes', true],
    ['√', true],
    ['✓', true],
    ['否', false],
    ['无', false],
    ['没有', false],
    ['N', false],
    ['×', false],
    ['ｙ', true],
  ])('%j → %s', (typed, expected) => {
    expect(value(normalizeYesNo(typed))).toBe(expected);
  });

  it('reads booleans and 1/0 and refuses anything else', () => {
    expect(value(normalizeYesNo(true))).toBe(true);
    expect(value(normalizeYesNo(0))).toBe(false);
    expect(reason(normalizeYesNo('可能'))).toBe('"可能" 不是"是"或"否"，请填写"是"或"否"');
    expect(reason(normalizeYesNo('x'))).toContain('请填写"是"或"否"');
    expect(reason(normalizeYesNo(2))).toContain('不是"是"或"否"');
  });
});
