import Handlebars from 'handlebars';
import { UserError } from '../user-error.js';
import { cnNumber } from './format.js';
import { cleanLine } from './sanitize.js';

/**
 * The narrative of a document is a Handlebars template (.hbs) rendered to paragraphs. Structure —
 * which block a paragraph belongs to, headings — comes only from helpers, marked with private-use
 * characters that are removed from the data first, so nothing a unit typed (`{{x}}`, `<b>`, line
 * breaks, `一、` at the start of a line) can become structure or template.
 */

/**
 * Paragraph kinds of generated text. The narrative makes body, headings and 附件说明 lines
 * (`attachment`: indents set by the renderer so items and wrapped names line up); code makes the
 * 落款 (`signature`, `date`) and blank lines.
 */
export type BlockStyle =
  'body' | 'bodyNoIndent' | 'heading1' | 'heading2' | 'attachment' | 'signature' | 'date';

export interface NarrativeParagraph {
  style: BlockStyle;
  text: string;
  /** On the same page as the next paragraph (`{{keep}}`), e.g. 附件说明 with the 落款 under it. */
  keepNext?: boolean;
  /** Placed in twips from the type area's left edge (first line at `left + firstLine`), overriding the style. */
  indent?: { left: number; firstLine: number };
}

const BLOCK = '\uE000';
const STYLE_MARK = {
  heading1: '\uE001',
  heading2: '\uE002',
  bodyNoIndent: '\uE003',
  attachment: '\uE005',
} as const satisfies Partial<Record<BlockStyle, string>>;
const KEEP_MARK = '\uE004';
const PRIVATE = /[\uE000-\uE00F]/g;

/** Data as the template sees it: every string on one line, valid in XML, free of the structure marks. */
export function cleanData(value: unknown): unknown {
  if (typeof value === 'string') return cleanLine(value).replace(PRIVATE, '');
  if (Array.isArray(value)) return value.map(cleanData);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanData(v)]));
  }
  return value;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
};

function createEnvironment(): typeof Handlebars {
  const hb = Handlebars.create();
  const safe = (s: string) => new hb.SafeString(s);
  const esc = (v: unknown) => hb.Utils.escapeExpression(v == null ? '' : String(v));
  hb.registerHelper('block', function (this: unknown, name: string, options: Handlebars.HelperOptions) {
    return safe(`\n${BLOCK}${esc(name)}${BLOCK}\n${options.fn(this)}\n`);
  });
  hb.registerHelper('h1', (text: unknown) => safe(STYLE_MARK.heading1 + esc(text)));
  hb.registerHelper('h2', (text: unknown) => safe(STYLE_MARK.heading2 + esc(text)));
  hb.registerHelper('noindent', () => safe(STYLE_MARK.bodyNoIndent));
  hb.registerHelper('keep', () => safe(KEEP_MARK));
  hb.registerHelper('attachment', () => safe(STYLE_MARK.attachment + KEEP_MARK));
  // 顿号 list, the way official documents enumerate units: 甲、乙、丙.
  hb.registerHelper('join', (items: unknown, sep: unknown) =>
    Array.isArray(items) ? items.map((i) => String(i)).join(typeof sep === 'string' ? sep : '、') : '',
  );
  hb.registerHelper('cn', (n: unknown) => cnNumber(Number(n)));
  hb.registerHelper('inc', (n: unknown) => Number(n) + 1);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  return hb;
}

/**
 * Renders the narrative and splits it into its blocks (`{{#block "name"}}…{{/block}}`), each a list of
 * paragraphs: one per non-empty line.
 */
export function renderNarrative(
  source: string,
  data: unknown,
  fileName: string,
): Map<string, NarrativeParagraph[]> {
  const hb = createEnvironment();
  let output: string;
  try {
    output = hb.compile(source, { strict: true, noEscape: false })(cleanData(data));
  } catch (error) {
    throw new UserError(
      `叙述模板 ${fileName} 无法渲染：${(error as Error).message}。请检查 {{…}} 的写法与数据项名称。`,
    );
  }
  const blocks = new Map<string, NarrativeParagraph[]>();
  let current: NarrativeParagraph[] | undefined;
  output.split('\n').forEach((raw, index) => {
    // Only ASCII blanks are layout of the .hbs; full-width spaces (U+3000) are text, e.g. to align 附件 lines.
    const line = raw.replace(/^[ \t\r]+|[ \t\r]+$/g, '');
    if (!line) return;
    if (line.startsWith(BLOCK)) {
      const name = line.slice(1, line.indexOf(BLOCK, 1));
      if (blocks.has(name))
        throw new UserError(`叙述模板 ${fileName} 中 {{#block "${name}"}} 出现了两次，请只保留一处。`);
      current = [];
      blocks.set(name, current);
      return;
    }
    if (!current) {
      throw new UserError(
        `叙述模板 ${fileName} 渲染结果第 ${index + 1} 行不在任何 {{#block "…"}}…{{/block}} 之内：“${line.slice(0, 30)}”。`,
      );
    }
    let style: BlockStyle = 'body';
    const keepNext = line.includes(KEEP_MARK);
    let text = line.replace(KEEP_MARK, '');
    for (const [s, mark] of Object.entries(STYLE_MARK) as [BlockStyle, string][]) {
      if (text.startsWith(mark)) {
        style = s;
        text = text.slice(1).trim();
      }
    }
    text = text.replace(PRIVATE, '').replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (m) => ENTITIES[m] ?? m);
    if (text) current.push(keepNext ? { style, text, keepNext } : { style, text });
  });
  return blocks;
}
