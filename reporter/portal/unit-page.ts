import { existsSync } from 'node:fs';
import path from 'node:path';
import { periodLabel } from '../../core/calendar/index.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { chineseDate } from '../issue/deadline.js';
import { unitFileName } from '../issue/build-workbook.js';
import { returnDeadline } from '../collect/deadline.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { buildBoard, issuedPeriodsOfYear } from './board.js';

/**
 * What a unit sees through its link: only rows whose unit is that unit, of the link's year. Every
 * query here takes the unit code from the link, never from the request.
 */

export interface UnitReturn {
  id: number;
  period: string;
  periodLabel: string;
  file: string;
  receivedAt: string;
  outcome: 'accepted' | 'rejected';
  version: number | null;
  errors: number;
  warnings: number;
}

/** The unit's returns as the database holds them, with the version each became when accepted. */
const RETURN_SELECT = `SELECT r.id, r.period, r.file, r.received_at, r.outcome, r.errors, r.warnings,
    r.findings_json, s.version FROM returns r LEFT JOIN submissions s ON s.return_id = r.id`;

interface ReturnRow {
  id: number;
  period: string;
  file: string;
  received_at: string;
  outcome: 'accepted' | 'rejected';
  errors: number;
  warnings: number;
  version: number | null;
  findings_json: string;
}

const toUnitReturn = (r: ReturnRow): UnitReturn => ({
  id: r.id,
  period: r.period,
  periodLabel: periodLabel(r.period),
  file: r.file,
  receivedAt: r.received_at,
  outcome: r.outcome,
  version: r.version,
  errors: r.errors,
  warnings: r.warnings,
});

export function unitReturns(store: Store, unit: string, year: number): UnitReturn[] {
  const rows = store
    .sql(`${RETURN_SELECT} WHERE r.unit = ? AND r.period >= ? AND r.period <= ? ORDER BY r.id DESC LIMIT 200`)
    .all(unit, `${year}-01`, `${year}-12`) as ReturnRow[];
  return rows.map(toUnitReturn);
}

/** One of the unit's own returns with its findings; undefined for anyone else's. */
export function unitReturn(
  store: Store,
  unit: string,
  id: number,
): (UnitReturn & { findings: Finding[] }) | undefined {
  const row = store.sql(`${RETURN_SELECT} WHERE r.id = ? AND r.unit = ?`).get(id, unit) as
    ReturnRow | undefined;
  return row && { ...toUnitReturn(row), findings: JSON.parse(row.findings_json) as Finding[] };
}

export interface IssuedWorkbookLink {
  period: string;
  periodLabel: string;
  deadline: string;
  deadlineText: string;
  stateLabel: string;
  state: string;
}

/** The periods issued to the unit this year, newest first, with where the unit stands in each. */
export function unitPeriods(
  ws: Workspace,
  plan: Plan,
  store: Store,
  unit: string,
  now: Date,
): IssuedWorkbookLink[] {
  const code = plan.units.find((u) => u.code === unit);
  if (!code) return [];
  const file = unitFileName(code.code, code.name);
  return issuedPeriodsOfYear(ws, plan.year)
    .filter((p) => existsSync(path.join(ws.outbox, p, file)))
    .reverse()
    .map((period) => {
      const row = buildBoard(plan, store, period, now).rows.find((r) => r.code === unit);
      const deadline = returnDeadline(plan, period);
      return {
        period,
        periodLabel: periodLabel(period),
        deadline,
        deadlineText: chineseDate(deadline, true),
        state: row?.state ?? 'missing',
        stateLabel: row?.stateLabel ?? '未报送',
      };
    });
}

export const issuedWorkbookPath = (
  ws: Workspace,
  plan: Plan,
  unit: string,
  period: string,
): string | undefined => {
  const u = plan.units.find((x) => x.code === unit);
  if (!u) return undefined;
  const file = path.join(ws.outbox, period, unitFileName(u.code, u.name));
  return existsSync(file) ? file : undefined;
};

/**
 * A finding as a list item: its place set apart, and the message without the place it already
 * starts with (collect's messages say `任务进展!G7 状态为…`), so the place is not read twice.
 */
export function findingItem(f: { sheet: string; cell: string; message: string }): {
  place: string;
  text: string;
} {
  const place = f.sheet ? `${f.sheet}${f.cell ? `!${f.cell}` : ''}` : '';
  const text = place && f.message.startsWith(place) ? f.message.slice(place.length).trimStart() : f.message;
  return { place, text: text || f.message };
}
