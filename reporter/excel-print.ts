/**
 * How the Excel outputs the office prints (回执, 汇总表, 年终考核评分表) sit on paper: A4, one page wide,
 * the header row repeated on every page, page numbers in the footer. Shared by the small xlsx writer
 * and the exceljs score sheet so both print alike.
 */

/** Column width units (Excel's "characters") that fit across an A4 page at 100% between 1.3 cm margins. */
export const PORTRAIT_WIDTH = 96;
export const LANDSCAPE_WIDTH = 142;

/** Portrait when the columns fit across a portrait page at 100%, else landscape (then fit to width). */
export const orientationFor = (totalWidth: number): 'portrait' | 'landscape' =>
  totalWidth <= PORTRAIT_WIDTH ? 'portrait' : 'landscape';

/** Margins in inches (1.3 cm sides, room for the footer's page number). */
export const PRINT_MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 };

/** `第 1 页，共 3 页` at the foot of every page (Excel's header/footer codes). */
export const PAGE_FOOTER = '&C第 &P 页，共 &N 页';

/**
 * Width of a text in column units: a Chinese character (or full-width sign) takes two, anything else
 * one — how 宋体 sets them.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return width;
}

/** Lines a text takes when wrapped in a cell this many units wide (at least one). */
export const wrappedLines = (text: string, width: number): number =>
  String(text)
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / Math.max(1, width - 1))), 0);

/** Points per line of 11 pt 宋体, as Excel and LibreOffice set it. */
export const LINE_HEIGHT = 15;

/**
 * Height of a row whose wrapped cells hold these texts in these widths: written into the file,
 * since LibreOffice does not fit row heights to wrapped text on opening (undefined: one line).
 */
export function rowHeight(cells: readonly { text: string; width: number }[]): number | undefined {
  const lines = Math.max(1, ...cells.map((c) => (c.text ? wrappedLines(c.text, c.width) : 1)));
  return lines > 1 ? lines * LINE_HEIGHT : undefined;
}
