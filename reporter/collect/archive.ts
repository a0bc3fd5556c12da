import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Originals are kept by content: archive/<first two hex>/<sha256>.<ext>. A file is written to a
 * temporary name and renamed, so a kill leaves either the whole original or nothing, and
 * an archived original is never rewritten.
 */

export function archiveExtension(fileName: string): string {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'bin';
}

/** Path relative to the workspace root, with forward slashes so the database is portable. */
export function archiveRelativePath(sha256: string, fileName: string): string {
  return `archive/${sha256.slice(0, 2)}/${sha256}.${archiveExtension(fileName)}`;
}

export function archiveBytes(
  workspaceRoot: string,
  sha256: string,
  fileName: string,
  bytes: Uint8Array,
): string {
  const relative = archiveRelativePath(sha256, fileName);
  const target = path.join(workspaceRoot, relative);
  if (statSync(target, { throwIfNoEntry: false })?.size === bytes.length) return relative;
  const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  let fd: number;
  try {
    fd = openSync(temporary, 'wx');
  } catch (error) {
    // The first file of its shard: make the folder (only then, sparing a call per file).
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(target), { recursive: true });
    fd = openSync(temporary, 'wx');
  }
  try {
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
    // No fsync per file (it cost seconds per thousand files): like the database (WAL,
    // synchronous=NORMAL) this survives a killed process, and the inbox copy is moved only after
    // the commit, so only a power cut in the last moments could need a re-run.
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
  return relative;
}
