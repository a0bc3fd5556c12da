/**
 * The little XML the lean reader needs: attributes, entity decoding and text runs. SpreadsheetML
 * parts are machine-written and flat, so regular scans are enough and far faster than a DOM.
 */

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(tag); m; m = ATTR.exec(tag)) {
    const name = m[1].includes(':') ? m[1].slice(m[1].indexOf(':') + 1) : m[1];
    // Keep both the prefixed and the local name: r:id and id mean different things in workbook.xml.
    out[m[1]] = decodeXml(m[2] ?? m[3] ?? '');
    if (!(name in out)) out[name] = out[m[1]];
  }
  return out;
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  if (!text.includes('&#')) {
    // Named entities only (the usual &quot;): plain replacements, &amp; last so that `&amp;lt;`
    // stays `&lt;` as in one regular pass.
    return text
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&');
  }
  return text.replace(ENTITY, (_m, dec: string, hex: string, name: string) =>
    name ? NAMED[name] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16)),
  );
}

/** OOXML escapes characters XML cannot carry (e.g. CR) as `_x000D_`. */
function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const TEXT_RUN = /<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g;

/** Plain text of an `<si>` or `<is>` body: all runs joined, phonetic guides left out. */
export function stringItemText(body: string): string {
  // The usual item is one plain run, `<t>…</t>` or `<t xml:space="preserve">…</t>`.
  if (body.startsWith('<t') && body.endsWith('</t>')) {
    const after = body.charCodeAt(2);
    const gt = body.indexOf('>');
    if (
      (after === 62 || after === 32 || after === 9 || after === 10 || after === 13) &&
      body.indexOf('<', gt) === body.length - 4
    ) {
      return decodeOoxmlEscapes(decodeXml(body.slice(gt + 1, body.length - 4)));
    }
  }
  const clean = body.includes('rPh') ? body.replace(PHONETIC, '') : body;
  let text = '';
  TEXT_RUN.lastIndex = 0;
  for (let m = TEXT_RUN.exec(clean); m; m = TEXT_RUN.exec(clean)) text += m[1];
  return decodeOoxmlEscapes(decodeXml(text));
}

/** Attributes of every element named `tag` (self-closing or not), in document order. */
export function elements(xml: string, tag: string): Record<string, string>[] {
  const re = new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*?)\\/?>`, 'g');
  const out: Record<string, string>[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(attributes(m[1]));
  return out;
}

/** The inner text of the first `<tag>…</tag>`, or undefined. */
export function section(xml: string, tag: string): string | undefined {
  const open = new RegExp(`<(?:\\w+:)?${tag}\\b[^>]*?(\\/)?>`).exec(xml);
  if (!open) return undefined;
  if (open[1]) return '';
  const start = open.index + open[0].length;
  const close = new RegExp(`</(?:\\w+:)?${tag}>`, 'g');
  close.lastIndex = start;
  const end = close.exec(xml);
  return end ? xml.slice(start, end.index) : undefined;
}
