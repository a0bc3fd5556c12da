import { officeDate } from '../calendar/office-time.js';
import { parseIsoDate, ymdToDayNumber } from '../calendar/iso-date.js';
import type { Received } from '../received.js';
import type { UnitExceptions } from './model.js';

/**
 * Where one unit stands for one period, decided from its returns and the office's exceptions.
 * Status, the 汇总表, receipts, the circular and the assessment all ask these functions, so they
 * never disagree about who was due, by when, and whether they made it.
 */

/** 按时 / 逾期 / 未通过 / 未报送 / 延期 / 免报, with 未报送 split by whether the deadline has passed. */
export type UnitState = 'on-time' | 'late' | 'rejected' | 'pending' | 'extended' | 'missing' | 'exempt';

export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  'on-time': '按时报送',
  late: '逾期报送',
  rejected: '未通过',
  pending: '未报送（未到截止日）',
  extended: '延期（未到延期截止日）',
  missing: '未报送',
  exempt: '免报',
};

/** One or two characters' worth, for a board or a narrow column. */
export const UNIT_STATE_SHORT: Record<UnitState, string> = {
  'on-time': '按时',
  late: '逾期',
  rejected: '未通过',
  pending: '未报送',
  extended: '延期',
  missing: '未报送',
  exempt: '免报',
};

/** An exempted unit owes nothing for the period. */
export const isDue = (exceptions: UnitExceptions): boolean => !exceptions.exemption;

/** The unit's deadline: the plan's, or the extension's when the office granted a later one. */
export function effectiveDeadline(deadline: string, exceptions: UnitExceptions): string {
  const until = exceptions.extension?.until;
  return until && until > deadline ? until : deadline;
}

/** On time through the whole deadline day, in office time (the plan's zone, core/schedule/model.ts planTimeZone). */
export const isOnTime = (receivedAt: string, deadline: string, timeZone: string): boolean =>
  officeDate(receivedAt, timeZone) <= deadline;

/** Calendar days between the deadline and the office date of receipt; 0 when on time. */
export function daysLate(receivedAt: string, deadline: string, timeZone: string): number {
  const received = parseIsoDate(officeDate(receivedAt, timeZone));
  const due = parseIsoDate(deadline);
  if (!received || !due) return 0;
  const days =
    ymdToDayNumber(received.year, received.month, received.day) -
    ymdToDayNumber(due.year, due.month, due.day);
  return Math.max(0, days);
}

/**
 * When the unit's return counts as received: its first accepted workbook (a correction sent later
 * neither makes it late nor later), or the paper return the office recorded, whichever came first.
 */
export function countedReceipt(accepted: readonly Received[], exceptions: UnitExceptions): Received | null {
  let first: Received | null = null;
  for (const r of accepted) if (!first || Date.parse(r.at) < Date.parse(first.at)) first = r;
  const paper = exceptions.paper?.receivedAt;
  if (paper && (!first || Date.parse(paper) < Date.parse(first.at))) return { at: paper, source: 'paper' };
  return first;
}

export interface UnitPeriodFacts {
  /** The plan's return deadline for the period (working-day rule), ISO date. */
  deadline: string;
  exceptions: UnitExceptions;
  /** Every accepted version of the unit's return for the period, in any order. */
  accepted: readonly Received[];
  /** Whether any file from the unit was refused (it matters only when none was accepted). */
  refused: boolean;
  /** The office's date today, ISO. */
  today: string;
  /** The office's zone (the plan's), which decides the day a return arrived on. */
  timeZone: string;
}

export interface UnitVerdict {
  state: UnitState;
  /** The deadline that applies to this unit (extended or not). */
  deadline: string;
  /** When the return counts as received, and how the office knows. */
  received: Received | null;
  /** Calendar days after the deadline that applies; 0 unless late. */
  daysLate: number;
  /** Counted from a paper return whose typed-in workbook the office has not filed yet. */
  paperPending: boolean;
}

export function unitVerdict(facts: UnitPeriodFacts): UnitVerdict {
  const { exceptions } = facts;
  const deadline = effectiveDeadline(facts.deadline, exceptions);
  const received = countedReceipt(facts.accepted, exceptions);
  const paperPending = !!exceptions.paper && facts.accepted.length === 0;
  const late = received ? daysLate(received.at, deadline, facts.timeZone) : 0;
  const state: UnitState = !isDue(exceptions)
    ? 'exempt'
    : received
      ? isOnTime(received.at, deadline, facts.timeZone)
        ? 'on-time'
        : 'late'
      : facts.refused
        ? 'rejected'
        : facts.today <= deadline
          ? exceptions.extension
            ? 'extended'
            : 'pending'
          : 'missing';
  return { state, deadline, received, daysLate: state === 'late' ? late : 0, paperPending };
}
