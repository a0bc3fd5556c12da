import { unitsToIssue } from '../../core/contract/unit-rows.js';
import type { Plan, UnitKind } from '../../core/plan/model.js';
import type { Submission } from '../../core/submission.js';
import type { ReturnRecord, Store } from '../store/index.js';
import { localDate, returnDeadline } from './deadline.js';

/** Where a unit stands for a period, from the store and the working-day deadline. */
export type UnitState = 'on-time' | 'late' | 'rejected' | 'pending' | 'missing';

export const UNIT_STATE_LABELS: Record<UnitState, string> = {
  'on-time': '按时报送',
  late: '逾期报送',
  rejected: '未通过',
  pending: '未报送（未到截止日）',
  missing: '未报送',
};

export interface UnitStatus {
  code: string;
  name: string;
  kind: UnitKind;
  state: UnitState;
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
  deadline: string;
  units: UnitStatus[];
  /** Rejected files that could not be tied to a unit. */
  unidentified: ReturnRecord[];
  returns: ReturnRecord[];
}

export function periodStatus(plan: Plan, store: Store, period: string, now = new Date()): PeriodStatus {
  const deadline = returnDeadline(plan, period);
  const returns = store.returns(period);
  const current = new Map(store.acceptedSubmissions(period).map((s) => [s.unit, s]));
  const expected = new Set(unitsToIssue(plan));
  const today = localDate(now.toISOString());
  const units = plan.units
    .filter((u) => expected.has(u.code) || current.has(u.code) || returns.some((r) => r.unit === u.code))
    .map((u): UnitStatus => {
      const mine = returns.filter((r) => r.unit === u.code);
      const latest = mine.length ? mine[mine.length - 1] : null;
      const sub = current.get(u.code) ?? null;
      const state: UnitState = sub
        ? sub.onTime
          ? 'on-time'
          : 'late'
        : latest
          ? 'rejected'
          : today <= deadline
            ? 'pending'
            : 'missing';
      const shown = sub ? (mine.find((r) => r.sha256 === sub.sha256) ?? latest) : latest;
      return {
        code: u.code,
        name: u.name,
        kind: u.kind,
        state,
        submittedAt: sub?.receivedAt ?? null,
        version: sub?.version ?? null,
        file: sub?.file ?? latest?.file ?? null,
        errors: shown?.errors ?? 0,
        warnings: shown?.warnings ?? 0,
        latest,
        current: sub,
      };
    });
  return { period, deadline, units, unidentified: returns.filter((r) => r.unit === null), returns };
}
