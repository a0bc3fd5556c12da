/**
 * Bracket-aware scanning of work-plan text. Chinese documents nest brackets freely and mix widths
 * (`各县(市、区)人民政府`, `（国办发〔2020〕49号）`, `《…(试行)》`), so any opener counts as
 * opening and any closer as closing: a typist's mismatched pair still nests correctly.
 */

const OPENERS = new Set(['(', '（', '〔', '【', '[', '［', '《', '“', '‘', '{', '｛', '〈', '「', '『']);
const CLOSERS = new Set([')', '）', '〕', '】', ']', '］', '》', '”', '’', '}', '｝', '〉', '」', '』']);

export const isOpener = (char: string): boolean => OPENERS.has(char);
export const isCloser = (char: string): boolean => CLOSERS.has(char);

/**
 * Index of the closer that matches the opener at `open`, or -1 when the text ends first. A stray
 * closer never takes the depth below zero.
 */
export function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (OPENERS.has(char)) depth++;
    else if (CLOSERS.has(char)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Depth before each character: 0 means outside every bracket. An unclosed opener keeps the rest
 * of the text inside it, so a split never happens in what may be the inside of a bracket.
 */
export function bracketDepths(text: string): number[] {
  const depths: number[] = new Array<number>(text.length);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (CLOSERS.has(char) && depth > 0) depth--;
    depths[i] = depth;
    if (OPENERS.has(char)) depth++;
  }
  return depths;
}

/**
 * Splits where `separatorAt(text, i)` gives a separator length (> 0) at a character outside every
 * bracket. Pieces are trimmed and empty ones dropped.
 */
export function splitOutsideBrackets(
  text: string,
  separatorAt: (text: string, index: number) => number,
): string[] {
  const depths = bracketDepths(text);
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length;) {
    const length = depths[i] === 0 && !OPENERS.has(text[i]) ? separatorAt(text, i) : 0;
    if (length > 0) {
      pieces.push(text.slice(start, i));
      i += length;
      start = i;
    } else i++;
  }
  pieces.push(text.slice(start));
  return pieces.map((piece) => piece.trim()).filter((piece) => piece !== '');
}

/** Separator of one character out of `chars`. */
export const oneOf =
  (chars: string) =>
  (text: string, index: number): number =>
    chars.includes(text[index]) ? 1 : 0;

/** First index of `char` outside brackets at or after `from`, or -1. */
export function indexOutsideBrackets(text: string, char: string, from = 0): number {
  const depths = bracketDepths(text);
  for (let i = from; i < text.length; i++) if (text[i] === char && depths[i] === 0) return i;
  return -1;
}

/** The text with every bracketed part (brackets included) removed, e.g. for a short name. */
export function withoutBrackets(text: string): string {
  const depths = bracketDepths(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (depths[i] === 0 && !OPENERS.has(text[i]) && !CLOSERS.has(text[i])) out += text[i];
  }
  return out;
}
