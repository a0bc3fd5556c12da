import { startThread } from '../thread-script.js';
import { UserError } from '../user-error.js';
import type { PlanRead } from './cache.js';
import type { FromPlanThread } from './read-thread.js';

/**
 * Reads a plan workbook on a thread of its own. Loading exceljs and parsing plans/<year>.xlsx takes
 * a second or more; collect's main thread meanwhile goes on handing files to the intake threads,
 * which read ahead instead of waiting idle for the plan. Refusals come back as the same UserError.
 */
export function readPlanFileInThread(file: string): Promise<PlanRead> {
  return new Promise((resolve, reject) => {
    const worker = startThread('plan/read-thread', { workerData: { file } });
    let answered = false;
    worker.once('message', (message: FromPlanThread) => {
      answered = true;
      void worker.terminate();
      if (message.ok) resolve(message.value);
      else
        reject(message.user ? new UserError(message.message, message.exitCode) : new Error(message.message));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`plan reading thread exited with code ${code}`));
    });
  });
}
