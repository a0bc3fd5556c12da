import { officeDate } from '../../core/calendar/office-time.js';
import { planTimeZone } from '../../core/schedule/model.js';
import { unitsToIssue } from '../../core/contract/unit-rows.js';
import { UNIT_STATE_LABELS, unitVerdict, type UnitState } from '../../core/exceptions/decide.js';
import { exceptionsOf, type UnitException, type UnitExceptions } from '../../core/exceptions/model.js';
import type { Plan, UnitKind } from '../../core/plan/model.js';
import { RECEIVED_SOURCE_LABELS, type Received } from '../../core/received.js';
import type { Submission } from '../../core/submission.js';
import { findExceptions } from '../exceptions/store.js';
import { planOfPeriod } from '../plan/history.js';
import type { ReturnRecord, Store } from '../store/index.js';
import { returnDeadline } from './deadline.js';

/** Where each unit stands for a period: the store's returns judged with the office's exceptions. */

export interface UnitStatus {
  code: string;
  name: string;
  kind: UnitKind;
  state: UnitState;
  /** The deadline that applies to the unit: the plan's, or the extension's. */
  deadline: string;
  /** The office's exceptions in force for the unit and period. */
  exceptions: UnitExceptions;
  /** When the return counts as received (first accepted version, or the paper return), and how. */
  received: Received | null;
  /** Calendar days late, 0 unless late. */
  daysLate: number;
  /** Counted from a paper return whose typed-in workbook is not filed yet. */
  paperPending: boolean;
  /** Of the current accepted submission. */
  submittedAt: string | null;
  version: number | null;
  file: string | null;
  errors: number;
  warnings: number;
  /** The most recent file from the unit, which may be a rejected one sent after an accepted one. */
  latest: ReturnRecord | null;
  current: Submission | null;
}

export interface PeriodStatus {
  period: string;
  /**
   * The plan in force for the period (planOfPeriod): its tasks and targets as its workbooks were
   * issued, with the office's current names and settings. The 汇总表 and receipts are made from it.
   */
  plan: Plan;
  /** The plan's deadline; a unit with an extension has its own (UnitStatus.deadline). */
  deadline: string;
  units: UnitStatus[];
  /** Rejected files that could not be tied to a unit. */
  unidentified: ReturnRecord[];
  returns: ReturnRecord[];
  /** Exceptions in force for the period. */
  exceptions: UnitException[];
}

export function periodStatus(
  currentPlan: Plan,
  store: Store,
  period: string,
  now = new Date(),
): PeriodStatus {
  const plan = planOfPeriod(store, currentPlan, period);
  const deadline = returnDeadline(plan, period);
  const returns = store.returns(period);
  const current = new Map(store.acceptedSubmissions(period).map((s) => [s.unit, s]));
  const exceptions = findExceptions(store, { period });
  const expected = new Set(unitsToIssue(plan));
  const timeZone = planTimeZone(plan);
  const today = officeDate(now.toISOString(), timeZone);
  const units = plan.units
    .filter((u) => expected.has(u.code) || current.has(u.code) || returns.some((r) => r.unit === u.code))
    .map((u): UnitStatus => {
      const mine = returns.filter((r) => r.unit === u.code);
      const latest = mine.length ? mine[mine.length - 1] : null;
      const sub = current.get(u.code) ?? null;
      const own = exceptionsOf(exceptions, u.code, period);
      const verdict = unitVerdict({
        deadline,
        exceptions: own,
        accepted: mine
          .filter((r) => r.outcome === 'accepted')
          .map((r) => ({ at: r.receivedAt, source: r.receivedSource })),
        refused: mine.length > 0,
        today,
        timeZone,
      });
      const shown = sub ? (mine.find((r) => r.sha256 === sub.sha256) ?? latest) : latest;
      return {
        code: u.code,
        name: u.name,
        kind: u.kind,
        ...verdict,
        exceptions: own,
        submittedAt: sub?.receivedAt ?? null,
        version: sub?.version ?? null,
        file: sub?.file ?? latest?.file ?? null,
        errors: shown?.errors ?? 0,
        warnings: shown?.warnings ?? 0,
        latest,
        current: sub,
      };
    });
  return {
    period,
    plan,
    deadline,
    units,
    unidentified: returns.filter((r) => r.unit === null),
    returns,
    exceptions,
  };
}

/** The summary line collect and status both print: one count per state, exemptions apart. */
export function stateCounts(s: PeriodStatus): string {
  const count = (...states: UnitState[]) => s.units.filter((u) => states.includes(u.state)).length;
  const exempt = count('exempt');
  const parts = [
    `按时 ${count('on-time')}`,
    `逾期 ${count('late')}`,
    `未通过 ${count('rejected')}`,
    `未报送 ${count('missing', 'pending')}`,
  ];
  if (count('extended')) parts.push(`延期未到期 ${count('extended')}`);
  const due = s.units.length - exempt;
  return `应报 ${due} 个单位${exempt ? `（另有免报 ${exempt} 个）` : ''}：${parts.join('，')}`;
}

/** A unit's status as JSON: the labels a reader needs beside the codes, no stored content. */
export function unitStatusJson({ current: _c, latest, ...u }: UnitStatus) {
  return {
    ...u,
    stateLabel: UNIT_STATE_LABELS[u.state],
    receivedSourceLabel: u.received ? RECEIVED_SOURCE_LABELS[u.received.source] : null,
    latestFile: latest?.file ?? null,
    latestOutcome: latest?.outcome ?? null,
  };
}
