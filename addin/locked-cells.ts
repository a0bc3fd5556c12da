/**
 * The metadata sheet carries the rows without their long texts (task content, indicator
 * definitions), so core/rules, comparing locked cells against rows read from it, would report every
 * such cell as changed. The issued fingerprint covers the full texts: when the cells read back hash
 * to it, nothing locked was touched and those findings are dropped; when they do not, findings on
 * cells whose text the metadata knows stay, and one finding names the long-text cells as a whole.
 */
import {
  INDICATOR_COLUMN,
  SHEETS,
  TASK_COLUMN,
  lockedCells,
  lockedFingerprint,
  readLockedCells,
  type CellGrid,
  type UnitRows,
} from '../core/contract/index.js';
import type { Finding } from '../core/plan/model.js';

const LOCKED_CELL = 'contract.locked-cell';

function isLongText(rows: UnitRows, f: Finding): boolean {
  const row = Number(/\d+$/.exec(f.cell)?.[0]);
  if (f.sheet === SHEETS.tasks && f.cell.startsWith(TASK_COLUMN.content.letter)) {
    return rows.tasks.some((t) => t.row === row && !t.text);
  }
  if (f.sheet === SHEETS.indicators && f.cell.startsWith(INDICATOR_COLUMN.definition.letter)) {
    return rows.indicators.some((i) => i.row === row && !i.definition);
  }
  return false;
}

export function reconcileLockedCells(
  grid: CellGrid,
  rows: UnitRows,
  fingerprint: string | undefined,
  findings: Finding[],
): Finding[] {
  if (!findings.some((f) => f.code === LOCKED_CELL)) return findings;
  const intact =
    Boolean(fingerprint) && lockedFingerprint(readLockedCells(grid, lockedCells(rows))) === fingerprint;
  if (intact) return findings.filter((f) => f.code !== LOCKED_CELL);
  const longText = findings.filter((f) => f.code === LOCKED_CELL && isLongText(rows, f));
  if (longText.length === 0) return findings;
  const first = longText[0];
  return [
    ...findings.filter((f) => !longText.includes(f)),
    {
      level: 'error',
      code: LOCKED_CELL,
      sheet: first.sheet,
      cell: first.cell,
      message: `${first.sheet}!${first.cell} 任务内容或指标口径等锁定内容与下发时不一致：请勿修改、插入、删除或移动行列，请使用下发的原表重新填报`,
    },
  ];
}
