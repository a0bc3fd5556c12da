import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUAL_PUBLICITY_INDICATORS } from '../core/plan/dual-publicity.js';
import type { Plan } from '../core/plan/model.js';
import { runDemo, type DemoResult } from '../reporter/demo/run-demo.js';
import { listDocuments, type DocumentRecord } from '../reporter/documents/register.js';
import { loadYearPlan } from '../reporter/plan/years.js';
import { openStoreForReading } from '../reporter/store/index.js';
import { expectCountsAgree, readCircular, statedUnits } from './helpers/circular-counts.js';
import { docxContent } from './helpers/docx-content.js';
import { filesUnder, placeholdersIn } from './helpers/office-files.js';
import {
  canRender,
  pageCount,
  pagesWithLoneSignature,
  pageTextLines,
  pageWords,
  printedPageNumber,
} from './helpers/pdf.js';
import { sheetTable } from './helpers/xlsx-table.js';

/**
 * The demo year as the office would hand it on (城市 运城市): 12 circulars and the assessment,
 * published through the document register and laid out by LibreOffice. Each document read as
 * written — its paragraphs, its tables, its PDF — and set against the 汇总表 and the score sheet.
 */

let dir: string;
let demo: DemoResult;
let plan: Plan;
let documents: DocumentRecord[];
const root = () => demo.workspace.root;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'demo-year-'));
  demo = await runDemo({ dir: path.join(dir, 'ws'), months: 12, seed: 2024, log: () => undefined });
  plan = await loadYearPlan(demo.workspace, 2024);
  const store = openStoreForReading(demo.workspace);
  try {
    documents = listDocuments(store);
  } finally {
    store.close();
  }
}, 1_200_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const circulars = () => documents.filter((d) => d.kind === 'circular');
const assessment = () => documents.find((d) => d.kind === 'assessment')!;
const full = (file: string) => path.join(root(), file);

describe('the demo year', () => {
  it('publishes its 12 circulars and the assessment through the register, each 发文字号 once a year', () => {
    expect(circulars().map((d) => d.subject)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`),
    );
    expect(assessment().subject).toBe('2024');
    const numbers = documents.map((d) => `${d.numberYear}-${d.number}`);
    expect(documents.every((d) => d.number !== null)).toBe(true);
    expect(new Set(numbers).size).toBe(documents.length);
    // The register knows the bytes it wrote: nothing overwrote them since.
    for (const d of documents) {
      const bytes = readFileSync(full(d.file));
      expect(createHash('sha256').update(bytes).digest('hex'), d.file).toBe(d.sha256);
      expect(docxContent(bytes).paragraphs.join('\n')).toContain(`运信用办〔${d.numberYear}〕${d.number}号`);
    }
  });

  it('each circular states every count the same in its body, its tables and the month’s 汇总表', async () => {
    const dual: string[] = Object.values(DUAL_PUBLICITY_INDICATORS);
    for (const d of circulars()) {
      const period = d.subject;
      const circular = readCircular(docxContent(readFileSync(full(d.file))));
      const master = path.join(root(), 'reports', period, `汇总表-${period}.xlsx`);
      const status = await sheetTable(master, '报送情况', ['单位代码', '报送状态']);
      const tasks = await sheetTable(master, '任务进展', ['单位', '进展状态']);
      const indicators = await sheetTable(master, '监测指标', ['指标编号', '是否达标']);
      const city = await sheetTable(master, '全市合计', ['指标编号', '是否达标']);
      const where = `${period}:`;
      expectCountsAgree(
        circular,
        {
          units: status.length,
          indicators: plan.indicators.length,
          refused: status.filter((r) => r['报送状态'] === '未通过').length,
          anyReturns: tasks.length > 0,
        },
        where,
      );
      const { text } = circular;
      const statusCount = (label: string) => status.filter((r) => r['报送状态'] === label).length;
      // 一、总体情况 and the 汇总表's 报送情况.
      expect(statedUnits(text, '逾期报送'), `${where} 逾期`).toBe(statusCount('逾期报送'));
      expect(statedUnits(text, '未报送'), `${where} 未报送`).toBe(statusCount('未报送'));
      if (!text.includes('均已按时报送'))
        expect(statedUnits(text, '其中按时报送'), `${where} 按时`).toBe(statusCount('按时报送'));
      // 二、重点任务进展 and the 汇总表's 任务进展: one row per task report, one 滞后 per 滞后.
      expect(Number(/各单位共报送重点任务进展(\d+)项次/.exec(text)?.[1]), `${where} 项次`).toBe(tasks.length);
      const behind = circular.units.reduce((n, r) => n + (Number(r.behind) || 0), 0);
      expect(tasks.filter((r) => r['进展状态'].startsWith('滞后')).length, `${where} 滞后`).toBe(behind);
      // 附件3 and the 汇总表's 监测指标 (the “双公示” three are in 表2, not 附件3).
      const unmet = indicators.filter((r) => r['是否达标'] === '未达标' && !dual.includes(r['指标编号']));
      expect(unmet.length, `${where} 未达标项次`).toBe(circular.unmet.length);
      // 表1 and the 汇总表's 全市合计, indicator by indicator.
      for (const row of city) {
        const named = circular.indicators.find((r) => r.name === row['指标名称']);
        expect(named?.met, `${where} ${row['指标名称']}`).toBe(row['是否达标']);
      }
    }
  });

  it('the assessment report states each count as its tables and the score sheet give it', async () => {
    const report = docxContent(readFileSync(full(assessment().file)));
    const text = report.paragraphs.join('\n');
    const sheet = path.join(root(), 'reports', '2024', '年终考核评分表.xlsx');
    const totals = await sheetTable(sheet, '汇总', ['单位', '总分', '等次']);
    const ranking = report.tables.find((t) => t[0]?.includes('总分') && t[0]?.includes('分组'))!;
    const head = ranking[0];
    // 分组 is one merged cell down its units: each row takes the group named above it.
    let group = '';
    const rows = ranking.slice(1).map((r) => {
      group = r[0] || group;
      return Object.fromEntries(head.map((h, i) => [h, i === 0 ? group : r[i]]));
    });
    expect(rows).toHaveLength(totals.length);
    expect(Number(/对(\d+)个单位的社会信用体系建设工作进行了年终考核/.exec(text)?.[1])).toBe(totals.length);
    // 表1 gives each unit the score sheet's total and 等次.
    for (const unit of totals) {
      const row = rows.find((r) => r['单位'] === unit['单位']);
      expect(row, unit['单位']).toBeDefined();
      expect(Number(row!['总分']), unit['单位']).toBeCloseTo(Number(unit['总分']), 2);
      expect(row!['等次'], unit['单位']).toBe(unit['等次']);
    }
    // 一、总体情况: each group's count, average and 等次 counts are 表1's.
    for (const m of text.matchAll(/(\S+?)共(\d+)个单位参加考核，平均得分([\d.]+)分，其中([^。]+)。/g)) {
      const group = rows.filter((r) => r['分组'] === m[1]);
      expect(group.length, m[1]).toBe(Number(m[2]));
      const mean = group.reduce((s, r) => s + Number(r['总分']), 0) / group.length;
      expect(Number(m[3]), m[1]).toBeCloseTo(mean, 1);
      for (const [, grade, n] of m[4].matchAll(/([^，\d]+?)(\d+)个/g))
        expect(group.filter((r) => r['等次'] === grade).length, `${m[1]} ${grade}`).toBe(Number(n));
    }
  });

  it('prints no XX in any workbook, receipt, 汇总表, circular, score sheet, report or PDF (城市 运城市)', () => {
    const generated = ['outbox', 'reports'].flatMap((sub) => filesUnder(path.join(root(), sub)));
    expect(generated.filter((f) => f.endsWith('.docx'))).toHaveLength(13);
    expect(placeholdersIn(root(), generated)).toEqual([]);
  });

  describe.skipIf(!canRender())('laid out by LibreOffice', () => {
    it('every document ends with its 版记 on an even page, and no page holds the 落款 without body text', () => {
      for (const d of documents) {
        expect(d.pdf, d.file).toBeTruthy();
        const pdf = full(d.pdf!);
        expect(existsSync(pdf)).toBe(true);
        const pages = pageCount(pdf);
        expect(d.pages, d.file).toBe(pages);
        expect(pages % 2, `${d.file}: ${pages} pages`).toBe(0);
        const last = pageTextLines(pdf, pages).map((l) => l.text);
        expect(
          last.some((l) => l.startsWith('抄送：')),
          d.file,
        ).toBe(true);
        expect(
          last.some((l) => l.endsWith('印发')),
          d.file,
        ).toBe(true);
        expect(pagesWithLoneSignature(pdf, plan.document.issuer), d.file).toEqual([]);
      }
    });

    it('numbers every page — n — except a blank page before the 版记 and the 版记 page after it (GB/T 9704 7.5)', () => {
      for (const d of documents) {
        const pdf = full(d.pdf!);
        const pages = pageCount(pdf);
        const blankBefore = pageWords(pdf, pages - 1).length === 0;
        const numbered = blankBefore ? pages - 2 : pages;
        for (let page = 1; page <= numbered; page++)
          expect(printedPageNumber(pdf, page)?.n, `${d.file} page ${page}`).toBe(page);
        if (blankBefore) expect(printedPageNumber(pdf, pages), d.file).toBeUndefined();
      }
    });
  });
});
