import { columnLetter } from '../../core/contract/address.js';
import { PAGE_FOOTER, PRINT_MARGINS, orientationFor, rowHeight, wrappedLines } from '../excel-print.js';
import { zipFiles } from '../zip-write.js';

/**
 * A small, deterministic xlsx writer for the master workbook and receipts. Every text goes into the
 * shared-string table, so a value such as `=HYPERLINK(…)` or `+86…` is shown as typed and can never
 * become a formula; a fixed zip time makes equal content give equal bytes.
 */

export type Style =
  | 'text'
  | 'wrap'
  | 'header'
  | 'title'
  | 'error'
  | 'warning'
  | 'ok'
  | 'percent'
  | 'decimal'
  | 'percentFine'
  | 'preamble';

export type Cell =
  string | number | boolean | null | undefined | { value: string | number | null; style: Style };

export interface Column {
  header: string;
  width: number;
  style?: Style;
}

export interface SheetSpec {
  name: string;
  columns: Column[];
  rows: Cell[][];
  /** Lines above the header row (title, unit, period…), each across the whole width of the table. */
  preamble?: Cell[];
  /** Paper orientation; by default portrait when the columns fit a portrait page, else landscape. */
  orientation?: 'portrait' | 'landscape';
}

/** Cell formats in STYLES_XML: 0 is the sheet's default (no border); table cells are bordered. */
const STYLE_INDEX: Record<Style, number> = {
  text: 11,
  header: 1,
  wrap: 2,
  error: 3,
  warning: 4,
  ok: 5,
  title: 6,
  percent: 7,
  decimal: 8,
  percentFine: 9,
  preamble: 10,
};

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0000"/><numFmt numFmtId="165" formatCode="0.0000%"/></numFmts>
<fonts count="6"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><sz val="11"/><color rgb="FFC00000"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><sz val="11"/><color rgb="FFB26B00"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><sz val="11"/><color rgb="FF00703C"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="12">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyBorder="1" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyBorder="1" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="4" fillId="0" borderId="1" xfId="0" applyBorder="1" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="5" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="10" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all are dropped rather than corrupting the file.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\. */
export function safeSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
}

class SharedStrings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  id(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

/** A cell's XML; an empty table cell is still written (`inTable`), so its borders print. */
function cellXml(ref: string, cell: Cell, fallback: Style, strings: SharedStrings, inTable = false): string {
  const { value, style } =
    cell !== null && typeof cell === 'object' ? cell : { value: cell ?? null, style: fallback };
  const s = STYLE_INDEX[style] ? ` s="${STYLE_INDEX[style]}"` : '';
  if (value === null || value === '' || (typeof value === 'number' && !Number.isFinite(value)))
    return inTable || style !== fallback ? `<c r="${ref}"${s}/>` : '';
  if (typeof value === 'number') return `<c r="${ref}"${s}><v>${value}</v></c>`;
  if (typeof value === 'boolean')
    return `<c r="${ref}"${s} t="s"><v>${strings.id(value ? '是' : '否')}</v></c>`;
  return `<c r="${ref}"${s} t="s"><v>${strings.id(String(value))}</v></c>`;
}

/** Styles that wrap their text (see STYLES_XML). */
const WRAPPED = new Set<Style>(['wrap', 'error', 'warning', 'ok', 'preamble']);

const styleOf = (cell: Cell, fallback: Style): Style =>
  cell !== null && typeof cell === 'object' ? cell.style : fallback;

/** The value a cell shows, for measuring it. */
const shownText = (cell: Cell): string =>
  cell === null || cell === undefined ? '' : String(typeof cell === 'object' ? (cell.value ?? '') : cell);

function sheetXml(sheet: SheetSpec, strings: SharedStrings): string {
  const preamble = sheet.preamble ?? [];
  const headerRow = preamble.length + 1;
  const totalWidth = sheet.columns.reduce((s, c) => s + c.width, 0);
  const rows: string[] = [];
  // Preamble lines span the table (merged), wrapped, tall enough for their lines: printed, text
  // running past the last column would be cut off.
  preamble.forEach((line, i) => {
    const title = i === 0;
    const xml = cellXml(`A${i + 1}`, line, title ? 'title' : 'preamble', strings);
    const lines = wrappedLines(shownText(line), title ? (totalWidth * 11) / 14 : totalWidth);
    const height = (title ? 20 : 15) * lines;
    rows.push(`<row r="${i + 1}" ht="${height}" customHeight="1">${xml}</row>`);
  });
  const headerHeight = rowHeight(sheet.columns.map((c) => ({ text: c.header, width: c.width })));
  rows.push(
    `<row r="${headerRow}"${headerHeight ? ` ht="${headerHeight}" customHeight="1"` : ''}>${sheet.columns
      .map((c, i) =>
        cellXml(
          `${columnLetter(i + 1)}${headerRow}`,
          { value: c.header, style: 'header' },
          'header',
          strings,
        ),
      )
      .join('')}</row>`,
  );
  sheet.rows.forEach((row, r) => {
    const n = headerRow + 1 + r;
    const cells = sheet.columns.map((column, c) =>
      cellXml(`${columnLetter(c + 1)}${n}`, row[c], column.style ?? 'text', strings, true),
    );
    // Not a custom height: Excel fits the row again when a cell is edited.
    const height = rowHeight(
      row.flatMap((cell, c) =>
        WRAPPED.has(styleOf(cell, sheet.columns[c]?.style ?? 'text'))
          ? [{ text: shownText(cell), width: sheet.columns[c]?.width ?? 10 }]
          : [],
      ),
    );
    rows.push(`<row r="${n}"${height ? ` ht="${height}"` : ''}>${cells.join('')}</row>`);
  });
  const lastCol = columnLetter(Math.max(sheet.columns.length, 1));
  const lastRow = headerRow + sheet.rows.length;
  const cols = sheet.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
    .join('');
  const merges =
    preamble.length && sheet.columns.length > 1
      ? `<mergeCells count="${preamble.length}">${preamble.map((_, i) => `<mergeCell ref="A${i + 1}:${lastCol}${i + 1}"/>`).join('')}</mergeCells>`
      : '';
  const m = PRINT_MARGINS;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    // Printed one page wide on A4, as many pages down as it takes.
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows.join('')}</sheetData>` +
    (sheet.rows.length ? `<autoFilter ref="A${headerRow}:${lastCol}${lastRow}"/>` : '') +
    merges +
    `<printOptions horizontalCentered="1"/>` +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    `<pageSetup paperSize="9" orientation="${sheet.orientation ?? orientationFor(totalWidth)}" fitToWidth="1" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>${escapeXml(PAGE_FOOTER)}</oddFooter></headerFooter>` +
    `</worksheet>`
  );
}

const FIXED_TIME = new Date(Date.UTC(2000, 0, 1));

export function writeXlsx(sheets: SheetSpec[]): Uint8Array {
  const strings = new SharedStrings();
  const names = sheets.map((s) => safeSheetName(s.name));
  const files: Record<string, Uint8Array> = {};
  const enc = (s: string) => new TextEncoder().encode(s);
  const sheetParts = sheets.map((sheet) => enc(sheetXml(sheet, strings)));
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
  files['[Content_Types].xml'] = enc(
    head +
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      sheets
        .map(
          (_s, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      `</Types>`,
  );
  files['_rels/.rels'] = enc(
    head +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files['xl/workbook.xml'] = enc(
    head +
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>` +
      names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      `</sheets><definedNames>` +
      sheets
        .map((s, i) => {
          const headerRow = (s.preamble?.length ?? 0) + 1;
          const lastCol = columnLetter(Math.max(s.columns.length, 1));
          const filter = s.rows.length
            ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${escapeXml(names[i].replace(/'/g, "''"))}'!$A$${headerRow}:$${lastCol}$${headerRow + s.rows.length}</definedName>`
            : '';
          return `${filter}<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${escapeXml(names[i].replace(/'/g, "''"))}'!$${headerRow}:$${headerRow}</definedName>`;
        })
        .join('') +
      `</definedNames></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = enc(
    head +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets
        .map(
          (_s, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
      `</Relationships>`,
  );
  sheetParts.forEach((part, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = part));
  files['xl/styles.xml'] = enc(STYLES_XML);
  files['xl/sharedStrings.xml'] = enc(
    head +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.list.length}" uniqueCount="${strings.list.length}">` +
      strings.list.map((t) => `<si><t xml:space="preserve">${escapeXml(t)}</t></si>`).join('') +
      `</sst>`,
  );
  return zipFiles(files, FIXED_TIME);
}
