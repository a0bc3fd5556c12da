import type { Plan } from '../../core/plan/model.js';
import { planInForce } from '../../core/plan/versions.js';
import type { Store } from '../store/index.js';

/**
 * The plan's history in the workspace database (migration 7): each version as first issued, and
 * each workbook issued under one. The snapshot is the whole plan as read then (not the neighbouring
 * years' holidays, which are derived), so a return is judged against what its unit was sent.
 */

export interface IssuedWorkbook {
  period: string;
  unit: string;
  planId: string;
  planVersion: number;
  issuedAt: string;
  file: string;
  tasks: number;
  indicators: number;
  prefilled: boolean;
  portalUrl: string | null;
  replacedAt: string | null;
}

interface IssuedRow {
  period: string;
  unit: string;
  plan_id: string;
  plan_version: number;
  issued_at: string;
  file: string;
  tasks: number;
  indicators: number;
  prefilled: number;
  portal_url: string | null;
  replaced_at: string | null;
}

const toIssued = (r: IssuedRow): IssuedWorkbook => ({
  period: r.period,
  unit: r.unit,
  planId: r.plan_id,
  planVersion: r.plan_version,
  issuedAt: r.issued_at,
  file: r.file,
  tasks: r.tasks,
  indicators: r.indicators,
  prefilled: r.prefilled === 1,
  portalUrl: r.portal_url,
  replacedAt: r.replaced_at,
});

const snapshotOf = (plan: Plan): Plan => {
  const { adjacentHolidays: _derived, ...rest } = plan;
  return rest;
};

/** The recorded version, or undefined when it was never issued. */
export function planVersion(store: Store, planId: string, version: number): Plan | undefined {
  const row = store.db
    .prepare('SELECT plan_json FROM plan_versions WHERE plan_id = ? AND version = ?')
    .get(planId, version) as { plan_json: string } | undefined;
  return row && (JSON.parse(row.plan_json) as Plan);
}

/** Every recorded version of a year's plans, oldest first. */
export function planVersionsOfYear(store: Store, year: number): Plan[] {
  const rows = store.db
    .prepare('SELECT plan_json FROM plan_versions WHERE year = ? ORDER BY plan_id, version')
    .all(year) as { plan_json: string }[];
  return rows.map((r) => JSON.parse(r.plan_json) as Plan);
}

/** Records the version unless it already is (a version's snapshot is never rewritten). */
export function recordPlanVersion(store: Store, plan: Plan, at: string): void {
  store.db
    .prepare(
      `INSERT OR IGNORE INTO plan_versions (plan_id, version, year, plan_json, recorded_at) VALUES (?, ?, ?, ?, ?)`,
    )
    .run(plan.id, plan.version, plan.year, JSON.stringify(snapshotOf(plan)), at);
}

/**
 * Records the workbooks just issued for a period, marking each unit's earlier one replaced, in one
 * transaction with the plan version they came from.
 */
export function recordIssue(
  store: Store,
  plan: Plan,
  period: string,
  issuedAt: string,
  files: Omit<IssuedWorkbook, 'period' | 'planId' | 'planVersion' | 'issuedAt' | 'replacedAt'>[],
): void {
  store.db.transaction(() => {
    recordPlanVersion(store, plan, issuedAt);
    const replace = store.db.prepare(
      'UPDATE issued_workbooks SET replaced_at = ? WHERE period = ? AND unit = ? AND replaced_at IS NULL',
    );
    const insert = store.db.prepare(
      `INSERT INTO issued_workbooks (period, unit, plan_id, plan_version, issued_at, file, tasks, indicators,
         prefilled, portal_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const f of files) {
      replace.run(issuedAt, period, f.unit);
      insert.run(
        period,
        f.unit,
        plan.id,
        plan.version,
        issuedAt,
        f.file,
        f.tasks,
        f.indicators,
        f.prefilled ? 1 : 0,
        f.portalUrl,
      );
    }
  })();
}

/** The workbooks of a period now out with units (not replaced), by unit. */
export function currentIssue(store: Store, period: string): IssuedWorkbook[] {
  const rows = store.db
    .prepare('SELECT * FROM issued_workbooks WHERE period = ? AND replaced_at IS NULL ORDER BY unit')
    .all(period) as IssuedRow[];
  return rows.map(toIssued);
}

/** The period's workbooks since replaced by a re-issue. */
export function replacedWorkbooks(store: Store, period: string): IssuedWorkbook[] {
  const rows = store
    .sql('SELECT * FROM issued_workbooks WHERE period = ? AND replaced_at IS NOT NULL ORDER BY unit')
    .all(period) as IssuedRow[];
  return rows.map(toIssued);
}

/** Periods with workbooks recorded, oldest first. */
export function issuedPeriodsInStore(store: Store): string[] {
  return (
    store.db.prepare('SELECT DISTINCT period FROM issued_workbooks ORDER BY period').all() as {
      period: string;
    }[]
  ).map((r) => r.period);
}

/**
 * The version a period is scored with: the newest version its current workbooks were issued
 * under (a few units re-issued under a later version bring the period's targets to it).
 */
export function versionInForce(store: Store, period: string): Plan | undefined {
  const row = store.db
    .prepare(
      `SELECT plan_id, MAX(plan_version) AS version FROM issued_workbooks
         WHERE period = ? AND replaced_at IS NULL GROUP BY plan_id ORDER BY MAX(issued_at) DESC LIMIT 1`,
    )
    .get(period) as { plan_id: string; version: number } | undefined;
  return row && planVersion(store, row.plan_id, row.version);
}

/** The plan a period is judged and scored with: the current one with the targets it was issued under. */
export const planOfPeriod = (store: Store, current: Plan, period: string): Plan =>
  planInForce(current, versionInForce(store, period));

/** A recorded version: when it was first issued, and the workbooks issued under it, period by period. */
export interface VersionRecord {
  plan: Plan;
  recordedAt: string;
  periods: { period: string; units: number; replaced: number }[];
}

/** The history of a year's plans as issued, oldest version first. */
export function versionHistory(store: Store, year: number): VersionRecord[] {
  const rows = store.db
    .prepare('SELECT plan_json, recorded_at FROM plan_versions WHERE year = ? ORDER BY recorded_at, version')
    .all(year) as { plan_json: string; recorded_at: string }[];
  const issued = store.db.prepare(
    `SELECT period, COUNT(*) AS units, COUNT(replaced_at) AS replaced FROM issued_workbooks
       WHERE plan_id = ? AND plan_version = ? GROUP BY period ORDER BY period`,
  );
  return rows.map((r) => {
    const plan = JSON.parse(r.plan_json) as Plan;
    return {
      plan,
      recordedAt: r.recorded_at,
      periods: issued.all(plan.id, plan.version) as VersionRecord['periods'],
    };
  });
}
