import { execFileSync, spawnSync } from 'node:child_process';
import { sofficePath } from '../../reporter/render/libreoffice.js';

/** Reading a rendered PDF the way a person checks a printout: pages, lines, and where words sit. */

/** LibreOffice and poppler's pdftotext are both installed (CI installs them; elsewhere tests skip). */
export const canRender = (): boolean => !!sofficePath() && spawnSync('pdftotext', ['-v']).status === 0;

export interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export const pageCount = (pdf: string): number =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

/** Page size in points. */
export const pageSize = (pdf: string, page = 1): { width: number; height: number } => {
  const info = execFileSync('pdfinfo', ['-f', String(page), '-l', String(page), pdf], { encoding: 'utf8' });
  const m =
    /Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** The non-empty lines of a page as pdftotext -layout sets them out. */
export const pageLines = (pdf: string, page: number): string[] =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((l) => l.trim());

/** Every word of a page with its box in points from the top left corner. */
export const pageWords = (pdf: string, page: number): Word[] =>
  [
    ...execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdf, '-'], {
      encoding: 'utf8',
      // A blank page makes it say "no word list" on stderr.
      stdio: ['ignore', 'pipe', 'ignore'],
    }).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({
    x0: +m[1],
    y0: +m[2],
    x1: +m[3],
    y1: +m[4],
    text: m[5]
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"'),
  }));

/** Lines of a page rebuilt from its words (words whose tops are within 2 pt), top to bottom. */
export function pageTextLines(
  pdf: string,
  page: number,
): { y0: number; y1: number; x0: number; text: string }[] {
  const lines: { y0: number; y1: number; x0: number; words: Word[] }[] = [];
  for (const w of pageWords(pdf, page).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
    const line = lines.find((l) => Math.abs(l.y0 - w.y0) < 2);
    if (line) {
      line.words.push(w);
      line.y1 = Math.max(line.y1, w.y1);
      line.x0 = Math.min(line.x0, w.x0);
    } else lines.push({ y0: w.y0, y1: w.y1, x0: w.x0, words: [w] });
  }
  return lines
    .sort((a, b) => a.y0 - b.y0)
    .map((l) => ({
      y0: l.y0,
      y1: l.y1,
      x0: l.x0,
      text: l.words
        .sort((a, b) => a.x0 - b.x0)
        .map((w) => w.text)
        .join(''),
    }));
}

/** Millimetres to PDF points. */
export const pt = (mm: number): number => (mm / 25.4) * 72;

export interface InkRow {
  /** Top of the pixel row, in points from the top of the page. */
  y: number;
  /** Leftmost and rightmost inked pixel, in points. */
  x0: number;
  x1: number;
}

/**
 * The rows of a page that carry ink of a colour, top to bottom, read from a rendered bitmap: where
 * the red 发文机关标志 and the red line really are, whatever the text layer says.
 */
export function inkRows(pdf: string, page: number, colour: 'red' | 'black', dpi = 144): InkRow[] {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), pdf], {
    maxBuffer: 256 * 1024 * 1024,
  });
  // P6 header: magic, width, height, maxval, each separated by whitespace.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const start = header[0].length;
  const scale = 72 / dpi;
  const rows: InkRow[] = [];
  for (let y = 0; y < height; y++) {
    let x0 = -1;
    let x1 = -1;
    for (let x = 0; x < width; x++) {
      const i = start + (y * width + x) * 3;
      const [r, g, b] = [ppm[i], ppm[i + 1], ppm[i + 2]];
      const hit = colour === 'red' ? r > 180 && g < 110 && b < 110 : r < 100 && g < 100 && b < 100;
      if (hit) {
        if (x0 < 0) x0 = x;
        x1 = x;
      }
    }
    if (x0 >= 0) rows.push({ y: y * scale, x0: x0 * scale, x1: (x1 + 1) * scale });
  }
  return rows;
}

/**
 * Pages where the 落款 (署名 then 成文日期) stands without body text above it — only the 附件说明,
 * blank lines or nothing — and without the standard's “（此页无正文）”. GB/T 9704 7.3.5 does not allow it.
 */
export function pagesWithLoneSignature(pdf: string, issuer: string): number[] {
  const lone: number[] = [];
  for (let page = 1; page <= pageCount(pdf); page++) {
    const lines = pageTextLines(pdf, page).map((l) => l.text);
    const signed = lines.findIndex(
      (l, i) => l === issuer && /^\d{4}年\d{1,2}月\d{1,2}日$/.test(lines[i + 1] ?? ''),
    );
    if (signed < 0) continue;
    const body = lines
      .slice(0, signed)
      .filter((l) => !/^(附件：)?\d+[．.]/.test(l) && !/^—\s*\d+\s*—$/.test(l));
    if (!body.length && !lines.includes('（此页无正文）')) lone.push(page);
  }
  return lone;
}

/** Bottom of the GB/T 9704 type area (37 mm + 225 mm from the top of the page), in points. */
export const TYPE_AREA_BOTTOM = pt(37 + 225);

/**
 * The page number printed under the type area (`— 3 —`) with its left and right edges, or
 * undefined when the page shows none.
 */
export function printedPageNumber(
  pdf: string,
  page: number,
): { n: number; x0: number; x1: number } | undefined {
  const below = pageWords(pdf, page).filter((w) => w.y0 > TYPE_AREA_BOTTOM);
  const m = /^—(\d+)—$/.exec(below.map((w) => w.text).join(''));
  if (!m) return undefined;
  return {
    n: Number(m[1]),
    x0: Math.min(...below.map((w) => w.x0)),
    x1: Math.max(...below.map((w) => w.x1)),
  };
}
