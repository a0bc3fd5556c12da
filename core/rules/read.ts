import { isFormulaCell, MAX_TEXT_LENGTH, type RawCell } from '../contract/index.js';
import { TASK_STATUS_LABELS, type TaskStatus } from '../submission.js';
import {
  canonicalText,
  normalizeCount,
  normalizeDate,
  normalizeNumber,
  normalizePercent,
  normalizeText,
  normalizeYesNo,
  scaleByPowerOfTen,
  type Normalized,
} from '../values/index.js';

/**
 * Cell readers for the rules: the grid's raw value in, a normalized value or a Chinese reason out.
 * Everything goes through core/values so the add-in and collect accept exactly the same typing;
 * what is added here is the contract's view (formulas refused, 0–100 percents, status words).
 */

/**
 * A formula is never a reported value (a returned file could compute anything), so the cell is
 * refused; the reason quotes the formula and says what to type instead: the value it shows, when
 * that is a plain number or text.
 */
function formulaGuard(raw: RawCell): { ok: false; reason: string } | undefined {
  if (!isFormulaCell(raw)) return undefined;
  const formula = [...`=${raw.formula.replace(/^=/, '')}`];
  const shown = formula.length > 30 ? `${formula.slice(0, 30).join('')}…` : formula.join('');
  const result = raw.result;
  const value =
    typeof result === 'number' && Number.isFinite(result)
      ? String(result)
      : typeof result === 'string' && result.trim() !== '' && [...result].length <= 40
        ? `“${result.trim()}”`
        : undefined;
  const instead = value ? `直接填写它算出的值 ${value}（或应报的实际值）` : '直接填写应报的数值或文字';
  return { ok: false, reason: `是公式（${shown}），公式不作为填报值：请删除公式，${instead}` };
}

export function readText(raw: RawCell): Normalized<string> {
  return formulaGuard(raw) ?? normalizeText(raw, { maxLength: MAX_TEXT_LENGTH });
}

export function readCount(raw: RawCell): Normalized<number> {
  return formulaGuard(raw) ?? normalizeCount(raw);
}

/**
 * A percent on the 0–100 scale (TaskReport.percent): `60`, `60%`, `６０％`. The column says (%), the
 * guide says "no % sign" and native validation allows 0–100, so a bare number is percent points
 * here, even 1 or 0.5; text with a % sign goes through normalizePercent. The caller warns about
 * values below 1, which may be Excel having turned a typed `50%` into 0.5.
 */
export function readPercent(raw: RawCell): Normalized<number> {
  const guard = formulaGuard(raw);
  if (guard) return guard;
  if (typeof raw === 'string' && /[%％]|百分之/.test(raw)) {
    const result = normalizePercent(raw);
    if (!result.ok || result.value === null) return result;
    return { ok: true, value: scaleByPowerOfTen(result.value, 2) };
  }
  return normalizeNumber(raw);
}

/** A date as an ISO string: a Date (exceljs), a serial (Office.js), or typed text like 2024.5.10. */
export function readDate(raw: RawCell): Normalized<string> {
  const guard = formulaGuard(raw);
  if (guard) return guard;
  const result = normalizeDate(raw);
  return result.ok ? { ok: true, value: result.value } : result;
}

const STATUS_WORDS: Record<string, TaskStatus> = {
  ...Object.fromEntries(Object.entries(TASK_STATUS_LABELS).map(([k, v]) => [v, k as TaskStatus])),
  未开始: 'not-started',
  进行中: 'in-progress',
  推进: 'in-progress',
  完成: 'done',
  已办结: 'done',
  延期: 'behind',
  滞后推进: 'behind',
  不涉及: 'not-applicable',
};

export function readStatus(raw: RawCell): Normalized<TaskStatus> {
  const text = readText(raw);
  if (!text.ok || text.value === null) return text as Normalized<TaskStatus>;
  const status = STATUS_WORDS[canonicalText(text.value).replace(/\s+/g, '')];
  return status
    ? { ok: true, value: status }
    : {
        ok: false,
        reason: `"${text.value}" 不是可选的进展状态，请从下拉列表选择：${Object.values(TASK_STATUS_LABELS).join('、')}`,
      };
}

/** 是 → 1, 否 (or 无) → 0: the plan states yes-no targets as 1/0. */
export function readYesNo(raw: RawCell): Normalized<number> {
  const guard = formulaGuard(raw);
  if (guard) return guard;
  const result = normalizeYesNo(raw);
  if (!result.ok || result.value === null) return result as Normalized<number>;
  return { ok: true, value: result.value ? 1 : 0 };
}
