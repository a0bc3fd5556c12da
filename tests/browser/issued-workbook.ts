/**
 * A real issued workbook (reporter/issue), written to xlsx bytes and read back with exceljs, turned
 * into what Office.js would report: values per cell (formula results, dates as serials, merged
 * cells only at their top-left), fills, protection and visibility.
 */
import ExcelJS from 'exceljs';
import { plan2024 } from '../../core/plan/plan2024.js';
import { buildUnitWorkbook, unitFileName } from '../../reporter/issue/build-workbook.js';
import { returnDeadline } from '../../reporter/issue/deadline.js';

export type FakeValue = string | number | boolean;

export interface FakeSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  protected: boolean;
  protectionOptions: Record<string, boolean>;
  /** A1 → value; blank cells are absent. */
  cells: Record<string, FakeValue>;
  /** A1 → `#RRGGBB` solid fill. */
  fills: Record<string, string>;
}

export interface FakeWorkbook {
  fileName: string;
  sheets: FakeSheet[];
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function officeValue(value: ExcelJS.CellValue): FakeValue | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return (value.getTime() - EXCEL_EPOCH) / 86_400_000;
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined || result === null || typeof result === 'object' ? null : result;
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return null;
  }
  return value;
}

export async function issuedXlsx(
  unitCode = 'S01',
  period = '2024-05',
): Promise<{ fileName: string; bytes: Buffer }> {
  const unit = plan2024.units.find((u) => u.code === unitCode);
  if (!unit) throw new Error(`no unit ${unitCode} in plan2024`);
  const fileName = unitFileName(unit.code, unit.name);
  const { workbook } = await buildUnitWorkbook({
    plan: plan2024,
    unitCode,
    period,
    deadline: returnDeadline(plan2024, period),
    issuedAt: '2024-05-31T01:00:00.000Z',
    fileName,
  });
  return { fileName, bytes: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

export async function readAsOffice(bytes: Buffer, fileName: string): Promise<FakeWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets: FakeSheet[] = wb.worksheets.map((ws) => {
    const cells: Record<string, FakeValue> = {};
    const fills: Record<string, string> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        const fill = cell.fill as ExcelJS.FillPattern | undefined;
        const argb = fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
        if (argb) fills[cell.address] = `#${argb.slice(2).toUpperCase()}`;
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const v = officeValue(cell.value);
        if (v !== null && v !== '') cells[cell.address] = v;
      });
    });
    const protection = (ws as unknown as { sheetProtection?: Record<string, boolean> }).sheetProtection;
    return {
      name: ws.name,
      visibility: ws.state === 'veryHidden' ? 'VeryHidden' : ws.state === 'hidden' ? 'Hidden' : 'Visible',
      protected: Boolean(protection?.sheet),
      protectionOptions: {
        allowFormatCells: Boolean(protection?.formatCells),
        allowFormatColumns: Boolean(protection?.formatColumns),
        allowFormatRows: Boolean(protection?.formatRows),
      },
      cells,
      fills,
    };
  });
  return { fileName, sheets };
}

export async function issuedWorkbookAsOffice(unitCode = 'S01', period = '2024-05'): Promise<FakeWorkbook> {
  const { fileName, bytes } = await issuedXlsx(unitCode, period);
  return readAsOffice(bytes, fileName);
}
