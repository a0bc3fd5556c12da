import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_COLUMN, SHEETS } from '../core/contract/layout.js';
import type { Plan } from '../core/plan/model.js';
import { runAssessment, type AssessResult } from '../reporter/assess/index.js';
import { DETAIL_COLUMNS, SCORE_SHEETS, type DetailKey } from '../reporter/assess/sheet-layout.js';
import { collectInbox } from '../reporter/collect/run.js';
import { openStore } from '../reporter/store/index.js';
import { UserError } from '../reporter/user-error.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { filledWorkbook, testPlan } from './collect-fixtures.js';

/**
 * Issue, fill, collect and assess: the score sheet's traces must point at real cells of the archived
 * originals, and the office's review must survive every re-run.
 */

const root = mkdtempSync(path.join(os.tmpdir(), 'cw-assess-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const plan: Plan = testPlan();
const DATE = '2025-01-20';
let ws: Workspace;
let first: AssessResult;

/** The months collected, when each file arrives, and the 诚信宣传 count 河津市 (X03) reports. */
const ROUNDS = [
  { period: '2024-11', arrives: new Date('2024-12-03T10:00:00+08:00'), publicity: 14 },
  { period: '2024-12', arrives: new Date('2025-01-03T10:00:00+08:00'), publicity: 17 },
];
const UNITS = ['X03', 'S04', 'S01'];

async function assess(reviewFile?: string): Promise<AssessResult> {
  const store = openStore(ws);
  try {
    return await runAssessment({
      workspace: ws,
      plan,
      store,
      year: 2024,
      date: DATE,
      reviewFile,
      now: '2025-01-20T09:00:00Z',
      // Scores and reviews are tested here, not the report's pages (tests/documents.test.ts).
      layOut: false,
    });
  } finally {
    store.close();
  }
}

type Row = Record<DetailKey, ExcelJS.CellValue> & { row: number };

async function detailRows(file: string): Promise<Row[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(SCORE_SHEETS.detail)!;
  const rows: Row[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const values = Object.fromEntries(
      DETAIL_COLUMNS.map((c, i) => {
        const v = ws.getRow(r).getCell(i + 1).value;
        return [c.key, v && typeof v === 'object' && 'result' in v ? v.result : v];
      }),
    ) as Row;
    rows.push({ ...values, row: r });
  }
  return rows;
}

const rowOf = (rows: Row[], unit: string, item: string) =>
  rows.find((r) => r.unitCode === unit && r.itemId === item)!;

async function editReview(
  file: string,
  edits: { unit: string; item: string; review: ExcelJS.CellValue; reason?: string }[],
  target = file,
) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(SCORE_SHEETS.detail)!;
  const col = (key: DetailKey) => DETAIL_COLUMNS.findIndex((c) => c.key === key) + 1;
  const addresses: string[] = [];
  for (const e of edits) {
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (row.getCell(col('unitCode')).value !== e.unit || row.getCell(col('itemId')).value !== e.item)
        continue;
      row.getCell(col('review')).value = e.review;
      row.getCell(col('reason')).value = e.reason ?? null;
      addresses.push(row.getCell(col('review')).address);
    }
  }
  await wb.xlsx.writeFile(target);
  return addresses;
}

async function summaryTotal(file: string, unit: string): Promise<{ total: number; rank: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(SCORE_SHEETS.summary)!;
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(String);
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (row.getCell(3).value === unit) {
      return {
        total: Number(row.getCell(headers.indexOf('总分')).value),
        rank: Number(row.getCell(2).value),
      };
    }
  }
  throw new Error(`no ${unit}`);
}

beforeAll(async () => {
  ws = workspaceAt(path.join(root, 'ws'));
  await createWorkspaceFolders(ws);
  for (const round of ROUNDS) {
    for (const unit of UNITS) {
      const filled = await filledWorkbook(plan, unit, {
        period: round.period,
        edit: (wb, rows) => {
          const publicity = rows.indicators.find((i) => i.code === 'T22-1');
          if (publicity) {
            wb
              .getWorksheet(SHEETS.indicators)!
              .getCell(`${INDICATOR_COLUMN.numerator.letter}${publicity.row}`).value = round.publicity;
          }
        },
      });
      const file = path.join(ws.inbox, filled.name);
      writeFileSync(file, filled.bytes);
      utimesSync(file, round.arrives, round.arrives);
    }
    const result = await collectInbox({
      workspace: ws,
      plan,
      period: round.period,
      now: () => round.arrives,
    });
    expect(result.files.filter((f) => f.outcome === 'accepted')).toHaveLength(UNITS.length);
  }
  // October was issued to 河津市 alone, which never returned it; no other month before November was issued.
  mkdirSync(path.join(ws.outbox, '2024-10'), { recursive: true });
  writeFileSync(path.join(ws.outbox, '2024-10', 'X03-河津市.xlsx'), 'issued');
  first = await assess();
}, 120_000);

/** A cell as the score sheet prints it: dates as ISO, numbers plain, percents without the sign. */
function shown(value: ExcelJS.CellValue): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value && typeof value === 'object' && 'result' in value)
    return shown(value.result as ExcelJS.CellValue);
  return String(value ?? '').trim();
}

describe('assess after issue, fill and collect', () => {
  it('writes the score sheet and the report under reports/2024/', () => {
    expect(first.scoreSheet).toBe(path.join(ws.reports, '2024', '年终考核评分表.xlsx'));
    expect(path.basename(first.report)).toBe('关于2024年度社会信用体系建设工作考核结果的通报.docx');
    expect(existsSync(first.report)).toBe(true);
  });

  it('counts the months issued, a month issued without a return as not submitted, never-issued months not at all', () => {
    const onTime = (code: string) =>
      first.assessment.units
        .find((u) => u.unit.code === code)!
        .items.find((i) => i.item.method === 'on-time')!;
    expect(first.assessment.periods).toEqual(['2024-10', '2024-11', '2024-12']);
    expect(first.assessment.leftOut.map((l) => l.reason)).toEqual(Array(9).fill('not-issued'));
    expect(onTime('X03').rule).toContain('应报3个月（考核期为10—12月共3个月，按计入的月份折算）');
    expect(onTime('X03').rule).toContain('按时报送2个月');
    expect(onTime('X03').rule).toContain('未报送1个月');
    // October was never sent to 市市场监管局: it is not held against it.
    expect(onTime('S04').rule).toContain('应报2个月');
    expect(onTime('S04').rule).toContain('未报送0个月');
  });

  it('traces each score to a cell of the archived original that holds the value shown', async () => {
    const rows = await detailRows(first.scoreSheet);
    const traced = rows.filter((r) => r.sheet && r.cell);
    expect(traced.length).toBeGreaterThan(10);
    const books = new Map<string, ExcelJS.Workbook>();
    for (const r of traced) {
      const archived = path.join(ws.root, String(r.archive));
      expect(existsSync(archived), `存档文件 ${archived}`).toBe(true);
      if (!books.has(archived)) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(archived);
        books.set(archived, wb);
      }
      const cell = books.get(archived)!.getWorksheet(String(r.sheet))!.getCell(String(r.cell));
      expect(shown(cell.value).replace(/%$/, ''), `${r.unitCode} ${r.itemId} ${r.sheet}!${r.cell}`).toBe(
        String(r.value).replace(/%$/, ''),
      );
    }
    const publicity = rowOf(rows, 'X03', 'A5');
    expect(publicity).toMatchObject({ period: '2024-12', sheet: SHEETS.indicators, value: '17' });
    // 12 × 17 ÷ 20
    expect(publicity.computed).toBe(10.2);
  });

  it('lists every source of a multi-source item on the 来源明细 sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(first.scoreSheet);
    const sources = wb.getWorksheet(SCORE_SHEETS.sources)!;
    const rows: string[] = [];
    sources.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === 'S04' && row.getCell(3).value === 'A4')
        rows.push(String(row.getCell(5).value));
    });
    // 合规率, 及时率, 完整率 with numerator and denominator, for each of the two months returned.
    expect(rows).toHaveLength(12);
  });
});

describe('score sheet as the office uses it', () => {
  const open = async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(first.scoreSheet);
    return wb;
  };

  it('puts the review columns right after 系统计分, marked, unlocked and validated 0..cap with Chinese messages', async () => {
    const sheet = (await open()).getWorksheet(SCORE_SHEETS.detail)!;
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    const at = (header: string) => headers.indexOf(header);
    expect(at('信用办审核分')).toBe(at('系统计分') + 1);
    expect(at('审核理由')).toBe(at('信用办审核分') + 1);
    // The unit and item stay in view while scrolling to the rule and the trace; every column filters.
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 4, ySplit: 1 });
    expect(headers.slice(1, 5)).toEqual(['单位编号', '单位', '项目编号', '考核项目']);
    expect(String(sheet.autoFilter)).toBe(`A1:${sheet.getColumn(headers.length - 1).letter}1`);
    const fill = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    const review = sheet.getRow(1).getCell(at('信用办审核分'));
    expect(fill(review)).not.toBe(fill(sheet.getRow(1).getCell(at('系统计分'))));

    const rows = await detailRows(first.scoreSheet);
    let applicable = 0;
    for (const r of rows) {
      const cell = sheet.getRow(r.row).getCell(at('信用办审核分'));
      const validation = cell.dataValidation;
      if (r.computed === null) {
        // Not applicable: Excel refuses any entry.
        expect(validation).toMatchObject({ type: 'textLength', showErrorMessage: true });
        expect(validation.error).toContain('不适用');
        continue;
      }
      applicable++;
      expect(cell.protection?.locked).toBe(false);
      expect(fill(cell)).toBe(fill(sheet.getRow(r.row).getCell(at('审核理由'))));
      const veto = String(r.item).includes('否决');
      expect(validation).toMatchObject({
        type: veto ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: true,
        showErrorMessage: true,
      });
      expect(validation.formulae.map(Number)).toEqual([0, Number(r.cap)]);
      if (!veto) expect(validation.error).toContain(`请填写 0 至 ${r.cap} 之间的数字`);
    }
    expect(applicable).toBeGreaterThan(20);
  });

  it('states each rule with its numbers, in Chinese, without ISO dates', async () => {
    const rows = await detailRows(first.scoreSheet);
    for (const r of rows) {
      const rule = String(r.rule);
      expect(rule, `${r.unitCode} ${r.itemId}`).not.toMatch(/\d{4}-\d{2}-\d{2}|undefined|NaN/);
      if (r.computed !== null) expect(rule, `${r.unitCode} ${r.itemId}`).toContain(String(r.computed));
    }
    // 河津市's 诚信宣传: named, with the code for lookup, and the arithmetic.
    expect(rowOf(rows, 'X03', 'A5').rule).toBe(
      '数量达标：“诚信宣传次数”（T22-1）全年累计17次，要求全年20次以上；按完成比例计分：12×17÷20=10.2分',
    );
  });

  it('explains the total, and that it is not capped at 100 by default, in 说明 and on the 总分 header', async () => {
    const wb = await open();
    const guide = wb.getWorksheet(SCORE_SHEETS.guide)!;
    let text = '';
    guide.eachRow((row) => {
      if (row.getCell(1).value === '总分') text = String(row.getCell(2).value);
    });
    expect(text).toContain('总分＝基础分（100分制）＋加分（最多5分）－扣分（最多10分）');
    expect(text).toContain('总分不封顶：加分后可超过100分');
    const summary = wb.getWorksheet(SCORE_SHEETS.summary)!;
    const headers = (summary.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
    const note = summary.getRow(1).getCell(headers.indexOf('总分')).note;
    expect(typeof note === 'string' ? note : JSON.stringify(note)).toContain('总分不封顶');
  });
});

describe('review round trip', () => {
  it('takes reviewed scores, re-totals, re-ranks and keeps them through plain re-runs and a deleted sheet', async () => {
    const before = await summaryTotal(first.scoreSheet, 'S01');
    const reviewed = path.join(root, '审核后.xlsx');
    await editReview(
      first.scoreSheet,
      [
        { unit: 'S01', item: 'B2', review: 3, reason: '经验做法被省发展改革委推广' },
        { unit: 'X03', item: 'A1', review: '1.5', reason: '11月逾期一天，酌情扣分' },
      ],
      reviewed,
    );
    const second = await assess(reviewed);
    expect(second.reviewsChanged).toBe(2);
    const after = await summaryTotal(second.scoreSheet, 'S01');
    expect(after.total).toBeCloseTo(before.total + 3, 2);
    let rows = await detailRows(second.scoreSheet);
    expect(rowOf(rows, 'X03', 'A1')).toMatchObject({
      review: 1.5,
      final: 1.5,
      reason: '11月逾期一天，酌情扣分',
    });

    // A plain re-run keeps them (read back from the sheet and the database) …
    const third = await assess();
    rows = await detailRows(third.scoreSheet);
    expect(rowOf(rows, 'S01', 'B2')).toMatchObject({ review: 3, reason: '经验做法被省发展改革委推广' });
    // … and so does one after the score sheet was deleted.
    rmSync(third.scoreSheet);
    const fourth = await assess();
    rows = await detailRows(fourth.scoreSheet);
    expect(rowOf(rows, 'X03', 'A1').review).toBe(1.5);
    expect((await summaryTotal(fourth.scoreSheet, 'S01')).total).toBe(after.total);
  });

  it('takes an edit made directly in the score sheet on a plain re-run, and a cleared cell clears the review', async () => {
    await editReview(first.scoreSheet, [{ unit: 'S01', item: 'B2', review: null }]);
    const result = await assess();
    const rows = await detailRows(result.scoreSheet);
    expect(rowOf(rows, 'S01', 'B2').review).toBeNull();
    expect(rowOf(rows, 'X03', 'A1').review).toBe(1.5);
  });

  it('refuses a non-number and a score over the cap, naming sheet and cell, and changes nothing', async () => {
    const bad = path.join(root, '错误.xlsx');
    const [nonNumber, overCap] = await editReview(
      first.scoreSheet,
      [
        { unit: 'X03', item: 'A2', review: '优' },
        { unit: 'S04', item: 'A1', review: 99 },
      ],
      bad,
    );
    const stamp = statSync(first.scoreSheet).mtimeMs;
    const bytes = readFileSync(first.scoreSheet);
    const error = await assess(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).toContain(`评分明细!${nonNumber}：审核分“优”不是数字`);
    expect(message).toMatch(new RegExp(`评分明细!${overCap}：审核分 99 超过该项分值上限 15`));
    expect(statSync(first.scoreSheet).mtimeMs).toBe(stamp);
    expect(readFileSync(first.scoreSheet).equals(bytes)).toBe(true);
  });
});

describe('Word report', () => {
  const xml = () => {
    const parts = unzipSync(new Uint8Array(readFileSync(first.report)));
    return { parts, document: new TextDecoder().decode(parts['word/document.xml']) };
  };

  it('has the sections, the ranking table, a native chart and no leftover placeholder', () => {
    const { parts, document } = xml();
    const text = document.replace(/<[^>]+>/g, '');
    for (const heading of [
      '一、总体情况',
      '二、考核排名',
      '三、工作亮点',
      '四、存在问题及整改要求',
      '五、下步工作',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('关于2024年度社会信用体系建设工作考核结果的通报');
    expect(text).toContain('2025年1月20日');
    expect(document).not.toContain('{{');
    expect(Object.keys(parts).some((p) => /^word\/charts\/chart\d+\.xml$/.test(p))).toBe(true);
    // The page is A4 with the GB/T 9704 margins.
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('names indicators and dates in Chinese in the problems, never by code or ISO date', () => {
    const text = xml().document.replace(/<[^>]+>/g, '');
    expect(text).toContain('主要失分原因');
    expect(text).not.toMatch(/T\d{2}-\d/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('ranks units in the table in the order of their totals within each group', () => {
    const { document } = xml();
    const text = document.replace(/<[^>]+>/g, '|');
    for (const group of first.assessment.groups) {
      const order = group.units.map((u) => text.indexOf(`|${u.unit.name}|`));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
  });
});
