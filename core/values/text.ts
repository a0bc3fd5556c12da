/**
 * Free text (进展情况, 存在问题, 印证资料…): trimmed, line breaks as \n, control characters removed.
 * Text that starts with `=` stays text: writers must store it as a string, never as a formula.
 */
import { formatIsoDate } from '../calendar/iso-date.js';
import { isBlankMarker, readInput } from './input.js';
import { accept, reject, type Normalized } from './result.js';

export interface TextOptions {
  /** Longest text accepted, in characters (code points). */
  maxLength?: number;
}

// C0 and C1 controls except tab and newline, plus invisible zero-width characters and the BOM.
// eslint-disable-next-line no-control-regex
const STRIP = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;

export function cleanText(text: string): string {
  const cleaned = text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(STRIP, '');
  // One line (most cells): trimming it is all the line-by-line pass would do.
  if (!cleaned.includes('\n')) return cleaned.trim();
  return cleaned
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

/** Length in characters as a reader counts them: a character outside the BMP (𠀀, 😀) is one. */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

export function normalizeText(input: unknown, options: TextOptions = {}): Normalized<string> {
  const cell = readInput(input);
  let text: string;
  switch (cell.kind) {
    case 'blank':
      return accept(null);
    case 'invalid':
      return reject(cell.reason);
    case 'number':
      text = String(cell.value);
      break;
    case 'boolean':
      text = cell.value ? 'TRUE' : 'FALSE';
      break;
    case 'date':
      text = formatIsoDate(
        cell.value.getUTCFullYear(),
        cell.value.getUTCMonth() + 1,
        cell.value.getUTCDate(),
      );
      break;
    case 'text':
      text = cleanText(cell.text);
      if (isBlankMarker(text)) return accept(null);
      break;
  }
  const length = characterCount(text);
  if (options.maxLength !== undefined && length > options.maxLength) {
    return reject(`内容过长（${length}字），最多${options.maxLength}字，请精简`);
  }
  return accept(text);
}
