/**
 * Yes/no answers (是否…). `无` and `没有` answer "no" here (有/无 is a yes/no pair), although
 * elsewhere `无` marks an empty cell; a slash, a dash or nothing still means not filled in.
 * `x` is refused because people tick boxes with it as often as they cross them out.
 */
import { canonicalText, quote, readInput } from './input.js';
import { accept, reject, type Normalized } from './result.js';

const YES = new Set(['是', '有', '对', '已', '是的', 'y', 'yes', 'true', '1', '√', '✓', '✔', '☑']);
const NO = new Set(['否', '无', '没有', '不是', '未', 'n', 'no', 'false', '0', '×', '✗', '✘', '☒']);

const ASK = '请填写"是"或"否"';

export function normalizeYesNo(input: unknown): Normalized<boolean> {
  const cell = readInput(input, { noneIsBlank: false });
  switch (cell.kind) {
    case 'blank':
      return accept(null);
    case 'boolean':
      return accept(cell.value);
    case 'number':
      if (cell.value === 1 || cell.value === 0) return accept(cell.value === 1);
      return reject(`${quote(cell.value)} 不是"是"或"否"，${ASK}`);
    case 'date':
      return reject(`单元格是日期，${ASK}`);
    case 'invalid':
      return reject(cell.reason);
    case 'text': {
      const answer = canonicalText(cell.text).toLowerCase();
      if (YES.has(answer)) return accept(true);
      if (NO.has(answer)) return accept(false);
      return reject(`${quote(cell.text)} 不是"是"或"否"，${ASK}`);
    }
  }
}
