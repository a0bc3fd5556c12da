/**
 * A real issued workbook (reporter/issue) as a spreadsheet host would report it, for the fakes.
 */
import { plan2024 } from '../../core/plan/plan2024.js';
import { SHEETS, metadataValueAddress } from '../../core/contract/index.js';
import { buildUnitWorkbook, unitFileName } from '../../reporter/issue/build-workbook.js';
import { returnDeadline } from '../../reporter/issue/deadline.js';
import { officeView, type FakeCell, type FakeWorkbook } from './office-view.js';

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

export async function issuedWorkbookAsOffice(unitCode = 'S01', period = '2024-05'): Promise<FakeWorkbook> {
  const { fileName, bytes } = await issuedXlsx(unitCode, period);
  return officeView(bytes, fileName);
}

/** Sets cells of a workbook, as a unit would have typed them before opening the pane. */
export function withCells(
  workbook: FakeWorkbook,
  sheet: string,
  cells: Record<string, FakeCell['v'] | FakeCell>,
): FakeWorkbook {
  return {
    ...workbook,
    sheets: workbook.sheets.map((s) =>
      s.name !== sheet
        ? s
        : {
            ...s,
            cells: {
              ...s.cells,
              ...Object.fromEntries(
                Object.entries(cells).map(([a, c]) => [
                  a,
                  typeof c === 'object' ? { ...s.cells[a], ...c } : { ...s.cells[a], v: c },
                ]),
              ),
            },
          },
    ),
  };
}

/** The unit's portal address in the metadata, where `issue --base-url` writes it. */
export function withPortal(workbook: FakeWorkbook, url: string): FakeWorkbook {
  return withCells(workbook, SHEETS.metadata, { [metadataValueAddress('portalUrl')]: url });
}
