import { INDICATOR_COLUMN, SHEETS, TASK_COLUMN } from '../contract/layout.js';
import { unitRows, type UnitRows } from '../contract/unit-rows.js';
import type { Indicator, Plan } from '../plan/model.js';
import { formatIndicatorNumber } from '../scoring/format.js';
import { reportedValue } from '../scoring/indicator.js';
import type { Period, Submission } from '../submission.js';

/** Where a scored value came from: the period's return of the unit, and the cell of its workbook. */
export interface SourceRef {
  period: Period;
  /** Original file name as received. */
  file: string;
  /** SHA-256 of the archived original: the file under workspace/archive/ that holds these bytes. */
  sha256: string;
  /** Empty when the source is the return as a whole (e.g. on-time reporting). */
  sheet: string;
  cell: string;
  /** The value as read, as people write it (`已完成`, `85%`, `2024-10-20`, `按时报送`). */
  value: string;
}

/** Cells of a unit's workbook, from the layout contract and the plan the workbook was issued from. */
export class UnitCells {
  private readonly rows: UnitRows;

  constructor(plan: Plan, unit: string) {
    this.rows = unitRows(plan, unit);
  }

  taskCell(task: number, column: 'status' | 'percent'): { sheet: string; cell: string } | undefined {
    const row = this.rows.tasks.find((t) => t.task === task);
    return row && { sheet: SHEETS.tasks, cell: `${TASK_COLUMN[column].letter}${row.row}` };
  }

  indicatorCell(
    code: string,
    column: 'numerator' | 'denominator',
  ): { sheet: string; cell: string } | undefined {
    const row = this.rows.indicators.find((i) => i.code === code);
    return row && { sheet: SHEETS.indicators, cell: `${INDICATOR_COLUMN[column].letter}${row.row}` };
  }
}

export function submissionSource(submission: Submission, value: string): SourceRef {
  return {
    period: submission.period,
    file: submission.file,
    sha256: submission.sha256,
    sheet: '',
    cell: '',
    value,
  };
}

export function cellSource(
  submission: Submission,
  place: { sheet: string; cell: string } | undefined,
  value: string,
): SourceRef[] {
  if (!place) return [];
  return [{ period: submission.period, file: submission.file, sha256: submission.sha256, ...place, value }];
}

const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)));

/** An indicator value as the report and the score sheet write it: 98.40%, 0.0108%, 1.2000. */
export function formatIndicatorValue(indicator: Indicator, value: number | null): string {
  return value === null ? '未填报' : formatIndicatorNumber(indicator.kind, value, true);
}

/** Sources of an indicator's reported value: the numerator cell, and the denominator cell for ratios. */
export function indicatorSources(
  cells: UnitCells,
  indicator: Indicator,
  submission: Submission,
): SourceRef[] {
  const report = submission.indicators.find((r) => r.code === indicator.code);
  const two = typeof report?.numerator === 'number' && typeof report?.denominator === 'number';
  const shown = two
    ? trim(report!.numerator!, 4)
    : formatIndicatorValue(indicator, reportedValue(indicator, report));
  const sources = cellSource(submission, cells.indicatorCell(indicator.code, 'numerator'), shown);
  if (two) {
    sources.push(
      ...cellSource(
        submission,
        cells.indicatorCell(indicator.code, 'denominator'),
        trim(report!.denominator!, 4),
      ),
    );
  }
  return sources;
}
