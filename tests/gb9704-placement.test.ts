import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCircular } from '../reporter/circular/index.js';
import { convertFiles } from '../reporter/render/libreoffice.js';
import { monthSubmissions, plan } from './circular-fixtures.js';
import { canRender, inkRows, pageCount, pageTextLines, pageWords, type InkRow } from './helpers/pdf.js';

/**
 * GB/T 9704-2012 placement, measured where a reader sees it: on the page LibreOffice lays out, in
 * millimetres from the paper's edges (A4, 版心 from 37 mm at the top and 28 mm at the left, 156 mm
 * wide). Red ink is found in the page's pixels, text in its text layer.
 */

const mm = (points: number): number => (points / 72) * 25.4;
const TOP = 37;
const LEFT = 28;
const RIGHT = LEFT + 156;
/** A 3号 character, the unit GB/T 9704 places things in (16 pt). */
const CHAR = mm(16);
/** A body line: 22 lines in the 225 mm 版心. */
const LINE = 225 / 22;

/** Runs of ink rows no more than 2 pt apart: one per glyph line or rule. */
function bands(rows: InkRow[]): { top: number; bottom: number; left: number; right: number }[] {
  const out: { top: number; bottom: number; left: number; right: number }[] = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (last && mm(r.y) - last.bottom < mm(2)) {
      last.bottom = mm(r.y + 0.5);
      last.left = Math.min(last.left, mm(r.x0));
      last.right = Math.max(last.right, mm(r.x1));
    } else out.push({ top: mm(r.y), bottom: mm(r.y + 0.5), left: mm(r.x0), right: mm(r.x1) });
  }
  return out;
}

describe.skipIf(!canRender())('GB/T 9704 placement on the rendered page', () => {
  let dir: string;
  const pdfs: Record<'unsealed' | 'sealed' | 'sealedShort', string> = {
    unsealed: '',
    sealed: '',
    sealedShort: '',
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gb9704-'));
    const submissions = monthSubmissions({ late: ['S03'], missing: ['S20'] });
    const files: string[] = [];
    // The seed's 署名 is 17 characters; a short one (6) can be centred on the date.
    for (const [sealed, issuer] of [
      [false, plan.document.issuer],
      [true, plan.document.issuer],
      [true, '运城市信用办'],
    ] as const) {
      const doc = await renderCircular({
        plan: { ...plan, document: { ...plan.document, sealed, issuer } },
        period: '2024-05',
        submissions,
        date: '2024-06-12',
        number: '5',
      });
      const file = path.join(dir, `${files.length}.docx`);
      writeFileSync(file, doc.bytes);
      files.push(file);
    }
    [pdfs.unsealed, pdfs.sealed, pdfs.sealedShort] = await convertFiles(files, 'pdf', path.join(dir, 'pdf'));
  }, 240_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('版头: 发文机关标志 35 mm below the 版心 top, 空二行, the red line 4 mm under the 发文字号, 空二行, the title', () => {
    const pdf = pdfs.unsealed;
    const [mark, line] = bands(inkRows(pdf, 1, 'red'));
    // The mark's top edge (its ink) 35 mm below the 版心 top.
    expect(Math.abs(mark.top - (TOP + 35))).toBeLessThan(1);
    // The red line spans the 版心, and lies 4 mm under the 发文字号's ink.
    expect(line.bottom - line.top).toBeLessThan(1);
    expect(Math.abs(line.left - LEFT)).toBeLessThan(1);
    expect(Math.abs(line.right - RIGHT)).toBeLessThan(1);
    const black = bands(inkRows(pdf, 1, 'black').filter((r) => mm(r.y) > mark.bottom));
    const number = black.find((b) => b.bottom < line.top)!;
    expect(
      pageTextLines(pdf, 1).some((l) => l.text === '运信用办〔2024〕5号' || l.text.endsWith('〔2024〕5号')),
    ).toBe(true);
    expect(Math.abs(line.top - number.bottom - 4)).toBeLessThan(1);
    // 空二行 by line count: two empty body lines between the mark and the number, and between the
    // red line and the title (each gap at least two lines, less than three).
    const title = black.find((b) => b.top > line.bottom)!;
    for (const gap of [number.top - mark.bottom, title.top - line.bottom]) {
      expect(gap).toBeGreaterThan(2 * LINE - 3);
      expect(gap).toBeLessThan(3 * LINE);
    }
    // The title's two lines at a fixed pitch, the body's line.
    const lines = pageTextLines(pdf, 1).filter((l) => l.text.startsWith('关于') || l.text.endsWith('的通报'));
    expect(lines).toHaveLength(2);
    expect(Math.abs(mm(lines[1].y0 - lines[0].y0) - LINE)).toBeLessThan(0.5);
  });

  /** The page with the 落款 and its lines: 附件说明, 署名, 成文日期. */
  function closing(pdf: string) {
    for (let n = 1; n <= pageCount(pdf); n++) {
      const lines = pageTextLines(pdf, n);
      const at = lines.findIndex((l) => l.text.startsWith('附件：'));
      if (at < 0) continue;
      const words = pageWords(pdf, n);
      const word = (text: string) => words.find((w) => w.text.startsWith(text))!;
      /** The inked extent of a line, in mm from the paper's left edge. */
      const box = (line: { y0: number }) => {
        const on = words.filter((w) => Math.abs(w.y0 - line.y0) < 2);
        return { left: mm(Math.min(...on.map((w) => w.x0))), right: mm(Math.max(...on.map((w) => w.x1))) };
      };
      return { lines, at, word, box };
    }
    throw new Error('no 附件说明');
  }

  it('附件说明: the items one under the other, under the first item’s text; never alone on a page', () => {
    const { lines, at, word } = closing(pdfs.unsealed);
    // The body goes on above it on the same page: the 落款 is not alone.
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1].text).toMatch(/报送.*工作进展/);
    expect(Math.abs(mm(lines[at].x0) - (LEFT + 2 * CHAR))).toBeLessThan(0.8);
    const first = mm(word('附件：1．').x0) + 3 * CHAR;
    for (const item of ['2．', '3．']) expect(Math.abs(mm(word(item).x0) - first)).toBeLessThan(0.8);
  });

  it('unsealed (7.3.5.2): 署名 右空二字, 成文日期 one line under it and two characters further right', () => {
    const { lines, at, box } = closing(pdfs.unsealed);
    const issuer = lines.find((l, i) => i > at && l.text.endsWith('联席会议办公室'))!;
    const date = lines.find((l) => l.text === '2024年6月12日')!;
    expect(Math.abs(box(issuer).right - (RIGHT - 2 * CHAR))).toBeLessThan(1);
    expect(Math.abs(mm(date.x0) - mm(issuer.x0) - 2 * CHAR)).toBeLessThan(1);
    expect(Math.abs(mm(date.y0 - issuer.y0) - LINE)).toBeLessThan(0.5);
    // 正文（或附件说明）下空一行.
    const last = lines.filter((l, i) => i >= at && l.y0 < issuer.y0).at(-1)!;
    expect(Math.abs(mm(issuer.y0 - last.y0) - 2 * LINE)).toBeLessThan(0.5);
  });

  it('sealed (7.3.5.1, 设置 落款加盖印章): 成文日期 右空四字, 署名 centred on it, or 右空二字 when too long for that', () => {
    for (const [pdf, issuerText, centred] of [
      [pdfs.sealedShort, '运城市信用办', true],
      [pdfs.sealed, plan.document.issuer, false],
    ] as const) {
      const { lines, at, box } = closing(pdf);
      const issuer = lines.find((l, i) => i > at && l.text === issuerText)!;
      const date = lines.find((l) => l.text === '2024年6月12日')!;
      const d = box(date);
      const s = box(issuer);
      expect(Math.abs(d.right - (RIGHT - 4 * CHAR))).toBeLessThan(1);
      if (centred) expect(Math.abs((s.left + s.right) / 2 - (d.left + d.right) / 2)).toBeLessThan(1.5);
      else expect(Math.abs(s.right - (RIGHT - 2 * CHAR))).toBeLessThan(1);
      // Room for the seal: more than one empty line between the 附件说明 and the 署名.
      expect(mm(issuer.y0 - lines[lines.indexOf(issuer) - 1].y0)).toBeGreaterThan(2.5 * LINE);
    }
  });
});
