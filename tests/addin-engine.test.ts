/** The add-in's pure side: marks, deadline wording, locked-text reconciliation, issued fills. */
import { describe, expect, it } from 'vitest';
import { classifyFindings, deadlineStatus, gridOf } from '../addin/engine.js';
import { formatIndicatorNumber } from '../core/scoring/format.js';
import type { RecognizedPane } from '../addin/pane-model.js';
import { chineseDateWithWeekday } from '../core/calendar/index.js';
import { nextSteps, paneStatus } from '../addin/status.js';
import { gridFromObject } from '../core/contract/index.js';
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
    expect(formatIndicatorNumber('percent', 0.125)).toBe('12.5%');
    expect(formatIndicatorNumber('ratio', 2 / 3)).toBe('0.6667');
    expect(formatIndicatorNumber('count', 18)).toBe('18');
    expect(formatIndicatorNumber('yes-no', 1)).toBe('是');
    expect(formatIndicatorNumber('yes-no', 0)).toBe('否');
    expect(formatIndicatorNumber('date', 45596)).toBe('2024-10-31');
  });

  it('shows rates under 1% to four decimals, so 重错码率 is not read as 0% or as its own target', () => {
    expect(formatIndicatorNumber('percent', 0.00004)).toBe('0.004%');
    expect(formatIndicatorNumber('percent', 0.00012)).toBe('0.012%');
    expect(formatIndicatorNumber('percent', 0)).toBe('0%');
    expect(formatIndicatorNumber('percent', 1)).toBe('100%');
    expect(formatIndicatorNumber('percent', 0.1 + 0.2)).toBe('30%');
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

describe('blank required cells while filling in', () => {
  const at = (cell: string, code: string, level: Finding['level'] = 'error'): Finding => ({
    ...finding(cell, level),
    code,
  });
  const grid = gridFromObject({ 任务进展: { D4: '已完成', E5: '   ', F6: 'abc' } });
  const findings = [
    at('D5', 'rules.required'),
    at('E5', 'rules.required'),
    at('F6', 'rules.required'),
    at('J4', 'rules.done-evidence'),
    at('E4', 'rules.type'),
    at('G7', 'rules.required', 'warning'),
    at('', 'rules.required'),
  ];

  it('sets aside only blank cells the rules call required; every other verdict stays', () => {
    const { shown, pending } = classifyFindings(findings, grid, false);
    expect(pending.map((f) => f.cell)).toEqual(['D5', 'E5', 'G7']);
    expect(shown.map((f) => f.cell)).toEqual(['F6', 'J4', 'E4', '']);
    // Levels are the rules' own, untouched.
    expect(pending.map((f) => f.level)).toEqual(['error', 'error', 'warning']);
  });

  it('counts everything in a full check', () => {
    expect(classifyFindings(findings, grid, true)).toEqual({ shown: findings, pending: [] });
  });
});

describe('the status line', () => {
  const base: RecognizedPane = {
    recognized: true,
    unitCode: 'S01',
    unitName: '市发展改革委',
    period: '2024-05',
    periodLabel: '2024年5月',
    deadline: '2024-06-07',
    deadlineLabel: chineseDateWithWeekday('2024-06-07'),
    deadlineText: '',
    overdue: false,
    progress: { filled: 0, total: 10 },
    mode: 'filling',
    errors: 0,
    warnings: 0,
    groups: [],
    pendingCount: 0,
    pending: [],
    indicators: [],
    filler: { name: '', phone: '', checkedAt: '' },
  };

  it('names the weekday of a date', () => {
    for (const iso of ['2024-06-07', '2024-02-29', '2025-01-01']) {
      const [y, m, d] = iso.split('-').map(Number);
      const weekday = '日一二三四五六'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
      expect(chineseDateWithWeekday(iso)).toBe(`${y}年${m}月${d}日（星期${weekday}）`);
    }
    expect(chineseDateWithWeekday('2024-02-30')).toBe('2024-02-30');
  });

  it('says errors first, then what is still to fill, then that it can be sent', () => {
    expect(paneStatus({ ...base, errors: 2, pendingCount: 5 })).toMatchObject({
      kind: 'error',
      headline: '还有 2 个错误需修改',
      detail: expect.stringContaining('另有 5 项尚未填写'),
    });
    expect(paneStatus({ ...base, pendingCount: 5, warnings: 1 })).toMatchObject({
      kind: 'filling',
      headline: '还有 5 项尚未填写',
      detail: expect.stringContaining('另有 1 个提醒'),
    });
    expect(paneStatus(base)).toMatchObject({ kind: 'ready', headline: '可以报送' });
    expect(paneStatus({ ...base, mode: 'full', errors: 3 }).detail).toMatch(/空白的必填项也算错误/);
  });

  it('after a successful check, says when it was checked and what to do next', () => {
    const done = paneStatus({
      ...base,
      mode: 'full',
      filler: { name: '张三', phone: '', checkedAt: '2024-06-03T02:05:00.000Z' },
    });
    expect(done.kind).toBe('done');
    expect(done.headline).toMatch(/^已于 2024-06-0\d \d{2}:\d{2} 检查完成，可保存后报送$/);
    expect(done.detail).toBe(nextSteps(base));
    expect(nextSteps(base)).toBe(
      `下一步：保存文件（Ctrl+S），最迟于 ${chineseDateWithWeekday('2024-06-07')} 报送市信用办。`,
    );
    expect(nextSteps({ ...base, overdue: true })).toMatch(/尽快报送市信用办.*已过/);
    // Changed after marking complete: an error again, and a reminder to mark it again.
    const changed = paneStatus({
      ...base,
      mode: 'full',
      errors: 1,
      filler: { name: '张三', phone: '', checkedAt: '2024-06-03T02:05:00.000Z' },
    });
    expect(changed.kind).toBe('error');
    expect(changed.detail).toMatch(/重新点击“检查并标记完成”/);
  });
});
