import ExcelJS from 'exceljs';

/** A worksheet read as a table: the rows under its header row, keyed by the header's texts. */

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || value instanceof Date) return String(value);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return String(value);
}

/**
 * The rows of `sheet` below its header row (the first row holding every one of `headers`), each
 * keyed by its header; rows with no text at all are left out.
 */
export async function sheetTable(
  file: string,
  sheet: string,
  headers: string[],
): Promise<Record<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`${file} has no sheet ${sheet}`);
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: ws.columnCount }, (_, i) => cellText(row.getCell(i + 1).value)));
  });
  const at = rows.findIndex((r) => headers.every((h) => r.includes(h)));
  if (at < 0) throw new Error(`${sheet} has no header row with ${headers.join('、')}`);
  const head = rows[at];
  return rows
    .slice(at + 1)
    .filter((r) => r.some((v) => v.trim()))
    .map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}
