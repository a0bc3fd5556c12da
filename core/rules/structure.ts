import {
  INDICATOR_COLUMN,
  lockedCells,
  lockedFingerprint,
  readLockedCells,
  sha256Hex,
  shortText,
  SHEETS,
  TASK_COLUMN,
  type CellGrid,
  type LockedTextCheck,
  type UnitRows,
} from '../contract/index.js';
import type { Emit } from './types.js';

/**
 * The workbook still has the issued shape: every sheet present, every locked cell as issued. A
 * moved or deleted row shows up as a changed key cell, named by address.
 */
export function checkStructure(grid: CellGrid, rows: UnitRows, emit: Emit, fingerprint?: string): boolean {
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
  const unknown = textsUnknown(rows);
  // Rows without their long texts cannot be compared cell by cell; the issued fingerprint covers
  // the full texts, so a match proves nothing locked was touched.
  if (unknown.size > 0 && fingerprint && lockedFingerprint(found) === fingerprint) return true;
  let unknownChanged: { sheet: string; address: string } | undefined;
  const changed = (cell: { sheet: string; address: string; value: string }, want: string) => {
    ok = false;
    const text =
      want === ''
        ? `此处应为空，现为“${shortText(cell.value)}”：请勿在表格末尾增加行，请使用下发的原表填报`
        : `锁定内容被修改（应为“${want}”，现为“${shortText(cell.value)}”）：请勿修改、插入、删除或移动行列，请使用下发的原表重新填报`;
    emit({ level: 'error', code: 'contract.locked-cell', sheet: cell.sheet, cell: cell.address, text });
  };
  found.forEach((cell, i) => {
    const want = expected[i].value;
    const key = `${cell.sheet}!${cell.address}`;
    if (unknown.has(key)) {
      // The metadata's check of the text: the same finding as a cell-by-cell comparison gives.
      const check = unknown.get(key);
      if (!check) unknownChanged ??= cell;
      else if (sha256Hex(cell.value).slice(0, 16) !== check.digest) changed(cell, check.head);
      return;
    }
    if (cell.value !== want) changed(cell, want === '' ? '' : shortText(want));
  });
  // The fingerprint did not match but every cell we can compare did: a long text was changed.
  if (ok && unknownChanged) {
    ok = false;
    emit({
      level: 'error',
      code: 'contract.locked-cell',
      sheet: unknownChanged.sheet,
      cell: unknownChanged.address,
      text: '任务内容或指标口径等锁定内容与下发时不一致：请勿修改、插入、删除或移动行列，请使用下发的原表重新填报',
    });
  }
  return ok;
}

/**
 * Long-text cells whose issued text the rows do not carry, with the metadata's check of each when
 * the workbook was issued with one (older workbooks: none, then only the fingerprint tells).
 */
function textsUnknown(rows: UnitRows): Map<string, LockedTextCheck | undefined> {
  const cells = new Map<string, LockedTextCheck | undefined>();
  for (const t of rows.tasks) {
    if (!t.text) cells.set(`${SHEETS.tasks}!${TASK_COLUMN.content.letter}${t.row}`, t.contentCheck);
  }
  for (const i of rows.indicators) {
    if (!i.definition)
      cells.set(`${SHEETS.indicators}!${INDICATOR_COLUMN.definition.letter}${i.row}`, i.definitionCheck);
  }
  return cells;
}
