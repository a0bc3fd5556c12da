import { unzipSync } from 'fflate';
import { zipFiles } from '../zip-write.js';

/**
 * Makes a .docx byte-for-byte reproducible: every zip entry gets the same timestamp, entries are
 * written in a fixed order, and the package's created/modified properties are set to the document's
 * own date instead of "now".
 */
export function normalizeDocx(parts: Map<string, Uint8Array>, isoDate: string): Uint8Array {
  const mtime = new Date(`${isoDate}T00:00:00Z`);
  const stamp = `${isoDate}T00:00:00Z`;
  const core = parts.get('docProps/core.xml');
  if (core) {
    const xml = decode(core)
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
    parts.set('docProps/core.xml', encode(xml));
  }
  renumberRandomIds(parts);
  renumberDrawings(parts);
  for (const [name, bytes] of parts) {
    // Charts embed their data as a workbook: a zip inside the zip, with its own timestamps.
    if (/\.(xlsx|docx|pptx)$/i.test(name)) parts.set(name, rezip(readParts(bytes), mtime));
  }
  return rezip(parts, mtime);
}

/**
 * docx names the relationships of charts and other parts it adds with random ids (nanoid). They are
 * renamed, in order of first appearance, to `rIdP1`, `rIdP2`… (Word's own are `rId` + digits), the same
 * name in every part, so the package means the same and is reproducible.
 */
function renumberRandomIds(parts: Map<string, Uint8Array>): void {
  const random = /\brId(?!\d+\b)[A-Za-z0-9_-]{12,}/g;
  const names = [...parts.keys()].filter((n) => /\.(xml|rels)$/.test(n)).sort();
  const renamed = new Map<string, string>();
  // A template built by this function already has rIdP ids; new ones continue after them.
  let last = 0;
  for (const name of names) {
    for (const m of decode(parts.get(name)!).matchAll(/\brIdP(\d+)\b/g)) last = Math.max(last, Number(m[1]));
  }
  for (const name of names) {
    const xml = decode(parts.get(name)!);
    if (xml.search(random) < 0) continue;
    const next = xml.replace(random, (id) => {
      if (!renamed.has(id)) renamed.set(id, `rIdP${last + renamed.size + 1}`);
      return renamed.get(id)!;
    });
    parts.set(name, encode(next));
  }
}

/**
 * docx numbers drawings (`wp:docPr id`) with a counter that lives as long as the process, so the same
 * document built twice in one process would differ. They are renumbered 1, 2… in document order.
 */
function renumberDrawings(parts: Map<string, Uint8Array>): void {
  const name = 'word/document.xml';
  const bytes = parts.get(name);
  if (!bytes) return;
  let n = 0;
  parts.set(
    name,
    encode(decode(bytes).replace(/(<wp:docPr id=")\d+"/g, (_, open: string) => `${open}${++n}"`)),
  );
}

function rezip(parts: Map<string, Uint8Array>, mtime: Date): Uint8Array {
  // [Content_Types].xml first, as Word writes it; the rest by name so the order never depends on patching.
  const names = [...parts.keys()].sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return zipFiles(Object.fromEntries(names.map((name) => [name, parts.get(name)!])), mtime);
}

/**
 * A package from its parts as they are (for a template repaired before patching). It is only read
 * back, never saved, so it carries the earliest time a zip can hold rather than now.
 */
export function zipParts(parts: Map<string, Uint8Array>): Uint8Array {
  return zipFiles(Object.fromEntries(parts), new Date(Date.UTC(1980, 0, 1)));
}

export function readParts(docx: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(docx)));
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
export const decode = (bytes: Uint8Array): string => decoder.decode(bytes);
export const encode = (text: string): Uint8Array => encoder.encode(text);
