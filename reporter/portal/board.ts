import { issuedPeriods } from '../issue/issued.js';
import { periodLabel } from '../../core/calendar/index.js';
import { UNIT_STATE_SHORT } from '../../core/exceptions/decide.js';
import { exceptionEffect, exceptionLine, type UnitException } from '../../core/exceptions/model.js';
import { UNIT_KIND_LABELS, type Plan } from '../../core/plan/model.js';
import { RECEIVED_SOURCE_LABELS } from '../../core/received.js';
import { periodStatus, type PeriodStatus, type UnitStatus } from '../collect/period-status.js';
import type { ReturnRecord, Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { firstPeriodOf } from '../../core/plan/periods.js';

/**
 * The period board: every unit due for the period with its state, when and how its return came,
 * version, errors and warnings, and links to its receipt and original. Built on the same
 * periodStatus that `creditwork status` prints, so the board and the terminal never disagree.
 */

/** Board states in the office's words (按时 / 逾期 / 未通过 / 未报送 / 延期 / 免报). */
export const BOARD_STATE_LABELS: Record<string, string> = UNIT_STATE_SHORT;

/** Filter groups of the board's tiles: pending and missing are both 未报送. */
export const STATE_GROUPS = ['on-time', 'late', 'rejected', 'missing', 'extended', 'exempt'] as const;
export type StateGroup = (typeof STATE_GROUPS)[number];
export const groupOf = (state: string): StateGroup =>
  state === 'pending' ? 'missing' : (state as StateGroup);

export interface BoardRow {
  code: string;
  name: string;
  kind: string;
  kindLabel: string;
  state: string;
  group: StateGroup;
  stateLabel: string;
  /** 未报送 before the deadline is not yet a failure. */
  beforeDeadline: boolean;
  /** When the return counts as received, and how it came (门户上传, 填报助手提交, 邮件…). */
  receivedAt: string | null;
  sourceLabel: string;
  /** The deadline that applies to the unit (an extension's when granted). */
  deadline: string;
  /** The office's exceptions in force, one line each, for the row and its tooltip. */
  exceptions: { id: number; text: string; line: string }[];
  version: number | null;
  errors: number;
  warnings: number;
  /** The return whose findings are shown (the current accepted one, else the latest refused). */
  returnId: number | null;
  returnFile: string | null;
  /** Search text: code, name and kind. */
  search: string;
}

export interface Board {
  period: string;
  periodLabel: string;
  deadline: string;
  rows: BoardRow[];
  counts: Record<StateGroup, number>;
  due: number;
  unidentified: ReturnRecord[];
  /** Changes whenever a return or exception is recorded: the page polls it. */
  version: string;
}

function row(u: UnitStatus, status: PeriodStatus): BoardRow {
  const shown =
    (u.current && status.returns.find((r) => r.sha256 === u.current!.sha256 && r.unit === u.code)) ??
    u.latest;
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    kindLabel: UNIT_KIND_LABELS[u.kind],
    state: u.state,
    group: groupOf(u.state),
    stateLabel: BOARD_STATE_LABELS[u.state] ?? u.state,
    beforeDeadline: u.state === 'pending',
    receivedAt: u.received?.at ?? u.latest?.receivedAt ?? null,
    sourceLabel: u.received ? RECEIVED_SOURCE_LABELS[u.received.source] : '',
    deadline: u.deadline,
    exceptions: Object.values(u.exceptions)
      .filter((e): e is UnitException => e !== undefined)
      .map((e) => ({ id: e.id, text: exceptionEffect(e), line: exceptionLine(e) })),
    version: u.version,
    errors: u.errors,
    warnings: u.warnings,
    returnId: shown?.id ?? null,
    returnFile: shown?.file ?? null,
    search: `${u.code} ${u.name} ${UNIT_KIND_LABELS[u.kind]}`.toLowerCase(),
  };
}

export function buildBoard(plan: Plan, store: Store, period: string, now: Date): Board {
  const status = periodStatus(plan, store, period, now);
  const rows = status.units.map((u) => row(u, status));
  const counts = Object.fromEntries(STATE_GROUPS.map((g) => [g, 0])) as Record<StateGroup, number>;
  for (const r of rows) counts[r.group]++;
  const lastReturn = status.returns.length ? status.returns[status.returns.length - 1].id : 0;
  return {
    period,
    periodLabel: periodLabel(period),
    deadline: status.deadline,
    rows,
    counts,
    due: rows.length - counts.exempt,
    unidentified: status.unidentified,
    version: `${lastReturn}.${status.returns.length}.${status.exceptions.map((e) => e.id).join('-')}.${rows.map((r) => r.state[0]).join('')}`,
  };
}

/** Periods of the plan's year that were issued (the same test as the intake's), oldest first. */
export const issuedPeriodsOfYear = (ws: Workspace, year: number): string[] =>
  issuedPeriods(ws.outbox).filter((period) => period.startsWith(`${year}-`));

/** The period the console opens on: the latest issued one, else the plan's 启用期间. */
export function currentPeriod(ws: Workspace, plan: Plan): string {
  const issued = issuedPeriodsOfYear(ws, plan.year).filter((p) => p >= firstPeriodOf(plan));
  return issued.length ? issued[issued.length - 1] : firstPeriodOf(plan);
}
