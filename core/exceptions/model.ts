import { chineseDate } from '../calendar/iso-date.js';
import { OFFICE_TIME_ZONE, officeDate, officeDateTime } from '../calendar/office-time.js';

/**
 * Exceptions the credit office grants one unit for one period (DESIGN.md glossary: 延期 extension,
 * 免报 exemption, 纸质报送 paper return). They are decisions of the office, recorded with who, when
 * and why, never edited: withdrawing one records who withdrew it and why.
 */

export type ExceptionKind = 'extension' | 'exemption' | 'paper';

export const EXCEPTION_KINDS: readonly ExceptionKind[] = ['extension', 'exemption', 'paper'];

/** The words the office uses (and types after --kind). */
export const EXCEPTION_KIND_LABELS: Record<ExceptionKind, string> = {
  extension: '延期',
  exemption: '免报',
  paper: '纸质',
};

/** `延期`, `免报`, `纸质`/`纸质报送`, or the English kind; null for anything else. */
export function parseExceptionKind(text: string): ExceptionKind | null {
  const t = text.trim();
  if (t === '纸质报送') return 'paper';
  return EXCEPTION_KINDS.find((k) => EXCEPTION_KIND_LABELS[k] === t || k === t.toLowerCase()) ?? null;
}

export interface UnitException {
  id: number;
  /** `YYYY-MM`. */
  period: string;
  unit: string;
  kind: ExceptionKind;
  /** Extension: the new deadline, ISO date (on time through that day). */
  until: string | null;
  /** Paper return: when the paper arrived, ISO instant. */
  receivedAt: string | null;
  reason: string;
  grantedBy: string;
  /** ISO instant. */
  grantedAt: string;
  /** Set when the office withdrew it; a withdrawn exception no longer counts but stays on record. */
  removedBy: string | null;
  removedAt: string | null;
  removedReason: string | null;
}

/** The exceptions in force for one unit and period, at most one of each kind. */
export interface UnitExceptions {
  extension?: UnitException;
  exemption?: UnitException;
  paper?: UnitException;
}

export const isActive = (e: UnitException): boolean => e.removedAt === null;

/** The unit's exceptions in force for the period (a later grant of a kind wins over an earlier one). */
export function exceptionsOf(list: readonly UnitException[], unit: string, period: string): UnitExceptions {
  const out: UnitExceptions = {};
  for (const e of list) {
    if (e.unit !== unit || e.period !== period || !isActive(e)) continue;
    const known = out[e.kind];
    if (!known || known.grantedAt < e.grantedAt || (known.grantedAt === e.grantedAt && known.id < e.id))
      out[e.kind] = e;
  }
  return out;
}

/**
 * What the exception does, in a few words: `延期至2026年11月20日`, `免报`, `纸质报送，2026年10月9日收到`
 * (the day in the office's zone, the plan's).
 */
export function exceptionEffect(
  e: Pick<UnitException, 'kind' | 'until' | 'receivedAt'>,
  timeZone = OFFICE_TIME_ZONE,
): string {
  switch (e.kind) {
    case 'extension':
      return `延期至${chineseDate(e.until ?? '')}`;
    case 'exemption':
      return '免报';
    case 'paper':
      return `纸质报送，${e.receivedAt ? chineseDate(officeDate(e.receivedAt, timeZone)) : ''}收到`;
  }
}

/** The effect with the reason and who granted it when: one line for a table cell or a receipt. */
export const exceptionLine = (e: UnitException, timeZone = OFFICE_TIME_ZONE): string =>
  `${exceptionEffect(e, timeZone)}（原因：${e.reason}；${e.grantedBy}于${officeDateTime(e.grantedAt, timeZone)}登记）`;
