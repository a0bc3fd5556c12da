import ExcelJS from 'exceljs';
import type { TypedCell } from './typing.js';

/**
 * Types values into an issued workbook the way a person does in Excel: the sheets, locks and
 * metadata stay as issued; only the input cells change.
 */
export async function fillWorkbook(issuedPath: string, cells: TypedCell[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(issuedPath);
  for (const { sheet, address, value } of cells) {
    const worksheet = workbook.getWorksheet(sheet);
    if (!worksheet) throw new Error(`${issuedPath}: no sheet ${sheet}`);
    worksheet.getCell(address).value = value;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
