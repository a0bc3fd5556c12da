/**
 * A 工作要点 document as the readers hand it to the parser: paragraphs and tables in document
 * order, whatever the file format. Every block says where it is, so review notes can point back.
 */

export interface Paragraph {
  kind: 'paragraph';
  text: string;
  /** Where it is in the source, as people count: `第12段`, `第12行`. */
  place: string;
}

export interface TableCell {
  text: string;
  /** Part of a merged cell whose text stands in another row or column (the cell is a copy). */
  merged: boolean;
}

export interface Table {
  kind: 'table';
  /** One cell per grid column in every row; merged areas repeat the text of their first cell. */
  rows: TableCell[][];
  /** `表1` (the first table of the document). */
  place: string;
}

export type Block = Paragraph | Table;

export interface SourceDocument {
  blocks: Block[];
}

export const paragraphsOf = (doc: SourceDocument): Paragraph[] =>
  doc.blocks.filter((block): block is Paragraph => block.kind === 'paragraph');

export const tablesOf = (doc: SourceDocument): Table[] =>
  doc.blocks.filter((block): block is Table => block.kind === 'table');

/** A plain-text document: one paragraph a non-empty line. */
export function textDocument(text: string): SourceDocument {
  const blocks: Block[] = [];
  text.split(/\r\n?|\n|\u2028|\u2029/).forEach((line, i) => {
    const trimmed = line.replace(/^[\s\u3000\ufeff]+|[\s\u3000]+$/g, '');
    if (trimmed) blocks.push({ kind: 'paragraph', text: trimmed, place: `第${i + 1}行` });
  });
  return { blocks };
}

/** `表1第3行第2列` for a cell (row and column counted from 1). */
export const cellPlace = (table: Table, row: number, column: number): string =>
  `${table.place}第${row + 1}行第${column + 1}列`;
