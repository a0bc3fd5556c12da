import { parentPort, workerData } from 'node:worker_threads';
import { fillWorkbook } from './fill-workbook.js';
import type { TypedCell } from './typing.js';

/**
 * Thread script: types cells into issued workbooks (exceljs) and posts the files, or why it could
 * not. See fillWorkbooksInThread in reporter/demo/fill-in-thread.ts.
 */
export interface FillJobs {
  jobs: { issuedPath: string; cells: TypedCell[] }[];
  savedAt: Date;
}

export type FromFillThread = { ok: true; files: Uint8Array[] } | { ok: false; message: string };

const { jobs, savedAt } = workerData as FillJobs;
Promise.all(jobs.map((job) => fillWorkbook(job.issuedPath, job.cells, savedAt))).then(
  (files) => parentPort?.postMessage({ ok: true, files } satisfies FromFillThread),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    } satisfies FromFillThread),
);
