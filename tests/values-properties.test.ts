import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumberToYmd, ymdToDayNumber } from '../core/calendar/index.js';
import {
  excelSerialToIso,
  isoToExcelSerial,
  normalizeCount,
  normalizeDate,
  normalizeNumber,
  normalizePercent,
  normalizeText,
  normalizeYesNo,
} from '../core/values/index.js';

const toFullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, separator);
}

const separator = fc.constantFrom(',', '，', ' ', '\u00a0', '\u2009', '\u202f', '');
const padding = fc.constantFrom('', ' ', '  ', '\u3000', '\t');

describe('number properties', () => {
  it('any safe integer, grouped by threes with any separator, full- or half-width, padded, round-trips', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        separator,
        fc.boolean(),
        fc.boolean(),
        padding,
        padding,
        (n, sep, fullWidth, plus, before, after) => {
          const sign = n < 0 ? '-' : plus ? '+' : '';
          let typed = `${sign}${group(String(Math.abs(n)), sep)}`;
          if (fullWidth) typed = toFullWidth(typed);
          const result = normalizeNumber(`${before}${typed}${after}`);
          expect(result).toEqual({ ok: true, value: n === 0 ? 0 : n });
        },
      ),
    );
  });

  it('any finite double written the way JavaScript prints it round-trips exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }), (x) => {
        const text = String(x);
        fc.pre(!text.includes('e'));
        expect(normalizeNumber(text)).toEqual({ ok: true, value: x === 0 ? 0 : x });
      }),
    );
  });

  it('decimal strings with a fraction part parse to the same double as Number()', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.stringMatching(/^\d{1,8}$/), (int, frac) => {
        const text = `${group(String(int), ',')}.${frac}`;
        expect(normalizeNumber(text)).toEqual({ ok: true, value: Number(`${int}.${frac}`) });
      }),
    );
  });

  it('wrongly grouped numbers are never accepted as a different number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{0,2}(,\d{1,5})+$/), (typed) => {
        const valid = /^\d{1,3}(,\d{3})+$/.test(typed);
        const result = normalizeNumber(typed);
        if (valid) expect(result).toEqual({ ok: true, value: Number(typed.replace(/,/g, '')) });
        else expect(result.ok).toBe(false);
      }),
    );
  });

  it('counts accept exactly the non-negative safe integers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true })), (x) => {
        const result = normalizeCount(x);
        expect(result.ok).toBe(Number.isSafeInteger(x) && x >= 0);
      }),
    );
  });
});

describe('percent properties', () => {
  it('k% in any width and spacing is k/100, the same double as the decimal typed directly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.nat({ max: 99 }),
        fc.boolean(),
        padding,
        (k, frac, fw, gap) => {
          const digits = `${k}.${String(frac).padStart(2, '0')}`;
          const typed = `${digits}${gap}%`;
          const expected = Number(`${digits}e-2`);
          expect(normalizePercent(fw ? toFullWidth(typed) : typed)).toEqual({
            ok: true,
            value: expected === 0 ? 0 : expected,
          });
        },
      ),
    );
  });

  it('a percent-formatted cell value passes through; a plain number over 1 is points', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (x) => {
        expect(normalizePercent(x, { cellIsPercentFormatted: true })).toEqual({
          ok: true,
          value: x === 0 ? 0 : x,
        });
        const plain = normalizePercent(x);
        if (x === 0) expect(plain).toEqual({ ok: true, value: 0 });
        else if (Math.abs(x) <= 1) expect(plain.ok).toBe(false);
        else
          expect(plain.ok && Math.abs((plain.value as number) * 100 - x) <= Math.abs(x) * 1e-12).toBe(true);
      }),
    );
  });
});

const plausibleDay = fc.integer({ min: ymdToDayNumber(1990, 1, 1), max: ymdToDayNumber(2100, 12, 31) });

const pad2 = (n: number): string => String(n).padStart(2, '0');
const FORMATS: ((y: number, m: number, d: number) => string)[] = [
  (y, m, d) => `${y}年${m}月${d}日`,
  (y, m, d) => `${y}年${m}月${d}号`,
  (y, m, d) => `${y}年${pad2(m)}月${pad2(d)}日`,
  (y, m, d) => `${y}.${m}.${d}`,
  (y, m, d) => `${y}/${m}/${d}`,
  (y, m, d) => `${y}-${m}-${d}`,
  (y, m, d) => `${y}-${pad2(m)}-${pad2(d)}`,
  (y, m, d) => `${y}${pad2(m)}${pad2(d)}`,
  (y, m, d) => toFullWidth(`${y}年${m}月${d}日`),
  (y, m, d) => toFullWidth(`${y}-${pad2(m)}-${pad2(d)}`),
];

describe('date properties', () => {
  it('any plausible date in any accepted format round-trips to its ISO form', () => {
    fc.assert(
      fc.property(plausibleDay, fc.nat({ max: FORMATS.length - 1 }), padding, (day, f, pad) => {
        const { year, month, day: d } = dayNumberToYmd(day);
        const iso = `${year}-${pad2(month)}-${pad2(d)}`;
        const typed = `${pad}${FORMATS[f](year, month, d)}${pad}`;
        expect(normalizeDate(typed)).toEqual({ ok: true, value: iso, precision: 'day' });
      }),
    );
  });

  it('Excel serials and UTC Date objects round-trip', () => {
    fc.assert(
      fc.property(plausibleDay, fc.boolean(), (day, date1904) => {
        const { year, month, day: d } = dayNumberToYmd(day);
        const iso = `${year}-${pad2(month)}-${pad2(d)}`;
        const serial = isoToExcelSerial(iso, date1904);
        expect(excelSerialToIso(serial, date1904)).toBe(iso);
        expect(excelSerialToIso(serial + 0.999, date1904)).toBe(iso);
        expect(excelSerialToIso(serial + 1, date1904)! > iso).toBe(true);
        expect(normalizeDate(serial, { date1904 })).toEqual({ ok: true, value: iso, precision: 'day' });
        expect(normalizeDate(new Date(Date.UTC(year, month - 1, d, 12)))).toEqual({
          ok: true,
          value: iso,
          precision: 'day',
        });
      }),
    );
  });

  it('every Excel serial from 1 to 9999-12-31 except 60 maps to a date and back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_958_465 }), (serial) => {
        const iso = excelSerialToIso(serial);
        if (serial === 60) expect(iso).toBeNull();
        else expect(isoToExcelSerial(iso!)).toBe(serial);
      }),
    );
  });

  it('day numbers past the end of the month are refused, never rolled over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 29, max: 40 }),
        (y, m, d) => {
          const result = normalizeDate(`${y}-${pad2(m)}-${pad2(d)}`);
          const real = new Date(Date.UTC(y, m - 1, d)).getUTCMonth() === m - 1;
          expect(result.ok).toBe(real);
        },
      ),
    );
  });
});

describe('robustness', () => {
  const anyInput = fc.oneof(
    fc.anything(),
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.double(),
    fc.date({ noInvalidDate: false }),
    fc.stringMatching(/^[\d,.，。%％\s万亿+\-年月日号/]{0,12}$/),
  );

  it('no normalizer ever throws, and every refusal gives a non-empty Chinese reason', () => {
    const normalizers = [
      normalizeNumber,
      normalizeCount,
      (x: unknown) => normalizePercent(x),
      (x: unknown) => normalizePercent(x, { cellIsPercentFormatted: true }),
      normalizeDate,
      (x: unknown) => normalizeDate(x, { monthOnly: 'last-day' }),
      normalizeText,
      normalizeYesNo,
    ];
    fc.assert(
      fc.property(anyInput, (input) => {
        for (const normalize of normalizers) {
          const result = normalize(input);
          if (!result.ok) expect(result.reason).toMatch(/[\u4e00-\u9fff]/);
          else if (result.value !== null)
            expect(['number', 'string', 'boolean']).toContain(typeof result.value);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('normalizeText output has no control characters other than newline and tab, and no CR', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const result = normalizeText(s);
        if (result.ok && result.value !== null) {
          // eslint-disable-next-line no-control-regex
          expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(result.value)).toBe(false);
          expect(result.value).toBe(result.value.trim());
          expect(normalizeText(result.value)).toEqual(result);
        }
      }),
    );
  });

  it('normalizeYesNo accepts only true, false or blank', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = normalizeYesNo(x);
        if (r.ok) expect([true, false, null]).toContain(r.value);
      }),
    );
  });
});
