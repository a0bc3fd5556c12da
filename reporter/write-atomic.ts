import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files are written to a temporary `*.part` beside their target and renamed into place, so a reader
 * never sees half a file. A failed write removes its `.part`; one a killed process left behind is
 * swept at the next start. The process id in the name tells a live writer's file from debris.
 */

export function partName(target: string): string {
  return `${target}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.part`;
}

/**
 * Writes `bytes` to a new `.part` beside `target` (the folder made if needed), then renames it into
 * place. Asynchronous because creating a file can block for a millisecond or more on a busy disk:
 * the caller's thread goes on judging other files meanwhile.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  const temporary = partName(target);
  let file: FileHandle;
  try {
    file = await open(temporary, 'wx');
  } catch (error) {
    // The first file of its folder: make the folder (only then, sparing a call per file).
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(target), { recursive: true });
    file = await open(temporary, 'wx');
  }
  try {
    try {
      await file.writeFile(bytes);
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * The same, blocking: for an intake thread, whose only work is the file in hand (four calls on the
 * thread itself cost less than four trips through the thread pool and back).
 */
export function writeFileAtomicSync(target: string, bytes: Uint8Array): void {
  const temporary = partName(target);
  let fd: number;
  try {
    fd = openSync(temporary, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(target), { recursive: true });
    fd = openSync(temporary, 'wx');
  }
  try {
    try {
      for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A day: a `.part` older than that is debris whatever process id it names. */
const STALE_MS = 24 * 3600 * 1000;

/** Removes `*.part` files under `dir` left by processes that are gone; returns how many. */
export function sweepPartFiles(dir: string): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  const now = Date.now();
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.part')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const pid = Number(/\.(\d+)\.[a-z0-9]*\.part$/.exec(entry.name)?.[1]);
    try {
      if (Number.isInteger(pid) && isAlive(pid) && now - statSync(file).mtimeMs < STALE_MS) continue;
      rmSync(file, { force: true });
      removed++;
    } catch {
      // unreadable or already gone: nothing to sweep
    }
  }
  return removed;
}
