import { chineseNumeral } from '../../../core/plan/import/numbering.js';
import { attributes } from '../../collect/xml.js';

/**
 * Word's automatic list numbers (一、 （一） 1.) are not in the text of a paragraph but in
 * numbering.xml; a document numbered that way would lose every heading. This renders the label a
 * paragraph shows, counting as Word does per list and level.
 */

interface Level {
  start: number;
  format: string;
  text: string;
}

interface ListDefinition {
  abstractId: string;
  /** Start values a w:num overrides per level. */
  starts: Map<number, number>;
}

export interface NumberingRef {
  numId: string;
  level: number;
}

const TAG = /<(\/?)(?:\w+:)?(\w+)((?:\s[^>]*?)?)(\/?)>/g;

const circled = (n: number) => (n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n));
const letters = (n: number) => {
  let s = '';
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(97 + ((v - 1) % 26)) + s;
  return s;
};
function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  let v = n;
  for (const [value, glyph] of table) {
    while (v >= value) {
      out += glyph;
      v -= value;
    }
  }
  return out;
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'japaneseCounting':
    case 'ideographDigital':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseNumeral(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return circled(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    default:
      return String(n);
  }
}

export class ListNumbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly lists = new Map<string, ListDefinition>();
  /** Numbering a paragraph style carries (Heading styles numbered in the style). */
  private readonly styles = new Map<string, NumberingRef>();
  private readonly counters = new Map<string, number[]>();

  constructor(numberingXml = '', stylesXml = '') {
    this.readNumbering(numberingXml);
    this.readStyles(stylesXml);
  }

  private readNumbering(xml: string): void {
    let abstractId: string | undefined;
    let level: { index: number; value: Level } | undefined;
    let num: { id: string; def: ListDefinition } | undefined;
    let overrideLevel: number | undefined;
    for (const m of xml.matchAll(TAG)) {
      const [, close, name, attrText] = m;
      const attrs = close ? {} : attributes(attrText);
      if (close) {
        if (name === 'lvl' && level && abstractId !== undefined)
          this.abstracts.get(abstractId)?.set(level.index, level.value);
        if (name === 'lvl') level = undefined;
        if (name === 'abstractNum') abstractId = undefined;
        if (name === 'num' && num) this.lists.set(num.id, num.def);
        if (name === 'num') num = undefined;
        continue;
      }
      switch (name) {
        case 'abstractNum':
          abstractId = attrs.abstractNumId;
          if (abstractId !== undefined) this.abstracts.set(abstractId, new Map());
          break;
        case 'lvl':
          if (num) overrideLevel = Number(attrs.ilvl ?? 0);
          else level = { index: Number(attrs.ilvl ?? 0), value: { start: 1, format: 'decimal', text: '' } };
          break;
        case 'lvlOverride':
          overrideLevel = Number(attrs.ilvl ?? 0);
          break;
        case 'start':
          if (level && !num) level.value.start = Number(attrs.val ?? 1);
          break;
        case 'startOverride':
          if (num && overrideLevel !== undefined) num.def.starts.set(overrideLevel, Number(attrs.val ?? 1));
          break;
        case 'numFmt':
          if (level) level.value.format = attrs.val ?? 'decimal';
          break;
        case 'lvlText':
          if (level) level.value.text = attrs.val ?? '';
          break;
        case 'num':
          num = { id: attrs.numId ?? '', def: { abstractId: '', starts: new Map() } };
          break;
        case 'abstractNumId':
          if (num) num.def.abstractId = attrs.val ?? '';
          break;
      }
    }
  }

  private readStyles(xml: string): void {
    let styleId: string | undefined;
    let ref: Partial<NumberingRef> = {};
    for (const m of xml.matchAll(TAG)) {
      const [, close, name, attrText] = m;
      if (close) {
        if (name === 'style' && styleId && ref.numId)
          this.styles.set(styleId, { numId: ref.numId, level: ref.level ?? 0 });
        if (name === 'style') styleId = undefined;
        continue;
      }
      const attrs = attributes(attrText);
      if (name === 'style') {
        styleId = attrs.styleId;
        ref = {};
      } else if (styleId && name === 'numId') ref.numId = attrs.val;
      else if (styleId && name === 'ilvl') ref.level = Number(attrs.val ?? 0);
    }
  }

  /** The numbering a paragraph has directly or through its style. */
  refFor(direct: Partial<NumberingRef>, style: string | undefined): NumberingRef | undefined {
    const fromStyle = style ? this.styles.get(style) : undefined;
    const numId = direct.numId ?? fromStyle?.numId;
    if (!numId || numId === '0') return undefined;
    return { numId, level: direct.level ?? fromStyle?.level ?? 0 };
  }

  /** The label of the next paragraph in this list at this level, e.g. `（三）`; '' for bullets. */
  next(ref: NumberingRef): string {
    const list = this.lists.get(ref.numId);
    const levels = list ? this.abstracts.get(list.abstractId) : undefined;
    const level = levels?.get(ref.level);
    if (!list || !levels || !level || level.format === 'bullet' || level.format === 'none') return '';
    // Lists sharing one definition continue each other's numbers, as Word does, unless a list
    // restarts a level.
    const key = list.starts.size > 0 ? `num:${ref.numId}` : `abstract:${list.abstractId}`;
    const startOf = (i: number) => list.starts.get(i) ?? levels.get(i)?.start ?? 1;
    let counters = this.counters.get(key);
    if (!counters) {
      counters = Array.from({ length: 9 }, (_, i) => startOf(i) - 1);
      this.counters.set(key, counters);
    }
    counters[ref.level]++;
    for (let deeper = ref.level + 1; deeper < 9; deeper++) counters[deeper] = startOf(deeper) - 1;
    return level.text.replace(/%([1-9])/g, (_m, digit: string) => {
      const i = Number(digit) - 1;
      return formatNumber(Math.max(counters[i], startOf(i)), levels.get(i)?.format ?? 'decimal');
    });
  }
}
