/**
 * The little XML the lean reader needs, read from untrusted files: a forward-only tag cursor,
 * attributes, entity decoding and text runs. Every scan moves forward with indexOf and never
 * returns to a character it has passed, so time grows linearly with the part's length whatever
 * the markup (unclosed tags, unterminated values, huge attributes, deep nesting). No regular
 * expression here runs over markup: a lazy `[\s\S]*?` that never finds its end rescans the rest of
 * the part from every start, which made a 4 MB sheet take minutes.
 */

/** Markup that is not well-formed XML: the part (and so the file) cannot be read. */
export class XmlError extends Error {}

const malformed = (what: string, at: number) => new XmlError(`malformed XML: ${what} at ${at}`);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Walks the tags of `xml` in document order. After `next()` returns true the fields describe one
 * token: an element's start or end tag (name without prefix, its attributes), or a comment,
 * processing instruction or CDATA section (`name` '!--', '?' or '![CDATA['). The text between the
 * previous token and this one is `text()`. Start and end tags must nest: a mismatched or missing end
 * tag throws XmlError, as Excel, WPS and exceljs refuse such a part too.
 */
export class XmlCursor {
  /** Index of the token's `<`. */
  start = 0;
  /** Index just after the token. */
  end: number;
  /** Where the text before this token begins: the previous token's end. */
  textStart: number;
  /** Local name of an element tag; '!--', '?' or '![CDATA[' for the others. */
  name = '';
  closing = false;
  selfClosing = false;
  /** Start and end of each attribute's qualified name and (undecoded) value. */
  private readonly attrs: number[] = [];
  private attrCount = 0;
  /** Qualified names of the open elements, as [start, end) index pairs; `opened` entries are in use. */
  private readonly open: number[] = [];
  private opened = 0;
  /**
   * The first `<` after the current tag's `<`, found while bounding the tag: the next token starts
   * there, so the text between two tags is scanned once, not twice (-2: not known).
   */
  private nextLt = -2;

  constructor(
    readonly xml: string,
    from = 0,
  ) {
    this.end = from;
    this.textStart = from;
  }

  /** How many elements enclose the position after the current token. */
  get depth(): number {
    return this.opened / 2;
  }

  next(): boolean {
    const xml = this.xml;
    this.textStart = this.end;
    const lt = this.peekLt();
    this.nextLt = -2;
    if (lt < 0) {
      if (this.opened) throw malformed('unclosed element', xml.length);
      this.start = this.end = xml.length;
      return false;
    }
    this.start = lt;
    this.attrCount = 0;
    this.selfClosing = false;
    this.closing = false;
    const first = xml.charCodeAt(lt + 1);
    if (first === 33 /* ! */ || first === 63 /* ? */) return this.special(lt);
    // No `<` may occur inside a tag, so the next one bounds every scan of this tag.
    const nextLt = xml.indexOf('<', lt + 1);
    const bound = nextLt < 0 ? xml.length : nextLt;
    this.nextLt = nextLt;
    let p = lt + 1;
    if (first === 47 /* / */) {
      this.closing = true;
      p++;
    }
    const nameStart = p;
    let localStart = p;
    for (; p < bound; p++) {
      const c = xml.charCodeAt(p);
      if (c === 62 || c === 47 || isSpace(c)) break;
      if (c === 58 /* : */) localStart = p + 1;
    }
    const nameEnd = p;
    if (nameEnd === nameStart || p >= bound) throw malformed('tag', lt);
    this.name = nameAt(xml, localStart, nameEnd);
    for (;;) {
      while (p < bound && isSpace(xml.charCodeAt(p))) p++;
      if (p >= bound) throw malformed('unterminated tag', lt);
      const c = xml.charCodeAt(p);
      if (c === 62) {
        p++;
        break;
      }
      if (c === 47 && !this.closing) {
        if (xml.charCodeAt(p + 1) !== 62 || p + 1 >= bound) throw malformed('tag', lt);
        this.selfClosing = true;
        p += 2;
        break;
      }
      if (this.closing) throw malformed('end tag', lt);
      const an = p;
      for (; p < bound; p++) {
        const d = xml.charCodeAt(p);
        if (d === 61 || d === 62 || d === 47 || isSpace(d)) break;
      }
      const ae = p;
      while (p < bound && isSpace(xml.charCodeAt(p))) p++;
      if (ae === an || xml.charCodeAt(p) !== 61 || p >= bound) throw malformed('attribute', an);
      p++;
      while (p < bound && isSpace(xml.charCodeAt(p))) p++;
      const q = xml.charCodeAt(p);
      if ((q !== 34 && q !== 39) || p >= bound) throw malformed('attribute value', p);
      const vs = p + 1;
      const ve = xml.indexOf(q === 34 ? '"' : "'", vs);
      if (ve < 0 || ve >= bound) throw malformed('attribute value', p);
      const k = this.attrCount++ * 4;
      this.attrs[k] = an;
      this.attrs[k + 1] = ae;
      this.attrs[k + 2] = vs;
      this.attrs[k + 3] = ve;
      p = ve + 1;
    }
    this.end = p;
    const open = this.open;
    if (this.closing) {
      const n = this.opened;
      if (n === 0 || !sameText(xml, open[n - 2], open[n - 1], nameStart, nameEnd)) {
        throw malformed('mismatched end tag', lt);
      }
      this.opened = n - 2;
    } else if (!this.selfClosing) {
      // Entries are overwritten, never removed: shortening the array each time costs more.
      open[this.opened++] = nameStart;
      open[this.opened++] = nameEnd;
    }
    return true;
  }

  /** Where the next token after the current one starts, or -1. */
  private peekLt(): number {
    return this.nextLt >= this.end || this.nextLt === -1 ? this.nextLt : this.xml.indexOf('<', this.end);
  }

  /**
   * When the element whose start tag the cursor is on holds plain text and nothing else (the way
   * Excel and WPS write a value), that text decoded, leaving the cursor on the element's end tag as
   * `next()` would; otherwise undefined, the cursor unmoved. A shortcut, never a different reading.
   */
  textOnly(): string | undefined {
    if (this.closing || this.selfClosing || this.name.startsWith('!') || this.name === '?') return undefined;
    const close = this.peekLt();
    if (close < 0 || !this.closesTop(close)) return undefined;
    const text = this.xml.slice(this.end, close);
    this.moveToEndTag(close);
    return decodeXml(text);
  }

  /**
   * The same for a string item (`<si>`, `<is>`) that holds one plain `<t>` run and nothing else,
   * by far the most common: the run's text, undecoded as OOXML escapes (readStringItem does that).
   */
  singleRun(): string | undefined {
    if (this.closing || this.selfClosing) return undefined;
    const xml = this.xml;
    let p = this.end;
    if (xml.startsWith('<t>', p)) p += 3;
    else if (xml.startsWith('<t xml:space="preserve">', p)) p += 24;
    else return undefined;
    const close = xml.indexOf('<', p);
    if (close < 0 || !xml.startsWith('</t>', close) || !this.closesTop(close + 4)) return undefined;
    const text = xml.slice(p, close);
    this.moveToEndTag(close + 4);
    return decodeXml(text);
  }

  /** Whether the end tag of the innermost open element, exactly `</name>`, starts at `lt`. */
  private closesTop(lt: number): boolean {
    const xml = this.xml;
    const n = this.opened;
    if (n === 0 || xml.charCodeAt(lt) !== 60 || xml.charCodeAt(lt + 1) !== 47) return false;
    const length = this.open[n - 1] - this.open[n - 2];
    return (
      sameText(xml, this.open[n - 2], this.open[n - 1], lt + 2, lt + 2 + length) &&
      xml.charCodeAt(lt + 2 + length) === 62
    );
  }

  /** Puts the cursor on the innermost open element's end tag at `lt`, as `next()` leaves it there. */
  private moveToEndTag(lt: number): void {
    const n = this.opened;
    const nameStart = this.open[n - 2];
    const nameEnd = this.open[n - 1];
    let local = nameEnd;
    while (local > nameStart && this.xml.charCodeAt(local - 1) !== 58 /* : */) local--;
    this.name = nameAt(this.xml, local, nameEnd);
    this.opened = n - 2;
    this.textStart = lt;
    this.start = lt;
    this.end = lt + 3 + (nameEnd - nameStart);
    this.closing = true;
    this.selfClosing = false;
    this.attrCount = 0;
    this.nextLt = -2;
  }

  /** Comments, processing instructions and CDATA; a DOCTYPE (entity definitions) is refused. */
  private special(lt: number): boolean {
    const xml = this.xml;
    const [name, close] = xml.startsWith('<!--', lt)
      ? ['!--', '-->']
      : xml.startsWith('<![CDATA[', lt)
        ? ['![CDATA[', ']]>']
        : xml.charCodeAt(lt + 1) === 63
          ? ['?', '?>']
          : [];
    if (!name || !close) throw malformed('declaration', lt);
    const at = xml.indexOf(close, lt + name.length + 1);
    if (at < 0) throw malformed(`unterminated ${name}`, lt);
    this.name = name;
    this.end = at + close.length;
    return true;
  }

  /** Decoded text between the previous token and this one, and a CDATA section's content. */
  text(): string {
    const before = this.start > this.textStart ? decodeXml(this.xml.slice(this.textStart, this.start)) : '';
    return this.name === '![CDATA[' ? before + this.xml.slice(this.start + 9, this.end - 3) : before;
  }

  /** One attribute's decoded value, by qualified name or, failing that, by local name. */
  attr(name: string): string | undefined {
    let local = -1;
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      const an = this.attrs[k];
      const ae = this.attrs[k + 1];
      if (ae - an === name.length && this.xml.startsWith(name, an)) return this.value(k);
      if (local < 0 && ae - an > name.length && this.xml.charCodeAt(ae - name.length - 1) === 58) {
        if (this.xml.startsWith(name, ae - name.length)) local = k;
      }
    }
    return local < 0 ? undefined : this.value(local);
  }

  /** All attributes by qualified name and by local name (the first of a local name wins). */
  attributes(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      const qname = this.xml.slice(this.attrs[k], this.attrs[k + 1]);
      const colon = qname.indexOf(':');
      // Keep both the prefixed and the local name: r:id and id mean different things in workbook.xml.
      out[qname] = this.value(k);
      if (colon >= 0 && !(qname.slice(colon + 1) in out)) out[qname.slice(colon + 1)] = out[qname];
    }
    return out;
  }

  private value(k: number): string {
    return decodeXml(this.xml.slice(this.attrs[k + 2], this.attrs[k + 3]));
  }

  /** Whether the current token is the start tag of an element named `name`. */
  opens(name: string): boolean {
    return !this.closing && this.name === name;
  }
}

/** Names of the elements every sheet and string table repeats, kept to spare a string per tag. */
const COMMON_NAMES = ['c', 'v', 'f', 't', 'r', 'si', 'is', 'row', 'rPh'];

function nameAt(xml: string, start: number, end: number): string {
  const length = end - start;
  if (length <= 3) {
    for (const name of COMMON_NAMES) {
      if (name.length === length && xml.startsWith(name, start)) return name;
    }
  }
  return xml.slice(start, end);
}

function sameText(xml: string, a: number, ae: number, b: number, be: number): boolean {
  if (ae - a !== be - b) return false;
  for (let i = 0; i < ae - a; i++) if (xml.charCodeAt(a + i) !== xml.charCodeAt(b + i)) return false;
  return true;
}

/** Attributes of a start tag's inside (`name="v" …`), as XmlCursor.attributes() reads them. */
export function attributes(tag: string): Record<string, string> {
  const inside = tag.trim().replace(/\/$/, '');
  if (inside.includes('<') || inside.includes('>')) return {};
  try {
    const cursor = new XmlCursor(`<a ${inside}/>`);
    cursor.next();
    return cursor.attributes();
  } catch {
    return {};
  }
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
}

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
    name ? NAMED[name] : codePoint(dec ? Number(dec) : parseInt(hex, 16)),
  );
}

/** OOXML escapes characters XML cannot carry (e.g. CR) as `_x000D_`. */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Plain text of the `<si>` or `<is>` element the cursor's start tag opens: all `<t>` runs joined,
 * phonetic guides (`<rPh>`) left out. Leaves the cursor on the element's end tag.
 */
export function readStringItem(cursor: XmlCursor): string {
  if (cursor.selfClosing) return '';
  const run = cursor.singleRun();
  if (run !== undefined) return decodeOoxmlEscapes(run);
  const depth = cursor.depth;
  let text = '';
  let inRun = false;
  let phonetic = 0;
  while (cursor.next()) {
    if (inRun) text += cursor.text();
    if (cursor.depth < depth) break;
    const name = cursor.name;
    if (name === 'rPh') phonetic += cursor.closing ? -1 : cursor.selfClosing ? 0 : 1;
    else if (name === 't' && phonetic === 0) inRun = !cursor.closing && !cursor.selfClosing;
  }
  return decodeOoxmlEscapes(text);
}

/** Plain text of an `<si>` or `<is>` body (the markup inside it). */
export function stringItemText(body: string): string {
  const cursor = new XmlCursor(`<si>${body}</si>`);
  cursor.next();
  return readStringItem(cursor);
}

/** Moves the cursor to the next start tag named `name`; false when there is none. */
export function seek(cursor: XmlCursor, name: string): boolean {
  while (cursor.next()) if (cursor.opens(name)) return true;
  return false;
}

/** Attributes of every element named `tag` (self-closing or not), in document order. */
export function elements(xml: string, tag: string): Record<string, string>[] {
  const cursor = new XmlCursor(xml);
  const out: Record<string, string>[] = [];
  while (seek(cursor, tag)) out.push(cursor.attributes());
  return out;
}

/** Attributes of every `tag` element inside the first `parent` element, in document order. */
export function elementsWithin(xml: string, parent: string, tag: string): Record<string, string>[] {
  const cursor = new XmlCursor(xml);
  const out: Record<string, string>[] = [];
  if (!seek(cursor, parent) || cursor.selfClosing) return out;
  const depth = cursor.depth;
  while (cursor.next() && cursor.depth >= depth) if (cursor.opens(tag)) out.push(cursor.attributes());
  return out;
}
