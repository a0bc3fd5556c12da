import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { officeDateTime } from '../../core/calendar/office-time.js';
import { effectiveDeadline, isOnTime } from '../../core/exceptions/decide.js';
import { exceptionsOf } from '../../core/exceptions/model.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import type { Received } from '../../core/received.js';
import type { SubmissionContent } from '../../core/submission.js';
import { findExceptions } from '../exceptions/store.js';
import { planVersionsOfYear, replacedWorkbooks } from '../plan/history.js';
import { UserError } from '../user-error.js';
import { requirePeriodInPlan } from '../options.js';
import { readWorkspaceSecret } from '../secret.js';
import { openStore } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { returnDeadline } from './deadline.js';
import { acquireLock } from '../lock.js';
import { writePeriodReports } from './period-reports.js';
import type { PeriodStatus } from './period-status.js';
import type { InspectOutcome, JudgeContext } from './inspect.js';
import { inspectAll, type JobResult } from './pool.js';

/** Sub-folders of the inbox where handled files go once archived and recorded. */
export const DONE_DIR = '已收取';
export const REJECTED_DIR = '未通过';

/** Files recorded per transaction: commits cost more than the rows of one file. */
const RECORD_BATCH = 32;

export type FileOutcome = 'accepted' | 'rejected' | 'duplicate' | 'failed';

export interface FileResult {
  file: string;
  outcome: FileOutcome;
  sha256: string | null;
  unit: string | null;
  version: number | null;
  errors: number;
  warnings: number;
  findings: Finding[];
  /**
   * Where the file went in the inbox (relative to the inbox), or null when left in place (not
   * processed, or recorded but not movable: a re-run finds it a duplicate).
   */
  movedTo: string | null;
}

export interface CollectResult {
  period: string;
  deadline: string;
  files: FileResult[];
  /** Ignored inbox entries (hidden files, Excel's ~$ owner files). */
  ignored: string[];
  status: PeriodStatus;
  outputs: { master: string; receipts: string[] };
}

export interface CollectOptions {
  workspace: Workspace;
  /** The plan, or its loading: files are archived and read while it loads. */
  plan: Plan | Promise<Plan>;
  period: string;
  inbox?: string;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads; default from the batch size and cores. */
  threads?: number;
  /**
   * The real arrival time of every file in this run, stated by the office (`collect --received-at`)
   * when it saved them into the inbox later than they came; each file's own time is kept as evidence.
   */
  receivedAt?: string;
}

function inboxFiles(inbox: string): { files: string[]; ignored: string[]; times: Map<string, number> } {
  if (!existsSync(inbox)) return { files: [], ignored: [], times: new Map() };
  const files: string[] = [];
  const ignored: string[] = [];
  for (const entry of readdirSync(inbox, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) ignored.push(entry.name);
    else files.push(path.join(inbox, entry.name));
  }
  // Oldest first, so a unit's later file becomes the later version.
  const stamped = files.map((f) => ({ f, t: statSync(f).mtimeMs }));
  stamped.sort((a, b) => a.t - b.t || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
  return {
    files: stamped.map((s) => s.f),
    ignored: ignored.sort(),
    times: new Map(stamped.map((s) => [s.f, s.t])),
  };
}

const made = new Set<string>();

/** Moves a handled file out of the inbox's top level; it is already archived and recorded. */
function moveHandled(
  inbox: string,
  file: string,
  folder: string,
  period: string,
  bytesMatch: (p: string) => boolean,
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
    if (bytesMatch(target)) {
      unlinkSync(file);
      return path.relative(inbox, target);
    }
  }
}

export async function collectPeriod(options: CollectOptions): Promise<CollectResult> {
  const { workspace: ws, period } = options;
  const now = options.now ?? (() => new Date());
  const inbox = path.resolve(options.inbox ?? ws.inbox);
  // A plan still loading (from plan.xlsx) is awaited only where judging needs it: the threads
  // start archiving and reading files meanwhile.
  let plan: Plan | undefined = options.plan instanceof Promise ? undefined : options.plan;
  let deadline = plan ? returnDeadline(plan, period) : '';
  const lock = acquireLock({
    root: ws.root,
    fileName: '.creditwork.lock',
    command: 'collect',
    busy: (holder, file) =>
      `工作区 ${ws.root} 正在被另一个 creditwork ${holder.command} 使用（进程 ${holder.pid}，主机 ${holder.host}，开始于 ${holder.startedAt}）。` +
      `请等它结束后再运行。如确认该进程已不存在，可删除锁文件 ${file}。`,
  });
  made.clear();
  const store = openStore(ws);
  try {
    const { files, ignored, times } = inboxFiles(inbox);
    if (options.receivedAt) refuseStatedAfterFileTime(options.receivedAt, files, times);
    const known = store.returns(period).map((r) => r.sha256);
    const exceptions = findExceptions(store, { period });
    const judge = Promise.resolve(options.plan).then((loaded): JudgeContext => {
      requirePeriodInPlan(loaded, period);
      plan = loaded;
      deadline = returnDeadline(loaded, period);
      const previous: Record<string, SubmissionContent> = {};
      for (const u of loaded.units) {
        const last = store.lastAcceptedBefore(u.code, period);
        if (last)
          previous[u.code] = {
            unit: last.unit,
            period: last.period,
            tasks: last.tasks,
            indicators: last.indicators,
          };
      }
      return {
        plan: loaded,
        previous,
        secret: readWorkspaceSecret(ws),
        versions: planVersionsOfYear(store, loaded.year),
        replaced: replacedWorkbooks(store, period).map((w) => `${w.unit}|${w.issuedAt}`),
      };
    });
    const results: FileResult[] = [];
    const pending = new Map<number, JobResult>();
    let next = 0;
    let done = 0;
    /** Judged files waiting to be recorded together; results[slot] is filled once they are. */
    let batch: { o: InspectOutcome; slot: number }[] = [];

    // A file that cannot be moved (open in Excel on Windows, a locked folder) is already archived
    // and recorded: it stays in the inbox, the next run finds it a duplicate, and the batch goes on.
    const moveOut = (o: InspectOutcome, accepted: boolean): string | null => {
      const sha = o.sha256;
      try {
        return moveHandled(inbox, o.path, accepted ? DONE_DIR : REJECTED_DIR, period, (p) => {
          const other = readFileSync(p);
          return other.length === o.size && sha256Of(other) === sha;
        });
      } catch {
        return null;
      }
    };

    // One transaction per batch: a kill leaves each file wholly recorded or not at all, and files
    // leave the inbox's top level only after their batch is committed, so a re-run redoes the rest.
    const flush = () => {
      if (batch.length === 0) return;
      const list = batch;
      batch = [];
      const collectedAt = now().toISOString();
      const recorded = store.recordReturns(
        list.map(({ o }) => {
          if (o.known && !store.knownReturn(o.sha256, period))
            throw new Error(`internal: ${o.file} judged as known but not in the store`);
          const own = o.unit ? exceptionsOf(exceptions, o.unit, period) : {};
          const received = receivedOf(o, own.paper?.receivedAt ?? null, options.receivedAt);
          return {
            sha256: o.sha256,
            size: o.size,
            archivePath: o.archivePath,
            period,
            file: o.file,
            receivedAt: received.at,
            receivedSource: received.source,
            fileTime: o.fileTime,
            collectedAt,
            unit: o.unit,
            findings: o.findings,
            content: o.content,
            onTime: isOnTime(received.at, effectiveDeadline(deadline, own)),
          };
        }),
      );
      list.forEach(({ o, slot }, i) => {
        const { record: rec, duplicate } = recorded[i];
        results[slot] = {
          file: o.file,
          outcome: duplicate ? 'duplicate' : rec.outcome,
          sha256: o.sha256,
          unit: rec.unit,
          version: rec.version,
          errors: rec.errors,
          warnings: rec.warnings,
          findings: duplicate ? [] : rec.findings,
          movedTo: moveOut(o, rec.outcome === 'accepted'),
        };
      });
    };

    // Record in inbox order whatever order the threads finish in, so versions are deterministic.
    const drain = () => {
      while (pending.has(next)) {
        const result = pending.get(next)!;
        pending.delete(next);
        next++;
        if (result.ok) {
          batch.push({ o: result.outcome, slot: results.length });
          results.push(undefined as unknown as FileResult);
          if (batch.length >= RECORD_BATCH) flush();
        } else
          results.push({
            file: path.basename(files[result.index]),
            outcome: 'failed',
            sha256: null,
            unit: null,
            version: null,
            errors: 1,
            warnings: 0,
            findings: [
              {
                level: 'error',
                file: path.basename(files[result.index]),
                sheet: '',
                cell: '',
                code: 'collect.failed',
                message: `${path.basename(files[result.index])}：处理失败，文件仍留在收件目录中（${result.error}）。请检查后重新运行 collect。`,
              },
            ],
            movedTo: null,
          });
      }
    };

    await inspectAll(
      files.map((f, index) => ({ index, path: f })),
      { period, workspaceRoot: ws.root, known },
      judge,
      (result: JobResult) => {
        pending.set(result.ok ? result.outcome.index : result.index, result);
        drain();
        options.onProgress?.(++done, files.length);
      },
      options.threads,
    );
    drain();
    flush();
    // Resolved: inspectAll waits for the plan even when the inbox is empty.
    const p = plan!;

    const { status, master, receipts } = writePeriodReports(ws, p, store, period, now());
    return { period, deadline, files: results, ignored, status, outputs: { master, receipts } };
  } finally {
    store.close();
    lock.release();
  }
}

/**
 * A file's received time: the paper return's when the office recorded one for its unit (the file is
 * the office's typing of it), else the time the office stated for this run, else the inbox file time.
 */
function receivedOf(o: InspectOutcome, paperAt: string | null, statedAt: string | undefined): Received {
  if (paperAt) return { at: paperAt, source: 'paper' };
  if (statedAt) return { at: statedAt, source: 'stated' };
  return { at: o.receivedAt, source: o.receivedSource };
}

/**
 * A file cannot have been saved into the inbox before it arrived: a stated arrival later than a
 * file's own time contradicts the evidence, so nothing is recorded and the office is told which.
 */
function refuseStatedAfterFileTime(statedAt: string, files: string[], times: Map<string, number>): void {
  const earlier = files.filter((f) => (times.get(f) ?? Infinity) < Date.parse(statedAt));
  if (!earlier.length) return;
  const shown = earlier
    .slice(0, 5)
    .map((f) => `${path.basename(f)}（${officeDateTime(new Date(times.get(f)!).toISOString())}）`);
  throw new UserError(
    `--received-at ${officeDateTime(statedAt)} 晚于收件目录中 ${earlier.length} 个文件的文件时间：${shown.join('、')}${earlier.length > 5 ? '等' : ''}。` +
      '文件不可能在收到之前就已保存。请核对时间，或把不同时间收到的文件分批放入不同目录，用 --inbox 分别收取。',
  );
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
