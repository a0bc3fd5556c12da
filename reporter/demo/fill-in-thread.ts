import { threadAnswer } from '../thread-script.js';
import type { FillJobs, FromFillThread } from './fill-thread.js';

/**
 * Types cells into issued workbooks on a thread of its own: exceljs and the workbooks it builds take
 * some tens of megabytes, which a long-running portal would otherwise keep as heap it has grown
 * into; the thread's memory goes when it ends.
 */
export async function fillWorkbooksInThread(fill: FillJobs): Promise<Uint8Array[]> {
  const message = await threadAnswer<FromFillThread>('demo/fill-thread', fill, 'workbook filling thread');
  if (message.ok) return message.files;
  throw new Error(message.message);
}
