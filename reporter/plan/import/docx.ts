import type { Block, SourceDocument, TableCell } from '../../../core/plan/import/document.js';
import { attributes, decodeXml } from '../../collect/xml.js';
import type { ZipArchive } from '../../collect/zip.js';
import { ListNumbering } from './docx-numbering.js';

/**
 * Paragraphs and tables of a .docx, in document order, by one linear pass over word/document.xml:
 * text runs (w:t, tabs, breaks), automatic list numbers rendered as Word shows them, tables with
 * horizontal (gridSpan, hMerge) and vertical (vMerge) merges resolved to a grid. Deleted text,
 * field codes and the fallback copies of text boxes are left out.
 */

interface OpenParagraph {
  text: string;
  numId?: string;
  level?: number;
  style?: string;
}

interface OpenCell {
  lines: string[];
  span: number;
  vMerge?: 'restart' | 'continue';
  hContinue: boolean;
}

interface OpenRow {
  cells: OpenCell[];
  before: number;
}

type Container =
  | { kind: 'p'; p: OpenParagraph }
  | { kind: 'tbl'; rows: OpenRow[] }
  | { kind: 'tr'; row: OpenRow }
  | { kind: 'tc'; cell: OpenCell };

const TOKEN = /<(\/?)([\w.-]+:)?([\w.-]+)([^>]*?)(\/?)>|<[!?][^>]*>|([^<]+)/g;
// Content never shown as body text: fallback copies (mc:Fallback), tracked-change history, field codes.
const SKIPPED = new Set([
  'Fallback',
  'pPrChange',
  'rPrChange',
  'tblPrChange',
  'trPrChange',
  'tcPrChange',
  'del',
  'instrText',
  'delText',
]);

function grid(rows: OpenRow[]): TableCell[][] {
  const out: TableCell[][] = [];
  rows.forEach((row, r) => {
    const cells: TableCell[] = Array.from({ length: row.before }, () => ({ text: '', merged: false }));
    for (const cell of row.cells) {
      const column = cells.length;
      let text = cell.lines.join('\n').trim();
      let merged = false;
      const above = out[r - 1]?.[column];
      if (cell.vMerge === 'continue' && above) {
        text = above.text;
        merged = true;
      } else if (cell.hContinue && cells.length > 0) {
        text = cells[cells.length - 1].text;
        merged = true;
      }
      for (let k = 0; k < Math.max(1, cell.span); k++) cells.push({ text, merged: merged || k > 0 });
    }
    out.push(cells);
  });
  const width = Math.max(0, ...out.map((row) => row.length));
  for (const row of out) while (row.length < width) row.push({ text: '', merged: false });
  return out;
}

/** Text of a table nested in a cell: its cells by row, for the cell that holds it. */
const flatten = (cells: TableCell[][]) =>
  cells
    .map((row) =>
      row
        .filter((c) => !c.merged && c.text)
        .map((c) => c.text)
        .join(' '),
    )
    .filter(Boolean);

export function readDocumentXml(xml: string, numbering = new ListNumbering()): SourceDocument {
  const blocks: Block[] = [];
  const stack: Container[] = [];
  let skip = 0;
  let inText = false;
  let inParagraphProperties = false;
  let paragraphs = 0;
  let tables = 0;

  const innermost = <K extends Container['kind']>(kind: K) => {
    for (let i = stack.length - 1; i >= 0; i--)
      if (stack[i].kind === kind) return stack[i] as Extract<Container, { kind: K }>;
    return undefined;
  };

  const closeParagraph = (p: OpenParagraph) => {
    const ref = numbering.refFor({ numId: p.numId, level: p.level }, p.style);
    const label = ref ? numbering.next(ref) : '';
    const lines = `${label}${p.text}`
      .split('\n')
      .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''));
    const cell = innermost('tc');
    if (cell) {
      cell.cell.lines.push(...lines.filter(Boolean));
      return;
    }
    for (const line of lines) {
      if (!line) continue;
      paragraphs++;
      blocks.push({ kind: 'paragraph', text: line, place: `第${paragraphs}段` });
    }
  };

  for (const m of xml.matchAll(TOKEN)) {
    const [, closing, prefix, name, attrText, selfClosing, text] = m;
    if (text !== undefined) {
      if (inText && skip === 0) {
        const p = innermost('p');
        if (p) p.p.text += decodeXml(text);
      }
      continue;
    }
    if (name === undefined) continue; // comment or processing instruction
    if (SKIPPED.has(name)) {
      if (!selfClosing) skip += closing ? -1 : 1;
      continue;
    }
    if (skip > 0) continue;
    const word = prefix === 'w:' || prefix === undefined;
    if (closing) {
      if (!word) continue;
      if (name === 't') inText = false;
      else if (name === 'pPr') inParagraphProperties = false;
      else if (name === 'p' || name === 'tc' || name === 'tr' || name === 'tbl') {
        const top = stack.pop();
        if (top?.kind === 'p') closeParagraph(top.p);
        else if (top?.kind === 'tr') innermost('tbl')?.rows.push(top.row);
        else if (top?.kind === 'tc') innermost('tr')?.row.cells.push(top.cell);
        else if (top?.kind === 'tbl') {
          const cells = grid(top.rows);
          const outer = innermost('tc');
          if (outer) outer.cell.lines.push(...flatten(cells));
          else blocks.push({ kind: 'table', rows: cells, place: `表${++tables}` });
        }
      }
      continue;
    }
    if (!word) continue;
    const attrs = () => attributes(attrText);
    const paragraph = innermost('p')?.p;
    switch (name) {
      case 'p':
        if (!selfClosing) stack.push({ kind: 'p', p: { text: '' } });
        break;
      case 'tbl':
        if (!selfClosing) stack.push({ kind: 'tbl', rows: [] });
        break;
      case 'tr':
        if (!selfClosing) stack.push({ kind: 'tr', row: { cells: [], before: 0 } });
        break;
      case 'tc':
        if (!selfClosing) stack.push({ kind: 'tc', cell: { lines: [], span: 1, hContinue: false } });
        break;
      case 'pPr':
        inParagraphProperties = !selfClosing;
        break;
      case 't':
        inText = !selfClosing;
        break;
      case 'tab':
        if (paragraph && !inParagraphProperties) paragraph.text += '\t';
        break;
      case 'br':
      case 'cr':
        if (paragraph) paragraph.text += '\n';
        break;
      case 'noBreakHyphen':
        if (paragraph) paragraph.text += '-';
        break;
      case 'pStyle':
        if (paragraph && inParagraphProperties) paragraph.style = attrs().val;
        break;
      case 'numId':
        if (paragraph && inParagraphProperties) paragraph.numId = attrs().val;
        break;
      case 'ilvl':
        if (paragraph && inParagraphProperties) paragraph.level = Number(attrs().val ?? 0);
        break;
      case 'gridBefore': {
        const row = innermost('tr');
        if (row) row.row.before = Number(attrs().val ?? 0);
        break;
      }
      case 'gridSpan': {
        const cell = innermost('tc');
        if (cell) cell.cell.span = Number(attrs().val ?? 1);
        break;
      }
      case 'vMerge': {
        const cell = innermost('tc');
        if (cell) cell.cell.vMerge = attrs().val === 'restart' ? 'restart' : 'continue';
        break;
      }
      case 'hMerge': {
        const cell = innermost('tc');
        if (cell) cell.cell.hContinue = attrs().val !== 'restart';
        break;
      }
    }
  }
  return { blocks };
}

/** The document of a .docx archive; throws when word/document.xml is missing. */
export function readDocx(zip: ZipArchive): SourceDocument {
  const xml = zip.text('word/document.xml');
  if (xml === undefined) throw new Error('word/document.xml missing');
  const numbering = new ListNumbering(
    zip.text('word/numbering.xml') ?? '',
    zip.text('word/styles.xml') ?? '',
  );
  return readDocumentXml(xml, numbering);
}
