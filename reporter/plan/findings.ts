import type { Finding, Level, Plan } from '../../core/plan/model.js';
import { UserError } from '../user-error.js';

/** Collects findings for one sheet so readers only say cell, code and message. */
export class SheetFindings {
  readonly list: Finding[] = [];

  constructor(
    readonly file: string,
    readonly sheet: string,
  ) {}

  add(level: Level, cell: string, code: string, message: string): void {
    this.list.push({ level, file: this.file, sheet: this.sheet, cell, message, code });
  }

  error(cell: string, code: string, message: string): void {
    this.add('error', cell, code, message);
  }

  warn(cell: string, code: string, message: string): void {
    this.add('warning', cell, code, message);
  }
}

const LEVEL_LABEL: Record<Level, string> = { error: '错误', warning: '提示' };

/** `plan.xlsx 责任分工!C12：未知单位"市xx局"……` as people read it in a terminal. */
export function formatFinding(finding: Finding, withLevel = false): string {
  const level = withLevel ? `［${LEVEL_LABEL[finding.level]}］` : '';
  // A finding about the whole file (e.g. it is open in Excel) has no sheet.
  const place = [finding.file, finding.sheet && `${finding.sheet}!${finding.cell}`].filter(Boolean).join(' ');
  return `${level}${place}：${finding.message}`;
}

export const errorsOf = (findings: Finding[]): Finding[] => findings.filter((f) => f.level === 'error');
export const warningsOf = (findings: Finding[]): Finding[] => findings.filter((f) => f.level === 'warning');

const SHOWN = 20;

/**
 * The plan, for commands that act on it (issue, collect, circular, assess…). A plan with errors is
 * refused with every error listed, so nothing is issued or judged against a broken plan.
 */
export function refusePlanErrors(
  read: { plan: Plan; findings: Finding[] },
  /** As the office knows it, e.g. `plans/2026.xlsx`. */
  name: string,
  checkCommand: string,
): Plan {
  const errors = errorsOf(read.findings);
  if (errors.length > 0) {
    const lines = errors.slice(0, SHOWN).map((finding) => `  ${formatFinding(finding)}`);
    if (errors.length > SHOWN) lines.push(`  ……另有 ${errors.length - SHOWN} 个错误`);
    throw new UserError(
      `${name} 有 ${errors.length} 个错误，请修改后再运行（运行 ${checkCommand} 查看全部）：\n${lines.join('\n')}`,
    );
  }
  return read.plan;
}
