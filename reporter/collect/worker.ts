import { parentPort, workerData } from 'node:worker_threads';
import { inspectFile, type InspectContext, type InspectJob } from './inspect.js';

// One thread of the collect pool: judges files it is sent and answers with plain data.
const ctx = workerData as InspectContext;
const known = new Set(ctx.known);

parentPort?.on('message', (job: InspectJob) => {
  try {
    parentPort?.postMessage({ ok: true, outcome: inspectFile(job, ctx, known) });
  } catch (error) {
    parentPort?.postMessage({
      ok: false,
      index: job.index,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
