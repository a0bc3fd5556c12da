import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OfficialDocument } from '../render/templates.js';
import { convertFiles, sofficePath } from '../render/libreoffice.js';
import type { RecordBreaks } from '../render/docx.js';

/**
 * GB/T 9704 puts the 版记 on an even page, the last of the document: how many pages a document
 * takes is only known once it is laid out, so it is laid out with LibreOffice (batched: one run for
 * all the documents in hand), and one that would end on an odd page is rendered again with the
 * 版记 on a page of its own. The PDF of that layout is what `--pdf` writes beside the document.
 */

export interface Layout {
  /**
   * Page breaks before the 版记: 0, 1 (a page of its own) or 2 (after a blank page; the blank page
   * and the 版记 page then carry no page number, GB/T 9704 7.5).
   */
  recordBreaks: RecordBreaks;
}

export interface PagedDocument {
  document: OfficialDocument;
  /** The PDF as LibreOffice laid the document out; absent without LibreOffice. */
  pdf?: Uint8Array;
  /** Page count; absent without LibreOffice. */
  pages?: number;
}

/** Pages of a PDF, counted from its page objects (LibreOffice writes them uncompressed). */
export function pdfPageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []
  ).length;
}

async function layOut(documents: OfficialDocument[]): Promise<{ pdf: Uint8Array; pages: number }[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'creditwork-pages-'));
  try {
    // Numbered names: two documents may share a title's file name, and LibreOffice names by file.
    const files = documents.map((d, i) => {
      const file = path.join(dir, `${i}.docx`);
      writeFileSync(file, d.bytes);
      return file;
    });
    const pdfs = await convertFiles(files, 'pdf', path.join(dir, 'pdf'));
    return pdfs.map((file) => {
      const pdf = new Uint8Array(readFileSync(file));
      return { pdf, pages: pdfPageCount(pdf) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Renders each document, and when LibreOffice is installed lays them out and renders again the
 * ones whose 版记 would fall on an odd page. Without LibreOffice (or `layOutPages` false: a draft, a
 * test of something else) the documents are as rendered.
 */
export async function renderPaged(
  renders: ((layout: Layout) => Promise<OfficialDocument>)[],
  layOutPages = true,
): Promise<PagedDocument[]> {
  const paged: PagedDocument[] = await Promise.all(
    renders.map(async (render) => ({ document: await render({ recordBreaks: 0 }) })),
  );
  if (!layOutPages || !sofficePath()) return paged;
  // A 版记 on an odd page moves to a page of its own; one that already stood alone there (the
  // page count stays odd) gets a blank page before it.
  let todo = paged.map((_, i) => i);
  for (const breaks of [0, 1, 2] as const) {
    if (breaks) {
      todo = todo.filter((i) => paged[i].pages! % 2 === 1);
      for (const i of todo) paged[i] = { document: await renders[i]({ recordBreaks: breaks }) };
    }
    if (!todo.length) break;
    const laid = await layOut(todo.map((i) => paged[i].document));
    todo.forEach((i, n) => Object.assign(paged[i], laid[n]));
  }
  return paged;
}
