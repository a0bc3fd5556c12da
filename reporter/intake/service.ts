import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { effectiveDeadline, isOnTime } from '../../core/exceptions/decide.js';
import { exceptionsOf, type UnitExceptions } from '../../core/exceptions/model.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { statedTimeProblems, type Received } from '../../core/received.js';
import { planTimeZone } from '../../core/schedule/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { archiveBytes, archiveRelativePath, archiveStream } from '../collect/archive.js';
import { officeDate } from '../../core/calendar/office-time.js';
import { returnDeadline } from '../collect/deadline.js';
import { findExceptions } from '../exceptions/store.js';
import { MAX_FILE_BYTES, tooLarge } from '../collect/safety.js';
import { isIssued, issuedPeriods } from '../issue/issued.js';
import { planVersionsOfYear, replacedWorkbooks } from '../plan/history.js';
import { readWorkspaceSecret } from '../secret.js';
import type { NewReturn, ReturnRecord, Store } from '../store/index.js';
import { describeSystemError } from '../system-error.js';
import type { Workspace } from '../workspace.js';
import type { Claim } from './examine.js';
import { BudgetExceeded, sharedPool, ThreadError, ThreadLost, type Held, type IntakePool } from './pool.js';
import { NoPlanForPeriod, type PlanFor } from './plan-for.js';
import { fileFinding } from '../collect/safety.js';
import { budgetFinding } from './reasons.js';

/**
 * The one path every returned file takes, whether it comes from the inbox (collect), a portal
 * upload or the pane's 提交 button: its bytes are archived by SHA-256 first (by the intake thread
 * that examines it, before it reads them), then it is identified, judged under the per-file budget
 * against the plan of its own period, recorded (an accepted file supersedes the unit's earlier
 * version) and answered with a verdict.
 *
 * Safe to call concurrently from one process and beside a collect in another: the archive is
 * content-addressed and written by rename, and each record is one SQLite transaction (WAL), which
 * also numbers versions. Only a batch over the inbox needs the workspace lock (for moving files).
 */

export type { Received };

export interface IntakeRequest {
  /** One file's bytes (an upload), or… */
  bytes?: Uint8Array;
  /** …its path (the inbox). */
  path?: string;
  /** The name the sender gave the file; default the path's base name. */
  name?: string;
  /**
   * When and how the office received the file (core/received.ts): an upload's or a pane
   * submission's arrival, an inbox file's time, the time the office stated. A paper return the
   * office recorded for the file's unit (exception 纸质) decides instead for what it typed in.
   */
  received: Received;
  /** An inbox file's own time, kept as evidence whatever decided `received`. */
  fileTime?: string;
  /** Unit code of the unit link the file came through: a workbook of another unit is refused. */
  unit?: string;
  /**
   * A rehearsal of the whole path (the portal warming up): judged as any file, the verdict
   * answered, but nothing archived and nothing recorded.
   */
  rehearsal?: boolean;
}

export type Outcome = 'accepted' | 'refused' | 'duplicate' | 'failed';

export interface VerdictFinding {
  level: 'error' | 'warning';
  sheet: string;
  cell: string;
  message: string;
  code: string;
}

export interface Verdict {
  outcome: Outcome;
  /** Unit code, when identified (or the unit of the link it came through). */
  unit: string | null;
  period: string | null;
  /** The unit's version for the period this file became, when accepted (or accepted before). */
  version: number | null;
  findings: VerdictFinding[];
  file: string;
  sha256: string | null;
  /** Relative to the workspace root. */
  archivePath: string | null;
  received: Received;
  /** How the file stands in the store: for a duplicate, what it was recorded as before. */
  recorded: 'accepted' | 'refused' | null;
  /**
   * Why a file `failed`. `stop` marks failures of our own storage (archive, database): a batch stops
   * there, and the portal answers with a server error, never as the unit's mistake.
   */
  failure?: { stop: boolean; message: string };
}

/** What the portal answers a unit, exactly. */
export function unitAnswer(v: Verdict): Pick<Verdict, 'outcome' | 'unit' | 'period'> & {
  findings: { level: string; sheet: string; cell: string; message: string }[];
} {
  return {
    outcome: v.outcome,
    unit: v.unit,
    period: v.period,
    findings: v.findings.map(({ level, sheet, cell, message }) => ({ level, sheet, cell, message })),
  };
}

/** A file judged and waiting to be recorded (a batch records many in one transaction). */
export interface Pending {
  kind: 'record';
  row: Omit<NewReturn, 'collectedAt'>;
  received: Received;
}

/** A file of another period than the one a batch is restricted to: left alone. */
export interface Elsewhere {
  kind: 'elsewhere';
  file: string;
  period: string;
}

/** A batch was interrupted before this file was judged: archived, but left in place for the re-run. */
export interface Skipped {
  kind: 'skipped';
  file: string;
}

export type Prepared = { kind: 'final'; verdict: Verdict } | Pending | Elsewhere | Skipped;

export interface IntakeOptions {
  workspace: Workspace;
  /** The caller's connection; intake never closes it. */
  store: Store;
  planFor: PlanFor;
  pool?: IntakePool;
  now?: () => Date;
  /** Whether a period was issued; default: its index is in the outbox. */
  issued?: (period: string) => boolean;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A file lost with another file's thread is redone; a file that keeps losing its thread is failed. */
const ATTEMPTS = 3;
/**
 * A rehearsal's file is read and judged this many times more in its intake thread. A thread sees
 * half the uploads, and code run once per upload is optimised by V8 only after some hundreds of
 * runs in each thread: the repeats get it there before the first units come, at no cost to the
 * main thread (7 interleaved bench pairs: first burst of 1,000 p95 mean 227 against 244 ms, 5.0
 * against 5.4 ms of CPU per upload; 50 at once 178 against 193 ms; ready 0.4 s later).
 */
const REHEARSAL_REPEATS = 2;

const toVerdictFinding = ({ level, sheet, cell, message, code }: Finding): VerdictFinding => ({
  level,
  sheet,
  cell,
  message,
  code,
});

export class IntakeService {
  private readonly pool: IntakePool;
  private readonly now: () => Date;
  private readonly issued: (period: string) => boolean;
  private readonly deadlines = new Map<string, { plan: Plan; deadline: string }>();
  private secretRead: { value: string | undefined } | undefined;
  private readonly versionsRead = new Map<number, { count: number; plans: Plan[] }>();
  private readonly toRecord: {
    pending: Pending;
    resolve: (verdict: Verdict) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(private readonly options: IntakeOptions) {
    this.pool = options.pool ?? sharedPool();
    this.now = options.now ?? (() => new Date());
    this.issued = options.issued ?? ((period) => isIssued(options.workspace.outbox, period));
  }

  /**
   * One file from bytes or path to recorded verdict. Files judged at about the same moment (many
   * units uploading at once) are recorded together in one transaction: a commit costs more than
   * the rows of a file, and it is the one step of an upload that cannot run in parallel.
   */
  async submit(request: IntakeRequest): Promise<Verdict> {
    const prepared = await this.prepare(request);
    if (prepared.kind === 'final') return prepared.verdict;
    if (prepared.kind !== 'record') throw new Error('internal: a single submission has no period or signal');
    if (request.rehearsal) return this.options.store.rehearse(() => this.record([prepared]))[0];
    return new Promise((resolve, reject) => {
      this.toRecord.push({ pending: prepared, resolve, reject });
      if (this.toRecord.length === 1) setImmediate(() => this.recordWaiting());
    });
  }

  /** Records the submissions judged since the last turn of the event loop, in the order judged. */
  private recordWaiting(): void {
    const waiting = this.toRecord.splice(0);
    let verdicts: Verdict[];
    try {
      verdicts = this.record(waiting.map((w) => w.pending));
    } catch (error) {
      for (const w of waiting) w.reject(error);
      return;
    }
    waiting.forEach((w, i) => w.resolve(verdicts[i]));
  }

  /**
   * Everything up to recording: archive, duplicate check, examine, pick the period and its plan,
   * judge. With `onlyPeriod`, a file of another period is `elsewhere` (left for its own collect).
   * Once `signal` is aborted (Ctrl+C on a batch), a file not yet sent to judging is `skipped`.
   * Throws only for what stops everything (a plan that cannot be read).
   */
  async prepare(request: IntakeRequest, onlyPeriod?: string, signal?: AbortSignal): Promise<Prepared> {
    if (Number.isNaN(Date.parse(request.received.at)))
      throw new TypeError(`received.at is not a timestamp: ${request.received.at}`);
    const file = request.name ?? path.basename(request.path ?? '');
    const base = { file, received: request.received, archivePath: null as string | null };
    const failed = (stop: boolean, message: string, taken?: Taken): Prepared => ({
      kind: 'final',
      verdict: {
        outcome: 'failed',
        unit: request.unit ?? null,
        period: null,
        version: null,
        findings: [{ level: 'error', sheet: '', cell: '', code: 'collect.failed', message }],
        ...base,
        sha256: taken?.sha256 ?? null,
        archivePath: taken?.archivePath ?? null,
        recorded: null,
        failure: { stop, message },
      },
    });

    let taken: Taken;
    try {
      taken = await this.take(request, file);
    } catch (error) {
      const source = (error as { intakeSource?: boolean }).intakeSource;
      return source
        ? failed(
            false,
            `${file}：无法读取该文件（${describeSystemError(error) ?? '读取出错'}），文件仍留在原处。`,
          )
        : failed(true, storageFailure('存档', error));
    }
    let earlier: ReturnRecord | undefined;
    try {
      earlier = this.options.store.returnOfFile(taken.sha256);
    } catch (error) {
      return failed(true, storageFailure('数据库', error), taken);
    }
    // A rehearsal judges again what was received before: that is the point of it.
    if (earlier && !request.rehearsal) {
      // Received before, so archived before; written again only if someone removed it since.
      try {
        if (taken.bytes) await archiveBytes(this.options.workspace.root, taken.sha256, file, taken.bytes);
      } catch (error) {
        return failed(true, storageFailure('存档', error), taken);
      }
      if (onlyPeriod !== undefined && earlier.period !== onlyPeriod)
        return { kind: 'elsewhere', file, period: earlier.period };
      // Bytes first received as another unit's are not this link's to see: refused here, and the
      // earlier verdict (its unit, version and findings) is not told.
      if (request.unit !== undefined && earlier.unit !== request.unit)
        return { kind: 'final', verdict: this.notThisLinks(request.unit, earlier.period, base, taken) };
      return {
        kind: 'final',
        verdict: this.verdictOf(earlier, true, { ...base, archivePath: taken.archivePath }),
      };
    }

    const refuse = (
      findings: Finding[],
      period: string,
      unit: string | null = request.unit ?? null,
      received: Received = request.received,
    ): Pending => ({
      kind: 'record',
      received,
      row: { ...this.rowBase(taken, file, request, received), period, unit, findings },
    });
    const fallback = () => onlyPeriod ?? this.fallbackPeriod(request.received.at);
    if (!taken.bytes) return refuse([tooLarge(file, taken.size)], fallback());
    const secret = this.secret();

    for (let attempt = 1; ; attempt++) {
      let held: Held | undefined;
      try {
        // The thread archives the bytes before it reads them: no trips through the thread pool.
        const archiveTo =
          request.rehearsal || taken.archived
            ? undefined
            : path.join(this.options.workspace.root, taken.archivePath);
        const examined = await this.pool.examine(file, taken.bytes, archiveTo);
        if (!examined.answer.ok && examined.answer.archiveError)
          return failed(true, storageFailure('存档', examined.answer.archiveError), taken);
        if (signal?.aborted) {
          if (examined.held) this.pool.release(examined.held);
          return { kind: 'skipped', file };
        }
        if (!examined.answer.ok) return refuse(examined.answer.findings, fallback());
        held = examined.held!;
        const claim = examined.answer.claim;
        const period = claim.period ?? '';
        if (!PERIOD.test(period)) {
          this.pool.release(held);
          return refuse([unreadablePeriod(file, claim)], fallback());
        }
        if (onlyPeriod !== undefined && period !== onlyPeriod) {
          this.pool.release(held);
          return { kind: 'elsewhere', file, period };
        }
        // A restricted batch is the office saying the period is issued (perhaps from elsewhere).
        if (onlyPeriod === undefined && !this.issued(period)) {
          this.pool.release(held);
          return refuse([notIssued(file, claim, period)], period);
        }
        let plan: Plan;
        try {
          plan = await this.options.planFor(period);
        } catch (error) {
          this.pool.release(held);
          if (error instanceof NoPlanForPeriod) return refuse([noPlan(file, error)], period);
          throw error;
        }
        const timeZone = planTimeZone(plan);
        if (request.received.source === 'stated') {
          const problems = statedTimeProblems(
            request.received.at,
            period,
            this.now().toISOString(),
            timeZone,
          );
          if (problems.length) {
            this.pool.release(held);
            return failed(
              false,
              `${file}：这是 ${period} 的填报表，${problems.join('')}文件已存档并仍留在原处。`,
              taken,
            );
          }
        }
        let previous: SubmissionContent | undefined;
        let versions: Plan[];
        let replaced: string[];
        try {
          previous = claim.unitCode
            ? this.options.store.lastAcceptedBefore(claim.unitCode, period)
            : undefined;
          // The plan versions as issued (identify judges a file against the one that issued it)
          // and the period's workbooks since re-issued (taken, with a warning).
          versions = this.versions(plan.year);
          replaced = replacedWorkbooks(this.options.store, period).map((w) => `${w.unit}|${w.issuedAt}`);
        } catch (error) {
          this.pool.release(held);
          return failed(true, storageFailure('数据库', error), taken);
        }
        const judged = await this.pool.judge(held, {
          plan,
          period,
          ...(request.unit !== undefined ? { unit: request.unit } : {}),
          ...(secret !== undefined ? { secret } : {}),
          ...(previous ? { previous: contentOf(previous) } : {}),
          versions,
          ...(replaced.length ? { replaced } : {}),
          ...(request.rehearsal ? { repeat: REHEARSAL_REPEATS } : {}),
        });
        const unit = judged.unit ?? request.unit ?? null;
        let own: UnitExceptions = {};
        try {
          if (unit) own = exceptionsOf(findExceptions(this.options.store, { period, unit }), unit, period);
        } catch (error) {
          return failed(true, storageFailure('数据库', error), taken);
        }
        const received = receivedWith(request.received, own);
        const pending = refuse(judged.findings, period, unit, received);
        if (judged.content && judged.unit) {
          pending.row.content = judged.content;
          pending.row.onTime = isOnTime(
            received.at,
            effectiveDeadline(this.deadline(plan, period), own),
            timeZone,
          );
        }
        return pending;
      } catch (error) {
        if (error instanceof ThreadLost && attempt < ATTEMPTS) continue;
        if (error instanceof BudgetExceeded)
          return refuse([budgetFinding(file, error.kind, this.pool.budget)], fallback());
        if (error instanceof ThreadLost || error instanceof ThreadError)
          return failed(
            false,
            `${file}：未能完成判定，文件已存档并仍留在原处，其余文件不受影响（原因：${error.message}）。请处理后重新收取，或把该文件交给技术支持检查。`,
            taken,
          );
        throw error;
      }
    }
  }

  /**
   * Records judged files in order, in one transaction (each becomes the unit's next version when
   * accepted). Throws when the database cannot be written: nothing of the list is then recorded.
   */
  record(list: Pending[]): Verdict[] {
    if (list.length === 0) return [];
    const collectedAt = this.now().toISOString();
    const results = this.options.store.recordReturns(list.map((p) => ({ ...p.row, collectedAt })));
    return results.map(({ record, duplicate }, i) =>
      this.verdictOf(record, duplicate, {
        file: list[i].row.file,
        received: list[i].received,
        archivePath: list[i].row.archivePath,
      }),
    );
  }

  private notThisLinks(
    unit: string,
    period: string,
    base: { file: string; received: Received },
    taken: Taken,
  ): Verdict {
    return {
      outcome: 'refused',
      unit,
      period,
      version: null,
      findings: [
        {
          level: 'error',
          sheet: '',
          cell: '',
          code: 'collect.other-unit',
          message: `${base.file}：这份文件不是本单位的填报表，不能通过本单位的报送地址提交。请填写信用办下发给本单位的填报表后再提交。`,
        },
      ],
      ...base,
      archivePath: taken.archivePath,
      sha256: taken.sha256,
      recorded: null,
    };
  }

  private verdictOf(
    record: ReturnRecord,
    duplicate: boolean,
    base: { file: string; received: Received; archivePath: string | null },
  ): Verdict {
    const recorded = record.outcome === 'accepted' ? 'accepted' : 'refused';
    return {
      outcome: duplicate ? 'duplicate' : recorded,
      unit: record.unit,
      period: record.period,
      version: record.version,
      findings: record.findings.map(toVerdictFinding),
      ...base,
      sha256: record.sha256,
      recorded,
    };
  }

  private rowBase(taken: Taken, file: string, request: IntakeRequest, received: Received) {
    return {
      sha256: taken.sha256,
      size: taken.size,
      archivePath: taken.archivePath,
      file,
      receivedAt: new Date(received.at).toISOString(),
      receivedSource: received.source,
      fileTime: request.fileTime ?? null,
    };
  }

  /**
   * Reads and hashes the file. Its bytes are archived by the thread that examines them; a file over
   * the size limit is archived here, without ever being held whole when it comes from the inbox.
   */
  private async take(request: IntakeRequest, file: string): Promise<Taken> {
    const root = this.options.workspace.root;
    const hashed = (bytes: Uint8Array): Taken => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return {
        sha256,
        size: bytes.length,
        archivePath: archiveRelativePath(sha256, file),
        bytes,
        archived: false,
      };
    };
    if (request.bytes) {
      const taken = hashed(request.bytes);
      if (request.bytes.length <= MAX_FILE_BYTES) return taken;
      if (!request.rehearsal) await archiveBytes(root, taken.sha256, file, request.bytes);
      return { ...taken, bytes: undefined, archived: true };
    }
    if (!request.path) throw new TypeError('intake request without bytes or path');
    let fd: number;
    let size: number;
    let bytes: Uint8Array | undefined;
    try {
      fd = openSync(request.path, 'r');
    } catch (error) {
      throw Object.assign(error as Error, { intakeSource: true });
    }
    try {
      try {
        size = fstatSync(fd).size;
        if (size <= MAX_FILE_BYTES) bytes = new Uint8Array(readFileSync(fd));
      } catch (error) {
        throw Object.assign(error as Error, { intakeSource: true });
      }
      if (bytes) return hashed(bytes);
      // Far over the limit: archived in chunks and refused without ever being held whole.
      const { sha256, relative, size: copied } = archiveStream(root, file, fd);
      return { sha256, size: copied, archivePath: relative, archived: true };
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The period a file that says nothing readable about its period is recorded under. Its plan is
   * not known (the period is what is missing), so the month is the default office zone's.
   */
  private fallbackPeriod(receivedAt: string): string {
    const month = officeDate(receivedAt).slice(0, 7);
    const issued = issuedPeriods(this.options.workspace.outbox).filter((p) => p <= month);
    return issued.length ? issued[issued.length - 1] : month;
  }

  /** The workspace secret that signed the issued workbooks (made once, never replaced). */
  private secret(): string | undefined {
    this.secretRead ??= { value: readWorkspaceSecret(this.options.workspace) };
    return this.secretRead.value;
  }

  /**
   * The year's plan versions recorded at issue. plan_versions is only ever added to, so the list is
   * read again only when its count changes; the same objects otherwise (the pool sends each plan to
   * a thread once, by identity).
   */
  private versions(year: number): Plan[] {
    const count = (
      this.options.store.sql('SELECT count(*) AS n FROM plan_versions WHERE year = ?').get(year) as {
        n: number;
      }
    ).n;
    const known = this.versionsRead.get(year);
    if (known && known.count === count) return known.plans;
    const plans = planVersionsOfYear(this.options.store, year);
    this.versionsRead.set(year, { count: plans.length, plans });
    return plans;
  }

  private deadline(plan: Plan, period: string): string {
    const known = this.deadlines.get(period);
    if (known && known.plan === plan) return known.deadline;
    const deadline = returnDeadline(plan, period);
    this.deadlines.set(period, { plan, deadline });
    return deadline;
  }
}

interface Taken {
  sha256: string;
  size: number;
  archivePath: string;
  /** Absent for a file over the size limit. */
  bytes?: Uint8Array;
  /** Already in the archive (a file over the size limit); otherwise its intake thread writes it. */
  archived: boolean;
}

/**
 * A file the office typed in from a unit's paper return (exception 纸质) counts from when the paper
 * came, whatever the inbox file's time; a portal upload or pane submission keeps its own arrival.
 */
function receivedWith(received: Received, own: UnitExceptions): Received {
  const paperAt = own.paper?.receivedAt;
  if (!paperAt || received.source === 'upload' || received.source === 'pane') return received;
  return { at: paperAt, source: 'paper' };
}

const contentOf = ({ unit, period, tasks, indicators }: SubmissionContent): SubmissionContent => ({
  unit,
  period,
  tasks,
  indicators,
});

/** Our own storage failed: say what, in Chinese, and that the file is safe where it was. */
export function storageFailure(what: '存档' | '数据库', error: unknown): string {
  const described = describeSystemError(error);
  return `无法写入${what}${described ? `：${described}` : '。'}该文件仍在原处，没有丢失。`;
}

function unreadablePeriod(file: string, claim: Claim): Finding {
  return fileFinding(
    file,
    'collect.no-period',
    `填报表隐藏工作表中的填报期间“${claim.period ?? ''}”无法识别。请使用信用办下发的原表填报。`,
  );
}

function notIssued(file: string, claim: Claim, period: string): Finding {
  return fileFinding(
    file,
    'collect.period-not-issued',
    `这是${claim.unitName ? ` ${claim.unitName} ` : ''} ${period} 的填报表，但信用办没有下发过 ${period} 的填报表。请使用信用办下发的填报表填写。`,
  );
}

function noPlan(file: string, error: NoPlanForPeriod): Finding {
  return fileFinding(
    file,
    'collect.no-plan',
    `这是 ${error.period} 的填报表，本工作区只有 ${error.years.join('、')} 年度的工作要点，无法按 ${error.period.slice(0, 4)} 年度的要求校验。请与信用办联系。`,
  );
}
