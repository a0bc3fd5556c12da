import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
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
 *
 * The same holds for a bench's own folder right after the previous run deleted its thousands of
 * files: for about six minutes (ext4 treats an inode deleted less than 60 s ago, or 300 s more
 * while its table block is unwritten, as not yet free) every archive write of the next run paid
 * about 1 ms of kernel CPU, a sixth of an upload's cost. So the bench first measures what creating
 * a file costs there, waits while that is the case, and prints the figure with its results.
 */
export async function benchDir(prefix: string): Promise<{ dir: string; fileMs: number }> {
  const parent = process.env.CREDITWORK_BENCH_DIR || path.join(root, '.bench');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, prefix));
  const started = Date.now();
  for (let probe = 1; ; probe++) {
    const fileMs = fileCreationMs(path.join(dir, `probe-${probe}`));
    if (fileMs <= SLOW_FILE_MS || Date.now() - started > MAX_WAIT_MS) return { dir, fileMs };
    process.stderr.write(
      `在 ${path.relative(root, dir) || dir} 新建文件要 ${fileMs.toFixed(2)} ms CPU/个（平常约 0.1 ms）：` +
        `多半是刚删除了大量文件（上一次测试），ext4 无日志时几分钟内都如此。等待后再测……\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 20_000));
  }
}

/** Slower than this, file creation is the machine's state, not the product's cost (fresh: ~0.1 ms). */
const SLOW_FILE_MS = 0.4;
/** ext4 forgets a deletion after at most 360 s; a disk slow for longer is slow, and is reported. */
const MAX_WAIT_MS = 7 * 60_000;

/**
 * CPU per file (ms) of writing and renaming 100 files of a workbook's size, as the intake archives
 * one (after ten not counted: the figure is the disk's, not the first calls' compiling). The files
 * stay (with the bench's folder, deleted at its end): deleting them would slow the very creations
 * measured next.
 */
function fileCreationMs(dir: string): number {
  mkdirSync(dir);
  const bytes = Buffer.alloc(20_000, 1);
  const write = (name: string) => {
    writeFileSync(path.join(dir, `${name}.part`), bytes);
    renameSync(path.join(dir, `${name}.part`), path.join(dir, `${name}.xlsx`));
  };
  for (let i = 0; i < 10; i++) write(`warm-${i}`);
  const count = 100;
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) write(String(i));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}
