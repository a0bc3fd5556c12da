import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssessment } from '../reporter/assess/index.js';
import { runDemo } from '../reporter/demo/run-demo.js';
import { loadYearPlan } from '../reporter/plan/years.js';
import { convertFiles } from '../reporter/render/libreoffice.js';
import { openStore } from '../reporter/store/index.js';
import { filesUnder, placeholdersIn, textOf } from './helpers/office-files.js';
import { canRender, pageCount, pageLines, pageSize } from './helpers/pdf.js';

/**
 * What the office hands on after a month with its city set (the demo office, 运城市): every file it
 * sends out, as a director would check it — no XX anywhere, and the Excel outputs print on A4.
 */

describe('a month of the demo office (城市 运城市)', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'city-demo-'));
    root = path.join(dir, 'ws');
    const demo = await runDemo({ dir: root, months: 1, seed: 2024, log: () => undefined, layOut: false });
    const plan = await loadYearPlan(demo.workspace, 2024);
    const store = openStore(demo.workspace);
    try {
      await runAssessment({
        workspace: demo.workspace,
        plan,
        store,
        year: 2024,
        date: '2024-02-20',
        layOut: false,
      });
    } finally {
      store.close();
    }
  }, 240_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints no XX in any workbook, receipt, 汇总表, circular, score sheet or report, nor in their names', () => {
    const generated = ['outbox', 'reports'].flatMap((sub) => filesUnder(path.join(root, sub)));
    expect(generated.some((f) => f.endsWith('.docx'))).toBe(true);
    expect(generated.some((f) => f.includes('回执'))).toBe(true);
    expect(generated.some((f) => f.endsWith('年终考核评分表.xlsx'))).toBe(true);
    expect(generated.some((f) => f.endsWith('考核结果的通报.docx'))).toBe(true);
    expect(generated.some((f) => f.endsWith('K01-运城开发区.xlsx'))).toBe(true);
    const left = placeholdersIn(root, generated);
    expect(left).toEqual([]);
    const circular = generated.find((f) => f.endsWith('.docx') && f.includes('2024-01'))!;
    const text = textOf(circular);
    expect(text).toContain('运城市社会信用体系建设联席会议办公室');
    expect(text).toContain('运信用办〔2024〕1号');
    expect(text).toContain('联系人：王敏，电话：0359-2081234');
  });

  it('keeps the plan workbook as the office typed it, XX and all', () => {
    expect(textOf(path.join(root, 'plans', '2024.xlsx'))).toContain('人行XX市分行');
  });

  describe.skipIf(!canRender())('the Excel outputs printed by LibreOffice', () => {
    const pdfs: Record<string, string> = {};
    beforeAll(async () => {
      const reports = path.join(root, 'reports');
      const receipts = filesUnder(path.join(reports, '2024-01', '回执'));
      // The receipt with the most problems: the longest problem column.
      const receipt = receipts.sort((a, b) => textOf(b).length - textOf(a).length)[0];
      const files = {
        receipt,
        master: path.join(reports, '2024-01', '汇总表-2024-01.xlsx'),
        scores: path.join(reports, '2024', '年终考核评分表.xlsx'),
      };
      const out = path.join(dir, 'printed');
      await mkdir(out);
      const written = await convertFiles(Object.values(files), 'pdf', out);
      Object.keys(files).forEach((key, i) => (pdfs[key] = written[i]));
    }, 240_000);

    const pages = (pdf: string) => Array.from({ length: pageCount(pdf) }, (_, i) => i + 1);
    const a4 = (pdf: string) =>
      pages(pdf).every((n) => {
        const { width, height } = pageSize(pdf, n);
        return (
          [width, height]
            .sort((x, y) => x - y)
            .map(Math.round)
            .join('x') === '595x842'
        );
      });

    it('a receipt: portrait A4, every column on the page, the problems wrapped within it', () => {
      const pdf = pdfs.receipt;
      expect(a4(pdf)).toBe(true);
      expect(pageSize(pdf).width).toBeLessThan(pageSize(pdf).height);
      for (const n of pages(pdf)) expect(pageLines(pdf, n).join('\n')).toMatch(/序号.*问题及修改方法/);
      expect(pageLines(pdf, pages(pdf).at(-1)!).join('')).toMatch(/第 \d+ 页，共 \d+ 页/);
    });

    it('the 汇总表: every sheet one page wide with its header on each page, rates as percentages', () => {
      const pdf = pdfs.master;
      expect(a4(pdf)).toBe(true);
      const text = pages(pdf).map((n) => pageLines(pdf, n).join('\n'));
      // The last column of each sheet is on every page of it: nothing printed on a page of its own.
      const lastHeaders = [
        '最近一次文件',
        '是否达标',
        '备注',
        '印证资料',
        '问题及修改方法',
        'SHA-256（存档）',
        '登记时间',
      ];
      for (const page of text)
        expect(
          lastHeaders.some((h) => page.includes(h)),
          page.slice(0, 200),
        ).toBe(true);
      // A unit's 合规率 reads 98.81%, not 0.9881.
      const rates = text
        .join('\n')
        .split('\n')
        .filter((l) => l.includes('信息合规率') && /T04-1/.test(l));
      expect(rates.length).toBeGreaterThan(10);
      for (const line of rates) expect(line).toMatch(/\d+\.\d{2}%/);
    });

    it('the score sheet: A4 landscape, one page wide with the review columns and the trace cell', () => {
      const pdf = pdfs.scores;
      expect(a4(pdf)).toBe(true);
      const text = pages(pdf).map((n) => pageLines(pdf, n).join('\n'));
      const detail = text.filter((t) => t.includes('计分规则（实际计算）'));
      expect(detail.length).toBeGreaterThan(1);
      for (const page of detail)
        for (const header of ['审核理由', '最终得分', '来源值']) expect(page).toContain(header);
      expect(pageSize(pdf, 1).width).toBeGreaterThan(pageSize(pdf, 1).height);
      // 48 units' items fit on tens of pages, not hundreds.
      expect(text.length).toBeLessThan(80);
    });
  });
});
