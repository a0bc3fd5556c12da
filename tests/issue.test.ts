import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { libraryCalendar } from '../core/calendar/index.js';

const { isWorkingDay, nthWorkingDayOfMonth } = libraryCalendar();
import {
  lockedCells,
  lockedFingerprint,
  MARKS_SHEET,
  readLockedCells,
  readMetadata,
  rowsFromMetadata,
  SHEETS,
  TEMPLATE_VERSION,
  unitRows,
  unitsToIssue,
} from '../core/contract/index.js';
import { plan2024 } from '../core/plan/plan2024.js';
import type { SubmissionContent } from '../core/submission.js';
import { run as issueCommand } from '../reporter/commands/issue.js';
import { gridFromExcelJs } from '../reporter/issue/exceljs-grid.js';
import { issuePeriod, type IssueResult } from '../reporter/issue/issue-period.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { UserError } from '../reporter/user-error.js';
import { issueWorkbook, openWorkbook, smallPlan, tempDir } from './helpers/fill-workbook.js';

let outbox: string;
let result: IssueResult;

beforeAll(async () => {
  outbox = await tempDir('creditwork-issue-');
  result = await issuePeriod({
    plan: plan2024,
    period: '2024-05',
    outbox,
    now: new Date('2024-06-01T08:00:00Z'),
  });
});

const fileOf = (code: string) => result.files.find((f) => f.unitCode === code)!.path;

function sheetXml(file: Buffer, sheetName: string): string {
  const files = unzipSync(new Uint8Array(file));
  const workbook = strFromU8(files['xl/workbook.xml']);
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const rid = new RegExp(`<sheet [^>]*name="${sheetName}"[^>]*r:id="(rId\\d+)"`).exec(workbook)![1];
  const target =
    new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
  return strFromU8(files[`xl/${target.replace(/^\/?xl\//, '')}`]);
}

describe('creditwork issue', () => {
  it('writes one workbook per responsible unit of the 2024 plan, with an index', async () => {
    const expected = unitsToIssue(plan2024);
    expect(expected.length).toBeGreaterThanOrEqual(45);
    expect(result.files.map((f) => f.unitCode)).toEqual(expected);
    const names = await readdir(result.dir);
    for (const f of result.files) {
      const unit = plan2024.units.find((u) => u.code === f.unitCode)!;
      expect(f.file).toBe(`${unit.code}-${unit.name}.xlsx`);
      expect(names).toContain(f.file);
    }
    expect(names).toContain('下发清单-2024-05.xlsx');
    const index = await openWorkbook(result.index);
    const ws = index.getWorksheet('下发清单')!;
    expect(ws.getCell('A3').value).toBe(expected[0]);
    expect(ws.getCell(`A${expected.length + 2}`).value).toBe(expected[expected.length - 1]);
    expect(ws.getCell('G3').value).toBe('2024-06-07');
  });

  it('the deadline is the 5th working day of June 2024 on the holiday calendar', async () => {
    expect(result.deadline).toBe(nthWorkingDayOfMonth(2024, 6, plan2024.settings.returnDeadlineWorkingDay));
    expect(isWorkingDay(result.deadline)).toBe(true);
    expect(result.deadline).toBe('2024-06-07');
    const wb = await openWorkbook(fileOf('X03'));
    const guide = wb.getWorksheet(SHEETS.guide)!;
    const texts: string[] = [];
    guide.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('\n')).toContain('2024年6月7日（星期五）');
    expect(texts.join('\n')).toContain('河津市');
  });

  it('a county workbook holds exactly its tasks and indicators, keyed in column A', async () => {
    // The credit office leads task 1 but collects the returns: it gets no workbook.
    expect(result.files.some((f) => f.unitCode === 'XYB')).toBe(false);
    for (const code of ['X03', 'S01', 'S34']) {
      const wb = await openWorkbook(fileOf(code));
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        SHEETS.guide,
        SHEETS.tasks,
        SHEETS.indicators,
        SHEETS.metadata,
        MARKS_SHEET,
      ]);
      const rows = unitRows(plan2024, code);
      const tasks = wb.getWorksheet(SHEETS.tasks)!;
      for (const t of rows.tasks) expect(tasks.getCell(`A${t.row}`).value).toBe(t.task);
      expect(tasks.getCell(`A${4 + rows.tasks.length}`).value).toBeNull();
      const indicators = wb.getWorksheet(SHEETS.indicators)!;
      for (const i of rows.indicators) expect(indicators.getCell(`A${i.row}`).value).toBe(i.code);
      expect(indicators.getCell(`A${4 + rows.indicators.length}`).value).toBeNull();
    }
  });

  it('metadata is veryHidden and identifies plan, unit, period, template and locked-cell fingerprint', async () => {
    const wb = await openWorkbook(fileOf('X03'));
    expect(wb.getWorksheet(SHEETS.metadata)!.state).toBe('veryHidden');
    const grid = gridFromExcelJs(wb);
    const meta = readMetadata(grid);
    expect(meta.ok).toBe(true);
    if (!meta.ok) return;
    expect(meta.metadata).toMatchObject({
      templateVersion: TEMPLATE_VERSION,
      planId: plan2024.id,
      planVersion: plan2024.version,
      planYear: 2024,
      unitCode: 'X03',
      unitName: '河津市',
      period: '2024-05',
      issuedAt: '2024-06-01T08:00:00.000Z',
      deadline: '2024-06-07',
    });
    const rows = unitRows(plan2024, 'X03');
    // Recomputed from the cells as read back, not from what was meant to be written.
    expect(lockedFingerprint(readLockedCells(grid, lockedCells(rows)))).toBe(meta.metadata.fingerprint);
    const fromMeta = rowsFromMetadata(meta.metadata)!;
    expect(fromMeta.tasks.map((t) => [t.task, t.row, t.role])).toEqual(
      rows.tasks.map((t) => [t.task, t.row, t.role]),
    );
    expect(fromMeta.indicators.map((i) => [i.code, i.kind, i.target])).toEqual(
      rows.indicators.map((i) => [i.code, i.kind, i.target]),
    );
  });

  it('protects every sheet, locks keys and texts, leaves input cells open', async () => {
    const wb = await openWorkbook(fileOf('S01'));
    for (const name of [SHEETS.guide, SHEETS.tasks, SHEETS.indicators]) {
      const ws = wb.getWorksheet(name) as ExcelJS.Worksheet & { sheetProtection?: { sheet?: boolean } };
      expect(ws.sheetProtection?.sheet, name).toBe(true);
    }
    // Data sheets let the add-in colour cells without lifting protection.
    for (const name of [SHEETS.tasks, SHEETS.indicators]) {
      const ws = wb.getWorksheet(name) as ExcelJS.Worksheet & { sheetProtection?: { formatCells?: boolean } };
      expect(ws.sheetProtection?.formatCells, name).toBe(true);
    }
    const tasks = wb.getWorksheet(SHEETS.tasks)!;
    for (const col of ['A', 'B', 'C'])
      expect(tasks.getCell(`${col}4`).protection?.locked, col).not.toBe(false);
    for (const col of ['D', 'E', 'F', 'G', 'H', 'I', 'J'])
      expect(tasks.getCell(`${col}4`).protection?.locked, col).toBe(false);
    const indicators = wb.getWorksheet(SHEETS.indicators)!;
    const rows = unitRows(plan2024, 'S01');
    for (const ind of rows.indicators) {
      const r = ind.row;
      expect(indicators.getCell(`D${r}`).protection?.locked).toBe(false);
      const twoCounts = ind.kind === 'ratio' || (ind.kind === 'percent' && ind.numeratorLabel !== undefined);
      const locked = indicators.getCell(`E${r}`).protection?.locked;
      if (twoCounts) expect(locked).toBe(false);
      else expect(locked).not.toBe(false);
      for (const col of ['A', 'B', 'C', 'F', 'G', 'H'])
        expect(indicators.getCell(`${col}${r}`).protection?.locked).not.toBe(false);
      expect(indicators.getCell(`F${r}`).formula).toBeTruthy();
      expect(indicators.getCell(`H${r}`).formula).toContain('未达标');
    }
  });

  it('native validation on every input cell, with Chinese prompts and errors', async () => {
    const wb = await openWorkbook(fileOf('X03'));
    const tasks = wb.getWorksheet(SHEETS.tasks)!;
    const rows = unitRows(plan2024, 'X03');
    for (const t of rows.tasks) {
      const status = tasks.getCell(`D${t.row}`).dataValidation;
      expect(status.type).toBe('list');
      expect(status.formulae[0]).toBe('"未启动,推进中,已完成,滞后,不适用"');
      expect(status.error).toContain('下拉列表');
      expect(tasks.getCell(`E${t.row}`).dataValidation).toMatchObject({
        type: 'decimal',
        formulae: [0, 100],
        showErrorMessage: true,
      });
      for (const col of ['F', 'G', 'H', 'J'])
        expect(tasks.getCell(`${col}${t.row}`).dataValidation.type).toBe('textLength');
      expect(tasks.getCell(`I${t.row}`).dataValidation.type).toBe('date');
    }
    const indicators = wb.getWorksheet(SHEETS.indicators)!;
    for (const i of rows.indicators) {
      const v = indicators.getCell(`D${i.row}`).dataValidation;
      expect(v.showErrorMessage).toBe(true);
      expect(v.errorStyle).toBe('stop');
      expect(v.prompt).toMatch(/[\u4e00-\u9fff]/);
      const expected = { count: 'whole', percent: 'whole', ratio: 'whole', date: 'date', 'yes-no': 'list' }[
        i.kind
      ];
      expect(v.type, i.code).toBe(expected);
      expect(indicators.getCell(`I${i.row}`).dataValidation.type).toBe('date');
    }
  });

  it('the validation XML refuses text in a numerator cell (what LibreOffice and Excel enforce)', async () => {
    const xml = sheetXml(await readFile(fileOf('X03')), SHEETS.indicators);
    const rows = unitRows(plan2024, 'X03');
    const ratioRow = rows.indicators.find((i) => i.kind === 'percent')!.row;
    const validations = [...xml.matchAll(/<dataValidation [^>]*>[\s\S]*?<\/dataValidation>/g)].map(
      (m) => m[0],
    );
    const numerator = validations.find(
      (v) => new RegExp(`sqref="[^"]*\\bD${ratioRow}\\b`).test(v) || coversRow(v, 'D', ratioRow),
    );
    expect(numerator, 'validation covering the numerator cell').toBeDefined();
    expect(numerator).toMatch(/type="whole"/);
    expect(numerator).toMatch(/operator="greaterThanOrEqual"/);
    expect(numerator).toMatch(/showErrorMessage="1"/);
    expect(numerator).toMatch(/errorStyle="stop"/);
    expect(numerator).toMatch(/<formula1>0<\/formula1>/);
    expect(numerator).toContain('请输入不小于0的整数');
    // Conditional formats for missing inputs and unmet targets.
    expect(xml).toContain('<conditionalFormatting');
    expect(xml).toContain('未达标');
    expect(xml).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/);
    expect(xml).toMatch(/fitToHeight="0"/);
    expect(xml).toMatch(/<pane [^>]*ySplit="3"[^>]*state="frozen"/);
    expect(xml).toMatch(/<sheetProtection [^>]*sheet="1"/);
    const workbook = strFromU8(unzipSync(new Uint8Array(await readFile(fileOf('X03'))))['xl/workbook.xml']);
    expect(workbook).toMatch(/_xlnm\.Print_Titles/);
    expect(workbook).toMatch(
      /name="_creditwork"[^>]*state="veryHidden"|state="veryHidden"[^>]*name="_creditwork"/,
    );
  });

  it('refuses to re-issue a period without --force; with --force keeps the earlier files aside', async () => {
    const dir = await tempDir('creditwork-reissue-');
    const plan = smallPlan();
    await issuePeriod({ plan, period: '2024-05', outbox: dir });
    await expect(issuePeriod({ plan, period: '2024-05', outbox: dir })).rejects.toThrow(UserError);
    await expect(issuePeriod({ plan, period: '2024-05', outbox: dir })).rejects.toThrow(/--force/);
    const again = await issuePeriod({
      plan,
      period: '2024-05',
      outbox: dir,
      force: true,
      now: new Date('2024-06-02T00:00:00Z'),
    });
    expect(again.movedAside).toBeDefined();
    const kept = await readdir(again.movedAside!);
    expect(kept).toContain('S01-市发展改革委.xlsx');
    expect(kept).toContain('下发清单-2024-05.xlsx');
    expect((await readdir(again.dir)).filter((f) => f.endsWith('.xlsx'))).toHaveLength(
      again.files.length + 1,
    );
  });

  it('pre-fills statuses, texts and year-to-date counts from the last accepted submission', async () => {
    const plan = smallPlan();
    const previous: SubmissionContent = {
      unit: 'S01',
      period: '2024-04',
      tasks: [
        {
          task: 1,
          role: 'lead',
          status: 'behind',
          percent: 40,
          progress: '四月进展',
          problems: '缺经费',
          nextSteps: '申请经费',
          plannedCompletion: '2024-08-31',
          evidence: '',
        },
        {
          task: 2,
          role: 'lead',
          status: 'done',
          percent: 100,
          progress: '完成',
          problems: '',
          nextSteps: '',
          plannedCompletion: null,
          evidence: '文件A',
        },
      ],
      indicators: [
        { code: 'T02-4', numerator: 7, denominator: null, value: 7, asOf: '2024-04-30', note: '' },
        { code: 'T02-1', numerator: 10, denominator: 20, value: 0.5, asOf: '2024-04-30', note: '' },
      ],
    };
    const issued = await issueWorkbook({ plan, unitCode: 'S01', period: '2024-05', previous });
    const wb = await openWorkbook(issued.file);
    const t = wb.getWorksheet(SHEETS.tasks)!;
    expect([
      t.getCell('D4').value,
      t.getCell('E4').value,
      t.getCell('G4').value,
      t.getCell('H4').value,
    ]).toEqual(['滞后', 40, '缺经费', '申请经费']);
    expect(t.getCell('F4').value).toBeNull();
    expect((t.getCell('I4').value as Date).toISOString().slice(0, 10)).toBe('2024-08-31');
    expect([t.getCell('D5').value, t.getCell('J5').value]).toEqual(['已完成', '文件A']);
    const ind = wb.getWorksheet(SHEETS.indicators)!;
    const row = (code: string) => issued.rows.indicators.find((i) => i.code === code)!.row;
    expect(ind.getCell(`D${row('T02-4')}`).value).toBe(7);
    expect(ind.getCell(`D${row('T02-1')}`).value).toBeNull();
    // A new year starts from zero.
    const january = await issueWorkbook({
      plan,
      unitCode: 'S01',
      period: '2024-01',
      previous: { ...previous, period: '2023-12' },
    });
    const jan = (await openWorkbook(january.file)).getWorksheet(SHEETS.indicators)!;
    expect(jan.getCell(`D${row('T02-4')}`).value).toBeNull();
    // …and a planned date the new year's rules refuse (before its 1 January) is not carried into it.
    const stale = await issueWorkbook({
      plan,
      unitCode: 'S01',
      period: '2025-01',
      previous: { ...previous, period: '2024-12' },
    });
    const staleTasks = (await openWorkbook(stale.file)).getWorksheet(SHEETS.tasks)!;
    expect(staleTasks.getCell('D4').value).toBe('滞后');
    expect(staleTasks.getCell('I4').value).toBeNull();
  });

  it('the command issues from a workspace plan.xlsx', async () => {
    const root = await tempDir('creditwork-ws-');
    await writePlanWorkbook(plan2024, path.join(root, 'plan.xlsx'));
    const logs: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void logs.push(a.join(' '));
    try {
      expect(await issueCommand({ workspace: root, period: '2024-5' })).toBe(0);
    } finally {
      console.log = log;
    }
    const count = unitsToIssue(plan2024).length;
    expect(logs.join('\n')).toContain(`已下发2024年5月填报表 ${count} 份`);
    expect(logs.join('\n')).toContain('2024年6月7日');
    const written = await readdir(path.join(root, 'outbox', '2024-05'));
    expect(written).toHaveLength(count + 1);
    expect(written).toContain('X03-河津市.xlsx');
    await expect(issueCommand({ workspace: root, period: '2024-13' })).rejects.toThrow(UserError);
  });

  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
  it.skipIf(!soffice)(
    'renders to PDF in LibreOffice (A4 landscape pages, one page image checked by eye)',
    async () => {
      const dir = await tempDir('creditwork-pdf-');
      const source = path.join(dir, 'X03.xlsx');
      await copyFile(fileOf('X03'), source);
      execFileSync(
        soffice!,
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/profile`,
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          source,
        ],
        {
          timeout: 120_000,
          stdio: 'ignore',
        },
      );
      const pdf = path.join(dir, 'X03.pdf');
      expect((await stat(pdf)).size).toBeGreaterThan(10_000);
      const info = execFileSync('pdfinfo', [pdf]).toString();
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThanOrEqual(3);
      // Page 2 is the first task page: landscape A4 (842 × 595 pt).
      const size = execFileSync('pdfinfo', ['-f', '2', '-l', '2', pdf]).toString();
      const [w, h] = /Page\s+2 size:\s+([\d.]+) x ([\d.]+)/.exec(size)!.slice(1).map(Number);
      expect(Math.round(w)).toBe(842);
      expect(Math.round(h)).toBe(595);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', '-l', '2', pdf, path.join(dir, 'page')]);
      const png = (await readdir(dir)).find((f) => f.startsWith('page') && f.endsWith('.png'));
      expect(png).toBeDefined();
    },
  );
});

function coversRow(validation: string, col: string, row: number): boolean {
  const sqref = /sqref="([^"]+)"/.exec(validation)?.[1] ?? '';
  return sqref.split(' ').some((ref) => {
    const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref);
    if (!m) return false;
    const [c1, r1, c2, r2] = [m[1], Number(m[2]), m[3] ?? m[1], Number(m[4] ?? m[2])];
    return c1 <= col && col <= c2 && r1 <= row && row <= r2;
  });
}
