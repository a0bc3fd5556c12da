import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A fresh folder for a bench's workspaces: under `.bench/` in the project (or CREDITWORK_BENCH_DIR),
 * an ordinary folder like the one an office keeps its workspace in, and not the system's temporary
 * folder. On a machine whose /tmp has seen tens of thousands of short-lived files (every test run
 * makes and deletes them) on ext4 without a journal, creating a file there cost 0.5–1.6 ms of kernel
 * CPU (ext4 then passes over recently deleted inodes one by one) against 0.06 ms in a fresh folder
 * of the same disk: a cost of that machine's /tmp, not of collecting or serving, which made both
 * benches' figures swing by a fifth from one hour to the next.
 */
export function benchDir(prefix: string): string {
  const parent = process.env.CREDITWORK_BENCH_DIR || path.join(root, '.bench');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, prefix));
}
