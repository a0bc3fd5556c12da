import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalText,
  cellAddress,
  columnLetter,
  columnNumber,
  gridFromRows,
  lockedCells,
  lockedFingerprint,
  parseAddress,
  readLockedCells,
  sha256Hex,
  unitRows,
  unitsToIssue,
  gridFromObject,
  FIRST_DATA_ROW,
  SHEETS,
} from '../core/contract/index.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { smallPlan } from './helpers/fill-workbook.js';

describe('core/contract', () => {
  it('sha256 matches node:crypto on any text', () => {
    for (const text of ['', 'abc', '任务进展!A4=1', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 200 },
    );
  });

  it('addresses round-trip', () => {
    expect(columnLetter(1)).toBe('A');
    expect(columnLetter(26)).toBe('Z');
    expect(columnLetter(27)).toBe('AA');
    expect(columnNumber('AZ')).toBe(52);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16384 }), fc.integer({ min: 1, max: 1048576 }), (col, row) => {
        expect(parseAddress(cellAddress(col, row))).toEqual({ col, row });
      }),
    );
  });

  it('a county gets exactly the tasks whose responsibility includes it', () => {
    for (const county of plan2024.units.filter((u) => u.kind === 'county')) {
      const rows = unitRows(plan2024, county.code);
      const expected = plan2024.tasks
        .filter((t) => t.responsibilities.some((r) => r.unit === county.code))
        .map((t) => t.number);
      expect(rows.tasks.map((t) => t.task)).toEqual(expected);
      expect(rows.tasks.length).toBeGreaterThan(0);
      // Task 2 is for 市发展改革委 and 市司法局 only.
      expect(rows.tasks.some((t) => t.task === 2)).toBe(false);
      expect(rows.tasks.map((t) => t.row)).toEqual(rows.tasks.map((_, i) => FIRST_DATA_ROW + i));
      const indicators = plan2024.indicators
        .filter((i) => i.reporters.includes(county.code))
        .map((i) => i.code);
      expect(rows.indicators.map((i) => i.code)).toEqual(indicators);
    }
  });

  it('units to issue are those with a task or an indicator', () => {
    const plan = smallPlan();
    expect(unitsToIssue(plan)).toEqual(['S01', 'S02', 'X01', 'X02']);
    expect(unitRows(plan, 'X01').tasks.map((t) => [t.task, t.role])).toEqual([
      [1, 'partner'],
      [3, 'partner'],
    ]);
    expect(() => unitRows(plan, 'NOPE')).toThrow();
  });

  it('the fingerprint changes with any locked cell and not with input cells', () => {
    const rows = unitRows(smallPlan(), 'S01');
    const expected = lockedCells(rows);
    const cells: Record<string, Record<string, string | number>> = {
      [SHEETS.tasks]: {},
      [SHEETS.indicators]: {},
    };
    for (const c of expected) if (c.value !== '') cells[c.sheet][c.address] = c.value;
    const grid = gridFromObject(cells);
    const fp = lockedFingerprint(expected);
    expect(lockedFingerprint(readLockedCells(grid, expected))).toBe(fp);
    cells[SHEETS.tasks].D4 = '推进中';
    expect(lockedFingerprint(readLockedCells(grid, expected))).toBe(fp);
    cells[SHEETS.tasks].B4 = String(cells[SHEETS.tasks].B4) + ' ';
    expect(lockedFingerprint(readLockedCells(grid, expected))).not.toBe(fp);
  });

  it('canonical text survives CR LF and number/date forms', () => {
    expect(canonicalText('a\r\nb')).toBe('a\nb');
    expect(canonicalText(3)).toBe('3');
    expect(canonicalText(new Date('2024-05-31T00:00:00Z'))).toBe('2024-05-31');
    expect(canonicalText(null)).toBe('');
  });

  it('gridFromRows lines up an Office.js used range with its origin', () => {
    const grid = gridFromRows({
      s: {
        origin: 'B3',
        rows: [
          ['x', 1],
          ['', 'y'],
        ],
      },
    });
    expect(grid.get('s', 'B3')).toBe('x');
    expect(grid.get('s', 'C3')).toBe(1);
    expect(grid.get('s', 'B4')).toBeNull();
    expect(grid.get('s', 'C4')).toBe('y');
    expect(grid.get('s', 'A1')).toBeNull();
    expect(grid.hasSheet('t')).toBe(false);
  });
});
