import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import type { Plan } from '../core/plan/model.js';
import { isoToExcelSerial, excelSerialToIso } from '../core/values/excel-serial.js';
import { docxOfLines, docxOtherCity, docxTaskTable, seedLines } from './plan-import-fixtures.js';

// The built bin, as the office runs it (tests/global-setup.ts builds it first).
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');

function creditwork(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, output: result.stdout + result.stderr };
}

let dir: string;
const builtIn = builtInPlan(2024)!;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-import-'));
  await writeFile(path.join(dir, '工作要点.docx'), await docxOfLines(seedLines()));
  await writeFile(path.join(dir, '任务分工表.docx'), await docxTaskTable());
  await writeFile(path.join(dir, '晋城2027.docx'), await docxOtherCity({ text: true, table: true }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function workspace(name: string): Promise<string> {
  const ws = path.join(dir, name);
  expect(creditwork(['init', '--year', '2024', '--workspace', ws]).code).toBe(0);
  return ws;
}

const show = (ws: string, year: number): Plan =>
  JSON.parse(
    creditwork(['plan', 'show', '--json', '--year', String(year), '--workspace', ws]).stdout,
  ) as Plan;

describe('creditwork plan import', () => {
  it('imports the seed as .docx for 2025 over the 2024 plan: the built-in tasks, responsibilities and targets, years moved, plan check passing with warnings', async () => {
    const ws = await workspace('acceptance');
    const run = creditwork([
      'plan',
      'import',
      path.join(dir, '工作要点.docx'),
      '--year',
      '2025',
      '--workspace',
      ws,
    ]);
    expect(run.output).toContain('plans/2025.xlsx');
    expect(run.output).toContain('任务：23项（按正文）');
    expect(run.output).toContain('新增0个');
    expect(run.output).toContain('指标：22项');
    expect(run.code).toBe(0);

    const check = creditwork(['plan', 'check', '--year', '2025', '--workspace', ws]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('检查通过');
    expect(check.stdout).toMatch(/指标!N\d+：指标 T04-5 待核对：.*全国地级城市平均值.*原文（第\d+段）/);

    const plan = show(ws, 2025);
    expect(plan).toMatchObject({ year: 2025, title: '市社会信用体系建设2025年工作要点' });
    expect(plan.id).toContain('2025');
    expect(plan.tasks.map((t) => [t.number, t.title, t.responsibilities])).toEqual(
      builtIn.tasks.map((t) => [t.number, t.title, t.responsibilities]),
    );
    const moved = (i: Plan['indicators'][number]) =>
      i.kind === 'date' ? isoToExcelSerial(excelSerialToIso(i.target)!.replace('2024', '2025')) : i.target;
    expect(plan.indicators.map((i) => [i.code, i.task, i.kind, i.comparator, i.target])).toEqual(
      builtIn.indicators.map((i) => [i.code, i.task, i.kind, i.comparator, moved(i)]),
    );
    expect(plan.tasks[14].deadline).toBe('2025-10-31');
    expect(JSON.stringify(plan)).not.toMatch(/2024-\d\d-\d\d/);
    // Carried over from 2024, not read from the document.
    expect(plan.units.map((u) => u.code)).toEqual(builtIn.units.map((u) => u.code));
    expect(plan.settings.returnDeadlineWorkingDay).toBe(builtIn.settings.returnDeadlineWorkingDay);
  });

  it('--json reports the import, the units matched and every item to check with sheet and cell', async () => {
    const ws = await workspace('json');
    const run = creditwork([
      'plan',
      'import',
      path.join(dir, '任务分工表.docx'),
      '--year',
      '2025',
      '--workspace',
      ws,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      ok: true,
      year: 2025,
      from: 2024,
      format: '.docx',
      layout: 'table',
      documentYear: 2024,
      tasks: 23,
      deadlines: 1,
      indicators: 22,
      units: { new: 0, added: [] },
      errors: 0,
    });
    expect(report.units.matched).toBe(builtIn.units.length);
    expect(report.review.indicators).toBeGreaterThan(0);
    for (const finding of report.review.findings) {
      expect(finding).toMatchObject({
        level: 'warning',
        sheet: expect.any(String),
        cell: expect.stringMatching(/^[A-Z]+\d+$/),
      });
      expect(finding.message).toContain('原文');
    }
  });

  it('adds a name no unit has as a new unit marked 待核对 with the words it came from', async () => {
    const ws = await workspace('new-unit');
    const file = path.join(dir, '新单位.txt');
    await writeFile(
      file,
      [
        'XX市社会信用体系建设2026年工作要点',
        '二、重点工作',
        '（一）夯实基础',
        '1.建设信用数据中台。数据归集率达到95%以上。（牵头单位：市大数据中心；配合单位：市发改委、各县（市、区）人民政府）',
      ].join('\n'),
    );
    const run = creditwork(['plan', 'import', file, '--year', '2026', '--workspace', ws, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.units).toMatchObject({
      new: 1,
      added: [{ code: 'S35', name: '市大数据中心', kind: 'city-department' }],
    });

    const plan = show(ws, 2026);
    expect(plan.units.find((u) => u.code === 'S35')?.reviewNote).toContain('牵头单位：市大数据中心');
    expect(plan.tasks[0].responsibilities[0]).toEqual({ unit: 'S35', role: 'lead' });
    expect(plan.tasks[0].responsibilities).toHaveLength(2 + 13);
    const check = creditwork(['plan', 'check', '--year', '2026', '--workspace', ws]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/单位!F\d+：单位 S35 待核对：“市大数据中心”与已有单位的名称和别名都不符/);
  });

  it("imports another city's 2027 document with a 任务分工表 into a fresh workspace: summary, plan check, plan show", async () => {
    const ws = await workspace('other-city');
    const run = creditwork([
      'plan',
      'import',
      path.join(dir, '晋城2027.docx'),
      '--year',
      '2027',
      '--workspace',
      ws,
    ]);
    expect(run.code).toBe(0);
    expect(run.output).toContain('任务：10项（按正文和任务分工表）');
    expect(run.output).toContain('新增3个（S35 市大数据应用局、S36 市委宣传部、S37 市地方金融管理局');
    expect(run.output).toContain('指标：19项');

    const check = creditwork(['plan', 'check', '--year', '2027', '--workspace', ws]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('检查通过');
    expect(check.stdout).toMatch(
      /单位!\w+\d+：单位 S20 待核对：原文“市人力资源和社会保障局”按全称与简称对应为本单位/,
    );
    expect(check.stdout).toMatch(/指标!\w+\d+：指标 T05-2 待核对：.*范围“2-3个”/);

    const plan = show(ws, 2027);
    expect(plan.title).toBe('晋城市2027年社会信用体系建设工作要点');
    expect(plan.tasks).toHaveLength(10);
    expect(plan.units.find((u) => u.code === 'S01')?.aliases).toContain('市发展和改革委员会');
    expect(plan.indicators.find((i) => i.code === 'T06-1')).toMatchObject({ comparator: '<', target: 0.003 });
  });

  it('carries over from the latest year by default, or from --from', async () => {
    const ws = await workspace('from');
    const other = creditwork([
      'plan',
      'import',
      path.join(dir, '晋城2027.docx'),
      '--year',
      '2026',
      '--workspace',
      ws,
    ]);
    expect(other.code).toBe(0); // 2026 now has the three units that document added
    const seed = path.join(dir, '工作要点.docx');
    const latest = creditwork(['plan', 'import', seed, '--year', '2027', '--workspace', ws, '--json']);
    expect(JSON.parse(latest.stdout)).toMatchObject({
      from: 2026,
      units: { total: builtIn.units.length + 3 },
    });
    const earlier = creditwork([
      'plan',
      'import',
      seed,
      '--year',
      '2028',
      '--from',
      '2024',
      '--workspace',
      ws,
      '--json',
    ]);
    expect(JSON.parse(earlier.stdout)).toMatchObject({ from: 2024, units: { total: builtIn.units.length } });
    expect(show(ws, 2028).units.some((u) => u.name === '市大数据应用局')).toBe(false);
    const none = creditwork(['plan', 'import', seed, '--year', '2029', '--from', '2019', '--workspace', ws]);
    expect(none.code).toBe(1);
    expect(none.output).toContain('2019');
  });

  it('does not overwrite a year without --force, and keeps a backup with it', async () => {
    const ws = await workspace('force');
    const args = ['plan', 'import', path.join(dir, '工作要点.docx'), '--year', '2024', '--workspace', ws];
    const before = await readFile(path.join(ws, 'plans', '2024.xlsx'));
    const refused = creditwork(args);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('已存在，未做任何修改');
    expect(await readFile(path.join(ws, 'plans', '2024.xlsx'))).toEqual(before);
    const forced = creditwork([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(path.join(ws, 'plans')).some((f) => f.startsWith('2024.备份-'))).toBe(true);
  });

  it('refuses what it cannot import, in Chinese, changing nothing', async () => {
    const ws = await workspace('refusals');
    const missing = creditwork([
      'plan',
      'import',
      path.join(dir, '没有这个.docx'),
      '--year',
      '2025',
      '--workspace',
      ws,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('找不到文件');

    const notes = path.join(dir, '会议纪要.txt');
    await writeFile(notes, '会议纪要\n与会人员讨论了明年的工作安排。');
    const none = creditwork(['plan', 'import', notes, '--year', '2025', '--workspace', ws]);
    expect(none.code).toBe(1);
    expect(none.output).toContain('没有找到重点任务');
    expect(existsSync(path.join(ws, 'plans', '2025.xlsx'))).toBe(false);

    const noYear = creditwork(['plan', 'import', notes, '--workspace', ws]);
    expect(noYear.code).not.toBe(0);
    expect(noYear.output).toContain('--year');

    const empty = path.join(dir, 'empty-ws');
    const fresh = creditwork(['plan', 'import', notes, '--year', '2025', '--workspace', empty]);
    expect(fresh.code).toBe(1);
    expect(fresh.output).toMatch(/init/);
  });

  it('says what to install when a .wps needs LibreOffice and there is none', async () => {
    const ws = await workspace('no-office');
    const wps = path.join(dir, '要点.wps');
    await writeFile(wps, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const run = creditwork(['plan', 'import', wps, '--year', '2025', '--workspace', ws], {
      PATH: path.join(dir, 'no-programs-here'),
      CREDITWORK_SOFFICE: '',
    });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/要点\.wps.*需要 LibreOffice.*另存为 \.docx/);
    const pdf = path.join(dir, '要点.pdf');
    await writeFile(pdf, '%PDF-1.4\n%%EOF\n');
    const noPdf = creditwork(['plan', 'import', pdf, '--year', '2025', '--workspace', ws], {
      PATH: path.join(dir, 'no-programs-here'),
    });
    expect(noPdf.code).toBe(1);
    expect(noPdf.output).toMatch(/要点\.pdf.*需要 pdftotext.*poppler-utils/);
  });
});
