import { parentPort, workerData } from 'node:worker_threads';
import {
  intakeFile,
  judgeIntake,
  type Intake,
  type IntakeContext,
  type InspectJob,
  type JudgeContext,
} from './inspect.js';

/**
 * One thread of the collect pool. Files are taken in (archived, checked, read) as soon as they
 * arrive; judging waits for the plan, which the main thread may still be loading, and answers
 * are plain data.
 */
export type WorkerMessage = { judge: JudgeContext } | { stop: true } | InspectJob;

export interface WorkerData extends IntakeContext {
  /** Non-zero once the run is abandoned: files still queued are skipped. */
  stop: Int32Array;
}

const ctx = workerData as WorkerData;
const known = new Set(ctx.known);
let judge: JudgeContext | undefined;
const waiting: { index: number; intake: Intake }[] = [];

// Answers go back in groups: one message per turn of the event loop rather than one per file.
let outbox: unknown[] = [];

function send(result: unknown): void {
  if (outbox.length === 0)
    setImmediate(() => {
      const group = outbox;
      outbox = [];
      parentPort?.postMessage(group);
    });
  outbox.push(result);
}

function answer(index: number, work: () => unknown): void {
  try {
    send({ ok: true, outcome: work() });
  } catch (error) {
    send({ ok: false, index, error: error instanceof Error ? error.message : String(error) });
  }
}

parentPort?.on('message', (message: WorkerMessage) => {
  if ('judge' in message) {
    judge = message.judge;
    for (const { index, intake } of waiting.splice(0))
      answer(index, () => judgeIntake(intake, judge!, ctx.period));
    return;
  }
  if ('stop' in message) {
    process.exit(0);
  }
  if (Atomics.load(ctx.stop, 0) !== 0) return;
  const job = message;
  if (judge) {
    const j = judge;
    answer(job.index, () => judgeIntake(intakeFile(job, ctx, known), j, ctx.period));
    return;
  }
  try {
    waiting.push({ index: job.index, intake: intakeFile(job, ctx, known) });
  } catch (error) {
    send({ ok: false, index: job.index, error: error instanceof Error ? error.message : String(error) });
  }
});
