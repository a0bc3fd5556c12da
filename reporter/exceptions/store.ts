import type { ExceptionKind, UnitException } from '../../core/exceptions/model.js';
import type { Store } from '../store/index.js';

/** The office's exceptions in the workspace database (migration 5, table unit_exceptions). */

interface ExceptionRow {
  id: number;
  period: string;
  unit: string;
  kind: ExceptionKind;
  until: string | null;
  received_at: string | null;
  reason: string;
  granted_by: string;
  granted_at: string;
  removed_by: string | null;
  removed_at: string | null;
  removed_reason: string | null;
}

const toException = (r: ExceptionRow): UnitException => ({
  id: r.id,
  period: r.period,
  unit: r.unit,
  kind: r.kind,
  until: r.until,
  receivedAt: r.received_at,
  reason: r.reason,
  grantedBy: r.granted_by,
  grantedAt: r.granted_at,
  removedBy: r.removed_by,
  removedAt: r.removed_at,
  removedReason: r.removed_reason,
});

export type NewException = Omit<UnitException, 'id' | 'removedBy' | 'removedAt' | 'removedReason'>;

export function insertException(store: Store, e: NewException): UnitException {
  const id = Number(
    store.db
      .prepare(
        `INSERT INTO unit_exceptions (period, unit, kind, until, received_at, reason, granted_by, granted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.period, e.unit, e.kind, e.until, e.receivedAt, e.reason, e.grantedBy, e.grantedAt)
      .lastInsertRowid,
  );
  return { ...e, id, removedBy: null, removedAt: null, removedReason: null };
}

export interface ExceptionFilter {
  period?: string;
  /** Periods of one year, `YYYY`. */
  year?: number;
  unit?: string;
  /** Withdrawn ones too (the whole record). */
  withRemoved?: boolean;
}

/** Exceptions in the order they were granted. */
export function findExceptions(store: Store, filter: ExceptionFilter = {}): UnitException[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.period) {
    where.push('period = ?');
    args.push(filter.period);
  }
  if (filter.year !== undefined) {
    where.push('period LIKE ?');
    args.push(`${filter.year}-%`);
  }
  if (filter.unit) {
    where.push('unit = ?');
    args.push(filter.unit);
  }
  if (!filter.withRemoved) where.push('removed_at IS NULL');
  const rows = store
    .sql(
      `SELECT * FROM unit_exceptions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY granted_at, id`,
    )
    .all(...args) as ExceptionRow[];
  return rows.map(toException);
}

export function exceptionById(store: Store, id: number): UnitException | undefined {
  const row = store.db.prepare('SELECT * FROM unit_exceptions WHERE id = ?').get(id) as
    ExceptionRow | undefined;
  return row && toException(row);
}

/** Records the withdrawal; false when it was already withdrawn (by someone else meanwhile). */
export function markRemoved(store: Store, id: number, by: string, at: string, reason: string): boolean {
  return (
    store.db
      .prepare(
        `UPDATE unit_exceptions SET removed_by = ?, removed_at = ?, removed_reason = ?
           WHERE id = ? AND removed_at IS NULL`,
      )
      .run(by, at, reason, id).changes === 1
  );
}
