import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { officeStamp } from '../collect/deadline.js';
import { writeFileAtomic } from '../write-atomic.js';
import { documentNumber } from '../render/format.js';
import { sofficePath } from '../render/libreoffice.js';
import type { OfficialDocument } from '../render/templates.js';
import type { Store } from '../store/index.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import { renderPaged, type Layout } from './pages.js';
import {
  checkNumber,
  documentAtFile,
  recordDocument,
  type DocumentKind,
  type DocumentRecord,
} from './register.js';

/**
 * Publishing an official document: the one path the CLI, the scheduler and the portal take. The
 * 发文字号 is checked against the year's register, the document is laid out (版记 on an even page,
 * with LibreOffice), written without ever overwriting a copy the office edited since it was last
 * written (that one is kept beside it, time-stamped), a PDF is written beside it when asked, and
 * the register records what was written.
 */

export interface DocumentToPublish {
  kind: DocumentKind;
  /** What it is about: a period (`2024-05`) or a year (`2024`). */
  subject: string;
  /** 成文日期, ISO. */
  date: string;
  /** The 发文字号's sequence number; absent leaves it blank to be written in by hand. */
  number?: number;
  /** 发文机关代字, for messages naming the number as printed. */
  numberPrefix: string;
  /** The folder it goes in. */
  dir: string;
  render: (layout: Layout) => Promise<OfficialDocument>;
}

export interface Published {
  record: DocumentRecord;
  /** The .docx written. */
  file: string;
  pdf?: string;
  pages?: number;
  /** Copies the office had edited, kept beside under a new name. */
  setAside: string[];
  /** What the office should know, in Chinese, one line each. */
  notes: string[];
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Writes `bytes` to `file` unless the file there was changed since the program wrote it (opened
 * and saved in Word): that copy is first moved aside as `名称（修改稿 20240612-093000）.docx`. A file the
 * register does not know is kept the same way unless it already holds these very bytes.
 */
export async function writeKeepingEdits(
  ws: Workspace,
  store: Store,
  file: string,
  bytes: Uint8Array,
): Promise<{ setAside?: string }> {
  const { dir, name, ext } = path.parse(file);
  // Word keeps ~$name (its first two characters replaced) beside a document it has open.
  if ([`~$${name}${ext}`, `~$${name.slice(2)}${ext}`].some((o) => existsSync(path.join(dir, o)))) {
    throw new UserError(`${file} 正在 Word/WPS 中打开，未做任何修改。请先关闭该文件再运行。`);
  }
  let setAside: string | undefined;
  if (existsSync(file)) {
    const current = sha256(readFileSync(file));
    const rel = path.relative(ws.root, file);
    const known = documentAtFile(store, rel);
    // A PDF is made from its document: the register knowing it is enough.
    const ours = !!known && (known.file !== rel || known.sha256 === current);
    if (!ours && current !== sha256(bytes)) {
      setAside = path.join(dir, `${name}（修改稿 ${officeStamp(statSync(file).mtime)}）${ext}`);
      await rename(file, setAside);
    }
  }
  await writeFileAtomic(file, bytes);
  return setAside ? { setAside } : {};
}

export async function publishDocuments(
  ws: Workspace,
  store: Store,
  documents: DocumentToPublish[],
  options: { pdf?: boolean; now?: Date; layOut?: boolean } = {},
): Promise<Published[]> {
  const now = options.now ?? new Date();
  for (const d of documents) {
    if (d.number === undefined) continue;
    const numberYear = Number(d.date.slice(0, 4));
    checkNumber(store, {
      kind: d.kind,
      subject: d.subject,
      numberYear,
      number: d.number,
      printed: documentNumber(d.numberPrefix, d.date, String(d.number)),
    });
  }
  // A folder that cannot be made fails now, not after seconds of layout.
  for (const d of documents) await mkdir(d.dir, { recursive: true });
  // A PDF is the laid-out document: asking for one lays it out.
  const canLayOut = (options.layOut !== false || !!options.pdf) && !!sofficePath();
  const paged = await renderPaged(
    documents.map((d) => d.render),
    canLayOut,
  );
  const published: Published[] = [];
  for (const [i, d] of documents.entries()) {
    const { document, pdf, pages } = paged[i];
    const file = path.join(d.dir, document.fileName);
    const notes: string[] = [];
    const setAside: string[] = [];
    const docx = await writeKeepingEdits(ws, store, file, document.bytes);
    if (docx.setAside) {
      setAside.push(docx.setAside);
      notes.push(
        `${path.basename(file)} 在上次生成后被修改过，已保留为 ${path.basename(docx.setAside)}，未被覆盖。`,
      );
    }
    let pdfFile: string | undefined;
    if (options.pdf && pdf) {
      pdfFile = path.join(d.dir, `${path.parse(document.fileName).name}.pdf`);
      await writeKeepingEdits(ws, store, pdfFile, pdf);
    } else if (options.pdf) {
      notes.push('未安装 LibreOffice（soffice），未生成 PDF；安装后重新运行即可。');
    }
    if (!sofficePath()) {
      notes.push(
        '未安装 LibreOffice，无法核对排版后的页数：打印前请在 Word 中确认版记位于偶数页（最后一页）。',
      );
    }
    const record = recordDocument(store, {
      kind: d.kind,
      subject: d.subject,
      title: document.title,
      numberYear: Number(d.date.slice(0, 4)),
      number: d.number ?? null,
      date: d.date,
      file: path.relative(ws.root, file),
      sha256: sha256(document.bytes),
      pdf: pdfFile ? path.relative(ws.root, pdfFile) : null,
      pages: pages ?? null,
      writtenAt: now.toISOString(),
    });
    published.push({ record, file, pdf: pdfFile, pages, setAside, notes });
  }
  return published;
}
