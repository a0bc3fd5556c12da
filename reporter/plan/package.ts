import path from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { partKey, resolvePart } from '../collect/part-name.js';
import { zipFiles } from '../zip-write.js';

/**
 * exceljs finds the parts of a workbook by their file names (`xl/worksheets/sheet1.xml`,
 * `xl/comments1.xml`, `xl/drawings/vmlDrawing1.vml`) instead of following the package's
 * relationships, and throws when another writer names them otherwise: openpyxl saves comments as
 * `xl/comments/comment1.xml` with absolute targets, other writers use other sheet names, upper-case
 * or absolute part names. A plan read needs the cells only, so before exceljs sees the workbook it is
 * repackaged under the names exceljs expects, found through the relationships as Excel finds them;
 * what cells do not need (comments, drawings, tables, pictures) is left out. The file on disk is
 * never changed.
 */

const OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
/** Transitional (`…/2006/relationships/worksheet`) and Strict (`…/ooxml/officeDocument/relationships/worksheet`). */
const kindOf = (type: string) => type.slice(type.lastIndexOf('/') + 1);
const TRANSITIONAL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, name: string) =>
    name.startsWith('#x')
      ? String.fromCodePoint(parseInt(name.slice(2), 16))
      : name.startsWith('#')
        ? String.fromCodePoint(Number(name.slice(1)))
        : ENTITIES[name],
  );
const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => `&${Object.keys(ENTITIES).find((k) => ENTITIES[k] === c)};`);

/** Attributes of one start tag (`<x a="1" b='2'/>`), namespace prefixes dropped from their names. */
function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    found.set(match[1].replace(/^[\w.-]+:/, ''), unescapeXml(match[2] ?? match[3] ?? ''));
  }
  return found;
}

/** Every start tag named `local` (any prefix), scanned by index so the time stays linear. */
function startTags(xml: string, local: string): string[] {
  const tags: string[] = [];
  let at = 0;
  for (;;) {
    const open = xml.indexOf('<', at);
    if (open < 0) return tags;
    const close = xml.indexOf('>', open);
    if (close < 0) return tags;
    const name = /^<([\w:.-]+)/.exec(xml.slice(open, Math.min(close, open + 200)))?.[1];
    if (name && name.replace(/^[\w.-]+:/, '') === local) tags.push(xml.slice(open, close + 1));
    at = close + 1;
  }
}

class Package {
  private readonly byName = new Map<string, string>();

  constructor(readonly parts: Record<string, Uint8Array>) {
    for (const name of Object.keys(parts)) this.byName.set(partKey(name), name);
  }

  /** A part by its OPC name, case-insensitive and percent-decoded (`/XL/WORKBOOK%2EXML` is `xl/workbook.xml`). */
  get(name: string): Uint8Array | undefined {
    const actual = this.byName.get(partKey(name));
    return actual === undefined ? undefined : this.parts[actual];
  }

  text(name: string): string | undefined {
    const bytes = this.get(name);
    return bytes && strFromU8(bytes);
  }

  /** The relationships of `source` ('' for the package), targets resolved to part names. */
  relationships(source: string): Relationship[] {
    const dir = path.posix.dirname(source);
    const relsName = source === '' ? '_rels/.rels' : `${dir}/_rels/${path.posix.basename(source)}.rels`;
    const xml = this.text(relsName.replace(/^\.\//, ''));
    if (!xml) return [];
    return startTags(xml, 'Relationship').map((tag) => {
      const attrs = attributes(tag);
      const target = attrs.get('Target') ?? '';
      const external = attrs.get('TargetMode') === 'External';
      return {
        id: attrs.get('Id') ?? '',
        type: attrs.get('Type') ?? '',
        external,
        target: external ? target : resolvePart(source, target),
      };
    });
  }
}

function relationshipsXml(rels: Relationship[], relativeTo: string): string {
  const lines = rels.map((rel) => {
    const target = rel.external ? rel.target : path.posix.relative(relativeTo, rel.target);
    const mode = rel.external ? ' TargetMode="External"' : '';
    return `<Relationship Id="${escapeXml(rel.id)}" Type="${escapeXml(rel.type)}" Target="${escapeXml(target)}"${mode}/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_RELS}">${lines.join('')}</Relationships>`;
}

/**
 * SpreadsheetML written with a namespace prefix (`<x:worksheet xmlns:x="…/spreadsheetml/2006/main">`,
 * as the Open XML SDK and tools built on it write) in the default namespace exceljs expects.
 */
function unprefixed(xml: string): string {
  const root = /<([\w.-]+):(?:worksheet|workbook|sst|styleSheet)\b/.exec(xml.slice(0, 4096));
  if (!root) return xml;
  const prefix = root[1];
  return xml
    .split(`<${prefix}:`)
    .join('<')
    .split(`</${prefix}:`)
    .join('</')
    .replace(`xmlns:${prefix}=`, 'xmlns=');
}

/**
 * Removes the elements that point at parts left out (and the bytes nothing reads), keeping the
 * worksheet otherwise byte for byte. Scanned by index: linear in the sheet's size.
 */
function withoutParts(xml: string): string {
  const dropped = new Set([
    'drawing',
    'legacyDrawing',
    'legacyDrawingHF',
    'picture',
    'tableParts',
    'controls',
  ]);
  let out = '';
  let at = 0;
  let from = 0;
  for (;;) {
    const open = xml.indexOf('<', at);
    if (open < 0) break;
    const close = xml.indexOf('>', open);
    if (close < 0) break;
    const name = /^<([\w:.-]+)/.exec(xml.slice(open, Math.min(close, open + 200)))?.[1];
    const local = name?.replace(/^[\w.-]+:/, '');
    if (name && local && dropped.has(local)) {
      let end = close + 1;
      if (xml[close - 1] !== '/') {
        const closing = xml.indexOf(`</${name}>`, close);
        end = closing < 0 ? close + 1 : closing + name.length + 3;
      }
      out += xml.slice(from, open);
      from = end;
      at = end;
    } else {
      at = close + 1;
    }
  }
  return out + xml.slice(from);
}

/**
 * The workbook repackaged as exceljs reads it: workbook, shared strings, styles, theme and the
 * worksheets under their conventional names, each worksheet keeping only its external links
 * (hyperlinks). Returns the bytes unchanged when they are not a zip (exceljs then says why).
 */
export function canonicalWorkbook(bytes: Uint8Array): Uint8Array {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes);
  } catch {
    return bytes;
  }
  const pkg = new Package(parts);
  const office = pkg.relationships('').find((rel) => kindOf(rel.type) === 'officeDocument');
  const workbookName = office?.target ?? 'xl/workbook.xml';
  const workbook = pkg.get(workbookName);
  if (!workbook) return bytes;

  const out: Record<string, Uint8Array> = {};
  const keep = (name: string, data: Uint8Array | undefined) => {
    if (data) out[name] = data;
  };
  const contentTypes = pkg.get('[Content_Types].xml');
  keep('[Content_Types].xml', contentTypes);
  keep(
    '_rels/.rels',
    strToU8(
      relationshipsXml(
        [{ id: 'rId1', type: OFFICE_DOCUMENT, target: 'xl/workbook.xml', external: false }],
        '',
      ),
    ),
  );
  keep('xl/workbook.xml', strToU8(unprefixed(strFromU8(workbook))));

  const workbookRels: Relationship[] = [];
  let sheets = 0;
  for (const rel of pkg.relationships(workbookName)) {
    if (rel.external) continue;
    let name: string | undefined;
    const kind = kindOf(rel.type);
    if (kind === 'worksheet') {
      name = `xl/worksheets/sheet${++sheets}.xml`;
      const sheet = pkg.text(rel.target);
      if (sheet === undefined) continue;
      const links = pkg.relationships(rel.target).filter((link) => link.external);
      keep(name, strToU8(withoutParts(unprefixed(sheet))));
      if (links.length)
        keep(`xl/worksheets/_rels/sheet${sheets}.xml.rels`, strToU8(relationshipsXml(links, '')));
    } else if (kind === 'sharedStrings' || kind === 'styles') {
      name = `xl/${kind}.xml`;
      const text = pkg.text(rel.target);
      if (text !== undefined) keep(name, strToU8(unprefixed(text)));
    } else if (kind === 'theme') {
      name = 'xl/theme/theme1.xml';
      keep(name, pkg.get(rel.target));
    }
    if (name === undefined || !out[name]) continue;
    workbookRels.push({ ...rel, target: name, type: TRANSITIONAL + kind });
  }
  keep('xl/_rels/workbook.xml.rels', strToU8(relationshipsXml(workbookRels, 'xl')));
  // Never written to disk: the time inside is the earliest a zip can hold.
  return zipFiles(out, new Date(Date.UTC(1980, 0, 1)));
}
