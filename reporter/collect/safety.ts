import { MAX_TEXT_LENGTH } from '../../core/contract/layout.js';
import type { Finding } from '../../core/plan/model.js';
import { BadCellReference, readWorkbook, type RawWorkbook } from './xlsx-read.js';
import { XmlError } from './xml.js';
import { partKey } from './part-name.js';
import { DEFAULT_ZIP_LIMITS, ZipArchive, ZipIntegrityError, ZipLimitError, type ZipLimits } from './zip.js';

/**
 * A returned file is hostile until proven otherwise: these checks run on the raw bytes before any
 * XML is parsed, and each refusal says in Chinese what the file is and what to send instead.
 */

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The refusal for a file over the size limit; also used before reading a huge file at all. */
export function tooLarge(file: string, size: number): Finding {
  return fileFinding(
    file,
    'collect.too-large',
    `文件大小 ${(size / 1024 / 1024).toFixed(1)} MB，超过上限 ${MAX_FILE_BYTES / 1024 / 1024} MB。填报表不应插入图片或附件，印证资料请另行报送。`,
  );
}

export type Safe = { ok: true; zip: ZipArchive } | { ok: false; finding: Finding };

/** A refusal of the whole file, its message starting with the file name. */
export function fileFinding(file: string, code: string, message: string): Finding {
  return { level: 'error', file, sheet: '', cell: '', code, message: `${file}：${message}` };
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(pattern);
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of sample) if (b < 9 || (b > 13 && b < 32)) control++;
  return control === 0;
}

export function checkBytes(file: string, bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Safe {
  const no = (code: string, message: string): Safe => ({
    ok: false,
    finding: fileFinding(file, code, message),
  });
  if (bytes.length === 0)
    return no('collect.empty', '文件为空（0 字节），可能未保存完整。请重新保存填报表后再发送。');
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, finding: tooLarge(file, bytes.length) };
  if (startsWith(bytes, CFB_MAGIC)) {
    if (containsUtf16(bytes, 'EncryptionInfo') || containsUtf16(bytes, 'EncryptedPackage')) {
      return no(
        'collect.encrypted',
        '工作簿设置了打开密码（已加密），无法读取。请在 Excel/WPS 中取消文件密码后另存为 .xlsx 再报送。',
      );
    }
    if (containsUtf16(bytes, 'Workbook') || containsUtf16(bytes, 'Book')) {
      return no(
        'collect.xls',
        '这是旧版 Excel 97-2003（.xls）文件。请使用下发的 .xlsx 填报表填写，不要另存为 .xls。',
      );
    }
    return no(
      'collect.not-xlsx',
      '这是 Office 97-2003 格式的文件，不是 Excel 工作簿（.xlsx）。请使用下发的填报表。',
    );
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    if (looksLikeText(bytes)) {
      return no(
        'collect.text',
        '文件内容是文本（如 CSV 或网页），不是 Excel 工作簿（.xlsx）。请使用下发的 .xlsx 填报表填写后原样报送。',
      );
    }
    return no(
      'collect.not-xlsx',
      '不是 Excel 工作簿（.xlsx），无法识别文件内容。请使用下发的 .xlsx 填报表填写后原样报送。',
    );
  }
  let zip: ZipArchive;
  try {
    zip = new ZipArchive(bytes, limits);
  } catch (error) {
    if (error instanceof ZipLimitError && error.kind === 'ratio') {
      const long = longTextBehindRatio(file, bytes, limits);
      if (long) return { ok: false, finding: long };
    }
    if (error instanceof ZipLimitError) {
      return no('collect.zip-limit', `${error.message}，疑似异常文件，已拒收。请使用下发的填报表重新填写。`);
    }
    return { ok: false, finding: readFailure(file, error) };
  }
  if (!zip.has('[Content_Types].xml') || !(zip.has('xl/workbook.xml') || zip.has('xl/workbook.bin'))) {
    return no(
      'collect.not-xlsx',
      '压缩包中没有 Excel 工作簿（可能是 Word 文档或其他压缩文件）。请发送下发的 .xlsx 填报表。',
    );
  }
  if (zip.has('xl/workbook.bin')) {
    return no('collect.not-xlsx', '这是 Excel 二进制工作簿（.xlsb）。请使用下发的 .xlsx 填报表。');
  }
  let types: string;
  try {
    types = zip.text('[Content_Types].xml') ?? '';
  } catch (error) {
    return { ok: false, finding: readFailure(file, error) };
  }
  const names = [...zip.entries.keys()];
  if (
    /macroEnabled|vbaProject/i.test(types) ||
    names.some((n) => /vbaProject\.bin$|\/vba/i.test(partKey(n)))
  ) {
    return no(
      'collect.macro',
      '文件含有宏（VBA，.xlsm 格式），为安全起见不予接收。请在下发的 .xlsx 填报表中填写，不要另存为“启用宏的工作簿”。',
    );
  }
  if (names.some((n) => partKey(n).startsWith('xl/externallinks/'))) {
    return no(
      'collect.external-link',
      '工作簿含有指向其他文件的外部链接，数据可能不是本表填写的值。请删除外部链接（或复制后“选择性粘贴-数值”）后再报送。',
    );
  }
  return { ok: true, zip };
}

/**
 * The refusal for a file whose zip or XML cannot be read, saying what is wrong with it: damaged
 * data, an archive altered outside Excel/WPS, or content that is not well-formed.
 */
export function readFailure(file: string, error: unknown): Finding {
  const resave = '请在 Excel/WPS 中打开填报表，确认内容无误后重新保存，再完整发送。';
  if (error instanceof ZipIntegrityError) {
    const part = error.entry;
    switch (error.kind) {
      case 'crc':
        return fileFinding(
          file,
          'collect.damaged',
          `文件已损坏：压缩包内 ${part} 的校验码（CRC-32）与内容不符，可能在保存或传输中出错，其中的数据不可信。${resave}`,
        );
      case 'duplicate':
        return fileFinding(
          file,
          'collect.zip-duplicate',
          `压缩包内有两份 ${part}，无法确定哪一份是填报内容（文件可能被其他工具改动过），已拒收。${resave}`,
        );
      default:
        return fileFinding(
          file,
          'collect.damaged',
          `文件已损坏或被改动：压缩包内 ${part} 的记录前后不一致。${resave}`,
        );
    }
  }
  if (error instanceof BadCellReference) {
    return {
      ...fileFinding(
        file,
        'collect.bad-cell-ref',
        `工作表“${error.sheet}”中的${error.what}不在 Excel 的单元格范围（A1 至 XFD1048576）内，无法确定其中的数据属于哪个单元格，文件可能被其他工具改动过。${resave}`,
      ),
      sheet: error.sheet,
    };
  }
  if (error instanceof XmlError) {
    return fileFinding(file, 'collect.corrupt', `工作簿内容已损坏（XML 结构不完整），无法读取。${resave}`);
  }
  return fileFinding(
    file,
    'collect.corrupt',
    '文件已损坏或不完整（压缩包无法读取），可能是传输中断。请重新保存并完整发送。',
  );
}

/** Above this an entry is not read even to explain its ratio: no honest workbook part is near it. */
const EXPLAIN_RATIO_BYTES = 32 * 1024 * 1024;

/**
 * A text of millions of characters typed into one cell compresses hundreds of times over and trips
 * the ratio limit. When the file is otherwise a plausible workbook, say which cell is too long and
 * what the limit is rather than calling the file abnormal. Undefined when that is not the story.
 */
function longTextBehindRatio(file: string, bytes: Uint8Array, limits: ZipLimits): Finding | undefined {
  try {
    const zip = new ZipArchive(bytes, { ...limits, maxRatio: Infinity });
    const workbook = readWorkbook(zip, []);
    const textParts = new Set(
      [workbook.sharedStringsPart, ...workbook.sheets.map((x) => x.part)].map(partKey),
    );
    const suspects = [...zip.entries.values()].filter(
      (e) =>
        e.originalSize > limits.ratioFloorBytes && e.originalSize > limits.maxRatio * Math.max(e.size, 1),
    );
    if (suspects.some((e) => e.originalSize > EXPLAIN_RATIO_BYTES || !textParts.has(partKey(e.name)))) {
      return undefined;
    }
    const visible = workbook.sheets.filter((x) => x.state === 'visible').map((x) => x.name);
    // The long texts must account for most of what inflates: a bomb padded elsewhere stays a bomb.
    const needed = suspects.reduce((n, e) => n + e.originalSize, 0) / 2;
    const long: LongText[] = [];
    let covered = 0;
    for (const text of longTexts(readWorkbook(zip, visible))) {
      if (covered >= needed || long.length === 3) break;
      long.push(text);
      covered += text.bytes;
    }
    if (covered < needed) return undefined;
    const cells = long
      .slice(0, 3)
      .map((c) => `“${c.sheet}”${c.cell}（${c.length.toLocaleString('en-US')} 字）`)
      .join('、');
    const first = long[0];
    return {
      level: 'error',
      file,
      sheet: first.sheet,
      cell: first.cell,
      code: 'collect.text-too-long',
      message: `${file}：工作表${cells}的文字过长，每个单元格最多 ${MAX_TEXT_LENGTH} 字。请删减为简要说明（详细材料请另行报送），保存后重新报送。`,
    };
  } catch {
    return undefined;
  }
}

interface LongText {
  sheet: string;
  cell: string;
  length: number;
  /** Its size in the XML (UTF-8), to compare with the parts it inflates. */
  bytes: number;
}

/** Cells over the text limit, longest first. */
function longTexts(workbook: RawWorkbook): LongText[] {
  const out: LongText[] = [];
  for (const [sheet, raw] of workbook.read) {
    for (const [cell, value] of raw.cells) {
      if (typeof value.value === 'string' && value.value.length > MAX_TEXT_LENGTH) {
        out.push({ sheet, cell, length: value.value.length, bytes: Buffer.byteLength(value.value) });
      }
    }
  }
  return out.sort((a, b) => b.length - a.length);
}

export type ReadReturn = { ok: true; workbook: RawWorkbook } | { ok: false; finding: Finding };

/** A returned file from bytes to its cells: the safety checks, then the read, each failure named. */
export function readReturn(file: string, bytes: Uint8Array, sheets: readonly string[]): ReadReturn {
  const safe = checkBytes(file, bytes);
  if (!safe.ok) return safe;
  try {
    return { ok: true, workbook: readWorkbook(safe.zip, sheets) };
  } catch (error) {
    return { ok: false, finding: readFailure(file, error) };
  }
}
