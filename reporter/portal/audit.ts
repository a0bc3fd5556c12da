import { userInfo } from 'node:os';
import type Database from 'better-sqlite3';

/**
 * The audit log: who did what, when, from where. Office actions in the console and on the command
 * line are written here in the same transaction-free way (one row, one statement), and never
 * edited or deleted by the program.
 */

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
  address: string;
}

export interface NewAuditEntry {
  actor: string;
  action: string;
  target?: string;
  detail?: string;
  address?: string;
  at?: Date;
}

export function recordAudit(db: Database.Database, entry: NewAuditEntry): void {
  db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    (entry.at ?? new Date()).toISOString(),
    entry.actor,
    entry.action,
    entry.target ?? '',
    entry.detail ?? '',
    entry.address ?? '',
  );
}

/** Newest first; `before` pages back by id. */
export function listAudit(db: Database.Database, limit = 100, before?: number): AuditEntry[] {
  return db
    .prepare(
      `SELECT id, at, actor, action, target, detail, address FROM audit_log
         WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`,
    )
    .all(before ?? null, before ?? null, limit) as AuditEntry[];
}

/** The actor of a command typed on the server: the operating-system account that ran it. */
export function commandLineActor(): string {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers): the action is still recorded
  }
  return `命令行:${name}`;
}
