import type { CellGrid } from '../../core/contract/grid.js';
import { SHEETS } from '../../core/contract/layout.js';
import { readMetadata } from '../../core/contract/metadata.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { leanGrid } from '../collect/lean-grid.js';
import { fileFinding, readReturn } from '../collect/safety.js';
import { identify, type Expectation } from './identify.js';
import { validateReturn } from './validate.js';

/**
 * The two steps of judging one file, run inside a pool thread under the per-file budget: examine
 * (safety checks, read, what the metadata claims) and, once the intake has chosen the plan for the
 * claimed period, judge (identity and the rules). Both are plain functions of their inputs.
 */

/** What the workbook's metadata says about itself; untrusted, used only to pick the plan and period. */
export interface Claim {
  unitCode: string | null;
  unitName: string | null;
  period: string | null;
}

export type Examined = { ok: false; findings: Finding[] } | { ok: true; grid: CellGrid; claim: Claim };

const READ_SHEETS = [SHEETS.metadata, SHEETS.tasks, SHEETS.indicators];

export function examineReturn(file: string, bytes: Uint8Array): Examined {
  const read = readReturn(file, bytes, READ_SHEETS);
  if (!read.ok) return { ok: false, findings: [read.finding] };
  const grid = leanGrid(read.workbook);
  const meta = readMetadata(grid);
  if (!meta.ok) return { ok: false, findings: [fileFinding(file, 'collect.not-issued', meta.reason)] };
  const m = meta.metadata;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    ok: true,
    grid,
    claim: { unitCode: text(m.unitCode), unitName: text(m.unitName), period: text(m.period) },
  };
}

/** What judging needs besides the workbook: chosen by the intake, never taken from the file. */
export interface JudgeInput extends Expectation {
  plan: Plan;
  /** The unit's last accepted submission before the period, for the rules' year-to-date checks. */
  previous?: SubmissionContent;
  /**
   * `unit|issuedAt` of the period's workbooks since re-issued (reporter/plan/history.ts
   * replacedWorkbooks): such a return is taken, with a warning to send the new one as well.
   */
  replaced?: readonly string[];
}

export interface Judged {
  unit: string | null;
  findings: Finding[];
  /** Present when the rules could read the rows (an accepted file has no error findings). */
  content?: SubmissionContent;
}

export function judgeReturn(grid: CellGrid, file: string, input: JudgeInput): Judged {
  const who = identify(grid, input.plan, input, file);
  if (!who.ok) return { unit: who.unit, findings: who.findings };
  const { findings, content } = validateReturn(
    grid,
    who.rows,
    input.plan,
    input.period,
    file,
    input.previous,
  );
  if (input.replaced?.includes(`${who.unit}|${who.metadata.issuedAt ?? ''}`))
    findings.push({
      level: 'warning',
      sheet: '',
      cell: '',
      code: 'collect.replaced-workbook',
      message: `本单位${input.period}的填报表已重新下发，这是之前下发的旧表：已按旧表的内容接收；请改用新下发的填报表补充后再报送一次`,
    });
  return { unit: who.unit, findings: findings.map((f) => ({ ...f, file })), content };
}
