import { qualified } from '../contract/index.js';
import type { Finding } from '../plan/model.js';
import { checkIndicatorRow } from './indicators.js';
import { checkStructure } from './structure.js';
import { checkTaskRow } from './tasks.js';
import type { Emit, RulesInput, RulesResult } from './types.js';

export type { RulesInput, RulesResult, TargetCheck } from './types.js';
export { checkStructure } from './structure.js';

/**
 * The one rule set: the add-in runs it live, collect runs it on every returned file. It never
 * throws on what a user typed; every problem becomes a finding with sheet, cell and a fix.
 */
export function checkWorkbook(input: RulesInput): RulesResult {
  const findings: Finding[] = [];
  const emit: Emit = ({ text, ...rest }) =>
    findings.push({
      ...rest,
      ...(input.file ? { file: input.file } : {}),
      message: `${qualified(rest.sheet, rest.cell)} ${text}`,
    });

  const structureOk = checkStructure(input.grid, input.rows, emit, input.fingerprint);
  const content = {
    unit: input.rows.unit.code,
    period: input.period,
    tasks: [],
    indicators: [],
  } as RulesResult['content'];
  const targets: RulesResult['targets'] = [];
  // Rows cannot be read where a sheet is missing; locked-cell changes still let the rows be read so
  // the user sees every problem at once.
  if (!structureOk && findings.some((f) => f.code === 'contract.missing-sheet'))
    return { findings, content, targets };

  for (const row of input.rows.tasks) {
    content.tasks.push(checkTaskRow(input.grid, row, input.period, input.planYear, emit));
  }
  for (const row of input.rows.indicators) {
    const { report, target } = checkIndicatorRow(
      input.grid,
      row,
      input.period,
      input.planYear,
      input.previous,
      emit,
    );
    content.indicators.push(report);
    targets.push(target);
  }
  return { findings, content, targets };
}

export const errorCount = (findings: readonly Finding[]): number =>
  findings.filter((f) => f.level === 'error').length;
