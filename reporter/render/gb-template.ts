import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  OverlapType,
  Packer,
  Paragraph,
  RelativeVerticalPosition,
  Tab,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
} from 'docx';
import {
  GB,
  STYLE,
  finishGbStyles,
  gbFooters,
  gbSectionProperties,
  gbStyles,
  tableCharWidth,
  typeAreaWidth,
} from './gb9704.js';
import { decode, encode, normalizeDocx, readParts } from './zip.js';

/**
 * Building blocks of the built-in Word templates (circular, assessment), written from code so a
 * template is reproducible; the office may restyle them in Word as long as the {{placeholders}} stay.
 */

export const p = (
  style: string,
  text = '',
  options: Partial<ConstructorParameters<typeof Paragraph>[0] & object> = {},
): Paragraph => new Paragraph({ style, children: text ? [new TextRun(text)] : [], ...options });

export const blank = (): Paragraph => p(STYLE.body);

/**
 * The 版头 (GB/T 9704 7.2): 发文机关标志, 空二行, 发文字号 with the red line 4 mm under it, 空二行,
 * then the title.
 */
export const documentHead = (): Paragraph[] => [
  p(STYLE.issuerMark, '{{issuerMark}}'),
  p(STYLE.headSpace),
  p(STYLE.headSpace),
  p(STYLE.docNumber, '{{docNumber}}'),
  p(STYLE.headSpace),
  p(STYLE.headSpace),
  p(STYLE.title, '{{title}}'),
];

/**
 * The end of the body: 附件说明 (正文下空一行) and the 落款 ({{signature}}: 署名 and 成文日期 placed
 * for the text, with the blank lines GB/T 9704 7.3.5 asks for). All kept with the body's last
 * paragraph, so the 落款 never stands on a page without body text.
 */
export const bodyEnd = (): Paragraph[] => [
  p(STYLE.body, '', { keepNext: true }),
  p(STYLE.body, '{{attachmentNote}}'),
  p(STYLE.body, '{{signature}}'),
];

export interface TableColumn {
  /** `\n` breaks the header where a narrow column should wrap (完成\n情况). */
  header: string;
  field: string;
  /** Width in characters of table text (小四); a `grow` column also takes what is left of the line. */
  chars: number;
  grow?: boolean;
  left?: boolean;
  /** Columns sharing a group get a second header row under one spanning cell (e.g. 任务进展（项次）). */
  group?: string;
  /**
   * Free text of any length (what a unit typed): its rows may break across pages, since a row kept
   * whole that is taller than a page would be cut off in Word.
   */
  long?: boolean;
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const cellBorders = { top: thin, bottom: thin, left: thin, right: thin };
/** Side padding of a table cell: a sixth of a character, so narrow number columns keep their text. */
const CELL_PAD = 57;
/** At least this tall: one line of 小四 text with a little air (0.7 cm), taller only when text wraps. */
const ROW_HEIGHT = 397;

/** Column widths in twips: each column its characters, `grow` columns share the rest of the type area. */
export function columnWidths(columns: readonly TableColumn[]): number[] {
  const fixed = columns.map((c) => Math.round(c.chars * tableCharWidth + 2 * CELL_PAD));
  const spare = typeAreaWidth - fixed.reduce((s, w) => s + w, 0);
  const growing = columns.filter((c) => c.grow);
  if (spare < 0 || !growing.length) {
    // Too wide (or nothing grows): scale everything to the type area.
    const total = fixed.reduce((s, w) => s + w, 0);
    const scaled = fixed.map((w) => Math.floor((w / total) * typeAreaWidth));
    scaled[scaled.length - 1] += typeAreaWidth - scaled.reduce((s, w) => s + w, 0);
    return scaled;
  }
  const weight = growing.reduce((s, c) => s + c.chars, 0);
  const widths = columns.map((c, i) =>
    c.grow ? fixed[i] + Math.floor((spare * c.chars) / weight) : fixed[i],
  );
  widths[widths.findLastIndex((_, i) => columns[i].grow)] +=
    typeAreaWidth - widths.reduce((s, w) => s + w, 0);
  return widths;
}

function cell(
  text: string,
  style: string,
  width: number,
  options: { left?: boolean; columnSpan?: number; rowSpan?: number } = {},
): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    borders: cellBorders,
    margins: { left: CELL_PAD, right: CELL_PAD, top: 0, bottom: 0 },
    columnSpan: options.columnSpan,
    rowSpan: options.rowSpan,
    children: [
      new Paragraph({
        style,
        alignment: options.left ? AlignmentType.LEFT : undefined,
        children: text.split('\n').map((line, i) => new TextRun({ text: line, break: i ? 1 : 0 })),
      }),
    ],
  });
}

const headerRow = (children: TableCell[]) =>
  new TableRow({
    tableHeader: true,
    cantSplit: true,
    height: { value: ROW_HEIGHT, rule: HeightRule.ATLEAST },
    children,
  });

/**
 * A table with its header (repeated on every page) and one row of `{{key.field}}` cells that the
 * renderer repeats per data row. Fixed layout, so Word keeps the widths instead of fitting content.
 */
export function rowsTable(key: string, columns: readonly TableColumn[]): Table {
  const widths = columnWidths(columns);
  const grouped = columns.some((c) => c.group);
  const headers: TableRow[] = [];
  if (!grouped) {
    headers.push(headerRow(columns.map((c, i) => cell(c.header, STYLE.tableHeader, widths[i]))));
  } else {
    const top: TableCell[] = [];
    for (let i = 0; i < columns.length;) {
      const group = columns[i].group;
      let j = i + 1;
      while (group && j < columns.length && columns[j].group === group) j++;
      const width = widths.slice(i, j).reduce((s, w) => s + w, 0);
      top.push(
        group
          ? cell(group, STYLE.tableHeader, width, { columnSpan: j - i })
          : cell(columns[i].header, STYLE.tableHeader, width, { rowSpan: 2 }),
      );
      i = j;
    }
    headers.push(headerRow(top));
    headers.push(
      headerRow(columns.flatMap((c, i) => (c.group ? [cell(c.header, STYLE.tableHeader, widths[i])] : []))),
    );
  }
  return new Table({
    width: { size: typeAreaWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows: [
      ...headers,
      new TableRow({
        cantSplit: !columns.some((c) => c.long),
        height: { value: ROW_HEIGHT, rule: HeightRule.ATLEAST },
        children: columns.map((c, i) =>
          cell(`{{${key}.${c.field}}}`, STYLE.table, widths[i], { left: c.left }),
        ),
      }),
    ],
  });
}

/** The caption above a table (表1 and its title), kept on the page of the table. */
export const tableCaption = (text: string): Paragraph => p(STYLE.tableCaption, text);

/**
 * 版记 (GB/T 9704 7.4, 10): 抄送 and 印发机关/印发日期 between a thick first rule, a thin middle rule
 * and a thick last rule that sits on the bottom edge of the type area of the last page. A table
 * floating at the bottom of the margin does that in Word and in LibreOffice; it is placed from the
 * page's left edge (at the left margin) because LibreOffice floats a full-width table only then.
 * The empty paragraph after it is its anchor: if the last page is full, both move to a new page.
 */
export function recordBlock(): FileChild[] {
  const rule = (size: number) => ({ style: BorderStyle.SINGLE, size, color: '000000' });
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const row = (paragraph: Paragraph) =>
    new TableRow({
      cantSplit: true,
      children: [
        new TableCell({
          width: { size: typeAreaWidth, type: WidthType.DXA },
          margins: { left: 0, right: 0, top: 0, bottom: 0 },
          children: [paragraph],
        }),
      ],
    });
  const indent = GB.size.si * 10; // one character of 4号
  return [
    new Table({
      width: { size: typeAreaWidth, type: WidthType.DXA },
      columnWidths: [typeAreaWidth],
      layout: TableLayoutType.FIXED,
      float: {
        horizontalAnchor: TableAnchorType.PAGE,
        absoluteHorizontalPosition: GB.marginLeft,
        verticalAnchor: TableAnchorType.MARGIN,
        relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
        overlap: OverlapType.NEVER,
      },
      borders: {
        top: rule(8), // 0.35 mm
        bottom: rule(8),
        insideHorizontal: rule(6), // 0.25 mm
        left: none,
        right: none,
        insideVertical: none,
      },
      rows: [
        // 抄送 wraps under the first character after the colon.
        row(
          p(STYLE.record, '{{copyToLine}}', {
            indent: { left: indent + 3 * indent, hanging: 3 * indent, right: indent },
          }),
        ),
        row(
          new Paragraph({
            style: STYLE.record,
            // Tab stops count from the cell's edge: 印发日期右空一字.
            tabStops: [{ type: TabStopType.RIGHT, position: typeAreaWidth - indent }],
            children: [
              new TextRun('{{printer}}'),
              new TextRun({ children: [new Tab(), '{{printDate}}印发'] }),
            ],
          }),
        ),
      ],
    }),
    p(STYLE.record),
  ];
}

/** A GB/T 9704 document (page, styles, page numbers) of the given body, reproducible byte for byte. */
export async function buildGbTemplate(options: {
  title: string;
  description: string;
  children: FileChild[];
  date: string;
}): Promise<Uint8Array> {
  const doc = new Document({
    title: options.title,
    creator: 'creditwork',
    description: options.description,
    evenAndOddHeaderAndFooters: true,
    styles: gbStyles(),
    sections: [{ properties: gbSectionProperties(), footers: gbFooters(), children: options.children }],
  });
  const parts = readParts(new Uint8Array(await Packer.toArrayBuffer(doc)));
  parts.set('word/styles.xml', encode(finishGbStyles(decode(parts.get('word/styles.xml')!))));
  return normalizeDocx(parts, options.date);
}
