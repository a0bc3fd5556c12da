import { threadAnswer } from '../thread-script.js';
import { UserError } from '../user-error.js';
import type { PlanRead } from './cache.js';
import type { FromPlanThread } from './read-thread.js';

/**
 * Reads a plan workbook on a thread of its own. Loading exceljs and parsing plans/<year>.xlsx takes
 * a second or more; collect's main thread meanwhile goes on handing files to the intake threads,
 * which read ahead instead of waiting idle for the plan. Refusals come back as the same UserError.
 */
export async function readPlanFileInThread(file: string): Promise<PlanRead> {
  const message = await threadAnswer<FromPlanThread>('plan/read-thread', { file }, 'plan reading thread');
  if (message.ok) return message.value;
  throw message.user ? new UserError(message.message, message.exitCode) : new Error(message.message);
}
