import type Database from 'better-sqlite3';
import { UserError } from '../user-error.js';

/**
 * Schema migrations, applied in order and recorded in PRAGMA user_version (plus a table people can
 * read). Append new migrations at the end; never edit one that has shipped, since workspaces in the
 * field already ran it.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'files, returns, submissions and their normalized rows',
    sql: `
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      -- Every distinct original file ever received, by content.
      CREATE TABLE files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        archive_path TEXT NOT NULL,
        first_name TEXT NOT NULL,
        first_seen_at TEXT NOT NULL
      );
      -- One row per file handled by a collect of a period, accepted or rejected.
      CREATE TABLE returns (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES files(sha256),
        period TEXT NOT NULL,
        file TEXT NOT NULL,
        received_at TEXT NOT NULL,
        collected_at TEXT NOT NULL,
        unit TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
        reason_code TEXT,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        findings_json TEXT NOT NULL,
        UNIQUE (sha256, period)
      );
      CREATE INDEX returns_unit_period ON returns (unit, period);
      -- Accepted returns, versioned per unit and period; the highest version is current.
      CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        return_id INTEGER NOT NULL UNIQUE REFERENCES returns(id),
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        version INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        on_time INTEGER NOT NULL,
        findings_json TEXT NOT NULL,
        superseded_by INTEGER REFERENCES submissions(id),
        UNIQUE (unit, period, version)
      );
      CREATE TABLE task_reports (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        task INTEGER NOT NULL,
        role TEXT NOT NULL,
        status TEXT,
        percent REAL,
        progress TEXT NOT NULL,
        problems TEXT NOT NULL,
        next_steps TEXT NOT NULL,
        planned_completion TEXT,
        evidence TEXT NOT NULL,
        PRIMARY KEY (submission_id, task)
      ) WITHOUT ROWID;
      CREATE TABLE indicator_reports (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        code TEXT NOT NULL,
        numerator REAL,
        denominator REAL,
        value REAL,
        as_of TEXT,
        note TEXT NOT NULL,
        PRIMARY KEY (submission_id, code)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'scheduler runs',
    sql: `
      CREATE TABLE runs (
        job TEXT NOT NULL,
        scheduled_date TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        detail TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (job, scheduled_date)
      );
    `,
  },
  {
    version: 3,
    name: 'year-end assessment reviews',
    // IF NOT EXISTS: assess created this table on first use before it became a migration.
    sql: `
      CREATE TABLE IF NOT EXISTS assessment_reviews (
        year INTEGER NOT NULL,
        unit TEXT NOT NULL,
        item TEXT NOT NULL,
        score REAL,
        reason TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (year, unit, item)
      );
    `,
  },
  {
    version: 4,
    name: 'scheduler runs keyed by run, one row per attempt',
    // The scheduler kept this table itself before it became a migration, hence IF NOT EXISTS. The
    // version 2 table (one row per job and date) never fitted a schedule edited mid-year and was
    // never written by a release.
    sql: `
      DROP TABLE IF EXISTS runs;
      CREATE TABLE IF NOT EXISTS schedule_runs (
        id INTEGER PRIMARY KEY,
        job TEXT NOT NULL,
        key TEXT NOT NULL,
        due_date TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'skipped')),
        error TEXT,
        caught_up INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX IF NOT EXISTS schedule_runs_key ON schedule_runs (key);
      -- The database itself refuses a second settled run of the same key.
      CREATE UNIQUE INDEX IF NOT EXISTS schedule_runs_settled ON schedule_runs (key)
        WHERE status IN ('done', 'skipped');
    `,
  },
  {
    version: 5,
    name: 'portal: unit links, office accounts, sessions, audit log',
    sql: `
      -- Each unit's private portal address for one plan year. The secret is in the URL; lookups go
      -- by its SHA-256, so a comparison's timing tells nothing about a secret. A rotated link keeps
      -- its row (revoked_at) for the audit trail and answers 404.
      CREATE TABLE unit_links (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        unit TEXT NOT NULL,
        secret TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE UNIQUE INDEX unit_links_current ON unit_links (year, unit) WHERE revoked_at IS NULL;
      -- Office accounts: scrypt password hashes; failed logins lock an account for a while.
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'viewer')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL,
        disabled_at TEXT,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        last_login_at TEXT
      );
      -- Browser sessions by the SHA-256 of the cookie's token (a stolen database opens no session).
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      -- Who did what and when: office actions in the console and on the command line.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
  {
    version: 6,
    name: 'where each received time came from; exceptions the office grants (延期/免报/纸质)',
    // Returns recorded before this kept their inbox file time, so that is their source. file_time
    // keeps the inbox file time as evidence when another source (the office's statement, a paper
    // return) decided the received time.
    sql: `
      ALTER TABLE returns ADD COLUMN received_source TEXT NOT NULL DEFAULT 'file-time';
      ALTER TABLE returns ADD COLUMN file_time TEXT;
      ALTER TABLE submissions ADD COLUMN received_source TEXT NOT NULL DEFAULT 'file-time';
      -- Never updated except to record a withdrawal, so the table is its own audit trail.
      CREATE TABLE unit_exceptions (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('extension', 'exemption', 'paper')),
        until TEXT,
        received_at TEXT,
        reason TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        removed_by TEXT,
        removed_at TEXT,
        removed_reason TEXT,
        CHECK ((kind = 'extension') = (until IS NOT NULL)),
        CHECK ((kind = 'paper') = (received_at IS NOT NULL)),
        CHECK ((removed_at IS NULL) = (removed_by IS NULL))
      );
      CREATE INDEX unit_exceptions_period ON unit_exceptions (period, unit);
      CREATE UNIQUE INDEX unit_exceptions_in_force ON unit_exceptions (period, unit, kind)
        WHERE removed_at IS NULL;
    `,
  },
  {
    version: 7,
    name: 'plan versions as issued, and every workbook issued under them',
    // A plan version is recorded the first time it is issued and never changed: returns are judged
    // against it and each period is scored with the targets it issued. issued_workbooks says which
    // version each unit's workbook of a period came from; a re-issued one is marked replaced.
    sql: `
      CREATE TABLE plan_versions (
        plan_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        year INTEGER NOT NULL,
        plan_json TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (plan_id, version)
      );
      CREATE TABLE issued_workbooks (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        plan_id TEXT NOT NULL,
        plan_version INTEGER NOT NULL,
        issued_at TEXT NOT NULL,
        file TEXT NOT NULL,
        tasks INTEGER NOT NULL,
        indicators INTEGER NOT NULL,
        prefilled INTEGER NOT NULL,
        portal_url TEXT,
        replaced_at TEXT,
        FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
      );
      CREATE INDEX issued_workbooks_period ON issued_workbooks (period, unit);
      CREATE UNIQUE INDEX issued_workbooks_current ON issued_workbooks (period, unit) WHERE replaced_at IS NULL;
    `,
  },
  {
    version: 8,
    name: 'returns found by their bytes',
    // Intake answers a file sent again (portal, pane, inbox) from its earlier record, by SHA-256.
    sql: `
      CREATE INDEX returns_sha256 ON returns (sha256);
    `,
  },
  {
    version: 9,
    name: 'the register of documents written: 发文字号 per year, what was written, issued or not',
    // One row per document (a kind and what it is about: a period, a year). sha256 is of the bytes
    // as written, so an edit made in Word since is seen and never overwritten.
    sql: `
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        title TEXT NOT NULL,
        number_year INTEGER NOT NULL,
        number INTEGER,
        date TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        pdf TEXT,
        pages INTEGER,
        written_at TEXT NOT NULL,
        issued_at TEXT,
        issued_by TEXT,
        UNIQUE (kind, subject)
      );
      CREATE UNIQUE INDEX documents_number ON documents (number_year, number) WHERE number IS NOT NULL;
    `,
  },
];

export function migrate(db: Database.Database, list: Migration[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list.length ? list[list.length - 1].version : 0;
  if (current > latest) {
    throw new UserError(
      `数据库 ${db.name} 的结构版本（${current}）比本程序（${latest}）新。请升级 creditwork 后再运行。`,
    );
  }
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
