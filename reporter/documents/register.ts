import type { Store } from '../store/index.js';
import { UserError } from '../user-error.js';

/**
 * The register of documents the office publishes (migration 9, table documents): one row per
 * document — a kind and what it is about (a period, a year) — with its 发文字号, the bytes last
 * written (so an edit made in Word since is seen), and whether it has gone out. 发文字号 are unique
 * per year: a number another document holds is refused. The CLI, the scheduler and the portal
 * (draft → download → mark as issued) all go through here.
 */

export type DocumentKind = 'circular' | 'assessment';

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  circular: '月度通报',
  assessment: '年终考核结果通报',
};

/** What was written: the register's row less its id and issue mark. */
export interface WrittenDocument {
  kind: DocumentKind;
  /** What it is about: `2024-05` for a circular, `2024` for the assessment. */
  subject: string;
  title: string;
  /** The year of its 发文字号 (〔2025〕 for a December circular dated in January). */
  numberYear: number;
  /** The sequence number of its 发文字号; null when left blank to be written in by hand. */
  number: number | null;
  /** 成文日期, ISO. */
  date: string;
  /** Path relative to the workspace. */
  file: string;
  /** SHA-256 of the bytes as written. */
  sha256: string;
  pdf: string | null;
  pages: number | null;
  writtenAt: string;
}

export interface DocumentRecord extends WrittenDocument {
  id: number;
  issuedAt: string | null;
  issuedBy: string | null;
}

/** The table's columns as the record's fields. */
const FIELDS = `id, kind, subject, title, number_year AS numberYear, number, date, file, sha256, pdf, pages,
  written_at AS writtenAt, issued_at AS issuedAt, issued_by AS issuedBy`;

export function findDocument(store: Store, kind: DocumentKind, subject: string): DocumentRecord | undefined {
  return store.db
    .prepare(`SELECT ${FIELDS} FROM documents WHERE kind = ? AND subject = ?`)
    .get(kind, subject) as DocumentRecord | undefined;
}

export function documentById(store: Store, id: number): DocumentRecord | undefined {
  return store.db.prepare(`SELECT ${FIELDS} FROM documents WHERE id = ?`).get(id) as
    DocumentRecord | undefined;
}

/** The document last written to this file (path relative to the workspace). */
export function documentAtFile(store: Store, file: string): DocumentRecord | undefined {
  return store.db.prepare(`SELECT ${FIELDS} FROM documents WHERE file = ? OR pdf = ?`).get(file, file) as
    DocumentRecord | undefined;
}

/** Every document of a year's numbers, in number order (blank numbers last). */
export function listDocuments(store: Store, numberYear?: number): DocumentRecord[] {
  return (
    numberYear === undefined
      ? store.db
          .prepare(`SELECT ${FIELDS} FROM documents ORDER BY number_year, number IS NULL, number, id`)
          .all()
      : store.db
          .prepare(
            `SELECT ${FIELDS} FROM documents WHERE number_year = ? ORDER BY number IS NULL, number, id`,
          )
          .all(numberYear)
  ) as DocumentRecord[];
}

/** The next free sequence number of a year: one after the highest used. */
export function nextNumber(store: Store, numberYear: number): number {
  const row = store.db
    .prepare('SELECT MAX(number) AS n FROM documents WHERE number_year = ?')
    .get(numberYear) as { n: number | null };
  return (row.n ?? 0) + 1;
}

/**
 * Refuses a 发文字号 another document holds, naming it and the next free number. The document
 * itself (same kind and subject, written again) keeps its number.
 */
export function checkNumber(
  store: Store,
  request: { kind: DocumentKind; subject: string; numberYear: number; number: number; printed: string },
): void {
  const other = store.db
    .prepare(
      `SELECT ${FIELDS} FROM documents WHERE number_year = ? AND number = ? AND NOT (kind = ? AND subject = ?)`,
    )
    .get(request.numberYear, request.number, request.kind, request.subject) as DocumentRecord | undefined;
  if (!other) return;
  throw new UserError(
    `发文字号 ${request.printed} 已用于《${other.title}》（${other.file}，成文日期 ${other.date}），同一年度的发文字号不能重复。请换一个序号，如下一个可用的 ${nextNumber(store, request.numberYear)}（creditwork documents 列出本年度已用的发文字号）。`,
  );
}

/** Records what was just written (a new row, or the document's row updated; its issue mark stays). */
export function recordDocument(store: Store, doc: WrittenDocument): DocumentRecord {
  store.db
    .prepare(
      `INSERT INTO documents (kind, subject, title, number_year, number, date, file, sha256, pdf, pages, written_at)
       VALUES (@kind, @subject, @title, @numberYear, @number, @date, @file, @sha256, @pdf, @pages, @writtenAt)
       ON CONFLICT (kind, subject) DO UPDATE SET title = excluded.title, number_year = excluded.number_year,
         number = excluded.number, date = excluded.date, file = excluded.file, sha256 = excluded.sha256,
         pdf = excluded.pdf, pages = excluded.pages, written_at = excluded.written_at`,
    )
    .run(doc);
  return findDocument(store, doc.kind, doc.subject)!;
}

/**
 * Marks a document as sent out (the portal's 已印发): it must carry its 发文字号 by then, since a
 * document without one cannot be told from the next.
 */
export function markIssued(store: Store, id: number, by: string, at: string): DocumentRecord {
  const doc = documentById(store, id);
  if (!doc) throw new UserError(`登记簿中没有编号为 ${id} 的文件`);
  if (doc.number === null) {
    throw new UserError(
      `《${doc.title}》还没有发文字号：请先填写序号重新生成（如 creditwork circular --number ${nextNumber(store, doc.numberYear)}），再标记为已印发。`,
    );
  }
  store.db.prepare('UPDATE documents SET issued_at = ?, issued_by = ? WHERE id = ?').run(at, by, id);
  return documentById(store, id)!;
}
