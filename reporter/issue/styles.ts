import type ExcelJS from 'exceljs';

/** Locked cells grey, input cells pale yellow: the convention unit staff know from paper forms. */

const thin = { style: 'thin' as const, color: { argb: 'FF8C8C8C' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export const FONT_NAME = '宋体';

export const fill = (argb: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb },
});

export const LOCKED_FILL = fill('FFF2F2F2');
export const INPUT_FILL = fill('FFFFF7D6');
export const HEADER_FILL = fill('FFD9E1F2');
export const NOT_APPLICABLE_FILL = fill('FFD9D9D9');
/** Conditional formats: a required cell still empty, and a target not met. */
export const MISSING_FILL = fill('FFFFC7A8');
export const UNMET_FILL = fill('FFFFC7CE');

export function styleHeader(cell: ExcelJS.Cell): void {
  cell.font = { name: FONT_NAME, size: 10, bold: true };
  cell.fill = HEADER_FILL;
  cell.border = BORDER;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.protection = { locked: true };
}

export function styleLocked(cell: ExcelJS.Cell, horizontal: 'left' | 'center' = 'left'): void {
  cell.font = { name: FONT_NAME, size: 10 };
  cell.fill = LOCKED_FILL;
  cell.border = BORDER;
  cell.alignment = { horizontal, vertical: 'top', wrapText: true };
  cell.protection = { locked: true };
}

export function styleInput(cell: ExcelJS.Cell, horizontal: 'left' | 'center' = 'left'): void {
  cell.font = { name: FONT_NAME, size: 10, color: { argb: 'FF1F3864' } };
  cell.fill = INPUT_FILL;
  cell.border = BORDER;
  cell.alignment = { horizontal, vertical: 'top', wrapText: true };
  cell.protection = { locked: false };
}

/**
 * Excel does not grow a row for wrapped text written by a library, so estimate: a CJK character is
 * about two width units at 10 pt, a line about 13.5 points.
 */
export function rowHeightFor(texts: { text: string; width: number }[], minLines = 1): number {
  let lines = minLines;
  for (const { text, width } of texts) {
    let cellLines = 0;
    for (const line of text.split('\n')) {
      let units = 0;
      for (const ch of line) units += ch.charCodeAt(0) > 0x2e80 ? 2 : 1.05;
      cellLines += Math.max(1, Math.ceil(units / Math.max(1, width - 1.5)));
    }
    lines = Math.max(lines, cellLines);
  }
  return Math.min(409, Math.ceil(lines * 13.5 + 4));
}

export function printSetup(ws: ExcelJS.Worksheet, titleRows: string | undefined): void {
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
  ws.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' };
}
