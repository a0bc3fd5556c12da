import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Plan } from '../../core/plan/model.js';
import { acquireLock } from '../lock.js';
import { openStore, type Store } from '../store/index.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import { masterWorkbook } from './master.js';
import { periodStatus, type PeriodStatus } from './period-status.js';
import { receipts } from './receipts.js';
import { writeFileAtomic } from '../write-atomic.js';

/** The period's 汇总表 and receipts, written from the store: the same data gives the same bytes. */

async function writeIfChanged(file: string, bytes: Uint8Array): Promise<void> {
  if (existsSync(file)) {
    const old = readFileSync(file);
    if (
      old.length === bytes.length &&
      old.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    )
      return;
  }
  await writeFileAtomic(file, bytes);
}

export const masterFile = (ws: Workspace, period: string): string =>
  path.join(ws.reports, period, `汇总表-${period}.xlsx`);

export async function writePeriodReports(
  ws: Workspace,
  plan: Plan,
  store: Store,
  period: string,
  now: Date,
): Promise<{ status: PeriodStatus; master: string; receipts: string[] }> {
  const status = periodStatus(plan, store, period, now);
  const master = masterFile(ws, period);
  const receiptDir = path.join(ws.reports, period, '回执');
  const files = [
    { file: master, bytes: masterWorkbook(status.plan, status) },
    ...receipts(status.plan, status).map((r) => ({ file: path.join(receiptDir, r.name), bytes: r.bytes })),
  ];
  // The receipts' folder first, so the writes below need not race to make it.
  await mkdir(receiptDir, { recursive: true });
  await Promise.all(files.map(({ file, bytes }) => writeIfChanged(file, bytes)));
  return { status, master, receipts: files.slice(1).map((f) => f.file) };
}

/**
 * Rewrites the 汇总表 and receipts of a period already collected, after something that changes them
 * outside a collect (an exception granted or withdrawn). Returns the 汇总表's path, or null when the
 * period has none yet or a collect is running (it writes them itself when done).
 */
export async function refreshPeriodReports(
  ws: Workspace,
  plan: Plan,
  period: string,
  now = new Date(),
): Promise<string | null> {
  if (!existsSync(masterFile(ws, period))) return null;
  let lock;
  try {
    lock = acquireLock({
      root: ws.root,
      fileName: '.creditwork.lock',
      command: 'exception',
      busy: () => 'busy',
    });
  } catch (error) {
    if (error instanceof UserError) return null;
    throw error;
  }
  const store = openStore(ws);
  try {
    return (await writePeriodReports(ws, plan, store, period, now)).master;
  } finally {
    store.close();
    lock.release();
  }
}
