import { existsSync } from 'node:fs';
import path from 'node:path';
import { findDocument, type DocumentKind, type DocumentRecord } from '../documents/register.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';

/**
 * The office's documents as the console offers them: found through the document register
 * (reporter/documents/register.ts), which knows the file last written for each — not by scanning
 * reports/, where an edited copy set aside (…（修改稿 时间）.docx) sits beside it. The register's
 * paths are the workspace's own, and are still checked to lie inside reports/ before a byte is
 * read; nothing in a request names a path.
 */

export interface FoundDocument {
  path: string;
  name: string;
}

export interface RegisteredDocument {
  record: DocumentRecord;
  docx?: FoundDocument;
  pdf?: FoundDocument;
}

function inReports(ws: Workspace, relative: string | null): FoundDocument | undefined {
  if (!relative) return undefined;
  const file = path.resolve(ws.root, relative);
  if (!file.startsWith(path.resolve(ws.reports) + path.sep) || !existsSync(file)) return undefined;
  return { path: file, name: path.basename(file) };
}

export function registeredDocument(
  ws: Workspace,
  store: Store,
  kind: DocumentKind,
  subject: string,
): RegisteredDocument | undefined {
  const record = findDocument(store, kind, subject);
  if (!record) return undefined;
  return { record, docx: inReports(ws, record.file), pdf: inReports(ws, record.pdf) };
}

/** The period's circular, if generated. */
export const circularOf = (ws: Workspace, store: Store, period: string) =>
  registeredDocument(ws, store, 'circular', period);

/** The year's assessment report, if generated. */
export const assessmentReportOf = (ws: Workspace, store: Store, year: number) =>
  registeredDocument(ws, store, 'assessment', String(year));

export function scoreSheetOf(ws: Workspace, year: number, fileName: string): FoundDocument | undefined {
  const file = path.join(ws.reports, String(year), fileName);
  return existsSync(file) ? { path: file, name: fileName } : undefined;
}
