import { lockedCells, readLockedCells, SHEETS, type CellGrid, type UnitRows } from '../contract/index.js';
import type { Emit } from './types.js';

/**
 * The workbook still has the issued shape: every sheet present, every locked cell as issued. A
 * moved or deleted row shows up as a changed key cell, named by address.
 */
export function checkStructure(grid: CellGrid, rows: UnitRows, emit: Emit): boolean {
  let ok = true;
  for (const sheet of [SHEETS.tasks, SHEETS.indicators]) {
    if (!grid.hasSheet(sheet)) {
      emit({
        level: 'error',
        code: 'contract.missing-sheet',
        sheet,
        cell: 'A1',
        text: `缺少工作表“${sheet}”，请使用下发的原表填报，不要删除或改名工作表`,
      });
      ok = false;
    }
  }
  if (!ok) return false;
  const expected = lockedCells(rows);
  const found = readLockedCells(grid, expected);
  found.forEach((cell, i) => {
    const want = expected[i].value;
    if (cell.value === want) return;
    ok = false;
    const text =
      want === ''
        ? `此处应为空，现为“${short(cell.value)}”：请勿在表格末尾增加行，请使用下发的原表填报`
        : `锁定内容被修改（应为“${short(want)}”，现为“${short(cell.value)}”）：请勿修改、插入、删除或移动行列，请使用下发的原表重新填报`;
    emit({ level: 'error', code: 'contract.locked-cell', sheet: cell.sheet, cell: cell.address, text });
  });
  return ok;
}

function short(text: string): string {
  const chars = [...text.replace(/\n/g, ' ')];
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : text;
}
