import {
  AlignmentType,
  BorderStyle,
  DocumentGridType,
  Footer,
  LineRuleType,
  Paragraph,
  PageNumber,
  TextRun,
  type IParagraphStyleOptions,
  type ISectionPropertiesOptions,
  type IStylesOptions,
} from 'docx';

/**
 * GB/T 9704-2012 (党政机关公文格式) page and type settings, shared by every Word document the reporter
 * writes (monthly circular, year-end assessment). Measures are twips (1/20 pt) unless named otherwise.
 */

const mm = (value: number): number => Math.round((value / 25.4) * 1440);

export const GB = {
  pageWidth: 11906, // A4 210 mm
  pageHeight: 16838, // A4 297 mm
  marginTop: mm(37),
  marginBottom: mm(35),
  marginLeft: mm(28),
  marginRight: mm(26),
  /** The page number sits 7 mm below the type area; its line is about 5 mm high (4号). */
  footerDistance: mm(35 - 7 - 5),
  /** 22 lines in the 225 mm type area: 12756 / 22 = 579.8, rounded down so the 22nd line always fits. */
  linePitch: 579,
  linesPerPage: 22,
  charsPerLine: 28,
  /** Half-points, as w:sz writes them. */
  size: { er: 44, san: 32, si: 28, xiaosi: 24, wu: 21 },
  fonts: {
    title: '方正小标宋简体',
    body: '仿宋_GB2312',
    heading1: '黑体',
    heading2: '楷体_GB2312',
    pageNumber: '宋体',
    latin: 'Times New Roman',
  },
  /** GB/T 9704 版头 red. */
  red: 'FF0000',
  /** Space above the 发文机关标志 and its exact line, so its top edge is 35 mm below the type area's top. */
  issuerMarkBefore: 1422,
  issuerMarkLine: 2 * 579,
  /** Points between the 发文字号 and the red line under it (the border's `space`): 4 mm below its text. */
  redLineSpace: 7,
} as const;

/** Width of the type area; 28 characters of 3号 (16 pt) must fit in it. */
export const typeAreaWidth = GB.pageWidth - GB.marginLeft - GB.marginRight;

/**
 * Character spacing (twentieths of a point, negative condenses) so that 28 characters of 3号 text fit
 * the 156 mm line: 16 pt characters need −0.21 pt each; −0.25 pt leaves a hair of slack.
 */
export const bodyCharacterSpacing = Math.floor((typeAreaWidth / GB.charsPerLine - GB.size.san * 10) / 5) * 5;

/** One character of 3号 text, for indents (首行缩进二字, 右空四字). */
export const CHAR = GB.size.san * 10;

/** One character of table text (小四, 12 pt), for column widths. */
export const tableCharWidth = GB.size.xiaosi * 10;

const fonts = (eastAsia: string) => ({
  ascii: GB.fonts.latin,
  hAnsi: GB.fonts.latin,
  cs: GB.fonts.latin,
  eastAsia,
});

const exact = { line: GB.linePitch, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

/** Style ids the templates use; the office sees them by name in Word's Styles pane and may restyle them. */
export const STYLE = {
  body: 'GwBody',
  bodyNoIndent: 'GwBodyNoIndent',
  heading1: 'GwHeading1',
  heading2: 'GwHeading2',
  title: 'GwTitle',
  headSpace: 'GwHeadSpace',
  issuerMark: 'GwIssuerMark',
  docNumber: 'GwDocNumber',
  signature: 'GwSignature',
  date: 'GwDate',
  table: 'GwTable',
  tableHeader: 'GwTableHeader',
  tableCaption: 'GwTableCaption',
  attachmentLabel: 'GwAttachmentLabel',
  record: 'GwRecord',
  pageNumberOdd: 'GwPageNumberOdd',
  pageNumberEven: 'GwPageNumberEven',
} as const;

const paragraphStyles: IParagraphStyleOptions[] = [
  {
    id: STYLE.body,
    name: '公文正文',
    basedOn: 'Normal',
    next: STYLE.body,
    quickFormat: true,
    paragraph: { spacing: exact, indent: { firstLine: 2 * CHAR }, alignment: AlignmentType.JUSTIFIED },
    run: { font: fonts(GB.fonts.body), size: GB.size.san, characterSpacing: bodyCharacterSpacing },
  },
  {
    id: STYLE.bodyNoIndent,
    name: '公文正文（顶格）',
    basedOn: STYLE.body,
    next: STYLE.body,
    paragraph: { indent: { firstLine: 0 } },
  },
  {
    id: STYLE.heading1,
    name: '公文一级标题',
    basedOn: STYLE.body,
    next: STYLE.body,
    quickFormat: true,
    paragraph: { keepNext: true, outlineLevel: 0 },
    run: { font: fonts(GB.fonts.heading1), bold: false },
  },
  {
    id: STYLE.heading2,
    name: '公文二级标题',
    basedOn: STYLE.body,
    next: STYLE.body,
    quickFormat: true,
    paragraph: { keepNext: true, outlineLevel: 1 },
    run: { font: fonts(GB.fonts.heading2), bold: false },
  },
  {
    id: STYLE.title,
    name: '公文标题',
    basedOn: 'Normal',
    next: STYLE.body,
    quickFormat: true,
    paragraph: { spacing: exact, alignment: AlignmentType.CENTER, keepNext: true },
    run: { font: fonts(GB.fonts.title), size: GB.size.er, characterSpacing: 0 },
  },
  {
    id: STYLE.issuerMark,
    name: '发文机关标志',
    basedOn: STYLE.title,
    next: STYLE.headSpace,
    // 小标宋 in red, its top edge 35 mm below the type area's top (GB/T 9704 7.2.2): the space
    // before and the exact line put it there (measured on the rendered page by the tests).
    paragraph: {
      spacing: { before: GB.issuerMarkBefore, line: GB.issuerMarkLine, lineRule: LineRuleType.EXACT },
    },
    run: { color: GB.red, size: GB.size.er },
  },
  {
    // The 空二行 of the 版头 (above and below the 发文字号 and the red line), one body line each.
    id: STYLE.headSpace,
    name: '版头空行',
    basedOn: STYLE.body,
    next: STYLE.headSpace,
    paragraph: { indent: { firstLine: 0 } },
  },
  {
    id: STYLE.docNumber,
    name: '发文字号',
    basedOn: STYLE.body,
    next: STYLE.body,
    paragraph: {
      alignment: AlignmentType.CENTER,
      indent: { firstLine: 0 },
      // The red separator line 4 mm under the 发文字号 (版头分隔线, GB/T 9704 7.2.4).
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: GB.red, space: GB.redLineSpace } },
    },
  },
  {
    id: STYLE.signature,
    name: '发文机关署名',
    basedOn: STYLE.body,
    next: STYLE.date,
    paragraph: { alignment: AlignmentType.RIGHT, indent: { firstLine: 0, right: 2 * CHAR }, keepNext: true },
  },
  {
    id: STYLE.date,
    name: '成文日期',
    basedOn: STYLE.body,
    next: STYLE.body,
    // GB/T 9704: 成文日期右空四字.
    paragraph: { alignment: AlignmentType.RIGHT, indent: { firstLine: 0, right: 4 * CHAR } },
  },
  {
    id: STYLE.attachmentLabel,
    name: '附件标识',
    basedOn: STYLE.body,
    next: STYLE.title,
    paragraph: { indent: { firstLine: 0 } },
    run: { font: fonts(GB.fonts.heading1) },
  },
  {
    // Tables: 小四仿宋, single line spacing, off the body's line grid (see finishGbStyles).
    id: STYLE.table,
    name: '公文表格',
    basedOn: 'Normal',
    next: STYLE.table,
    quickFormat: true,
    paragraph: {
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
      alignment: AlignmentType.CENTER,
    },
    run: { font: fonts(GB.fonts.body), size: GB.size.xiaosi },
  },
  {
    id: STYLE.tableCaption,
    name: '公文表题',
    basedOn: STYLE.table,
    next: STYLE.body,
    quickFormat: true,
    paragraph: { keepNext: true, spacing: { before: 120, after: 60 } },
    run: { font: fonts(GB.fonts.heading1), size: GB.size.si },
  },
  {
    id: STYLE.tableHeader,
    name: '公文表头',
    basedOn: STYLE.table,
    next: STYLE.table,
    run: { font: fonts(GB.fonts.heading1) },
  },
  {
    id: STYLE.record,
    name: '版记',
    basedOn: STYLE.body,
    next: STYLE.record,
    // 版记 items are 4号仿宋, indented one character left and right.
    paragraph: { indent: { firstLine: 0, left: GB.size.si * 10, right: GB.size.si * 10 } },
    run: { size: GB.size.si },
  },
  {
    id: STYLE.pageNumberOdd,
    name: '页码（单页）',
    basedOn: 'Normal',
    paragraph: {
      alignment: AlignmentType.RIGHT,
      indent: { right: GB.size.si * 10 },
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
    },
    // 4号半角宋体阿拉伯数字 (GB/T 9704 7.5): the digits are Latin text, so 宋体 for Latin too.
    run: {
      font: {
        ascii: GB.fonts.pageNumber,
        hAnsi: GB.fonts.pageNumber,
        cs: GB.fonts.pageNumber,
        eastAsia: GB.fonts.pageNumber,
      },
      size: GB.size.si,
    },
  },
  {
    id: STYLE.pageNumberEven,
    name: '页码（双页）',
    basedOn: STYLE.pageNumberOdd,
    paragraph: { alignment: AlignmentType.LEFT, indent: { left: GB.size.si * 10, right: 0 } },
  },
];

/** Each style's name, as the office sees it in Word's Styles pane: how the renderer finds it again. */
export const STYLE_NAMES: Record<string, string> = Object.fromEntries(
  paragraphStyles.map((s) => [s.id, s.name ?? s.id]),
);

export function gbStyles(): IStylesOptions {
  return {
    default: {
      document: {
        run: { font: fonts(GB.fonts.body), size: GB.size.san },
        paragraph: { spacing: exact },
      },
    },
    paragraphStyles,
  };
}

/** `— 1 —`: em dashes with a space either side of the page number (GB/T 9704 7.5). */
function pageNumberParagraph(style: string): Paragraph {
  return new Paragraph({
    style,
    children: [new TextRun('— '), new TextRun({ children: [PageNumber.CURRENT] }), new TextRun(' —')],
  });
}

/** Odd pages: number on the right; even pages: on the left. Needs `evenAndOddHeaderAndFooters` on the Document. */
export function gbFooters(): { default: Footer; even: Footer } {
  return {
    default: new Footer({ children: [pageNumberParagraph(STYLE.pageNumberOdd)] }),
    even: new Footer({ children: [pageNumberParagraph(STYLE.pageNumberEven)] }),
  };
}

export function gbSectionProperties(): ISectionPropertiesOptions {
  return {
    page: {
      size: { width: GB.pageWidth, height: GB.pageHeight },
      margin: {
        top: GB.marginTop,
        bottom: GB.marginBottom,
        left: GB.marginLeft,
        right: GB.marginRight,
        header: mm(15),
        footer: GB.footerDistance,
      },
    },
    // A line grid only: LibreOffice lays a character grid out far wider than Word does (about 19
    // characters a line instead of 28), so the 28 characters come from the body's character spacing.
    grid: { type: DocumentGridType.LINES, linePitch: GB.linePitch },
  };
}

/**
 * What docx's style options cannot express, written into styles.xml: widow/orphan control off in the
 * body (an official page is a full 22-line page, never one cut short to keep lines together), and
 * tables, page numbers, 版头 and title off the line grid (on it, every table line would be a full
 * 28.95 pt line).
 */
export function finishGbStyles(stylesXml: string): string {
  const insert = (xml: string, styleId: string, element: string) =>
    xml.replace(new RegExp(`(<w:style [^>]*w:styleId="${styleId}"[^>]*>.*?<w:pPr>)`), `$1${element}`);
  let xml = insert(stylesXml, STYLE.body, '<w:widowControl w:val="0"/>');
  // Off the grid too: the 版头 and the title, whose exact lines place them (on the grid, LibreOffice
  // would give each 2号 line two grid lines).
  for (const id of [STYLE.table, STYLE.pageNumberOdd, STYLE.title, STYLE.headSpace, STYLE.docNumber])
    xml = insert(xml, id, '<w:snapToGrid w:val="0"/>');
  return xml;
}
