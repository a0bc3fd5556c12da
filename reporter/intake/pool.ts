import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Finding, Plan } from '../../core/plan/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { startThread } from '../thread-script.js';
import type { Claim, Judged } from './examine.js';
import type { ToWorker, FromWorker } from './worker.js';

/**
 * The threads that examine and judge returned files, kept for the life of the process (a portal
 * serving uploads, a batch collect) and shared by every intake. Each file's work runs under a
 * budget: a thread has `resourceLimits` on its heap, and a watchdog ends a thread that spends longer
 * than the time budget on one file and starts another in its place. The file that did it is refused;
 * other files that thread held are handed back to be done again.
 */

export interface Budget {
  /** Wall time one step (examine or judge) of one file may take. */
  ms: number;
  /** Heap of one thread (V8 old generation), which bounds what any one file can make it allocate. */
  heapMb: number;
}

export const DEFAULT_BUDGET: Budget = { ms: 30_000, heapMb: 256 };

/** A thread that has not loaded its code by then never will. */
const STARTUP_MS = 120_000;

/** The file spent its budget; the reason names which one. */
export class BudgetExceeded extends Error {
  constructor(readonly kind: 'time' | 'memory') {
    super(kind === 'time' ? 'time budget exceeded' : 'memory budget exceeded');
  }
}

/** The thread holding a file ended because of another file: the work can simply be done again. */
export class ThreadLost extends Error {
  constructor() {
    super('intake thread ended by another file');
  }
}

/** A thread failed on a file for a reason of its own (a bug, not the file's budget). */
export class ThreadError extends Error {}

/** Why the thread could not archive a file's bytes (a system error's parts, to describe it). */
export interface ArchiveError {
  code?: string;
  path?: string;
  dest?: string;
  message: string;
}

export type ExamineAnswer =
  { ok: false; findings: Finding[]; archiveError?: ArchiveError } | { ok: true; claim: Claim };

export interface JudgeRequest {
  plan: Plan;
  period: string;
  unit?: string;
  secret?: string;
  previous?: SubmissionContent;
  /** The year's plan versions as issued (identify picks the one that issued the file). */
  versions?: readonly Plan[];
  /** `unit|issuedAt` of the period's re-issued workbooks. */
  replaced?: readonly string[];
  /** Read and judge the file this many times more first, in the thread (a rehearsal). */
  repeat?: number;
}

/** A file examined and held by one thread, waiting to be judged there. */
export interface Held {
  readonly slot: Slot;
  readonly id: number;
}

interface Task {
  id: number;
  sentAt: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Sent and not yet answered, in the order the thread takes them. */
  tasks: Task[];
  ready: boolean;
  startedAt: number;
  /** When the thread last answered: the head task started no earlier. */
  lastAnswerAt: number;
  plans: Set<number>;
  dead: boolean;
}

export function defaultThreads(): number {
  const env = Number(process.env.CREDITWORK_WORKERS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(availableParallelism(), 4));
}

const planIds = new WeakMap<Plan, number>();
let nextPlanId = 1;
const planId = (plan: Plan): number => {
  let id = planIds.get(plan);
  if (id === undefined) planIds.set(plan, (id = nextPlanId++));
  return id;
};

export class IntakePool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private watchdog: NodeJS.Timeout | undefined;
  private closed = false;
  readonly threads: number;
  readonly budget: Budget;

  private readonly source: string | undefined;

  constructor(options: { threads?: number; budget?: Partial<Budget>; workerSource?: string } = {}) {
    this.threads = Math.max(1, options.threads ?? defaultThreads());
    this.budget = { ...DEFAULT_BUDGET, ...options.budget };
    this.source = options.workerSource;
  }

  /** Threads running now (for tests and the portal's health page). */
  get running(): number {
    return this.slots.length;
  }

  /**
   * Archiving (to `archive`, when given), safety checks and reading; the parsed workbook stays in
   * the thread until judged or released.
   */
  async examine(
    file: string,
    bytes: Uint8Array,
    archive?: string,
  ): Promise<{ answer: ExamineAnswer; held?: Held }> {
    const slot = this.pick();
    const id = this.nextId++;
    const answer = (await this.send(slot, {
      kind: 'examine',
      id,
      file,
      bytes,
      ...(archive ? { archive } : {}),
    })) as ExamineAnswer;
    return answer.ok ? { answer, held: { slot, id } } : { answer };
  }

  /** Identity and rules for a file the same thread examined. Rejects with ThreadLost if it ended since. */
  async judge(held: Held, request: JudgeRequest): Promise<Judged> {
    const { slot, id } = held;
    if (slot.dead) throw new ThreadLost();
    // Plans cross to a thread once and are named by key afterwards (a year has a few versions).
    const send: Record<number, Plan> = {};
    const keyOf = (plan: Plan): number => {
      const key = planId(plan);
      if (!slot.plans.has(key)) {
        slot.plans.add(key);
        send[key] = plan;
      }
      return key;
    };
    const { plan, versions, ...rest } = request;
    const planKey = keyOf(plan);
    const versionKeys = versions?.map(keyOf);
    return (await this.send(slot, {
      kind: 'judge',
      id,
      planKey,
      ...(versionKeys ? { versionKeys } : {}),
      plans: send,
      ...rest,
    })) as Judged;
  }

  /** Frees a held workbook that will not be judged (a file of another period, say). */
  release(held: Held): void {
    if (!held.slot.dead) held.slot.worker.postMessage({ kind: 'release', id: held.id } satisfies ToWorker);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    const slots = this.slots.splice(0);
    for (const slot of slots) this.fail(slot, () => new ThreadLost());
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** The least busy thread; a new one while there are fewer than allowed and all are busy. */
  private pick(): Slot {
    if (this.closed) throw new Error('intake pool closed');
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || slot.tasks.length < best.tasks.length) best = slot;
    if (best && (best.tasks.length === 0 || this.slots.length >= this.threads)) return best;
    return this.spawn();
  }

  private spawn(): Slot {
    const worker = startThread(
      'intake/worker',
      // A small young generation: each file's garbage dies young, and V8's default lets every thread
      // keep tens of megabytes of it (a province's 10,000 files then passed 300 MB in all).
      { resourceLimits: { maxOldGenerationSizeMb: this.budget.heapMb, maxYoungGenerationSizeMb: 12 } },
      this.source,
    );
    const slot: Slot = {
      worker,
      tasks: [],
      ready: false,
      startedAt: Date.now(),
      lastAnswerAt: 0,
      plans: new Set(),
      dead: false,
    };
    worker.on('message', (message: FromWorker) => {
      if ('ready' in message) {
        slot.ready = true;
        slot.lastAnswerAt = Date.now();
        return;
      }
      const index = slot.tasks.findIndex((t) => t.id === message.id);
      if (index < 0) return;
      const [task] = slot.tasks.splice(index, 1);
      slot.lastAnswerAt = Date.now();
      if (slot.tasks.length === 0) worker.unref();
      if (message.ok) task.resolve(message.value);
      else task.reject(new ThreadError(message.error));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(slot, memory ? new BudgetExceeded('memory') : new ThreadError(error.message));
    });
    worker.on('exit', (code) => this.retire(slot, new ThreadError(`intake thread exited with code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private send(slot: Slot, message: ToWorker): Promise<unknown> {
    return new Promise((resolve, reject) => {
      slot.tasks.push({ id: message.id, sentAt: Date.now(), resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage(message);
      this.arm();
    });
  }

  private arm(): void {
    if (this.watchdog) return;
    const tick = Math.max(10, Math.min(250, Math.floor(this.budget.ms / 4)));
    this.watchdog = setInterval(() => this.check(), tick);
    this.watchdog.unref();
  }

  /** Ends a thread whose current file has run past the time budget. */
  private check(): void {
    const now = Date.now();
    let busy = false;
    for (const slot of [...this.slots]) {
      const head = slot.tasks[0];
      if (!head) continue;
      busy = true;
      // A thread still loading its code has not started on anything (unless it never will).
      if (!slot.ready) {
        if (now - slot.startedAt > STARTUP_MS) {
          this.retire(slot, new ThreadError('intake thread did not start'));
          void slot.worker.terminate();
        }
        continue;
      }
      const started = Math.max(head.sentAt, slot.lastAnswerAt);
      if (now - started > this.budget.ms) {
        this.retire(slot, new BudgetExceeded('time'));
        void slot.worker.terminate();
      }
    }
    if (!busy && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  /**
   * Takes a thread out of service: its current file gets `cause`, the others it held are lost and
   * will be redone; a new thread is started on demand.
   */
  private retire(slot: Slot, cause: Error): void {
    if (slot.dead) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    this.fail(slot, (task, i) => (i === 0 ? cause : new ThreadLost()));
  }

  private fail(slot: Slot, error: (task: Task, index: number) => Error): void {
    slot.dead = true;
    const tasks = slot.tasks.splice(0);
    tasks.forEach((task, i) => task.reject(error(task, i)));
  }
}

let shared: IntakePool | undefined;

/** The process's pool, made on first use. */
export function sharedPool(): IntakePool {
  shared ??= new IntakePool();
  return shared;
}
