import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../workspace.js';

/**
 * Where the office's documents are in the workspace, found the way the CLI writes them: the
 * circular in reports/<period>/, the assessment in reports/<year>/. Paths come from the workspace
 * and fixed names only, never from a request.
 */

export interface FoundDocument {
  path: string;
  name: string;
}

function docxIn(dir: string, test: (name: string) => boolean): FoundDocument | undefined {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir)
    .filter((f) => f.endsWith('.docx') && !f.startsWith('~$') && test(f))
    .sort()
    .pop();
  return name ? { path: path.join(dir, name), name } : undefined;
}

/** The period's circular (关于…通报.docx), if generated. */
export const circularOf = (ws: Workspace, period: string): FoundDocument | undefined =>
  docxIn(path.join(ws.reports, period), (f) => f.includes('通报'));

/** The year's assessment report, if generated. */
export const assessmentReportOf = (ws: Workspace, year: number): FoundDocument | undefined =>
  docxIn(path.join(ws.reports, String(year)), (f) => f.includes('考核'));

export function scoreSheetOf(ws: Workspace, year: number, fileName: string): FoundDocument | undefined {
  const file = path.join(ws.reports, String(year), fileName);
  return existsSync(file) ? { path: file, name: fileName } : undefined;
}
