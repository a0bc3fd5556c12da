import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../paths.js';
import type { WorkerData } from './worker.js';
import {
  inspectFile,
  type IntakeContext,
  type InspectJob,
  type InspectOutcome,
  type JudgeContext,
} from './inspect.js';

export type JobResult = { ok: true; outcome: InspectOutcome } | { ok: false; index: number; error: string };

/** Below this many files, thread start-up costs more than it saves. */
const INLINE_BELOW = 12;

/** The worker script: the bundled one when running from dist/, the TypeScript source under tsx. */
function workerScript(): { start: () => Worker } | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // From source (tests, the bench): load the TypeScript worker through tsx's API.
    const source = pathToFileURL(path.join(path.dirname(here), 'worker.ts')).href;
    const api = pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/index\.cjs$/, 'index.mjs'),
    ).href;
    const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
    return { start: () => new Worker(code, { eval: true, workerData: currentData }) };
  }
  const built = path.join(projectRoot(), 'dist', 'reporter', 'collect', 'worker.js');
  return existsSync(built) ? { start: () => new Worker(built, { workerData: currentData }) } : undefined;
}

let currentData: unknown;

export function workerCount(files: number): number {
  if (files < INLINE_BELOW || !workerScript()) return 0;
  const env = Number(process.env.CREDITWORK_WORKERS);
  if (Number.isInteger(env) && env >= 0) return env;
  // The main thread judges files too (it is mostly waiting otherwise), so one core is left for it.
  return Math.max(1, Math.min(availableParallelism() - 1, 3, Math.ceil(files / INLINE_BELOW)));
}

/** Files a thread may take in ahead while the plan is still loading (they wait in the thread). */
const AHEAD_OF_PLAN = 96;
const IN_FLIGHT = 4;

/**
 * Judges every job, in worker threads when the batch is large, calling `onResult` as results
 * arrive (in any order). Threads start taking files in at once; judging starts when `judge`
 * resolves (the plan may still be loading). Resolves when all are done; rejects if `judge` does.
 */
export async function inspectAll(
  jobs: InspectJob[],
  intake: IntakeContext,
  judge: JudgeContext | Promise<JudgeContext>,
  onResult: (result: JobResult) => void,
  threads = workerCount(jobs.length),
): Promise<void> {
  const script = workerScript();
  if (threads === 0 || !script) {
    const ctx = { ...intake, ...(await judge) };
    const known = new Set(ctx.known);
    for (const job of jobs) {
      try {
        onResult({ ok: true, outcome: inspectFile(job, ctx, known) });
      } catch (error) {
        onResult({
          ok: false,
          index: job.index,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      // Let signals and timers run between files of a long inline batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const queue = [...jobs];
  // Set when the run is abandoned (the plan failed to load): threads skip the files still queued.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  currentData = { ...intake, stop } satisfies WorkerData;
  const workers = Array.from({ length: threads }, () => script.start());
  let judging: JudgeContext | undefined;
  const feeders: (() => void)[] = [];
  const run = Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          const feed = () => {
            // A few jobs in flight keep a thread busy while the main thread handles its answers;
            // more are taken in ahead while the plan loads.
            while (inFlight < (judging ? IN_FLIGHT : AHEAD_OF_PLAN) && queue.length > 0) {
              inFlight++;
              worker.postMessage(queue.shift());
            }
            if (inFlight === 0 && judging) resolve();
          };
          feeders.push(feed);
          worker.on('message', (group: JobResult[]) => {
            inFlight -= group.length;
            for (const result of group) onResult(result);
            feed();
          });
          worker.on('error', reject);
          worker.on('exit', (code) =>
            inFlight > 0 ? reject(new Error(`collect worker exited with code ${code}`)) : resolve(),
          );
          feed();
        }),
    ),
  );
  // A worker failing while the plan loads must not leave a rejection unhandled.
  run.catch(() => undefined);
  try {
    judging = await judge;
  } catch (error) {
    // Let each thread finish the file in hand, so none is left half-archived, then end them.
    queue.length = 0;
    Atomics.store(stop, 0, 1);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.postMessage({ stop: true });
          }),
      ),
    );
    throw error;
  }
  try {
    for (const worker of workers) worker.postMessage({ judge: judging });
    for (const feed of feeders) feed();
    // The main thread takes files from the same queue, yielding between them so the threads'
    // answers are recorded as they come.
    const ctx = { ...intake, ...judging };
    const known = new Set(intake.known);
    while (queue.length > 0) {
      const job = queue.shift()!;
      try {
        onResult({ ok: true, outcome: inspectFile(job, ctx, known) });
      } catch (error) {
        onResult({
          ok: false,
          index: job.index,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await run;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
