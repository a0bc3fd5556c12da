import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { partName, writeFileAtomic, writeFileAtomicSync } from '../write-atomic.js';
import type { Workspace } from '../workspace.js';

/**
 * Originals are kept by content: archive/<first two hex>/<sha256>.<ext>. A file is written to a
 * temporary name and renamed, so a kill leaves either the whole original or nothing (and a
 * `.part` the next collect sweeps), and an archived original is never rewritten.
 */

export function archiveExtension(fileName: string): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}

/**
 * The absolute path of an archived original named by the database, only if it lies inside the
 * workspace's archive folder (the database is trusted no further than that).
 */
export function archivedFile(ws: Workspace, relative: string): string | undefined {
  const file = path.resolve(ws.root, relative);
  return file.startsWith(path.resolve(ws.archive) + path.sep) ? file : undefined;
}

/** Path relative to the workspace root, with forward slashes so the database is portable. */
export function archiveRelativePath(sha256: string, fileName: string): string {
  return `archive/${sha256.slice(0, 2)}/${sha256}.${archiveExtension(fileName)}`;
}

export async function archiveBytes(
  workspaceRoot: string,
  sha256: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<string> {
  const relative = archiveRelativePath(sha256, fileName);
  const target = path.join(workspaceRoot, relative);
  // Looking is cheap and never waits for the disk; only the write is worth handing off.
  if (statSync(target, { throwIfNoEntry: false })?.size === bytes.length) return relative;
  // No fsync per file (it cost seconds per thousand files): like the database (WAL,
  // synchronous=NORMAL) this survives a killed process, and the inbox copy is moved only after
  // the commit, so only a power cut in the last moments could need a re-run.
  await writeFileAtomic(target, bytes);
  return relative;
}

/** The same, blocking, for an intake thread (`target` absolute, from archiveRelativePath). */
export function archiveBytesSync(target: string, bytes: Uint8Array): void {
  if (statSync(target, { throwIfNoEntry: false })?.size === bytes.length) return;
  writeFileAtomicSync(target, bytes);
}

/**
 * Archives a file too large to hold in memory by copying it in chunks while hashing it: the
 * original is kept like any other before it is refused.
 */
export function archiveStream(
  workspaceRoot: string,
  fileName: string,
  source: number,
): { sha256: string; relative: string; size: number } {
  const folder = path.join(workspaceRoot, 'archive');
  mkdirSync(folder, { recursive: true });
  const temporary = partName(path.join(folder, 'stream'));
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let size = 0;
  try {
    const fd = openSync(temporary, 'wx');
    try {
      for (
        let read = readSync(source, chunk, 0, chunk.length, size);
        read > 0;
        read = readSync(source, chunk, 0, chunk.length, size)
      ) {
        hash.update(chunk.subarray(0, read));
        for (let offset = 0; offset < read;) offset += writeSync(fd, chunk, offset, read - offset);
        size += read;
      }
    } finally {
      closeSync(fd);
    }
    const sha256 = hash.digest('hex');
    const relative = archiveRelativePath(sha256, fileName);
    const target = path.join(workspaceRoot, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(temporary, target);
    return { sha256, relative, size };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
