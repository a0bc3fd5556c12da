import type { Finding, Level } from '../../core/plan/model.js';

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
  const file = finding.file ? `${finding.file} ` : '';
  const level = withLevel ? `［${LEVEL_LABEL[finding.level]}］` : '';
  return `${level}${file}${finding.sheet}!${finding.cell}：${finding.message}`;
}

export const errorsOf = (findings: Finding[]): Finding[] => findings.filter((f) => f.level === 'error');
export const warningsOf = (findings: Finding[]): Finding[] => findings.filter((f) => f.level === 'warning');
