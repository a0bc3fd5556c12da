/** The add-in's pure side: marks, deadline wording, locked-text reconciliation, issued fills. */
import { describe, expect, it } from 'vitest';
import { deadlineStatus, formatValue, gridOf } from '../addin/engine.js';
import { anchorAtA1, rangeOrigin } from '../addin/grid.js';
import { MARK_COLORS, marksFor, planMarkWrites } from '../addin/marks.js';
import { ISSUED_FILLS, ruleSet } from '../addin/rule-set.js';
import { checkWorkbook } from '../core/rules/index.js';
import { addWorkingDays } from '../core/calendar/index.js';
import type { Finding } from '../core/plan/model.js';
import { INPUT_FILL, LOCKED_FILL } from '../reporter/issue/styles.js';

const finding = (cell: string, level: Finding['level'] = 'error', sheet = '任务进展'): Finding => ({
  level,
  sheet,
  cell,
  code: 'test',
  message: `${sheet}!${cell} x`,
});

describe('one rule set', () => {
  it('is core/rules checkWorkbook itself, not a copy', () => {
    expect(ruleSet).toBe(checkWorkbook);
  });

  it('restores the fills the issuer gives input and locked cells', () => {
    const argb = (fill: unknown) => `#${(fill as { fgColor: { argb: string } }).fgColor.argb.slice(2)}`;
    expect(ISSUED_FILLS).toEqual({ input: argb(INPUT_FILL), locked: argb(LOCKED_FILL) });
  });
});

describe('marks', () => {
  const regions = [{ sheet: '任务进展', address: 'D4:J9', fill: '#FFF7D6' }];
  const original = () => '#FFF7D6';
  const writable = new Set(['任务进展']);

  it('keeps the worst level per cell and ignores findings without a cell', () => {
    const marks = marksFor([
      finding('D4', 'warning'),
      finding('D4', 'error'),
      finding('', 'error'),
      finding('E5', 'warning'),
    ]);
    expect([...marks.values()]).toEqual([
      { sheet: '任务进展', cell: 'D4', level: 'error' },
      { sheet: '任务进展', cell: 'E5', level: 'warning' },
    ]);
  });

  it('repaints every region before marking on the first check', () => {
    const ops = planMarkWrites(null, marksFor([finding('D4')]), regions, original, writable);
    expect(ops).toEqual([
      { kind: 'fill', sheet: '任务进展', address: 'D4:J9', color: '#FFF7D6' },
      { kind: 'fill', sheet: '任务进展', address: 'D4', color: MARK_COLORS.error },
    ]);
  });

  it('writes only what changed afterwards: clears fixed cells, marks new ones, recolours level changes', () => {
    const before = marksFor([finding('D4'), finding('E5'), finding('F6', 'warning')]);
    const after = marksFor([finding('E5'), finding('F6', 'error'), finding('G7', 'warning')]);
    expect(planMarkWrites(before, after, regions, original, writable)).toEqual([
      { kind: 'fill', sheet: '任务进展', address: 'D4', color: '#FFF7D6' },
      { kind: 'fill', sheet: '任务进展', address: 'F6', color: MARK_COLORS.error },
      { kind: 'fill', sheet: '任务进展', address: 'G7', color: MARK_COLORS.warning },
    ]);
    expect(planMarkWrites(after, after, regions, original, writable)).toEqual([]);
  });

  it('never writes to a sheet the workbook does not have', () => {
    expect(planMarkWrites(null, marksFor([finding('D4')]), regions, original, new Set())).toEqual([]);
  });
});

describe('deadline wording', () => {
  it('counts working days left on the holiday calendar and says when it is overdue', () => {
    // 2024-05-31 (Fri) → 2024-06-07 (Fri): Jun 3–7 are five working days; 端午 is Jun 10.
    expect(deadlineStatus('2024-05-31', '2024-06-07')).toEqual({
      text: '今天之后还有 5 个工作日',
      overdue: false,
    });
    expect(deadlineStatus('2024-06-07', '2024-06-07').text).toBe('今天截止，请于今天报送');
    const twoLate = addWorkingDays('2024-06-07', 2);
    expect(deadlineStatus(twoLate, '2024-06-07')).toEqual({
      text: '已逾期 2 个工作日，请尽快报送',
      overdue: true,
    });
  });

  it('passes a calendar problem on instead of guessing', () => {
    const status = deadlineStatus('1990-01-01', '1990-01-05');
    expect(status.overdue).toBe(false);
    expect(status.text).not.toMatch(/还有|逾期|截止/);
    expect(status.text).toMatch(/1990/);
  });
});

describe('indicator values as the pane shows them', () => {
  it('formats each kind the way its target is written', () => {
    expect(formatValue({ kind: 'percent' }, 0.125)).toBe('12.5%');
    expect(formatValue({ kind: 'ratio' }, 2 / 3)).toBe('0.6667');
    expect(formatValue({ kind: 'count' }, 18)).toBe('18');
    expect(formatValue({ kind: 'yes-no' }, 1)).toBe('是');
    expect(formatValue({ kind: 'date' }, 45596)).toBe('2024-10-31');
  });
});

describe('grid', () => {
  it('anchors a used range that starts below and right of A1', () => {
    expect(rangeOrigin("'任务 进展'!C5:D6")).toEqual({ row: 5, col: 3 });
    const grid = anchorAtA1('S!B2:C3', [
      [1, ''],
      ['x', true],
    ]);
    const cells = gridOf({
      sheets: new Map([['S', { name: 'S', values: grid, protected: false, allowFormatCells: true }]]),
    });
    expect(cells.get('S', 'B2')).toBe(1);
    expect(cells.get('S', 'C2')).toBeNull();
    expect(cells.get('S', 'C3')).toBe(true);
    expect(cells.get('S', 'A1')).toBeNull();
  });
});

describe('locked cells whose text the metadata leaves out', () => {
  const full = {
    unit: { code: 'S01', name: '市发展改革委', kind: 'city-department' as const },
    tasks: [
      {
        row: 4,
        task: 2,
        role: 'lead' as const,
        title: '健全政策制度体系',
        text: '健全政策制度体系。编印《目录》',
      },
    ],
    indicators: [],
  };
  // What the add-in knows: the rows as the metadata sheet carries them, without long texts.
  const fromMetadata = { ...full, tasks: full.tasks.map((t) => ({ ...t, text: '' })) };

  async function check(change: Record<string, string | number>) {
    const { lockedCells, lockedFingerprint, gridFromObject } = await import('../core/contract/index.js');
    const { checkStructure } = await import('../core/rules/index.js');
    const issued = lockedCells(full);
    const sheets: Record<string, Record<string, string | number>> = { 任务进展: {}, 监测指标: {} };
    for (const cell of issued) sheets[cell.sheet][cell.address] = cell.value;
    Object.assign(sheets['任务进展'], change);
    const findings: { cell: string; text: string }[] = [];
    const ok = checkStructure(
      gridFromObject(sheets),
      fromMetadata,
      (f) => findings.push(f),
      lockedFingerprint(issued),
    );
    return { ok, findings };
  }

  it('trusts the issued fingerprint when the cells hash to it', async () => {
    expect(await check({})).toEqual({ ok: true, findings: [] });
  });

  it('names a changed long text once, and other changed cells by address', async () => {
    const text = await check({ B4: '2. 健全政策制度体系\n改过的内容' });
    expect(text.ok).toBe(false);
    expect(text.findings.map((f) => f.cell)).toEqual(['B4']);
    expect(text.findings[0].text).toMatch(/锁定内容与下发时不一致/);
    const key = await check({ A4: 3 });
    expect(key.findings.map((f) => f.cell)).toEqual(['A4']);
  });
});
