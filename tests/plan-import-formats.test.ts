import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from './helpers/gb18030.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textDocument, type SourceDocument } from '../core/plan/import/document.js';
import { importWorkPoints, type ImportedPlan } from '../core/plan/import/import.js';
import { plan2024, UNITS_2024 } from '../core/plan/plan2024.js';
import { SEED_2024 } from '../core/plan/seed-2024.js';
import { isoToExcelSerial, excelSerialToIso } from '../core/values/excel-serial.js';
import { shiftYears } from '../core/plan/years.js';
import { ZipArchive } from '../reporter/collect/zip.js';
import { readDocumentXml, readDocx } from '../reporter/plan/import/docx.js';
import { readWorkPointsFile } from '../reporter/plan/import/read-document.js';
import { decodeDocumentText, joinPdfLines } from '../reporter/plan/import/text-file.js';
import { UserError } from '../reporter/user-error.js';
import {
  docxAutoNumbered,
  docxOfLines,
  docxTaskTable,
  fullWidth,
  seedLines,
} from './plan-import-fixtures.js';

const importDoc = (doc: SourceDocument, year = 2024) => importWorkPoints(doc, { year, units: UNITS_2024 });
const docxDocument = (bytes: Uint8Array) => readDocx(new ZipArchive(bytes));
const squash = (text: string) => fullWidth(text).replace(/\s+/g, '');

/** The imported plan has the built-in plan's tasks, responsibilities and targets (dates in `year`). */
function expectBuiltIn(plan: ImportedPlan, year = 2024, options: { exactText?: boolean } = {}) {
  const shift = (serial: number) =>
    isoToExcelSerial(excelSerialToIso(serial)!.replace(/^2024/, String(year)));
  const same = (text: string) => (options.exactText === false ? squash(text) : text);
  const expected = (text: string) => same(shiftYears(text, 2024, year));
  expect(plan.addedUnits).toEqual([]);
  expect(
    plan.tasks.map((t) => [t.number, t.section, same(t.sectionTitle), same(t.title), same(t.text)]),
  ).toEqual(
    plan2024.tasks.map((t) => [
      t.number,
      t.section,
      expected(t.sectionTitle),
      expected(t.title),
      expected(t.text),
    ]),
  );
  expect(plan.tasks.map((t) => t.responsibilities)).toEqual(plan2024.tasks.map((t) => t.responsibilities));
  expect(plan.indicators.map((i) => [i.code, i.task, i.kind, i.comparator, i.target])).toEqual(
    plan2024.indicators.map((i) => [
      i.code,
      i.task,
      i.kind,
      i.comparator,
      i.kind === 'date' ? shift(i.target) : i.target,
    ]),
  );
  expect(plan.tasks.filter((t) => t.deadline).map((t) => [t.number, t.deadline])).toEqual([
    [15, `${year}-10-31`],
  ]);
  // Reporters the text names agree with the reviewed built-in plan.
  const reporters = (p: { indicators: { code: string; reporters: string[] }[] }, code: string) =>
    p.indicators.find((i) => i.code === code)?.reporters;
  for (const code of ['T04-1', 'T15-1', 'T22-1', 'T22-2', 'T23-1'])
    expect(reporters(plan, code)).toEqual(reporters(plan2024, code));
  expect(plan.dualPublicityDueWorkingDays).toBe(7);
}

describe('the seed imported in every shape is the built-in 2024 plan', () => {
  it('as text', () => {
    const plan = importDoc(textDocument(SEED_2024));
    expectBuiltIn(plan);
    expect(plan.title).toBe('市社会信用体系建设2024年工作要点');
    expect(plan.tasks.map((t) => t.responsibilityText)).toEqual(
      plan2024.tasks.map((t) => t.responsibilityText),
    );
    expect(plan.layout).toBe('text');
  });

  it('as text in full-width punctuation', () => {
    expectBuiltIn(importDoc(textDocument(fullWidth(SEED_2024))), 2024, { exactText: false });
  });

  it('as text for another year: the title and every date follow the year', () => {
    const plan = importDoc(textDocument(SEED_2024), 2025);
    expectBuiltIn(plan, 2025);
    expect(plan.title).toBe('市社会信用体系建设2025年工作要点');
    expect(plan.documentYear).toBe(2024);
    expect(plan.notes.find((n) => n.subject.kind === 'plan')?.message).toContain('按2025年导入');
    // The baseline year moves with the plan, as plan new moves it; cited documents stay.
    expect(plan.tasks[3].text).toContain('(2024年平均值为0.01%)');
    expect(plan.tasks[0].text).toContain('(国办发〔2019〕35号)');
  });

  it('as a .docx with typed numbers', async () => {
    expectBuiltIn(importDoc(docxDocument(await docxOfLines(seedLines()))));
  });

  it('as a .docx in full-width punctuation', async () => {
    expectBuiltIn(importDoc(docxDocument(await docxOfLines(seedLines().map(fullWidth)))), 2024, {
      exactText: false,
    });
  });

  it('as a .docx numbered by Word (一、 （一） 1. from numbering.xml)', async () => {
    const doc = docxDocument(await docxAutoNumbered());
    const texts = doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''));
    expect(texts).toContain('二、重点任务');
    expect(texts).toContain('（九）加强社会舆情监测');
    expect(texts.some((t) => t.startsWith('23.关注社会舆情信息'))).toBe(true);
    expectBuiltIn(importDoc(doc), 2024, { exactText: false });
  });

  it('as a .docx 任务分工表 with merged cells', async () => {
    const doc = docxDocument(await docxTaskTable());
    const table = doc.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.some((row) => row.some((cell) => cell.merged))).toBe(true);
    const plan = importDoc(doc);
    expect(plan.layout).toBe('table');
    expectBuiltIn(plan);
  });

  it('as a .docx 任务分工表 in full-width punctuation', async () => {
    expectBuiltIn(importDoc(docxDocument(await docxTaskTable({ transform: fullWidth }))), 2024, {
      exactText: false,
    });
  });

  it('as a .docx with the text and a 任务分工表 annex', async () => {
    const plan = importDoc(docxDocument(await docxTaskTable({ withText: true })));
    expect(plan.layout).toBe('text-and-table');
    expectBuiltIn(plan);
  });
});

describe('document readers', () => {
  it('decode UTF-8 (with or without BOM), UTF-16 and GB18030 text', () => {
    const text = '二、重点任务\n1.加强宣传。（责任单位：市发展改革委）';
    expect(decodeDocumentText(Buffer.from(text))).toBe(text);
    expect(decodeDocumentText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(
      text,
    );
    expect(decodeDocumentText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(
      text,
    );
    expect(decodeDocumentText(iconv.encode(text))).toBe(text);
  });

  it('read a .docx table with gridSpan, vMerge and hMerge into a grid, leaving out deleted text and field codes', () => {
    const w = (inner: string) =>
      `<?xml version="1.0"?><w:document xmlns:w="x" xmlns:mc="m"><w:body>${inner}</w:body></w:document>`;
    const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
    const tc = (text: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr>${p(text)}</w:tc>`;
    const xml = w(
      `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>标题&amp;</w:t></w:r>` +
        `<w:del><w:r><w:delText>删去的</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r>` +
        `<w:r><w:br/><w:t>第二行</w:t></w:r></w:p>` +
        `<mc:AlternateContent><mc:Choice>${p('文本框')}</mc:Choice><mc:Fallback>${p('文本框')}</mc:Fallback></mc:AlternateContent>` +
        `<w:tbl><w:tr>${tc('A', '<w:gridSpan w:val="2"/>')}${tc('B', '<w:vMerge w:val="restart"/>')}</w:tr>` +
        `<w:tr>${tc('C')}${tc('', '<w:hMerge/>')}${tc('', '<w:vMerge/>')}</w:tr></w:tbl>`,
    );
    const doc = readDocumentXml(xml);
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: '标题&', place: '第1段' },
      { kind: 'paragraph', text: '第二行', place: '第2段' },
      { kind: 'paragraph', text: '文本框', place: '第3段' },
      {
        kind: 'table',
        place: '表1',
        rows: [
          [
            { text: 'A', merged: false },
            { text: 'A', merged: true },
            { text: 'B', merged: false },
          ],
          [
            { text: 'C', merged: false },
            { text: 'C', merged: true },
            { text: 'B', merged: true },
          ],
        ],
      },
    ]);
  });

  it('join pdftotext lines back into paragraphs and drop page numbers', () => {
    const full = '这是一行排满了的正文文字这是一行排满了的正文文字这是一行排满';
    const text = [
      '二、重点任务',
      `1.加强宣传。${full}`,
      `${full}《某某`,
      '办法》的要求。',
      '— 2 —',
      '',
      `\f2.推进承诺 5 个。`,
    ].join('\n');
    expect(joinPdfLines(text).split('\n')).toEqual([
      '二、重点任务',
      `1.加强宣传。${full}${full}《某某办法》的要求。`,
      '2.推进承诺5个。',
    ]);
  });

  describe('readWorkPointsFile', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'import-read-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const refusal = async (name: string, bytes: Uint8Array | string) => {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      const error = await readWorkPointsFile(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      return (error as Error).message;
    };

    it('reads .txt in GB18030 and .docx by their bytes, whatever the name', async () => {
      const txt = path.join(dir, '要点.txt');
      writeFileSync(txt, iconv.encode(SEED_2024));
      expectBuiltIn(importDoc((await readWorkPointsFile(txt)).document));
      const misnamed = path.join(dir, '要点.doc');
      writeFileSync(misnamed, await docxOfLines(seedLines()));
      const read = await readWorkPointsFile(misnamed);
      expect(read.format).toBe('.docx');
      expectBuiltIn(importDoc(read.document));
    });

    it('refuses what is not a 工作要点 with a Chinese reason naming the file', async () => {
      expect(await refusal('空.docx', '')).toContain('空.docx 是空文件');
      expect(await readWorkPointsFile(path.join(dir, '没有.docx')).catch((e: Error) => e.message)).toContain(
        '找不到文件',
      );
      expect(await refusal('坏.docx', Buffer.from('PK\u0003\u0004broken'))).toContain('坏.docx 已损坏');
      expect(await refusal('乱码.txt', Buffer.from([0, 1, 2, 3, 0x1b, 0x1c, 5, 6]))).toContain(
        '无法识别 乱码.txt 的格式',
      );
      const xlsx = path.join(dir, 'plan.xlsx');
      const ExcelJS = (await import('exceljs')).default;
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('任务');
      await workbook.xlsx.writeFile(xlsx);
      expect(await readWorkPointsFile(xlsx).catch((e: Error) => e.message)).toContain(
        'plan.xlsx 是 Excel 工作簿',
      );
    });
  });
});

const office =
  spawnSync('soffice', ['--version']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;

describe.skipIf(!office)('.doc, .wps and .pdf through LibreOffice and pdftotext', () => {
  let dir: string;
  const convert = (to: string, files: string[]) =>
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${dir}/profile`,
        '--convert-to',
        to,
        '--outdir',
        dir,
        ...files,
      ],
      { stdio: 'ignore', timeout: 240_000 },
    );

  beforeAll(async () => {
    if (!office) return;
    dir = mkdtempSync(path.join(os.tmpdir(), 'import-office-'));
    writeFileSync(path.join(dir, 'seed.docx'), await docxOfLines(seedLines()));
    writeFileSync(path.join(dir, 'table.docx'), await docxTaskTable());
    // LibreOffice writes a .docx's table into .doc faithfully only by way of its own format.
    convert('odt', [path.join(dir, 'table.docx')]);
    convert('doc', [path.join(dir, 'seed.docx'), path.join(dir, 'table.odt')]);
    convert('pdf', [path.join(dir, 'seed.docx')]);
    copyFileSync(path.join(dir, 'seed.doc'), path.join(dir, 'seed.wps'));
  }, 600_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a .doc', async () => {
    const read = await readWorkPointsFile(path.join(dir, 'seed.doc'));
    expect(read.format).toContain('LibreOffice');
    expectBuiltIn(importDoc(read.document));
  });

  it('reads a WPS 文字 .wps', async () => {
    expectBuiltIn(importDoc((await readWorkPointsFile(path.join(dir, 'seed.wps'))).document));
  });

  it('reads a .doc 任务分工表', async () => {
    expectBuiltIn(importDoc((await readWorkPointsFile(path.join(dir, 'table.doc'))).document));
  });

  it('reads a .pdf', async () => {
    const read = await readWorkPointsFile(path.join(dir, 'seed.pdf'));
    expect(read.format).toContain('pdftotext');
    expectBuiltIn(importDoc(read.document));
  });
});
