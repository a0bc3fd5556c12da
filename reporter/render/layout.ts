import { CHAR, bodyCharacterSpacing, typeAreaWidth } from './gb9704.js';
import type { NarrativeParagraph } from './narrative.js';

/**
 * Placements GB/T 9704 gives in characters, computed for the text in hand: 附件说明 items and the
 * 落款. Widths are of 3号 body text as set: a Chinese character is one character wide, a digit half
 * of one, a Latin capital (Times New Roman) about 0.72, each less the body's character spacing; and
 * Word and LibreOffice put a little space (about 0.22 of a character) between Chinese and Latin
 * text (2024年6月7日 has five such joins).
 */

const FULL_WIDTH =
  /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u3000-\u303F\u2014\u201C\u201D\u2018\u2019]/;
const AUTOSPACE = 0.22;

/** Width of a line of body text in twips. */
export function textWidth(text: string): number {
  let width = 0;
  let previous: 'cjk' | 'latin' | undefined;
  for (const ch of text) {
    const kind = FULL_WIDTH.test(ch) ? 'cjk' : /\s/.test(ch) ? undefined : 'latin';
    const em = kind === 'cjk' ? 1 : /[A-Z]/.test(ch) ? 0.72 : /\s/.test(ch) ? 0.25 : 0.5;
    width += em * CHAR + bodyCharacterSpacing;
    if (kind && previous && kind !== previous) width += AUTOSPACE * CHAR;
    previous = kind ?? previous;
  }
  return Math.round(width);
}

const ATTACHMENT = /^(附件：)?(\d+[．.])?/;

/**
 * 附件说明 (7.3.4): “附件” 左空二字, then a colon and the names; with several, each numbered, the
 * numbers one under the other and a name that wraps continuing under its own first character.
 */
export function attachmentIndent(text: string): { left: number; firstLine: number } {
  const [, label = '', number = ''] = ATTACHMENT.exec(text) ?? [];
  const labelWidth = textWidth('附件：');
  const hang = textWidth(label) + textWidth(number);
  // Every item's name starts after 左空二字 + “附件：” + its number.
  return { left: 2 * CHAR + labelWidth + textWidth(number), firstLine: -hang };
}

/**
 * 署名 and 成文日期 (7.3.5). Unsealed (7.3.5.2): 正文（或附件说明）下空一行，署名右空二字，成文日期在其下一行、
 * 首字比署名首字右移二字; a date longer than that is set 右空二字 and the 署名 moves left with it.
 * Sealed (7.3.5.1): room for the seal, the date 右空四字, the 署名 centred on the date (右空二字 when
 * it is too long for that).
 * Both lines are placed from the left so the two-character offset is exact.
 */
export function signatureBlock(issuer: string, dateText: string, sealed: boolean): NarrativeParagraph[] {
  const line = typeAreaWidth;
  const issuerWidth = textWidth(issuer);
  const dateWidth = textWidth(dateText);
  let issuerLeft: number;
  let dateLeft: number;
  if (!sealed) {
    issuerLeft = line - 2 * CHAR - issuerWidth;
    dateLeft = issuerLeft + 2 * CHAR;
    if (dateLeft + dateWidth > line - 2 * CHAR) {
      dateLeft = line - 2 * CHAR - dateWidth;
      issuerLeft = dateLeft - 2 * CHAR;
    }
  } else {
    dateLeft = line - 4 * CHAR - dateWidth;
    // A 署名 too long to centre on the date within the line is set 右空二字, as unsealed.
    issuerLeft = Math.min(dateLeft + (dateWidth - issuerWidth) / 2, line - 2 * CHAR - issuerWidth);
  }
  const at = (left: number) => ({ left: Math.max(0, Math.round(left)), firstLine: 0 });
  const blank = (): NarrativeParagraph => ({ style: 'body', text: '', keepNext: true });
  return [
    ...(sealed ? [blank(), blank()] : [blank()]),
    { style: 'signature', text: issuer, keepNext: true, indent: at(issuerLeft) },
    { style: 'date', text: dateText, indent: at(dateLeft) },
  ];
}
