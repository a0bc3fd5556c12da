import { strFromU8, unzipSync } from 'fflate';

/** A Word document read the way a person reads it: its paragraphs and its tables, in order. */

export interface DocxContent {
  /** Every paragraph outside tables, as text (empty ones left out). */
  paragraphs: string[];
  /** Every table: its rows, each row its cells' texts. */
  tables: string[][][];
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
};

/** The text of a run of WordprocessingML: <w:t> texts, tabs and breaks. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br)\b[^>]*\/>/g)]
    .map((m) => (m[2] === 'tab' ? '\t' : m[2] === 'br' ? '\n' : m[1]))
    .join('')
    .replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]);
}

export function docxContent(bytes: Uint8Array): DocxContent {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
  const body = xml.slice(xml.indexOf('<w:body>'), xml.lastIndexOf('</w:body>'));
  const paragraphs: string[] = [];
  const tables: string[][][] = [];
  // Tables of these documents do not nest: a table runs to its first closing tag.
  for (const m of body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    if (m[0].startsWith('<w:tbl>')) {
      tables.push(
        [...m[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
          [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) =>
            [...cell[0].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0])).join('\n'),
          ),
        ),
      );
    } else {
      const text = textOf(m[0]).trim();
      if (text) paragraphs.push(text);
    }
  }
  return { paragraphs, tables };
}
