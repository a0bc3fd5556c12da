import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCircular } from '../reporter/circular/index.js';
import { convertFiles } from '../reporter/render/libreoffice.js';
import { monthSubmissions, plan } from './circular-fixtures.js';
import { canRender, pageCount, pagesWithLoneSignature, pageTextLines, pt } from './helpers/pdf.js';

/**
 * The edge GB/T 9704 7.3.5 guards: a body that ends at the foot of a page must not leave the 落款
 * (署名 and 成文日期, with the 附件说明) alone on the next. The body is lengthened a line at a time
 * (one-line paragraphs in an office-edited circular.hbs) across the page break, and every layout
 * is checked on the page LibreOffice sets. The fix is the standard's first remedy, spacing: the
 * body's last lines go over with the 落款 (keep with next), so （此页无正文） is never needed.
 */

const source = readFileSync(new URL('../templates/circular.hbs', import.meta.url), 'utf8');
const LAST_LINE = '  {{keep}}请各单位于';
/** Bottom of the 版心 (37 mm + 225 mm) and a body line (22 to the 版心), in points. */
const FOOT = pt(37 + 225);
const LINE = pt(225 / 22);
const DATE = /^\d{4}年\d{1,2}月\d{1,2}日$/;

let dir: string;

async function layOut(fillers: number[]): Promise<string[]> {
  const files: string[] = [];
  for (const n of fillers) {
    const templates = path.join(dir, `t${n}`);
    mkdirSync(templates, { recursive: true });
    expect(source).toContain(LAST_LINE);
    writeFileSync(
      path.join(templates, 'circular.hbs'),
      // Without the shipped template's {{keep}}: an office's edit may drop it, and the 落款 must
      // still not be left alone.
      source.replace(LAST_LINE, `${'  各单位要抓好落实。\n'.repeat(n)}${LAST_LINE.replace('{{keep}}', '')}`),
    );
    const doc = await renderCircular({
      plan,
      period: '2024-05',
      submissions: monthSubmissions({ late: ['S03'], missing: ['S20'] }),
      date: '2024-06-12',
      number: '5',
      workspaceTemplates: templates,
    });
    const file = path.join(dir, `${n}.docx`);
    writeFileSync(file, doc.bytes);
    files.push(file);
  }
  return convertFiles(files, 'pdf', path.join(dir, 'pdf'));
}

/** The page holding the 署名, and the date line's bottom on it. */
function signature(pdf: string): { page: number; bottom: number } {
  for (let page = 1; page <= pageCount(pdf); page++) {
    const lines = pageTextLines(pdf, page);
    // The 发文机关标志 on page 1 may read the same: the 署名 is the one with the date under it.
    const at = lines.findIndex(
      (l, i) => l.text === plan.document.issuer && DATE.test(lines[i + 1]?.text ?? ''),
    );
    if (at >= 0) return { page, bottom: lines[at + 1].y1 };
  }
  throw new Error('no 署名');
}

describe.skipIf(!canRender())('the 落款 at a page break', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'signature-page-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps body text with it whatever the body’s length: never alone, never without （此页无正文）', async () => {
    const [plain] = await layOut([0]);
    const at = signature(plain);
    // Lines left under the date: that many more body lines fill the page; a few less put the break
    // inside the 附件说明 and 落款.
    const room = Math.floor((FOOT - at.bottom) / LINE);
    const fillers = Array.from({ length: 9 }, (_, i) => room - 7 + i).filter((n) => n >= 0);
    const pdfs = await layOut(fillers);
    const pages = new Set<number>();
    for (const [i, pdf] of pdfs.entries()) {
      pages.add(signature(pdf).page);
      expect(pagesWithLoneSignature(pdf, plan.document.issuer), `${fillers[i]} more lines`).toEqual([]);
    }
    // The range crossed the page break: the 落款 moved on to the next page on the way.
    expect(pages.size).toBeGreaterThan(1);
  }, 300_000);
});
