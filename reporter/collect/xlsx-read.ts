import { createHash } from 'node:crypto';
import { elements, elementsWithin, readStringItem, seek, XmlCursor, XmlError } from './xml.js';
import { decodeText, type ZipArchive } from './zip.js';
import { resolvePart } from './part-name.js';
import { columnLetter, columnNumber } from '../../core/contract/address.js';
import { dateToSerial, isDateFormat } from '../../core/values/excel-serial.js';

/**
 * A lean SpreadsheetML reader: workbook.xml, its relationships, sharedStrings, styles (only to know
 * which numbers are dates) and the sheets asked for. It never evaluates a formula: a formula cell
 * carries its text and the cached value the file claims, and callers decide what to trust.
 */

export type LeanCellKind = 'number' | 'date' | 'string' | 'boolean' | 'error';

export interface LeanCell {
  kind: LeanCellKind;
  /** Numbers and dates as numbers (dates as Excel serials), strings as text, booleans, error text. */
  value: number | string | boolean;
  /** Formula text without `=`, shared formulas translated to this cell. */
  formula?: string;
  /** Number format code of the cell's style when not General. */
  numFmt?: string;
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface RawSheet {
  name: string;
  state: SheetState;
  /** By A1 address; only cells that carry a value or a formula. */
  cells: Map<string, LeanCell>;
  /** Highest row number that holds a cell. */
  maxRow: number;
}

export interface WorkbookInfo {
  sheets: { name: string; state: SheetState; part: string }[];
  date1904: boolean;
  /** Parts of type externalLink referenced by the workbook. */
  externalLinks: string[];
  /** Parts holding the shared strings and the styles, from the workbook's relationships. */
  sharedStringsPart: string;
  stylesPart: string;
}

export interface RawWorkbook extends WorkbookInfo {
  /** Only the sheets asked for (and present). */
  read: Map<string, RawSheet>;
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/**
 * Parsed parts keyed by their stored (compressed) bytes: equal bytes inflate to equal XML, so a
 * batch of workbooks issued from one template parses its workbook, relationships and styles once.
 * Values are shared between files and must not be changed by callers.
 */
const partCache = new Map<string, unknown>();
const PART_CACHE_LIMIT = 256;

function cachedParse<T>(zip: ZipArchive, kind: string, names: string[], parse: () => T): T {
  const hash = createHash('sha256').update(kind);
  for (const name of names) {
    const raw = zip.raw(name);
    // The declared CRC is part of the key: a hit stands for data already read and verified against it.
    hash.update(`\0${name}\0${raw ? `${raw.method}:${raw.crc}:${raw.data.length}` : '-'}\0`);
    if (raw) hash.update(raw.data);
  }
  const key = hash.digest('base64');
  if (partCache.has(key)) return partCache.get(key) as T;
  const value = parse();
  if (partCache.size >= PART_CACHE_LIMIT) partCache.clear();
  partCache.set(key, value);
  return value;
}

function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/') + 1;
  return `${part.slice(0, slash)}_rels/${part.slice(slash)}.rels`;
}

function parseWorkbook(zip: ZipArchive): WorkbookInfo {
  const workbookPart = cachedParse(zip, 'root', ['_rels/.rels'], () => {
    const officeDoc = elements(zip.text('_rels/.rels') ?? '', 'Relationship').find((r) =>
      (r.Type ?? '').endsWith('/officeDocument'),
    );
    return officeDoc ? resolvePart('', officeDoc.Target) : 'xl/workbook.xml';
  });
  const relsPart = relsPartOf(workbookPart);
  return cachedParse(zip, 'workbook', [workbookPart, relsPart], () => {
    const workbookXml = zip.text(workbookPart);
    if (workbookXml === undefined) throw new Error(`缺少 ${workbookPart}`);
    const relations = elements(zip.text(relsPart) ?? '', 'Relationship');
    const rels = new Map(relations.map((r) => [r.Id, r]));
    const sheets = elementsWithin(workbookXml, 'sheets', 'sheet').map((s) => {
      const rel = rels.get(s['r:id'] ?? s.id ?? '');
      const state = (s.state === 'hidden' || s.state === 'veryHidden' ? s.state : 'visible') as SheetState;
      return { name: s.name, state, part: rel ? resolvePart(workbookPart, rel.Target) : '' };
    });
    const pr = elements(workbookXml, 'workbookPr')[0] ?? {};
    const externalLinks = [...rels.values()]
      .filter((r) => (r.Type ?? '').endsWith('/externalLink'))
      .map((r) => resolvePart(workbookPart, r.Target));
    const related = (type: string, fallback: string) => {
      const r = relations.find((x) => (x.Type ?? '').endsWith(type) && x.TargetMode !== 'External');
      return r ? resolvePart(workbookPart, r.Target ?? '') : fallback;
    };
    return {
      sheets,
      date1904: pr.date1904 === '1' || pr.date1904 === 'true',
      externalLinks,
      sharedStringsPart: related('/sharedStrings', 'xl/sharedStrings.xml'),
      stylesPart: related('/styles', 'xl/styles.xml'),
    };
  });
}

function sharedStrings(zip: ZipArchive, part: string): string[] {
  const xml = zip.text(part);
  if (!xml) return [];
  return parseSharedStrings(xml);
}

/** Every `<si>` item's text, in order. */
export function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  const cursor = new XmlCursor(xml);
  while (seek(cursor, 'si')) out.push(readStringItem(cursor));
  return out;
}

/** Number format code per style index (cellXfs), '' for General. */
function styleFormats(zip: ZipArchive, part: string): string[] {
  return cachedParse(zip, 'styles', [part], () => parseStyleFormats(zip.text(part)));
}

function parseStyleFormats(xml: string | undefined): string[] {
  if (!xml) return [];
  const custom = new Map(
    elementsWithin(xml, 'numFmts', 'numFmt').map((f) => [Number(f.numFmtId), f.formatCode]),
  );
  return elementsWithin(xml, 'cellXfs', 'xf').map((xf) => {
    const id = Number(xf.numFmtId ?? 0);
    if (custom.has(id)) return custom.get(id) ?? '';
    if (BUILTIN_DATE_FORMATS.has(id)) return `builtin:${id}`;
    return id === 0 ? '' : `builtin:${id}`;
  });
}

function formatIsDate(code: string): boolean {
  if (code.startsWith('builtin:')) return BUILTIN_DATE_FORMATS.has(Number(code.slice(8)));
  return code !== '' && isDateFormat(code);
}

/** Excel's grid: XFD1048576 is its last cell. */
const MAX_COLUMN = 16384;
const MAX_ROW = 1048576;

const onGrid = (col: number, row: number): boolean =>
  col >= 1 && col <= MAX_COLUMN && Number.isInteger(row) && row >= 1 && row <= MAX_ROW;

/**
 * Moves the relative references of a shared formula from its master cell to another cell. A
 * reference moved off the grid becomes `#REF!`, as Excel shows it.
 */
export function shiftFormula(formula: string, rows: number, cols: number): string {
  if (!rows && !cols) return formula;
  // Skip string literals and quoted sheet names; shift A1 references that are not function names.
  return formula.replace(
    /("[^"]*"|'[^']*')|(?<![A-Za-z0-9_.])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])/g,
    (whole, quoted: string, colAbs: string, col: string, rowAbs: string, row: string) => {
      if (quoted) return whole;
      const c = colAbs ? columnNumber(col) : columnNumber(col) + cols;
      const r = rowAbs ? Number(row) : Number(row) + rows;
      return onGrid(c, r) ? `${colAbs}${columnLetter(c)}${rowAbs}${r}` : '#REF!';
    },
  );
}

/**
 * A cell or row whose reference names no cell of Excel's grid (`XFE1`, `A0`, `1A`, row 1048577):
 * Excel calls such a file damaged, and there is no telling which cell the data was meant for.
 */
export class BadCellReference extends Error {
  constructor(
    readonly sheet: string,
    /** What names no cell, as the office reads it: `单元格位置“XFE1”`, `行号“0”`. */
    readonly what: string,
  ) {
    super(`bad cell reference in sheet ${sheet}: ${what}`);
  }
}

/**
 * A cell reference such as `B12` read without a regular expression (the reader meets one per cell,
 * styled blanks included): `(column * 2^24 + row) * 2 + canonical`, where canonical means written
 * as the key is kept (upper-case letters, no leading zero), or -1 when it is no A1 reference of at
 * most 3 letters and 7 digits. Lower case still names its cell, as in Excel.
 */
function readCellRef(ref: string): number {
  let col = 0;
  let i = 0;
  let canonical = 1;
  for (; i < ref.length && i < 4; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      c -= 32;
      canonical = 0;
    }
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  const letters = i;
  if (letters === 0 || letters > 3) return -1;
  let row = 0;
  for (; i < ref.length; i++) {
    const d = ref.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || i - letters >= 7) return -1;
    if (d === 0 && i === letters) canonical = 0;
    row = row * 10 + d;
  }
  if (i === letters) return -1;
  return (col * 16777216 + row) * 2 + canonical;
}
/** Excel's longest formula; longer text is no formula Excel wrote, and is not shifted. */
const MAX_FORMULA_LENGTH = 8192;

/** The text inside the element whose start tag the cursor is on; leaves the cursor on its end tag. */
function elementText(cursor: XmlCursor): string {
  if (cursor.selfClosing) return '';
  const plain = cursor.textOnly();
  if (plain !== undefined) return plain;
  const depth = cursor.depth;
  let text = '';
  while (cursor.next()) {
    text += cursor.text();
    if (cursor.depth < depth) break;
  }
  return text;
}

interface SharedFormula {
  formula: string;
  row: number;
  col: number;
}

/**
 * Every other cell, with all four fields set in one order whatever it holds. Cells of one shape
 * keep the code that reads them optimised: when the first filled workbooks after a start brought
 * cells with a number format (percents, dates) or a formula, the new shapes made V8 throw away and
 * recompile the reader and the rules in both intake threads (about 0.1 s of CPU each time), just
 * when fifty units were uploading at once.
 */
class Cell implements LeanCell {
  constructor(
    readonly kind: LeanCellKind,
    readonly value: number | string | boolean,
    readonly formula: string | undefined,
    readonly numFmt: string | undefined,
  ) {}
}

/**
 * A cell of a shared formula other than its master: the text is shifted when first read. The rules
 * read only the input cells, so a long master formula shared by many cells is not shifted for each.
 */
class SharedFormulaCell implements LeanCell {
  private shifted?: string = undefined;

  constructor(
    readonly kind: LeanCellKind,
    readonly value: number | string | boolean,
    readonly numFmt: string | undefined,
    private readonly master: SharedFormula,
    private readonly row: number,
    private readonly col: number,
  ) {}

  get formula(): string {
    const { formula, row, col } = this.master;
    this.shifted ??=
      formula.length > MAX_FORMULA_LENGTH ? formula : shiftFormula(formula, this.row - row, this.col - col);
    return this.shifted;
  }
}

/** One worksheet part's cells; `strings` and `formats` are the workbook's shared strings and styles. */
export function parseSheet(
  xml: string,
  name: string,
  state: SheetState = 'visible',
  strings: string[] = [],
  formats: string[] = [],
): RawSheet {
  const cells = new Map<string, LeanCell>();
  const shared = new Map<string, SharedFormula>();
  let row = 0;
  let col = 0;
  let maxRow = 0;
  const cursor = new XmlCursor(xml);
  if (!seek(cursor, 'sheetData') || cursor.selfClosing) return { name, state, cells, maxRow };
  const dataDepth = cursor.depth;
  while (cursor.next()) {
    if (cursor.depth < dataDepth) break;
    if (cursor.closing) continue;
    if (cursor.name === 'row') {
      const r = cursor.attr('r');
      row = r ? Number(r) : row + 1;
      if (!onGrid(1, row)) throw new BadCellReference(name, r ? `行号“${r}”` : `第 ${row} 行`);
      col = 0;
      continue;
    }
    if (cursor.name !== 'c') continue;
    const r = cursor.attr('r');
    const type = cursor.attr('t');
    const style = cursor.attr('s');
    let key: string | undefined;
    if (r) {
      const ref = readCellRef(r);
      if (ref < 0) throw new BadCellReference(name, `单元格位置“${r}”`);
      col = Math.floor(ref / 33554432);
      row = Math.floor(ref / 2) % 16777216;
      if (!onGrid(col, row)) throw new BadCellReference(name, `单元格位置“${r}”`);
      if (ref % 2 === 1) key = r;
    } else if (++col > MAX_COLUMN || !onGrid(1, row)) {
      // A cell without a reference follows the one before it, in the current row.
      throw new BadCellReference(name, `第 ${row} 行的第 ${col} 个单元格`);
    }
    // A cell without content (most styled blanks) only moves the position.
    if (cursor.selfClosing) continue;
    const cellDepth = cursor.depth;
    let formula: string | undefined;
    let sharedIndex: string | undefined;
    let raw: string | undefined;
    let inline: string | undefined;
    while (cursor.next()) {
      if (cursor.depth < cellDepth) break;
      if (cursor.closing) continue;
      const child: string = cursor.name;
      if (child === 'v') {
        if (raw === undefined && !cursor.selfClosing) raw = elementText(cursor);
      } else if (child === 'f') {
        if (formula === undefined) {
          if (cursor.attr('t') === 'shared') sharedIndex = cursor.attr('si');
          formula = elementText(cursor);
        }
      } else if (child === 'is') {
        if (inline === undefined) inline = readStringItem(cursor);
      } else if (child === 'c' || child === 'row' || child === 'sheetData') {
        throw new XmlError(`malformed XML: <${child}> inside a cell`);
      }
    }
    let master: SharedFormula | undefined;
    if (sharedIndex !== undefined && formula !== undefined) {
      if (formula) shared.set(sharedIndex, { formula, row, col });
      master = shared.get(sharedIndex);
      if (master && master.row === row && master.col === col) master = undefined;
    }
    const fmt = style !== undefined ? (formats[Number(style)] ?? '') : '';
    let kind: LeanCellKind | undefined;
    let value: number | string | boolean = '';
    switch (type) {
      case 's':
        if (raw !== undefined) {
          kind = 'string';
          value = strings[Number(raw)] ?? '';
        }
        break;
      case 'inlineStr':
        if (inline !== undefined) {
          kind = 'string';
          value = inline;
        }
        break;
      case 'str':
        if (raw !== undefined) {
          kind = 'string';
          value = raw;
        }
        break;
      case 'b':
        if (raw !== undefined) {
          kind = 'boolean';
          value = raw === '1' || raw === 'true';
        }
        break;
      case 'e':
        if (raw !== undefined) {
          kind = 'error';
          value = raw;
        }
        break;
      case 'd':
        if (raw !== undefined) {
          kind = 'date';
          value = isoToSerial(raw);
        }
        break;
      default:
        if (raw !== undefined && raw !== '') {
          kind = formatIsDate(fmt) ? 'date' : 'number';
          value = Number(raw);
        }
    }
    if (kind === undefined && formula !== undefined) kind = 'string';
    if (kind === undefined) continue;
    const numFmt = fmt && !fmt.startsWith('builtin:') ? fmt : undefined;
    const cell: LeanCell = master
      ? new SharedFormulaCell(kind, value, numFmt, master, row, col)
      : new Cell(kind, value, formula, numFmt);
    cells.set(key ?? `${columnLetter(col)}${row}`, cell);
    if (row > maxRow) maxRow = row;
  }
  return { name, state, cells, maxRow };
}

function isoToSerial(iso: string): number {
  return dateToSerial(new Date(iso.endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : iso + 'Z'));
}

/** Reads the workbook structure and the named sheets (missing names are simply absent). */
export function readWorkbook(zip: ZipArchive, sheetNames: readonly string[]): RawWorkbook {
  const info = parseWorkbook(zip);
  const { sharedStringsPart, stylesPart } = info;
  const wanted = info.sheets.filter((s) => sheetNames.includes(s.name) && s.part);
  const strings = sharedStrings(zip, sharedStringsPart);
  const formats = styleFormats(zip, stylesPart);
  const parts = zip.read(wanted.map((s) => s.part));
  const read = new Map<string, RawSheet>();
  for (const s of wanted) {
    const data = parts.get(s.part);
    if (data) read.set(s.name, parseSheet(decodeText(data), s.name, s.state, strings, formats));
  }
  return { ...info, read };
}
