import type { FileChild } from 'docx';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPaged, type Layout } from '../reporter/documents/pages.js';
import { renderDocument } from '../reporter/render/docx.js';
import { documentFrame } from '../reporter/render/frame.js';
import { STYLE } from '../reporter/render/gb9704.js';
import {
  blank,
  bodyEnd,
  buildGbTemplate,
  documentHead,
  p,
  recordBlock,
  rowsTable,
} from '../reporter/render/gb-template.js';
import { convertFiles } from '../reporter/render/libreoffice.js';
import type { OfficialDocument } from '../reporter/render/templates.js';
import { decode, readParts } from '../reporter/render/zip.js';
import { plan } from './circular-fixtures.js';
import {
  TYPE_AREA_BOTTOM,
  canRender,
  pageCount,
  pageTextLines,
  pageWords,
  printedPageNumber,
  pt,
} from './helpers/pdf.js';

/**
 * GB/T 9704-2012 7.5: “公文的版记页前有空白页的，空白页和版记页均不编排页码”. A document whose body
 * ends on a full even page needs a blank page so that its 版记 falls on an even page; that blank page
 * and the 版记 page print no page number, every body page prints its own. A document without the
 * blank page numbers every page, its 版记 page too (the standard's exception is only for the blank
 * page). The body is a GB/T 9704 document built here from the templates' own building blocks, one
 * body line per paragraph (and table rows after the 落款, as the assessment's 附件 end it), so a
 * count says exactly where the body ends.
 */

const DATE = '2024-06-12';
/** One body line (22 to the 225 mm type area), in points. */
const LINE = pt(225 / 22);
const DATE_LINE = /^\d{4}年\d{1,2}月\d{1,2}日$/;

let dir: string;
/** The body ending with its 落款 (a paragraph), or with a table after it (as the assessment's 附件). */
const templates: { paragraph?: Uint8Array; table?: Uint8Array } = {};

const render =
  (lines: number, rows?: number) =>
  async (layout: Layout): Promise<OfficialDocument> => ({
    title: `正文${lines}行${rows ?? ''}`,
    fileName: `正文${lines}行${rows ?? ''}.docx`,
    bytes: await renderDocument({
      template: { bytes: rows === undefined ? templates.paragraph! : templates.table!, name: 'test.docx' },
      values: {
        ...documentFrame(plan.document, DATE, '5'),
        title: { kind: 'text', text: '关于版记页码的测试通报' },
        lines: {
          kind: 'paragraphs',
          paragraphs: Array.from({ length: lines }, (_, i) => ({
            style: 'body',
            text: `第${i + 1}行正文。`,
          })),
        },
        attachmentNote: { kind: 'text', text: '' },
        ...(rows === undefined
          ? {}
          : {
              rows: {
                kind: 'rows',
                fields: ['no', 'text'],
                rows: Array.from({ length: rows }, (_, i) => ({ no: String(i + 1), text: '单位名称' })),
              },
            }),
      },
      date: DATE,
      recordBreaks: layout.recordBreaks,
    }),
  });

async function toPdfs(documents: { name: string; bytes: Uint8Array }[]): Promise<string[]> {
  const files = documents.map(({ name, bytes }) => {
    const file = path.join(dir, `${name}.docx`);
    writeFileSync(file, bytes);
    return file;
  });
  return convertFiles(files, 'pdf', path.join(dir, 'pdf'));
}

/** Lines of the text layer of a page, with where they sit. */
const linesOf = (pdf: string, page: number) => pageTextLines(pdf, page);

const partOf = (bytes: Uint8Array, name: string) => decode(readParts(bytes).get(name)!);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'record-page-numbers-'));
  mkdirSync(path.join(dir, 'pdf'));
  const body = [
    ...documentHead(),
    blank(),
    p(STYLE.bodyNoIndent, '{{mainRecipients}}：'),
    p(STYLE.body, '{{lines}}'),
    ...bodyEnd(),
  ];
  const build = (children: FileChild[]) =>
    buildGbTemplate({ title: '测试模板', description: '版记页码测试', date: '2024-01-01', children });
  templates.paragraph = await build([...body, ...recordBlock()]);
  const columns = [
    { header: '序号', field: 'no', chars: 2 },
    { header: '单位', field: 'text', chars: 20, grow: true },
  ];
  templates.table = await build([...body, rowsTable('rows', columns), ...recordBlock()]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the 版记 after a blank page, in the Word file', () => {
  const sectionsOf = (xml: string) => [...xml.matchAll(/<w:sectPr>.*?<\/w:sectPr>/g)].map((m) => m[0]);

  it('is a section of its own whose footers are empty; the body section keeps its numbered footers and page', async () => {
    const bytes = (await render(3)({ recordBreaks: 2 })).bytes;
    const xml = partOf(bytes, 'word/document.xml');
    const sections = sectionsOf(xml);
    expect(sections).toHaveLength(2);
    const [body, record] = sections;
    // The body's section ends in its last paragraph, the 成文日期 (no line added), before the
    // 版记; the 版记's is the document's last.
    expect(xml).toContain(`${body}</w:pPr><w:r><w:t xml:space="preserve">2024年6月12日</w:t></w:r></w:p>`);
    expect(xml.indexOf(body)).toBeLessThan(xml.lastIndexOf('<w:tblpPr '));
    expect(xml.endsWith(`${record}</w:body></w:document>`)).toBe(true);
    const rels = partOf(bytes, 'word/_rels/document.xml.rels');
    const footer = (section: string, type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(\\w+)"/>`).exec(section)![1];
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1];
      return partOf(bytes, `word/${target}`);
    };
    for (const type of ['default', 'even']) {
      expect(footer(body, type)).toContain('PAGE');
      const empty = footer(record, type);
      expect(empty).not.toContain('PAGE');
      expect(empty).not.toMatch(/<w:t[ >]/);
    }
    // Same paper, margins, line grid and numbering in both: only the footers differ.
    const rest = (s: string) => s.replace(/<w:footerReference [^>]*\/>/g, '').replace(/<w:type [^>]*\/>/, '');
    expect(rest(record)).toBe(rest(body));
    expect(partOf(bytes, '[Content_Types].xml').match(/wordprocessingml\.footer\+xml/g)).toHaveLength(4);
  });

  it('ends a body that ends with a table in a paragraph one point high after it', async () => {
    const xml = partOf((await render(0, 3)({ recordBreaks: 2 })).bytes, 'word/document.xml');
    const [body] = sectionsOf(xml);
    expect(xml).toMatch(
      new RegExp(
        `</w:tbl><w:p><w:pPr>[^]*?<w:spacing [^>]*w:line="20" w:lineRule="exact"/>[^]*?${body.slice(0, 40)}`,
      ),
    );
  });

  it('is not made without a blank page: one section, every page numbered', async () => {
    for (const recordBreaks of [0, 1] as const) {
      const xml = partOf((await render(3)({ recordBreaks })).bytes, 'word/document.xml');
      expect(xml.match(/<w:sectPr>/g)).toHaveLength(1);
    }
  });
});

describe.skipIf(!canRender())('page numbers on the pages LibreOffice lays out', () => {
  /**
   * Laid out by the publishing pass (renderPaged): bodies ending on a full page 2 (with the 落款, or
   * with a table), one ending half way down page 2, one on page 1.
   */
  let full: string;
  let fullTable: string;
  let half: string;
  let short: string;
  /** The full ones as they lay out without any break before the 版记 (their body pages as they were). */
  let unbroken: string;
  let unbrokenTable: string;

  beforeAll(async () => {
    // Where the body ends without lines of its own: the 成文日期 on page 1, and the lines left under
    // it; and how many table rows fill page 2.
    const [bare, long] = await toPdfs([
      { name: 'bare', bytes: (await render(0)({ recordBreaks: 0 })).bytes },
      { name: 'long', bytes: (await render(0, 80)({ recordBreaks: 0 })).bytes },
    ]);
    const date = linesOf(bare, 1).findLast((l) => DATE_LINE.test(l.text))!;
    const room = Math.floor((TYPE_AREA_BOTTOM - date.y1) / LINE);
    const rows = Math.max(...linesOf(long, 2).map((l) => Number(/^(\d+)单位名称$/.exec(l.text)?.[1] ?? 0)));
    const counts = { full: room + 22, half: room + 11, short: Math.max(0, room - 8) };
    const paged = await renderPaged([
      render(counts.full),
      render(0, rows),
      render(counts.half),
      render(counts.short),
    ]);
    [full, fullTable, half, short, unbroken, unbrokenTable] = await toPdfs([
      ...paged.map((d, i) => ({ name: `paged${i}`, bytes: d.document.bytes })),
      { name: 'unbroken', bytes: (await render(counts.full)({ recordBreaks: 0 })).bytes },
      { name: 'unbrokenTable', bytes: (await render(0, rows)({ recordBreaks: 0 })).bytes },
    ]);
  }, 600_000);

  const expectNumbered = (pdf: string, page: number) => {
    const number = printedPageNumber(pdf, page);
    expect(number?.n, `page ${page}`).toBe(page);
    // GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字 (one 4号 character, 14 pt, from the type area).
    if (page % 2) expect(number!.x1).toBeCloseTo(pt(210 - 26) - 14, -0.5);
    else expect(number!.x0).toBeCloseTo(pt(28) + 14, -0.5);
  };
  const expectRecordLast = (pdf: string) => {
    const pages = pageCount(pdf);
    expect(pages % 2).toBe(0);
    const last = linesOf(pdf, pages).map((l) => l.text);
    expect(last.some((l) => l.startsWith('抄送：'))).toBe(true);
    const issued = pageWords(pdf, pages).find((w) => w.text.endsWith('印发'))!;
    // Its last rule on the bottom edge of the type area, as before.
    expect(issued.y1).toBeGreaterThan(TYPE_AREA_BOTTOM - 8);
    expect(issued.y1).toBeLessThanOrEqual(TYPE_AREA_BOTTOM + 1);
    for (let page = 1; page < pages; page++)
      expect(
        linesOf(pdf, page).some((l) => l.text.startsWith('抄送：')),
        `page ${page}`,
      ).toBe(false);
  };

  it('a body ending on a full even page: a blank page, then the 版记 — neither numbered', () => {
    for (const pdf of [full, fullTable]) {
      expect(pageCount(pdf)).toBe(4);
      expectRecordLast(pdf);
      expectNumbered(pdf, 1);
      expectNumbered(pdf, 2);
      // Page 3 is blank: no text, no page number.
      expect(pageWords(pdf, 3)).toEqual([]);
      expect(printedPageNumber(pdf, 4)).toBeUndefined();
      expect(pageWords(pdf, 4).filter((w) => w.y0 > TYPE_AREA_BOTTOM)).toEqual([]);
    }
  });

  it('moves nothing of the body: its pages are as laid out without any break before the 版记', () => {
    // The body's last line is the 成文日期 at the foot of page 2, or the table's last row.
    expect(linesOf(full, 2).findLast((l) => DATE_LINE.test(l.text))).toBeDefined();
    for (const page of [1, 2]) {
      expect(linesOf(full, page)).toEqual(linesOf(unbroken, page));
      expect(linesOf(fullTable, page)).toEqual(linesOf(unbrokenTable, page));
    }
  });

  it('a body with room for the 版记 on its last page, or one moved to a page of its own: every page numbered', () => {
    for (const pdf of [half, short]) {
      expect(pageCount(pdf)).toBe(2);
      expectRecordLast(pdf);
      expectNumbered(pdf, 1);
      expectNumbered(pdf, 2);
    }
    // The short body's 版记 stands alone on page 2, numbered as GB/T 9704 asks when no blank page precedes it.
    expect(linesOf(short, 2).some((l) => DATE_LINE.test(l.text))).toBe(false);
    expect(linesOf(half, 2).some((l) => DATE_LINE.test(l.text))).toBe(true);
  });
});
