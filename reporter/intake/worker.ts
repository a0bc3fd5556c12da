import { parentPort } from 'node:worker_threads';
import type { CellGrid } from '../../core/contract/grid.js';
import type { Plan } from '../../core/plan/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { archiveBytesSync } from '../collect/archive.js';
import { examineReturn, judgeReturn } from './examine.js';

/**
 * One thread of the intake pool. It examines files as they come and keeps each readable workbook
 * until the intake sends the plan to judge it by (or releases it); answers are plain data. Each is
 * sent the moment it is ready, before the next file is touched: the watchdog blames the oldest
 * unanswered file for a stall, so a finished file's answer must never wait behind the next one.
 */

export type ToWorker =
  | {
      kind: 'examine';
      id: number;
      file: string;
      bytes: Uint8Array;
      /** Where to archive the bytes before reading them (absent: archived already, or a rehearsal). */
      archive?: string;
    }
  | {
      kind: 'judge';
      id: number;
      planKey: number;
      /** The plan versions recorded at issue, by key. */
      versionKeys?: number[];
      /** Plans this thread has not been sent before, by key; afterwards each is known by its key. */
      plans: Record<number, Plan>;
      period: string;
      unit?: string;
      secret?: string;
      previous?: SubmissionContent;
      replaced?: readonly string[];
      /** Read and judge the file this many times more first: a rehearsal warming this thread's code. */
      repeat?: number;
    }
  | { kind: 'release'; id: number };

export type FromWorker =
  { ready: true } | ({ id: number } & ({ ok: true; value: unknown } | { ok: false; error: string }));

const held = new Map<number, { grid: CellGrid; file: string; bytes: Uint8Array }>();
/** Plans by key, kept for the thread's life: a workspace judges against a few (a year's versions). */
const plans = new Map<number, Plan>();

function answer(id: number, work: () => unknown): void {
  let message: FromWorker;
  try {
    message = { id, ok: true, value: work() };
  } catch (error) {
    message = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(message);
}

parentPort?.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'examine':
      answer(message.id, () => {
        if (message.archive) {
          try {
            archiveBytesSync(message.archive, message.bytes);
          } catch (error) {
            // Our storage failed, not the file: told apart from every verdict on the file.
            const { code, path, dest, message: text } = error as NodeJS.ErrnoException & { dest?: string };
            return { ok: false, findings: [], archiveError: { code, path, dest, message: text } };
          }
        }
        const examined = examineReturn(message.file, message.bytes);
        if (!examined.ok) return examined;
        held.set(message.id, { grid: examined.grid, file: message.file, bytes: message.bytes });
        return { ok: true, claim: examined.claim };
      });
      return;
    case 'judge':
      answer(message.id, () => {
        for (const [key, plan] of Object.entries(message.plans)) plans.set(Number(key), plan);
        const plan = plans.get(message.planKey);
        const versions = message.versionKeys?.map((key) => plans.get(key));
        const workbook = held.get(message.id);
        held.delete(message.id);
        if (!plan || !workbook) throw new Error(`intake thread does not hold file ${message.id}`);
        if (versions?.some((v) => !v)) throw new Error('intake thread was not sent a plan version');
        const { period, unit, secret, previous, replaced, repeat = 0 } = message;
        const input = {
          plan,
          period,
          ...(unit !== undefined ? { unit } : {}),
          ...(secret !== undefined ? { secret } : {}),
          ...(previous ? { previous } : {}),
          ...(versions ? { versions: versions as Plan[] } : {}),
          ...(replaced?.length ? { replaced } : {}),
        };
        for (let i = 0; i < repeat; i++) {
          const again = examineReturn(workbook.file, workbook.bytes);
          if (again.ok) judgeReturn(again.grid, workbook.file, input);
        }
        return judgeReturn(workbook.grid, workbook.file, input);
      });
      return;
    case 'release':
      held.delete(message.id);
  }
});

parentPort?.postMessage({ ready: true } satisfies FromWorker);
