/**
 * The first step of every normalizer: sort what a cell holds (a string typed by a person, a number,
 * a Date from exceljs, an exceljs rich-text, formula or error object) into a few plain kinds.
 */

export type CellInput =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'invalid'; reason: string };

// Invisible characters that sneak in from copy-paste (BOM, zero-width space/joiners, word joiner).
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const DASHES = /^[-\u2010-\u2015\u2212\u2500]+$/;

/** Full-width ASCII (１２３，％) to half-width and the ideographic space to a plain space. */
export function foldWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Trimmed, width-folded text with invisible characters removed: the form patterns are matched on. */
export function canonicalText(text: string): string {
  return foldWidth(text.replace(INVISIBLE, '')).trim();
}

/**
 * Whether typed text means "nothing here": empty, spaces, 无, a slash or a run of dashes (-, —, ——).
 * `无` is left out when the field is yes/no, where it is an answer (= 否).
 */
export function isBlankMarker(text: string, noneIsBlank = true): boolean {
  const t = canonicalText(text);
  return t === '' || t === '/' || DASHES.test(t) || (noneIsBlank && t === '无');
}

/** Typed text as quoted in a reason: trimmed, control characters shown as spaces, kept short. */
export function quote(input: unknown): string {
  let text: string;
  if (typeof input === 'string') text = input.trim();
  else if (input instanceof Date) text = Number.isNaN(input.getTime()) ? 'Invalid Date' : input.toISOString();
  else text = String(input);
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  const chars = [...text];
  return `"${chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text}"`;
}

interface ExcelJsLike {
  richText?: unknown;
  text?: unknown;
  error?: unknown;
  formula?: unknown;
  sharedFormula?: unknown;
}

function fromObject(input: object, noneIsBlank: boolean): CellInput {
  const cell = input as ExcelJsLike;
  // Formulas are never trusted as values: a returned file could compute anything.
  if (cell.formula !== undefined || cell.sharedFormula !== undefined) {
    return { kind: 'invalid', reason: '单元格是公式，请直接填写数值或文字，不要使用公式' };
  }
  if (typeof cell.error === 'string') {
    return { kind: 'invalid', reason: `单元格是错误值${cell.error}，请改为实际内容` };
  }
  if (Array.isArray(cell.richText)) {
    const text = cell.richText
      .map((run: { text?: unknown }) => (typeof run?.text === 'string' ? run.text : ''))
      .join('');
    return fromString(text, noneIsBlank);
  }
  if (typeof cell.text === 'string') return fromString(cell.text, noneIsBlank);
  return { kind: 'invalid', reason: '无法识别单元格内容，请重新填写' };
}

function fromString(text: string, noneIsBlank: boolean): CellInput {
  return isBlankMarker(text, noneIsBlank) ? { kind: 'blank' } : { kind: 'text', text };
}

export function readInput(input: unknown, options: { noneIsBlank?: boolean } = {}): CellInput {
  const noneIsBlank = options.noneIsBlank ?? true;
  if (input === null || input === undefined) return { kind: 'blank' };
  if (typeof input === 'string') return fromString(input, noneIsBlank);
  if (typeof input === 'number') {
    return Number.isFinite(input)
      ? { kind: 'number', value: input }
      : { kind: 'invalid', reason: `${quote(input)} 不是有效数字` };
  }
  if (typeof input === 'bigint') {
    const value = Number(input);
    return Number.isSafeInteger(value)
      ? { kind: 'number', value }
      : { kind: 'invalid', reason: `${quote(input)} 数值过大` };
  }
  if (typeof input === 'boolean') return { kind: 'boolean', value: input };
  if (input instanceof Date) {
    return Number.isNaN(input.getTime())
      ? { kind: 'invalid', reason: '单元格中的日期无效，请重新填写' }
      : { kind: 'date', value: input };
  }
  if (typeof input === 'object') return fromObject(input, noneIsBlank);
  return { kind: 'invalid', reason: '无法识别单元格内容，请重新填写' };
}
