import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { defaultScoringScheme } from '../core/assessment/scheme.js';
import { assessYear, type Review } from '../core/assessment/year.js';
import { renderAssessmentReport } from '../reporter/assess/report.js';
import { scoreSheetBytes } from '../reporter/assess/score-sheet.js';
import { SCORE_SHEETS } from '../reporter/assess/sheet-layout.js';
import { buildAssessmentTemplate } from '../reporter/assess/template.js';
import { months, smallPlan, submission } from './assess-fixtures.js';

const plan = smallPlan();
const scheme = defaultScoringScheme(plan);
const year = months(2024);

function render(reviews: Review[] = [], submissions = [submission(plan, 'X01', '2024-06')], used = scheme) {
  const assessment = assessYear({ plan, scheme: used, year: 2024, periods: year, submissions, reviews });
  return renderAssessmentReport({ plan, scheme: used, assessment, date: '2025-01-20' });
}

const documentXml = (bytes: Uint8Array) => new TextDecoder().decode(unzipSync(bytes)['word/document.xml']);
const text = (xml: string) => xml.replace(/<[^>]+>/g, '');

describe('assessment report', () => {
  it('is byte-identical for the same data and date', async () => {
    const a = await render();
    const b = await render();
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('matches the built-in template built from code (so the committed template is never stale)', async () => {
    const { readFileSync } = await import('node:fs');
    // docx numbers drawings with a process-wide counter; only that may differ.
    const parts = (bytes: Uint8Array) =>
      Object.entries(unzipSync(bytes)).map(([name, data]) => [
        name,
        new TextDecoder().decode(data).replace(/<wp:docPr id="\d+"/g, '<wp:docPr id=""'),
      ]);
    const committed = new Uint8Array(readFileSync(new URL('../templates/assessment.docx', import.meta.url)));
    expect(parts(await buildAssessmentTemplate())).toEqual(parts(committed));
  });

  it('prints what the office typed as text, never as template or markup', async () => {
    const reason = '{{title}} <b>加粗</b> & 经验\u0007做法';
    const report = await render([{ unit: 'X01', item: 'A2', score: 10, reason }]);
    const xml = documentXml(report.bytes);
    expect(xml).not.toContain('{{');
    expect(xml).not.toContain('<b>');
    expect(text(xml)).toContain('&lt;b&gt;加粗&lt;/b&gt; &amp; 经验做法');
  });

  it("merges each group's cells in the ranking table and keeps table text off the 28.95 pt line grid", async () => {
    const report = await render();
    const xml = documentXml(report.bytes);
    const table = xml.slice(xml.indexOf('表1'), xml.indexOf('</w:tbl>', xml.indexOf('表1')));
    const rows = [...table.matchAll(/<w:tr>.*?<\/w:tr>/g)].map((r) => r[0]).slice(1);
    const cells = (r: string) => [...r.matchAll(/<w:tc>.*?<\/w:tc>/g)].map((c) => c[0]);
    const groups = rows.map((r) => cells(r)[0]);
    const starts = groups.filter((c) => c.includes('<w:vMerge w:val="restart"/>'));
    const continued = groups.filter((c) => c.includes('<w:vMerge/>'));
    // Two groups (counties and zone; city departments), each named once in a merged cell.
    expect(starts.map((c) => text(c))).toEqual(['县(市、区)及开发区', '市直单位']);
    expect(continued.length).toBe(rows.length - 2);
    for (const c of continued) expect(text(c)).toBe('');
    const styles = new TextDecoder().decode(unzipSync(report.bytes)['word/styles.xml']);
    const table1 = styles.match(/<w:style [^>]*w:styleId="GwTable".*?<\/w:style>/)![0];
    expect(table1).toContain('<w:snapToGrid w:val="0"/>');
  });

  it('breaks the title between words and floats the 版记 at the bottom of the last page', async () => {
    const xml = documentXml((await render()).bytes);
    expect(xml).toMatch(/关于2024年度社会信用体系建设<\/w:t>.*?<w:br\/>.*?工作考核结果的通报/);
    const record = xml.match(/<w:tbl><w:tblPr><w:tblpPr [^>]*w:tblpYSpec="bottom"[^>]*>.*?<\/w:tbl>/)![0];
    expect(text(record)).toContain('印发');
    expect(xml.lastIndexOf('<w:tbl>')).toBe(xml.indexOf(record));
  });

  it('says how the bonus counts: on top of 100 by default, within 100 when the scheme caps the total', async () => {
    const open = text(documentXml((await render()).bytes));
    expect(open).toContain(
      '考核基础分实行百分制，另设加分项目（最多加5分）和扣分项目（最多扣10分），加分计入总分，总分可超过100分。按优秀',
    );
    const capped = text(documentXml((await render([], undefined, { ...scheme, capTotal: true })).bytes));
    expect(capped).toContain('扣分项目（最多扣10分），总分最高为100分。按优秀');
    expect(capped).not.toContain('可超过');
  });

  it('names the lowest-graded units with a rectification deadline on the working-day calendar', async () => {
    const xml = text(documentXml((await render()).bytes));
    // 10 working days after 2025-01-20, past the weekends (the Spring Festival starts 28 January).
    expect(xml).toContain('于2025年2月8日前（10个工作日内）');
    expect(xml).toContain('甲县');
    expect(xml).toContain('考核等次为不合格，主要问题如下');
  });
});

describe('score sheet bytes', () => {
  it('are the same for the same data and date, whatever the clock says, and open in exceljs', async () => {
    const submissions = [submission(plan, 'X01', '2024-06')];
    const assessment = assessYear({ plan, scheme, year: 2024, periods: year, submissions });
    const input = { assessment, scheme, archive: new Map<string, string>(), date: '2025-01-20' };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2025-01-20T08:00:00Z'));
      const a = await scoreSheetBytes(input);
      vi.setSystemTime(new Date('2025-03-07T15:31:12Z'));
      const b = await scoreSheetBytes(input);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) as ArrayBuffer);
      expect(wb.getWorksheet(SCORE_SHEETS.detail)!.getCell('A2').value).toBe('X01');
    } finally {
      vi.useRealTimers();
    }
  });
});
