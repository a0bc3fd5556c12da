import { decode, encode } from './zip.js';

/**
 * GB/T 9704-2012 7.5: “公文的版记页前有空白页的，空白页和版记页均不编排页码”. Done the way Word does
 * it: the body's last paragraph ends a section (the document's page, margins and numbered footers),
 * and the blank page and the 版记 make up the last section, with the same page but footers of its
 * own that are empty — not linked to the body's, which would number them.
 */

/** Where the 版记 starts in document.xml: the last floating table (its `<w:tbl>`), or -1. */
export function recordTableAt(xml: string): number {
  const at = xml.lastIndexOf('<w:tblpPr ');
  return at < 0 ? -1 : xml.lastIndexOf('<w:tbl>', at);
}

const FOOTER_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml';
const FOOTER_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer';

/**
 * An empty footer with the paragraph properties of the numbered one's first paragraph: as tall, so
 * the 版记 page's type area (and the 版记's last rule on its bottom edge) stays where it was.
 */
function emptyFooter(numbered: string | undefined): string {
  const root =
    numbered?.match(/<w:ftr\b[^>]*>/)?.[0] ??
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">';
  const properties = numbered?.match(/<w:p\b[^>]*>\s*(<w:pPr>.*?<\/w:pPr>)/s)?.[1] ?? '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${root}<w:p>${properties}</w:p></w:ftr>`;
}

/** The part a relationship of document.xml points to, by id. */
function targetOf(rels: string, id: string): string | undefined {
  const rel = new RegExp(`<Relationship\\b[^>]*\\bId="${id}"[^>]*>`).exec(rels)?.[0];
  const target = rel && /\bTarget="([^"]+)"/.exec(rel)?.[1];
  // Relative to word/, or absolute in the package.
  return target && (target.startsWith('/') ? target.slice(1) : `word/${target.replace(/^\.\//, '')}`);
}

/**
 * Adds an empty footer part for each footer kind the 版记's section needs (odd, even, and first page
 * when the section has one) and returns the section's references to them.
 */
function addEmptyFooters(parts: Map<string, Uint8Array>, section: string): string {
  const relsName = 'word/_rels/document.xml.rels';
  let rels = decode(parts.get(relsName)!);
  let types = decode(parts.get('[Content_Types].xml')!);
  const read = (name: string | undefined) => (name && parts.has(name) ? decode(parts.get(name)!) : undefined);
  const referenced = (type: string) =>
    new RegExp(`<w:footerReference\\b[^>]*w:type="${type}"[^>]*r:id="([^"]+)"`).exec(section)?.[1] ??
    new RegExp(`<w:footerReference\\b[^>]*r:id="([^"]+)"[^>]*w:type="${type}"`).exec(section)?.[1];
  const kinds = ['default', 'even', ...(section.includes('<w:titlePg') ? ['first'] : [])];
  const references = kinds.map((type) => {
    const id = `rIdRecordFooter${type[0].toUpperCase()}${type.slice(1)}`;
    const name = `footer-record-${type}.xml`;
    const numbered = read(targetOf(rels, referenced(type) ?? referenced('default') ?? ''));
    parts.set(`word/${name}`, encode(emptyFooter(numbered)));
    rels = rels.replace(
      '</Relationships>',
      `<Relationship Id="${id}" Type="${FOOTER_REL}" Target="${name}"/></Relationships>`,
    );
    types = types.replace(
      '</Types>',
      `<Override ContentType="${FOOTER_TYPE}" PartName="/word/${name}"/></Types>`,
    );
    return `<w:footerReference w:type="${type}" r:id="${id}"/>`;
  });
  parts.set(relsName, encode(rels));
  parts.set('[Content_Types].xml', encode(types));
  return references.join('');
}

/** Where the paragraph that `xml` ends with starts, over paragraphs nested in it (a text box's). */
function lastParagraphStart(xml: string): number {
  let depth = 0;
  const tags = [...xml.matchAll(/<w:p[ >]|<\/w:p>/g)];
  for (let i = tags.length - 1; i >= 0; i--) {
    depth += tags[i][0] === '</w:p>' ? 1 : -1;
    if (depth === 0) return tags[i].index;
  }
  return -1;
}

/**
 * Ends the body's section before the 版记 at `table` and puts `then` between them: the section break
 * goes in the body's last paragraph when the body ends with one, so no line is added to a full page;
 * after a table (which cannot hold it) in a paragraph one point high.
 */
function endBodySection(xml: string, table: number, sectPr: string, then: string): string {
  const before = xml.slice(0, table);
  const rest = `${then}${xml.slice(table)}`;
  const start = before.endsWith('</w:p>') ? lastParagraphStart(before) : -1;
  if (start < 0) {
    const hairline =
      '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>' +
      `<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>${sectPr}</w:pPr>`;
    return `${before}<w:p>${hairline}</w:p>${rest}`;
  }
  const open = before.indexOf('>', start) + 1;
  const paragraph = before.slice(open);
  // w:sectPr comes after w:rPr and before w:pPrChange in a paragraph's properties.
  const withSection = paragraph.startsWith('<w:pPr>')
    ? paragraph.replace(/(<w:pPrChange\b|<\/w:pPr>)/, `${sectPr}$1`)
    : `<w:pPr>${sectPr}</w:pPr>${paragraph}`;
  return `${before.slice(0, open)}${withSection}${rest}`;
}

/**
 * Puts a blank page and then the 版记 in a section of their own whose footers are empty (see
 * above). Changes document.xml and adds the empty footers to `parts`; a document without a 版记 or
 * a final section is left as it is.
 */
export function unnumberedBlankAndRecord(parts: Map<string, Uint8Array>): void {
  const xml = decode(parts.get('word/document.xml')!);
  const table = recordTableAt(xml);
  const body = /<w:sectPr\b[^>]*>(?:(?!<w:sectPr\b).)*<\/w:sectPr>(?=<\/w:body>)/s.exec(xml)?.[0];
  if (table < 0 || !body) return;
  const record = body
    .replace(/<w:footerReference\b[^>]*\/>/g, '')
    // The default section start, a new page: the blank one.
    .replace(/<w:type\b[^>]*\/>/, '')
    .replace(/^(<w:sectPr\b[^>]*>(?:<w:headerReference\b[^>]*\/>)*)/, `$1${addEmptyFooters(parts, body)}`);
  // The blank page holds one empty paragraph; the 版记 starts the page after it.
  const blankPage = '<w:p/><w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>';
  const broken = endBodySection(xml, table, body, blankPage);
  const at = broken.lastIndexOf(body);
  parts.set('word/document.xml', encode(`${broken.slice(0, at)}${record}${broken.slice(at + body.length)}`));
}
