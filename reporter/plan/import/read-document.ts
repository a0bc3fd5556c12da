import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { textDocument, type SourceDocument } from '../../../core/plan/import/document.js';
import { ZipArchive } from '../../collect/zip.js';
import { convertFiles, sofficePath } from '../../render/libreoffice.js';
import { describeSystemError } from '../../system-error.js';
import { UserError } from '../../user-error.js';
import { readDocx } from './docx.js';
import { decodeDocumentText, joinPdfLines } from './text-file.js';

/**
 * Opens a 工作要点 the way the office received it: .docx and .txt directly; .doc, .wps, .rtf and
 * .odt through LibreOffice (converted to .docx in a temporary folder); .pdf through pdftotext. The
 * format is told by the file's bytes, not its name. Every refusal is a Chinese sentence naming the
 * file and what to do.
 */

export interface ReadDocument {
  document: SourceDocument;
  /** How it was read, for the summary: `.docx`, `.txt`, `.doc（经 LibreOffice 转换）`… */
  format: string;
}

const run = promisify(execFile);
const MAX_BYTES = 50 * 1024 * 1024;
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, magic: number[] | string) =>
  (typeof magic === 'string' ? [...magic].map((c) => c.charCodeAt(0)) : magic).every(
    (b, i) => bytes[i] === b,
  );
const holdsUtf16 = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, 'utf16le'));

async function installed(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 30_000 });
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ENOENT';
  }
}

/** Converts a word-processor file to .docx with LibreOffice and reads that. */
async function throughLibreOffice(file: string, bytes: Uint8Array, kind: string): Promise<ReadDocument> {
  const name = path.basename(file);
  if (!sofficePath()) {
    throw new UserError(
      `无法读取 ${name}：读取${kind}文件需要 LibreOffice，本机没有安装（找不到 soffice 命令）。请在 Word 或 WPS 中把它另存为 .docx 后再导入，或安装 LibreOffice（Debian/UOS：apt-get install libreoffice-writer-nogui）。`,
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'creditwork-import-'));
  try {
    // WPS 文字 files are Word 97 documents inside; the .doc name lets LibreOffice pick its filter.
    const extension = startsWith(bytes, CFB) ? '.doc' : path.extname(file).toLowerCase() || '.doc';
    const source = path.join(dir, `source${extension}`);
    await copyFile(file, source);
    let converted: Uint8Array;
    try {
      const [docx] = await convertFiles([source], 'docx', dir);
      converted = await readFile(docx);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UserError(
        `LibreOffice 未能把 ${name} 转换为 .docx（${reason}）：文件可能已损坏或加密。请在 Word 或 WPS 中打开并另存为 .docx 后再导入。`,
      );
    }
    return { document: readDocx(new ZipArchive(converted)), format: `${kind}（经 LibreOffice 转换）` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function throughPdftotext(file: string): Promise<ReadDocument> {
  const name = path.basename(file);
  if (!(await installed('pdftotext', ['-v']))) {
    throw new UserError(
      `无法读取 ${name}：读取 PDF 需要 pdftotext，本机没有安装。请安装 poppler-utils（Debian/UOS：apt-get install poppler-utils），或改用原始的 Word 文件（.docx/.doc/.wps）导入。`,
    );
  }
  let text: string;
  try {
    ({ stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(
      `pdftotext 未能读取 ${name}（${reason}）：文件可能已损坏或加密。请改用原始的 Word 文件导入。`,
    );
  }
  const joined = joinPdfLines(text);
  if (joined.replace(/\s/g, '').length < 20) {
    throw new UserError(
      `${name} 中没有可提取的文字（可能是扫描件或图片）。请改用原始的 Word 文件（.docx/.doc/.wps）导入，或先用文字识别软件转成文字。`,
    );
  }
  return { document: textDocument(joined), format: '.pdf（经 pdftotext 提取文字，表格不能识别）' };
}

function fromZip(file: string, bytes: Uint8Array): ReadDocument | 'convert' {
  const name = path.basename(file);
  let zip: ZipArchive;
  try {
    zip = new ZipArchive(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `${name} 已损坏或不完整，无法作为 .docx 读取（${reason}）。请重新保存或重新下载后再导入。`,
    );
  }
  if (zip.has('word/document.xml')) {
    try {
      return { document: readDocx(zip), format: '.docx' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UserError(
        `${name} 的内容无法读取（${reason}）。请在 Word 或 WPS 中打开并另存为 .docx 后再导入。`,
      );
    }
  }
  if (zip.has('xl/workbook.xml')) {
    throw new UserError(
      `${name} 是 Excel 工作簿，不是工作要点文件。请导入工作要点的 Word 文件（.docx/.doc/.wps）或文本（.txt）。`,
    );
  }
  if (zip.has('content.xml')) return 'convert';
  throw new UserError(
    `${name} 是压缩文件，但不是 Word 文档。请导入工作要点的 Word 文件（.docx/.doc/.wps）或文本（.txt）。`,
  );
}

export async function readWorkPointsFile(file: string): Promise<ReadDocument> {
  const name = path.basename(file);
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UserError(`${file} 是文件夹，不是文件：请给出工作要点文件的路径。`);
    if (info.size > MAX_BYTES) {
      throw new UserError(
        `${name} 有 ${(info.size / 1024 / 1024).toFixed(1)} MB，超过 50 MB：工作要点文件不应这么大，请检查是否选错了文件。`,
      );
    }
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new UserError(`找不到文件 ${file}：请检查路径和文件名。`);
    const system = describeSystemError({ code, path: file });
    throw system ? new UserError(system) : error;
  }
  if (bytes.length === 0) throw new UserError(`${name} 是空文件（0 字节）：请重新保存后再导入。`);

  if (startsWith(bytes, 'PK')) {
    const read = fromZip(file, bytes);
    return read === 'convert' ? throughLibreOffice(file, bytes, '.odt') : read;
  }
  if (startsWith(bytes, CFB)) {
    if (holdsUtf16(bytes, 'EncryptionInfo') || holdsUtf16(bytes, 'EncryptedPackage')) {
      throw new UserError(
        `${name} 设置了打开密码，无法读取。请在 Word 或 WPS 中取消密码并另存为 .docx 后再导入。`,
      );
    }
    if (holdsUtf16(bytes, 'Workbook') || holdsUtf16(bytes, 'Book')) {
      throw new UserError(
        `${name} 是 Excel 97-2003 工作簿，不是工作要点文件。请导入工作要点的 Word 文件或文本。`,
      );
    }
    const kind = path.extname(file).toLowerCase() === '.wps' ? '.wps' : '.doc';
    return throughLibreOffice(file, bytes, kind);
  }
  if (startsWith(bytes, '%PDF')) return throughPdftotext(file);
  if (startsWith(bytes, '{\\rtf')) return throughLibreOffice(file, bytes, '.rtf');
  const text = decodeDocumentText(bytes);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) {
    throw new UserError(
      `无法识别 ${name} 的格式：它不是 Word 文档、PDF 或文本文件。请导入工作要点的 .docx、.doc、.wps、.pdf 或 .txt 文件。`,
    );
  }
  return { document: textDocument(text), format: '.txt' };
}
