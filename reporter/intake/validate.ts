import type { CellGrid } from '../../core/contract/grid.js';
import type { UnitRows } from '../../core/contract/unit-rows.js';
import type { Plan } from '../../core/plan/model.js';
import { checkWorkbook, type RulesResult } from '../../core/rules/index.js';
import type { SubmissionContent } from '../../core/submission.js';

/**
 * The one rule set the add-in also runs, applied to an identified workbook with the rows from our
 * own plan (never the metadata's copy), including the locked-cell structure check.
 */
export function validateReturn(
  grid: CellGrid,
  rows: UnitRows,
  plan: Plan,
  period: string,
  file: string,
  previous?: SubmissionContent,
): RulesResult {
  return checkWorkbook({ grid, rows, period, planYear: plan.year, file, ...(previous ? { previous } : {}) });
}
