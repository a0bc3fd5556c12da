import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { OFFICE_TIME_ZONE, officeDateTime } from '../../core/calendar/office-time.js';
import type { Plan } from '../../core/plan/model.js';
import type { Received } from '../../core/received.js';
import { isIssued } from '../issue/issued.js';
import { acquireLock } from '../lock.js';
import { openStore, type Store } from '../store/index.js';
import { requirePeriodInPlan } from '../options.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import { IntakePool } from '../intake/pool.js';
import { NoPlanForPeriod, planForPeriod, type PlanFor } from '../intake/plan-for.js';
import { readPlanFileInThread } from '../plan/read-in-thread.js';
import {
  IntakeService,
  storageFailure,
  type Outcome,
  type Pending,
  type Prepared,
  type Verdict,
  type VerdictFinding,
} from '../intake/service.js';
import { returnDeadline } from './deadline.js';
import { writePeriodReports } from './period-reports.js';
import type { PeriodStatus } from './period-status.js';
import { sweepPartFiles } from '../write-atomic.js';

/**
 * `collect`: every file in the inbox through the intake service, then each period's master
 * workbook and receipts. Files are judged concurrently but recorded in inbox order (oldest first),
 * so a unit's later file becomes its later version whatever order the threads finish in.
 */

/** Sub-folders of the inbox where handled files go once archived and recorded. */
export const DONE_DIR = '已收取';
export const REJECTED_DIR = '未通过';

/** Files recorded per transaction: commits cost more than the rows of one file. */
const RECORD_BATCH = 32;
/** Files being judged at once: enough to keep the threads busy. */
const IN_FLIGHT = 64;
/**
 * …and while the period's plan is still being read (on its own thread; a first run parses
 * plans/<year>.xlsx for a second or more): the intake threads read files ahead instead of waiting
 * idle, each workbook held until judged (about 50 KB).
 */
const READ_AHEAD = 512;

export interface FileResult {
  file: string;
  outcome: Outcome;
  period: string | null;
  sha256: string | null;
  unit: string | null;
  version: number | null;
  errors: number;
  warnings: number;
  findings: VerdictFinding[];
  /**
   * Where the file went in the inbox (relative to the inbox), or null when left in place (failed,
   * or recorded but not movable: a re-run finds it a duplicate).
   */
  movedTo: string | null;
}

export interface PeriodReport {
  period: string;
  deadline: string;
  status: PeriodStatus;
  outputs: { master: string; receipts: string[] };
}

export interface CollectResult {
  files: FileResult[];
  /** Ignored inbox entries (hidden files, Excel's ~$ owner files). */
  ignored: string[];
  /** Files of other periods than `--period`, left in the inbox for their own collect. */
  elsewhere: { file: string; period: string }[];
  /** Every period this run recorded files for (and the one asked for), with its outputs. */
  periods: PeriodReport[];
  /**
   * Set when the run stopped before the end of the inbox: a failure of our own storage, or an
   * interruption. `remaining` files were not touched; running collect again completes the batch.
   */
  stopped?: { reason: 'failure' | 'interrupted'; message: string; remaining: number };
}

export interface CollectOptions {
  workspace: Workspace;
  /** The plan (or its loading): files are archived and examined while it loads. */
  plan?: Plan | Promise<Plan>;
  /** How a period's plan is found; default the workspace's plan (see intake/plan-for.ts). */
  planFor?: PlanFor;
  /** Collect only this period's files; others stay in the inbox. Default: every issued period. */
  period?: string;
  inbox?: string;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
  pool?: IntakePool;
  /** Aborting stops taking new files; those in hand are finished and recorded. */
  signal?: AbortSignal;
  /**
   * The real arrival time of every file in this run, stated by the office (`collect --received-at`)
   * when it saved them into the inbox later than they came; each file's own time is kept as evidence.
   */
  receivedAt?: string;
  /** The office's zone `receivedAt` was stated in, and file times are said in (default the office's). */
  timeZone?: string;
}

function inboxFiles(inbox: string): { files: { path: string; mtimeMs: number }[]; ignored: string[] } {
  if (!existsSync(inbox)) return { files: [], ignored: [] };
  const files: string[] = [];
  const ignored: string[] = [];
  for (const entry of readdirSync(inbox, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) ignored.push(entry.name);
    else files.push(path.join(inbox, entry.name));
  }
  // Oldest first, so a unit's later file becomes the later version.
  const stamped = files.map((f) => ({ path: f, mtimeMs: statSync(f).mtimeMs }));
  stamped.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: stamped, ignored: ignored.sort() };
}

/**
 * Moves a handled file out of the inbox's top level; it is already archived and recorded.
 * `made` remembers the folders this batch has made, sparing a call per file.
 */
function moveHandled(
  inbox: string,
  file: string,
  folder: string,
  period: string,
  sha256: string,
  made: Set<string>,
): string {
  const dir = path.join(inbox, folder, period);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  const base = path.basename(file);
  const ext = path.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  for (let n = 1; ; n++) {
    const target = path.join(dir, n === 1 ? base : `${stem} (${n})${ext}`);
    if (!existsSync(target)) {
      renameSync(file, target);
      return path.relative(inbox, target);
    }
    // The very same bytes are already there: the copy in the inbox adds nothing.
    if (createHash('sha256').update(readFileSync(target)).digest('hex') === sha256) {
      unlinkSync(file);
      return path.relative(inbox, target);
    }
  }
}

function fileResult(v: Verdict, movedTo: string | null): FileResult {
  const errors = v.findings.filter((f) => f.level === 'error').length;
  return {
    file: v.file,
    outcome: v.outcome,
    period: v.period,
    sha256: v.sha256,
    unit: v.unit,
    version: v.version,
    errors: v.outcome === 'duplicate' ? 0 : errors,
    warnings: v.outcome === 'duplicate' ? 0 : v.findings.length - errors,
    findings: v.outcome === 'duplicate' ? [] : v.findings,
    movedTo,
  };
}

export async function collectInbox(options: CollectOptions): Promise<CollectResult> {
  const { workspace: ws, period: only } = options;
  const now = options.now ?? (() => new Date());
  const inbox = path.resolve(options.inbox ?? ws.inbox);
  // The plan is read on a thread of its own, so files are examined meanwhile (a first run parses
  // plans/<year>.xlsx for a second or more).
  const planFor = options.planFor ?? planForPeriod(ws, options.plan, readPlanFileInThread);
  // The inbox is the batch's: two collects must not move the same files. Single uploads need no lock.
  const lock = acquireLock({
    root: ws.root,
    fileName: '.creditwork.lock',
    command: 'collect',
    busy: (holder, file) =>
      `工作区 ${ws.root} 正在被另一个 creditwork ${holder.command} 使用（进程 ${holder.pid}，主机 ${holder.host}，开始于 ${holder.startedAt}）。` +
      `请等它结束后再运行。如确认该进程已不存在，可删除锁文件 ${file}。`,
  });
  let store: Store | undefined;
  // The batch's own judging threads unless given: closed once the files are judged, so their heaps
  // (a large share of a big batch's memory) are gone before the period reports are built.
  const ownPool = options.pool ? undefined : new IntakePool();
  try {
    // Temporary files a killed run left behind (never those of a live process).
    sweepPartFiles(ws.archive);
    sweepPartFiles(ws.reports);
    store = openStore(ws);
    const intake = new IntakeService({
      workspace: ws,
      store,
      planFor,
      now,
      pool: options.pool ?? ownPool,
      // --period P: the office says P was issued, even where its outbox is not this workspace's.
      ...(only ? { issued: (p: string) => p === only || isIssued(ws.outbox, p) } : {}),
    });
    const { files, ignored } = inboxFiles(inbox);
    if (options.receivedAt)
      refuseStatedAfterFileTime(options.receivedAt, files, options.timeZone ?? OFFICE_TIME_ZONE);
    // A --period without a plan (or before the plan's 启用期间) is a typo: stop before recording.
    const gate = only
      ? planFor(only).then(
          (plan) => requirePeriodInPlan(plan, only),
          (error: unknown) => {
            if (!(error instanceof NoPlanForPeriod)) throw error;
            const year = only.slice(0, 4);
            throw new UserError(
              `工作区中没有 ${year} 年的工作要点（plans/${year}.xlsx），无法收取 ${only}：请检查 --period，或先运行 creditwork plan new --year ${year}。`,
            );
          },
        )
      : Promise.resolve();
    const batch = await runBatch(intake, files, inbox, only, now, options, gate);
    await ownPool?.close();
    const touched = new Set(
      batch.files.flatMap((f) => (f.period && f.outcome !== 'failed' ? [f.period] : [])),
    );
    if (only) touched.add(only);
    const periods: PeriodReport[] = [];
    for (const p of [...touched].sort()) {
      if (p !== only && !isIssued(ws.outbox, p)) continue;
      let plan: Plan;
      try {
        plan = await planFor(p);
      } catch (error) {
        if (error instanceof NoPlanForPeriod) continue;
        throw error;
      }
      const { status, master, receipts } = await writePeriodReports(ws, plan, store, p, now());
      periods.push({ period: p, deadline: returnDeadline(plan, p), status, outputs: { master, receipts } });
    }
    return {
      files: batch.files,
      ignored,
      elsewhere: batch.elsewhere,
      periods,
      ...(batch.stopped ? { stopped: batch.stopped } : {}),
    };
  } finally {
    await ownPool?.close();
    store?.close();
    lock.release();
  }
}

async function runBatch(
  intake: IntakeService,
  files: { path: string; mtimeMs: number }[],
  inbox: string,
  only: string | undefined,
  now: () => Date,
  options: CollectOptions,
  gate: Promise<void>,
): Promise<Pick<CollectResult, 'files' | 'elsewhere' | 'stopped'>> {
  const results: FileResult[] = [];
  const elsewhere: { file: string; period: string }[] = [];
  let stopped: CollectResult['stopped'];
  const prepared = new Map<number, Prepared>();
  let pending: Pending[] = [];
  let next = 0;
  let done = 0;
  let skipped = 0;

  // A file that cannot be moved (open in Excel on Windows, a locked folder) is already archived
  // and recorded: it stays in the inbox, the next run finds it a duplicate, and the batch goes on.
  const made = new Set<string>();
  const moveOut = (v: Verdict): string | null => {
    if (!v.period || !v.recorded || !v.sha256) return null;
    const source = path.join(inbox, v.file);
    try {
      return moveHandled(
        inbox,
        source,
        v.recorded === 'accepted' ? DONE_DIR : REJECTED_DIR,
        v.period,
        v.sha256,
        made,
      );
    } catch {
      return null;
    }
  };
  const stop = (message: string) => {
    stopped ??= { reason: 'failure', message, remaining: 0 };
  };

  // One transaction per group: a kill leaves each file wholly recorded or not at all, and files
  // leave the inbox's top level only after their group is committed, so a re-run redoes the rest.
  const flush = () => {
    const list = pending;
    pending = [];
    if (list.length === 0) return;
    let verdicts: Verdict[];
    try {
      verdicts = intake.record(list);
    } catch (error) {
      stop(storageFailure('数据库', error));
      for (const p of list) results.push(failedResult(p.row.file, p.row.period, stopped!.message));
      return;
    }
    for (const v of verdicts) results.push(fileResult(v, moveOut(v)));
  };

  const drain = () => {
    while (prepared.has(next)) {
      const p = prepared.get(next)!;
      prepared.delete(next);
      next++;
      if (p.kind === 'record') {
        if (stopped) {
          // The database failed earlier in this run: what is judged stays in the inbox for the re-run.
          results.push(failedResult(p.row.file, p.row.period, stopped.message));
          continue;
        }
        pending.push(p);
        if (pending.length >= RECORD_BATCH) flush();
        continue;
      }
      if (p.kind === 'skipped') {
        skipped++;
        continue;
      }
      flush();
      if (p.kind === 'elsewhere') elsewhere.push({ file: p.file, period: p.period });
      else {
        if (p.verdict.failure?.stop) stop(p.verdict.failure.message);
        const v = p.verdict;
        results.push(fileResult(v, v.outcome === 'duplicate' ? moveOut(v) : null));
      }
    }
  };

  let fatal: { error: unknown } | undefined;
  let planRead = false;
  gate.then(
    () => (planRead = true),
    (error: unknown) => {
      fatal ??= { error };
    },
  );
  let started = 0;
  await new Promise<void>((resolve) => {
    let active = 0;
    const launch = () => {
      while (
        !fatal &&
        !stopped &&
        !options.signal?.aborted &&
        active < (planRead ? IN_FLIGHT : READ_AHEAD) &&
        started < files.length
      ) {
        const index = started++;
        const { path: file, mtimeMs } = files[index];
        active++;
        intake
          .prepare(
            {
              path: file,
              received: receivedOf(mtimeMs, now(), options.receivedAt),
              fileTime: new Date(mtimeMs).toISOString(),
            },
            only,
            options.signal,
          )
          .then(
            (p) => {
              prepared.set(index, p);
              if (!fatal) drain();
              options.onProgress?.(++done, files.length);
            },
            (error: unknown) => {
              fatal ??= { error };
            },
          )
          .finally(() => {
            active--;
            launch();
          });
      }
      if (active === 0) resolve();
    };
    launch();
  });
  await gate;
  if (fatal) throw fatal.error;
  drain();
  flush();
  // Files never started, and those archived but not judged when Ctrl+C came, wait in the inbox.
  const remaining = files.length - started + skipped;
  if (stopped) stopped.remaining = remaining;
  else if (remaining > 0) stopped = { reason: 'interrupted', message: '收取已中断', remaining };
  return { files: results, elsewhere, ...(stopped ? { stopped } : {}) };
}

function failedResult(file: string, period: string | null, message: string): FileResult {
  return {
    file,
    outcome: 'failed',
    period,
    sha256: null,
    unit: null,
    version: null,
    errors: 1,
    warnings: 0,
    findings: [{ level: 'error', sheet: '', cell: '', code: 'collect.failed', message }],
    movedTo: null,
  };
}

/**
 * An inbox file's received time: the time the office stated for this run, else the file's own time
 * in the inbox (when it was saved there), never later than now. A paper return's time, recorded as
 * an exception for its unit, is applied by the intake once the file's unit is known.
 */
function receivedOf(mtimeMs: number, now: Date, statedAt: string | undefined): Received {
  if (statedAt) return { at: statedAt, source: 'stated' };
  if (mtimeMs > now.getTime()) return { at: now.toISOString(), source: 'collected' };
  return { at: new Date(mtimeMs).toISOString(), source: 'file-time' };
}

/**
 * A file cannot have been saved into the inbox before it arrived: a stated arrival later than a
 * file's own time contradicts the evidence, so nothing is recorded and the office is told which.
 */
function refuseStatedAfterFileTime(
  statedAt: string,
  files: { path: string; mtimeMs: number }[],
  timeZone: string,
): void {
  const earlier = files.filter((f) => f.mtimeMs < Date.parse(statedAt));
  if (!earlier.length) return;
  const shown = earlier
    .slice(0, 5)
    .map((f) => `${path.basename(f.path)}（${officeDateTime(new Date(f.mtimeMs).toISOString(), timeZone)}）`);
  throw new UserError(
    `--received-at ${officeDateTime(statedAt, timeZone)} 晚于收件目录中 ${earlier.length} 个文件的文件时间：${shown.join('、')}${earlier.length > 5 ? '等' : ''}。` +
      '文件不可能在收到之前就已保存。请核对时间，或把不同时间收到的文件分批放入不同目录，用 --inbox 分别收取。',
  );
}
