import { bracketDepths, splitOutsideBrackets } from './brackets.js';

/**
 * A responsibility list as documents write it: names separated by 、，,；; (or 及, 以及, a line
 * break), with tails that add nobody by name (`等有关单位`, `按职责分工负责`) and `下同`, which
 * says the list also holds for what follows.
 */
export interface UnitList {
  /** The named items in order, tails removed; brackets inside an item are kept. */
  items: string[];
  /** Tail words that were removed, for the review message (`等有关单位`…). */
  tails: string[];
  /** The list ended with 下同: it carries forward to later tasks that name no units. */
  carriesForward: boolean;
}

const SEPARATORS = '、，,；;\n\r';

function separatorAt(text: string, index: number): number {
  if (SEPARATORS.includes(text[index])) return 1;
  if (text.startsWith('以及', index)) return 2;
  // 及 joins two list items (市信用办及联席会议成员单位); in 以及 it is the second character.
  if (text[index] === '及' && text[index - 1] !== '以') return 1;
  return 0;
}

/** Splits a list on its separators, never inside brackets: `各县(市、区)人民政府` stays whole. */
export const splitUnitList = (text: string): string[] => splitOutsideBrackets(text, separatorAt);

const CARRY_FORWARD = /[，,；;。.\s]*下同[。.\s]*$/;
const DUTY_TAIL = /(?:按(?:照)?(?:各自)?职责(?:分工)?|分别|共同|各自)?负责[。.\s]*$/;
// From 等 to the noun that closes the vague phrase (等具有…职能的部门, 等市有关单位, 等单位).
const VAGUE_TAIL = /^等[^；;，,\n]*?(?:成员单位|单位|部门|机构|企业|组织)/;

/**
 * Cuts each `等…` tail out of the text. A tail may itself contain 、 (等负责甲、乙的部门), so it is
 * removed before the list is split; it runs to the noun that closes it, else to the next separator.
 */
function cutTails(text: string, tails: string[]): string {
  const depths = bracketDepths(text);
  let out = '';
  for (let i = 0; i < text.length;) {
    const startsItem = i === 0 || SEPARATORS.includes(text[i - 1]);
    if (text[i] === '等' && depths[i] === 0 && !startsItem) {
      const vague = VAGUE_TAIL.exec(text.slice(i));
      let end = vague ? i + vague[0].length : i + 1;
      if (!vague) while (end < text.length && !SEPARATORS.includes(text[end])) end++;
      tails.push(text.slice(i, end));
      i = end;
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}

/** What a typist puts in a cell that names no one: —, －, /, 无, 暂无. */
export const NO_UNITS = /^[\s—–\-－―/／、，,；;]*$|^[\s(（]*(?:无|暂无|空)[\s)）]*$/;

export function readUnitList(text: string): UnitList {
  const tails: string[] = [];
  let rest = text.trim();
  const carriesForward = CARRY_FORWARD.test(rest);
  if (carriesForward) rest = rest.replace(CARRY_FORWARD, '');
  const items = splitUnitList(cutTails(rest, tails))
    .flatMap((item) => {
      const duty = DUTY_TAIL.exec(item);
      if (!duty || duty.index === 0) return [item];
      tails.push(duty[0]);
      return [item.slice(0, duty.index).trim()].filter(Boolean);
    })
    .filter((item) => !NO_UNITS.test(item));
  return { items, tails, carriesForward };
}
