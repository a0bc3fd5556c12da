import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../core/plan/model.js';
import type { ReceivedSource } from '../../core/received.js';
import type {
  IndicatorReport,
  Period,
  Submission,
  SubmissionContent,
  TaskReport,
  TaskStatus,
} from '../../core/submission.js';
import type { Workspace } from '../workspace.js';
import { migrate } from './migrations.js';

/** A file handled by a collect of one period, whatever became of it. */
export interface ReturnRecord {
  id: number;
  sha256: string;
  period: Period;
  file: string;
  receivedAt: string;
  /** How the office knows receivedAt (see core/received.ts). */
  receivedSource: ReceivedSource;
  /** The file's time in the inbox, kept as evidence whatever decided receivedAt; null when none. */
  fileTime: string | null;
  collectedAt: string;
  /** Unit code when the file could be identified (or the unit whose portal link it came through). */
  unit: string | null;
  outcome: 'accepted' | 'rejected';
  /** Machine code of the first rejecting finding, e.g. `collect.macro`. */
  reasonCode: string | null;
  errors: number;
  warnings: number;
  findings: Finding[];
  /** Version given to the submission when accepted. */
  version: number | null;
}

export interface NewReturn {
  sha256: string;
  size: number;
  /** Archive path relative to the workspace root. */
  archivePath: string;
  period: Period;
  file: string;
  receivedAt: string;
  receivedSource: ReceivedSource;
  fileTime?: string | null;
  collectedAt: string;
  unit: string | null;
  findings: Finding[];
  /** Present when the file is accepted (no error findings). */
  content?: SubmissionContent;
  onTime?: boolean;
}

interface SubmissionRow {
  id: number;
  unit: string;
  period: string;
  version: number;
  received_at: string;
  received_source: ReceivedSource;
  file: string;
  sha256: string;
  on_time: number;
  findings_json: string;
}

interface ReturnRow {
  id: number;
  sha256: string;
  period: string;
  file: string;
  received_at: string;
  received_source: ReceivedSource;
  file_time: string | null;
  collected_at: string;
  unit: string | null;
  outcome: 'accepted' | 'rejected';
  reason_code: string | null;
  errors: number;
  warnings: number;
  findings_json: string;
  version: number | null;
}

const RETURN_COLUMNS = `r.id, r.sha256, r.period, r.file, r.received_at, r.received_source, r.file_time,
  r.collected_at, r.unit, r.outcome,
  r.reason_code, r.errors, r.warnings, r.findings_json, s.version`;

/** Where a return's original lies: `archivePath` relative to the workspace root. */
export interface ReturnOriginal {
  id: number;
  period: string;
  unit: string | null;
  file: string;
  archivePath: string;
}

const ORIGINALS = `SELECT r.id, r.period, r.unit, r.file, f.archive_path AS archivePath
  FROM returns r JOIN files f ON f.sha256 = r.sha256`;

/**
 * The workspace database. Every write that belongs together runs in one transaction, so a collect
 * killed at any point leaves either the whole file recorded or nothing of it.
 */
export class Store {
  private readonly statements = new Map<string, Database.Statement>();
  private recordTransaction?: Database.Transaction<
    (list: NewReturn[]) => { record: ReturnRecord; duplicate: boolean }[]
  >;

  constructor(readonly db: Database.Database) {}

  /**
   * Prepared once per SQL text: preparing costs more than running these small statements (intake
   * asks several per file). For the reads other modules keep beside the store, too.
   */
  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** The return already recorded for these bytes in this period, if any (collect is idempotent on it). */
  knownReturn(sha256: string, period: Period): ReturnRecord | undefined {
    const row = this.sql(
      `SELECT ${RETURN_COLUMNS} FROM returns r LEFT JOIN submissions s ON s.return_id = r.id
         WHERE r.sha256 = ? AND r.period = ?`,
    ).get(sha256, period) as ReturnRow | undefined;
    return row && toReturn(row);
  }

  /** The first return recorded for these bytes, whatever its period: the same bytes get the same verdict. */
  returnOfFile(sha256: string): ReturnRecord | undefined {
    const row = this.sql(
      `SELECT ${RETURN_COLUMNS} FROM returns r LEFT JOIN submissions s ON s.return_id = r.id
         WHERE r.sha256 = ? ORDER BY r.id LIMIT 1`,
    ).get(sha256) as ReturnRow | undefined;
    return row && toReturn(row);
  }

  /**
   * Records one handled file. An accepted file becomes the next version of its unit's submission
   * for the period and supersedes the previous one, which stays in history.
   */
  recordReturn(input: NewReturn): ReturnRecord {
    return this.recordReturns([input])[0].record;
  }

  /**
   * Records handled files in order, all in one transaction: a kill leaves all of them recorded or
   * none, and each file's rows are always whole. `duplicate` marks bytes already recorded for the
   * period (before or earlier in the same list), which are left as they were.
   */
  recordReturns(inputs: NewReturn[]): { record: ReturnRecord; duplicate: boolean }[] {
    this.recordTransaction ??= this.db.transaction((list: NewReturn[]) =>
      list.map((r) => this.insertReturn(r)),
    );
    return this.recordTransaction.immediate(inputs);
  }

  /**
   * Runs `write` inside a transaction that is then rolled back: the same statements run as in a real
   * write (a rehearsal warms them up) and the database keeps nothing of it.
   */
  rehearse<T>(write: () => T): T {
    const rollback = Symbol('rollback');
    let result: { value: T } | undefined;
    try {
      this.db.transaction(() => {
        result = { value: write() };
        throw rollback;
      })();
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return result!.value;
  }

  private insertReturn(r: NewReturn): { record: ReturnRecord; duplicate: boolean } {
    const existing = this.knownReturn(r.sha256, r.period);
    if (existing) return { record: existing, duplicate: true };
    this.sql(
      `INSERT OR IGNORE INTO files (sha256, size, archive_path, first_name, first_seen_at)
         VALUES (?, ?, ?, ?, ?)`,
    ).run(r.sha256, r.size, r.archivePath, r.file, r.collectedAt);
    const errors = r.findings.filter((f) => f.level === 'error').length;
    const warnings = r.findings.length - errors;
    const accepted = errors === 0 && r.content !== undefined;
    const firstError = r.findings.find((f) => f.level === 'error');
    const outcome = accepted ? 'accepted' : 'rejected';
    const id = Number(
      this.sql(
        `INSERT INTO returns (sha256, period, file, received_at, received_source, file_time, collected_at, unit,
             outcome, reason_code, errors, warnings, findings_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        r.sha256,
        r.period,
        r.file,
        r.receivedAt,
        r.receivedSource,
        r.fileTime ?? null,
        r.collectedAt,
        r.unit,
        outcome,
        firstError?.code ?? null,
        errors,
        warnings,
        JSON.stringify(r.findings),
      ).lastInsertRowid,
    );
    const version = accepted && r.content ? this.insertSubmission(id, r, r.content) : null;
    // Built from what was just written rather than read back: the same fields knownReturn gives.
    const record: ReturnRecord = {
      id,
      sha256: r.sha256,
      period: r.period,
      file: r.file,
      receivedAt: r.receivedAt,
      receivedSource: r.receivedSource,
      fileTime: r.fileTime ?? null,
      collectedAt: r.collectedAt,
      unit: r.unit,
      outcome,
      reasonCode: firstError?.code ?? null,
      errors,
      warnings,
      findings: r.findings,
      version,
    };
    return { record, duplicate: false };
  }

  /** Inserts the accepted content as the unit's next version and returns that version. */
  private insertSubmission(returnId: number, r: NewReturn, content: SubmissionContent): number {
    const previous = this.sql(
      `SELECT id, version FROM submissions WHERE unit = ? AND period = ? ORDER BY version DESC LIMIT 1`,
    ).get(content.unit, content.period) as { id: number; version: number } | undefined;
    const version = (previous?.version ?? 0) + 1;
    const id = Number(
      this.sql(
        `INSERT INTO submissions (return_id, unit, period, version, received_at, received_source, file, sha256,
             on_time, findings_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        returnId,
        content.unit,
        content.period,
        version,
        r.receivedAt,
        r.receivedSource,
        r.file,
        r.sha256,
        r.onTime ? 1 : 0,
        JSON.stringify(r.findings),
      ).lastInsertRowid,
    );
    if (previous) this.sql('UPDATE submissions SET superseded_by = ? WHERE id = ?').run(id, previous.id);
    const task = this.sql(
      `INSERT INTO task_reports (submission_id, task, role, status, percent, progress, problems, next_steps,
         planned_completion, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const t of content.tasks) {
      task.run(
        id,
        t.task,
        t.role,
        t.status,
        t.percent,
        t.progress,
        t.problems,
        t.nextSteps,
        t.plannedCompletion,
        t.evidence,
      );
    }
    const indicator = this.sql(
      `INSERT INTO indicator_reports (submission_id, code, numerator, denominator, value, as_of, note)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const i of content.indicators) {
      indicator.run(id, i.code, i.numerator, i.denominator, i.value, i.asOf, i.note);
    }
    return version;
  }

  /** The current (latest accepted) submission of every unit for the period, by unit code. */
  acceptedSubmissions(period: Period): Submission[] {
    const rows = this.sql(
      `SELECT * FROM submissions WHERE period = ? AND superseded_by IS NULL ORDER BY unit`,
    ).all(period) as SubmissionRow[];
    return rows.map((row) => this.load(row));
  }

  /**
   * Every accepted version of every unit's return for the period, by unit and version: the newest
   * carries the content, the first decides timeliness (scorers need both).
   */
  acceptedVersions(period: Period): Submission[] {
    const rows = this.sql(`SELECT * FROM submissions WHERE period = ? ORDER BY unit, version`).all(
      period,
    ) as SubmissionRow[];
    return rows.map((row) => this.load(row));
  }

  /** The unit's current submission for the latest period before `period` that has one (for pre-fill). */
  lastAcceptedBefore(unit: string, period: Period): Submission | undefined {
    const row = this.sql(
      `SELECT * FROM submissions WHERE unit = ? AND period < ? AND superseded_by IS NULL
         ORDER BY period DESC LIMIT 1`,
    ).get(unit, period) as SubmissionRow | undefined;
    return row && this.load(row);
  }

  /** Every accepted version of the unit's submission for the period, oldest first. */
  submissionHistory(unit: string, period: Period): Submission[] {
    const rows = this.sql(`SELECT * FROM submissions WHERE unit = ? AND period = ? ORDER BY version`).all(
      unit,
      period,
    ) as SubmissionRow[];
    return rows.map((row) => this.load(row));
  }

  /** A return's original as archived: the name it came under and its path in the archive. */
  originalOf(returnId: number): ReturnOriginal | undefined {
    return this.sql(`${ORIGINALS} WHERE r.id = ?`).get(returnId) as ReturnOriginal | undefined;
  }

  /** The originals of the returns accepted most recently, newest first. */
  latestAcceptedOriginals(limit: number): ReturnOriginal[] {
    return this.sql(`${ORIGINALS} WHERE r.outcome = 'accepted' ORDER BY r.id DESC LIMIT ?`).all(
      limit,
    ) as ReturnOriginal[];
  }

  /** Every file handled for the period, accepted or rejected, in the order they were recorded. */
  returns(period: Period): ReturnRecord[] {
    const rows = this.sql(
      `SELECT ${RETURN_COLUMNS} FROM returns r LEFT JOIN submissions s ON s.return_id = r.id
         WHERE r.period = ? ORDER BY r.id`,
    ).all(period) as ReturnRow[];
    return rows.map(toReturn);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private load(row: SubmissionRow): Submission {
    const tasks = (
      this.sql('SELECT * FROM task_reports WHERE submission_id = ? ORDER BY task').all(row.id) as Record<
        string,
        unknown
      >[]
    ).map((t): TaskReport => ({
      task: t.task as number,
      role: t.role as TaskReport['role'],
      status: (t.status as TaskStatus | null) ?? null,
      percent: (t.percent as number | null) ?? null,
      progress: t.progress as string,
      problems: t.problems as string,
      nextSteps: t.next_steps as string,
      plannedCompletion: (t.planned_completion as string | null) ?? null,
      evidence: t.evidence as string,
    }));
    const indicators = (
      this.sql('SELECT * FROM indicator_reports WHERE submission_id = ? ORDER BY code').all(row.id) as Record<
        string,
        unknown
      >[]
    ).map((i): IndicatorReport => ({
      code: i.code as string,
      numerator: (i.numerator as number | null) ?? null,
      denominator: (i.denominator as number | null) ?? null,
      value: (i.value as number | null) ?? null,
      asOf: (i.as_of as string | null) ?? null,
      note: i.note as string,
    }));
    return {
      unit: row.unit,
      period: row.period,
      tasks,
      indicators,
      receivedAt: row.received_at,
      receivedSource: row.received_source,
      file: row.file,
      sha256: row.sha256,
      version: row.version,
      onTime: row.on_time === 1,
      findings: JSON.parse(row.findings_json) as Finding[],
    };
  }
}

function toReturn(row: ReturnRow): ReturnRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    period: row.period,
    file: row.file,
    receivedAt: row.received_at,
    receivedSource: row.received_source,
    fileTime: row.file_time,
    collectedAt: row.collected_at,
    unit: row.unit,
    outcome: row.outcome,
    reasonCode: row.reason_code,
    errors: row.errors,
    warnings: row.warnings,
    findings: JSON.parse(row.findings_json) as Finding[],
    version: row.version ?? null,
  };
}

/** Opens (creating and migrating when needed) the workspace database in WAL mode. */
export function openStore(workspace: Workspace): Store {
  return openStoreAt(workspace.database);
}

/**
 * The workspace's store for reading: an empty in-memory one when the workspace has never
 * collected, so looking (status, a circular with no returns) does not create a database.
 */
export function openStoreForReading(workspace: Workspace): Store {
  return existsSync(workspace.database) ? openStore(workspace) : openStoreAt(':memory:');
}

export function openStoreAt(file: string): Store {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process kills in WAL mode; only power loss can drop the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  migrate(db);
  return new Store(db);
}
