import { isFormulaCell, MAX_TEXT_LENGTH, NO_LABEL, YES_LABEL, type RawCell } from '../contract/index.js';
import { serialToIso } from '../plan/serial-date.js';
import { TASK_STATUS_LABELS, type TaskStatus } from '../submission.js';
import { canonicalText, foldWidth, isBlankMarker, quote, readInput } from '../values/input.js';
import { normalizeCount, normalizeNumber } from '../values/number.js';
import type { Normalized } from '../values/result.js';

/**
 * Cell readers for the rules: the grid's raw value in, a normalized value or a Chinese reason out.
 * Numbers go through core/values so the add-in and collect accept exactly the same typing.
 */

const FORMULA_REASON = '是公式，请直接填写内容，不要使用公式';

function formulaGuard(raw: RawCell): { ok: false; reason: string } | undefined {
  return isFormulaCell(raw) ? { ok: false, reason: FORMULA_REASON } : undefined;
}

export function readText(raw: RawCell): Normalized<string> {
  const guard = formulaGuard(raw);
  if (guard) return guard;
  const cell = readInput(raw);
  switch (cell.kind) {
    case 'blank':
      return { ok: true, value: null };
    case 'text': {
      // Keep line breaks the user typed; only trim the ends.
      const text = cell.text.replace(/\r\n?/g, '\n').trim();
      if ([...text].length > MAX_TEXT_LENGTH) {
        return { ok: false, reason: `内容有${[...text].length}字，超过${MAX_TEXT_LENGTH}字，请精简` };
      }
      return { ok: true, value: text };
    }
    case 'number':
      return { ok: true, value: String(cell.value) };
    case 'boolean':
      return { ok: true, value: cell.value ? '是' : '否' };
    case 'date':
      return { ok: true, value: cell.value.toISOString().slice(0, 10) };
    case 'invalid':
      return { ok: false, reason: cell.reason };
  }
}

export function readCount(raw: RawCell): Normalized<number> {
  return formulaGuard(raw) ?? normalizeCount(raw);
}

/**
 * A percent on the 0–100 scale as people type it: `60`, `60%`, `６０％`, `60.5`. A cell Excel has
 * already turned into a fraction (typing `60%` into a number cell stores 0.6) cannot be told
 * apart from 0.6 %, so the caller warns about values below 1.
 */
export function readPercent(raw: RawCell): Normalized<number> {
  const guard = formulaGuard(raw);
  if (guard) return guard;
  if (typeof raw === 'string') {
    const text = canonicalText(raw);
    if (/[%％]$/.test(foldWidth(text))) {
      const result = normalizeNumber(text.replace(/\s*[%％]$/, ''));
      return result.ok
        ? result
        : { ok: false, reason: `${quote(raw)} 不是有效的百分数，请填写0至100之间的数字` };
    }
  }
  return normalizeNumber(raw);
}

// Serials of 1950-01-01 and 2100-12-31: a number outside is not a date someone meant.
const SERIAL_MIN = 18264;
const SERIAL_MAX = 73415;

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

function isoFromParts(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A date as an ISO string: a Date (exceljs), a serial (Office.js), or typed text like 2024.5.10. */
export function readDate(raw: RawCell): Normalized<string> {
  const guard = formulaGuard(raw);
  if (guard) return guard;
  const cell = readInput(raw);
  switch (cell.kind) {
    case 'blank':
      return { ok: true, value: null };
    case 'date':
      return { ok: true, value: cell.value.toISOString().slice(0, 10) };
    case 'number':
      return Number.isInteger(cell.value) && cell.value >= SERIAL_MIN && cell.value <= SERIAL_MAX
        ? { ok: true, value: serialToIso(cell.value) }
        : { ok: false, reason: `${quote(cell.value)} 不是日期，请按 2024-05-31 的格式填写` };
    case 'text': {
      const m = DATE_TEXT.exec(canonicalText(cell.text));
      const iso = m ? isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : null;
      return iso
        ? { ok: true, value: iso }
        : { ok: false, reason: `${quote(cell.text)} 不是有效日期，请按 2024-05-31 的格式填写` };
    }
    case 'boolean':
      return { ok: false, reason: `${quote(cell.value)} 不是日期，请按 2024-05-31 的格式填写` };
    case 'invalid':
      return { ok: false, reason: cell.reason };
  }
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
        reason: `${quote(text.value)} 不是可选的进展状态，请从下拉列表选择：${Object.values(TASK_STATUS_LABELS).join('、')}`,
      };
}

/** 是 → 1, 否 (or 无) → 0. */
export function readYesNo(raw: RawCell): Normalized<number> {
  const guard = formulaGuard(raw);
  if (guard) return guard;
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 1 : 0 };
  if (typeof raw !== 'string') {
    return raw === null
      ? { ok: true, value: null }
      : { ok: false, reason: `${quote(raw)} 不是“是”或“否”，请从下拉列表选择` };
  }
  if (isBlankMarker(raw, false)) return { ok: true, value: null };
  const t = canonicalText(raw);
  if (t === YES_LABEL || t === '有') return { ok: true, value: 1 };
  if (t === NO_LABEL || t === '无' || t === '没有') return { ok: true, value: 0 };
  return { ok: false, reason: `${quote(raw)} 不是“是”或“否”，请从下拉列表选择` };
}
