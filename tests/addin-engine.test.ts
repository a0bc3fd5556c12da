/** The add-in's pure side: marks, deadline wording, locked-text reconciliation, issued fills. */
import { describe, expect, it } from 'vitest';
import { classifyFindings, deadlineStatus } from '../addin/engine.js';
import { groupEntries } from '../addin/finding-view.js';
import type { RangeRead, WorkbookRead } from '../addin/host.js';
import { gridOf } from '../addin/read-model.js';
import { failureReason, parseVerdict } from '../addin/submit.js';
import { luminance } from '../addin/theme.js';
import { formatIndicatorNumber } from '../core/scoring/format.js';
import type { RecognizedPane } from '../addin/pane-model.js';
import { chineseDateWithWeekday } from '../core/calendar/index.js';
import { nextSteps, paneStatus } from '../addin/status.js';
import { gridFromObject } from '../core/contract/index.js';
import { ruleSet } from '../addin/rule-set.js';
import { checkWorkbook } from '../core/rules/index.js';
import { libraryCalendar } from '../core/calendar/index.js';

const china = libraryCalendar();
import type { Finding } from '../core/plan/model.js';

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
});

describe('the read model', () => {
  const range = (over: Partial<RangeRead>): RangeRead => ({
    origin: 'B2',
    values: [[1, '', 'x']],
    formulas: [[1, '', 'x']],
    numberFormats: null,
    errors: null,
    ...over,
  });
  const read = (r: RangeRead): WorkbookRead => ({ sheets: new Map([['S', { name: 'S', used: r }]]) });

  it('anchors a used range that starts below and right of A1', () => {
    const cells = gridOf(read(range({})));
    expect(cells.get('S', 'B2')).toBe(1);
    expect(cells.get('S', 'C2')).toBeNull();
    expect(cells.get('S', 'D2')).toBe('x');
    expect(cells.get('S', 'A1')).toBeNull();
    expect(cells.hasSheet('S')).toBe(true);
    expect(cells.hasSheet('T')).toBe(false);
  });

  it('reads formulas as formulas, and text that merely starts with = as text', () => {
    const cells = gridOf(
      read(range({ values: [[50, '=按计划', '本月']], formulas: [['=25*2', '=按计划', '="本"&"月"']] })),
    );
    expect(cells.get('S', 'B2')).toEqual({ formula: '25*2', result: 50 });
    expect(cells.get('S', 'C2')).toBe('=按计划');
    expect(cells.get('S', 'D2')).toEqual({ formula: '"本"&"月"', result: '本月' });
  });

  it('calls date-formatted numbers dates and error values blank, as collect does', () => {
    const cells = gridOf(
      read(
        range({
          values: [[45422, 45422, '#N/A']],
          formulas: [[45422, 45422, '=NA()']],
          numberFormats: [['yyyy/m/d', '0.00', 'General']],
          errors: [[false, false, true]],
        }),
      ),
    );
    expect(cells.get('S', 'B2')).toEqual(new Date(Date.UTC(2024, 4, 10)));
    expect(cells.get('S', 'C2')).toBe(45422);
    expect(cells.get('S', 'D2')).toEqual({ formula: 'NA()', result: null });
    expect(cells.reported('S', 'B2')).toBe(45422);
  });
});

describe('findings as a unit reads them', () => {
  const rows = {
    unit: { code: 'S01', name: '市发展改革委', kind: 'city-department' as const },
    tasks: [4, 5, 6, 7].map((row, i) => ({ row, task: i + 2, role: 'lead' as const, title: 't', text: '' })),
    indicators: [],
  };
  const required = (cell: string): Finding => ({
    ...finding(cell),
    code: 'rules.required',
    message: `任务进展!${cell} 请选择进展状态`,
  });

  it('names the task and column, not only the cell', () => {
    const [group] = groupEntries([finding('E5')], rows);
    expect(group.entries).toEqual([
      {
        kind: 'single',
        key: '任务进展|E5|test',
        item: { finding: finding('E5'), subject: '任务3', field: '完成进度(%)', text: 'x' },
      },
    ]);
  });

  it('folds the same problem on many rows into one entry that lists them', () => {
    const [group] = groupEntries([required('D4'), required('D5'), required('D6'), finding('E7')], rows);
    expect(group.errors).toBe(4);
    const [repeated, single] = group.entries;
    expect(repeated).toMatchObject({ kind: 'repeated', title: '3 个任务未选择“进展状态”' });
    expect(repeated.kind === 'repeated' && repeated.items.map((i) => i.subject)).toEqual([
      '任务2',
      '任务3',
      '任务4',
    ]);
    expect(single).toMatchObject({ kind: 'single', item: { subject: '任务5' } });
    // Two of a kind stay two entries.
    expect(groupEntries([required('D4'), required('D5')], rows)[0].entries.map((e) => e.kind)).toEqual([
      'single',
      'single',
    ]);
  });
});

describe('the portal verdict', () => {
  it('takes only a well-formed answer, cut to size, as text', () => {
    expect(parseVerdict(null)).toBeNull();
    expect(parseVerdict({ outcome: 'maybe' })).toBeNull();
    expect(
      parseVerdict({
        outcome: 'refused',
        unit: 'S01',
        period: '2024-05',
        findings: [{ level: 'fatal', sheet: '任务进展', cell: 'D4', message: '<b>x</b>' }, 'junk'],
      }),
    ).toEqual({
      outcome: 'refused',
      unit: 'S01',
      period: '2024-05',
      findings: [{ level: 'error', sheet: '任务进展', cell: 'D4', message: '<b>x</b>' }],
    });
  });

  it('says for each failure that nothing was lost and what to do', () => {
    for (const status of [404, 413, 429, 500, 418])
      expect(failureReason(status)).toMatch(/文件仍保存在本机，没有丢失/);
    expect(failureReason(404)).toMatch(/报送地址/);
  });
});

describe('theme', () => {
  it('tells dark backgrounds from light ones', () => {
    expect(luminance('#262626')).toBeLessThan(0.2);
    expect(luminance('#ffffff')).toBeGreaterThan(0.9);
    expect(luminance('nonsense')).toBeNaN();
  });
});

describe('deadline wording', () => {
  it('counts working days left on the holiday calendar and says when it is overdue', () => {
    // 2024-05-31 (Fri) → 2024-06-07 (Fri): Jun 3–7 are five working days; 端午 is Jun 10.
    expect(deadlineStatus('2024-05-31', '2024-06-07', china)).toEqual({
      text: '今天之后还有 5 个工作日',
      overdue: false,
    });
    expect(deadlineStatus('2024-06-07', '2024-06-07', china).text).toBe('今天截止，请于今天报送');
    const twoLate = china.addWorkingDays('2024-06-07', 2);
    expect(deadlineStatus(twoLate, '2024-06-07', china)).toEqual({
      text: '已逾期 2 个工作日，请尽快报送',
      overdue: true,
    });
  });

  it('passes a calendar problem on instead of guessing', () => {
    const status = deadlineStatus('1990-01-01', '1990-01-05', china);
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

  it('names a changed long text as collect does when the metadata carries its check', async () => {
    const { lockedCells, lockedFingerprint, lockedTextCheck, gridFromObject, taskContentText } =
      await import('../core/contract/index.js');
    const { checkStructure } = await import('../core/rules/index.js');
    const issued = lockedCells(full);
    const sheets: Record<string, Record<string, string | number>> = { 任务进展: {}, 监测指标: {} };
    for (const cell of issued) sheets[cell.sheet][cell.address] = cell.value;
    sheets['任务进展'].B4 = '改过的内容';
    const run = (rows: typeof full) => {
      const found: { cell: string; text: string }[] = [];
      checkStructure(gridFromObject(sheets), rows, (f) => found.push(f), lockedFingerprint(issued));
      return found;
    };
    const withCheck = {
      ...fromMetadata,
      tasks: fromMetadata.tasks.map((t) => ({
        ...t,
        contentCheck: lockedTextCheck(taskContentText(full.tasks[0])),
      })),
    };
    expect(run(withCheck)).toEqual(run(full));
    expect(run(full)[0].text).toMatch(/^锁定内容被修改（应为“2\. 健全政策制度体系/);
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
    portalUrl: null,
    marksSheet: true,
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
    expect(done.headline).toMatch(/^已于 2024-06-0\d \d{2}:\d{2} 检查完成，可以报送$/);
    expect(done.detail).toBe(nextSteps(base));
    expect(nextSteps(base)).toBe(
      `下一步：保存文件（Ctrl+S），按通知报送市信用办，最迟于 ${chineseDateWithWeekday('2024-06-07')}。`,
    );
    expect(nextSteps({ ...base, portalUrl: 'https://xyk/u/abc' })).toMatch(/点击下方“提交”直接报送市信用办/);
    expect(nextSteps({ ...base, overdue: true })).toMatch(/请尽快.*已过/);
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
