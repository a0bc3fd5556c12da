import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { zipFiles } from '../zip-write.js';
import type { TypedCell } from './typing.js';

/**
 * Types values into an issued workbook the way a person does in Excel: the sheets, locks and
 * metadata stay as issued; only the input cells change. The file is stamped with the simulated
 * save time and zipped with fixed entry times, so the same seed yields the same bytes (and the same
 * archive hashes) run after run.
 */
export async function fillWorkbook(issuedPath: string, cells: TypedCell[], savedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(issuedPath);
  for (const { sheet, address, value } of cells) {
    const worksheet = workbook.getWorksheet(sheet);
    if (!worksheet) throw new Error(`${issuedPath}: no sheet ${sheet}`);
    worksheet.getCell(address).value = value;
  }
  workbook.modified = savedAt;
  const written = new Uint8Array(await workbook.xlsx.writeBuffer());
  return Buffer.from(zipFiles(unzipSync(written), savedAt));
}
