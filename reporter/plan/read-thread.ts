import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../user-error.js';
import { readPlanFile } from './load.js';

/**
 * Thread script: reads one plan workbook (exceljs) and posts what it gives, or why it could not.
 * See reporter/plan/read-in-thread.ts.
 */
export type FromPlanThread =
  | { ok: true; value: Awaited<ReturnType<typeof readPlanFile>> }
  | { ok: false; user: boolean; message: string; exitCode?: number };

const file = (workerData as { file: string }).file;
readPlanFile(file).then(
  (value) => parentPort?.postMessage({ ok: true, value } satisfies FromPlanThread),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      user: error instanceof UserError,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof UserError ? { exitCode: error.exitCode } : {}),
    } satisfies FromPlanThread),
);
