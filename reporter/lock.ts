import { randomBytes } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { UserError } from './user-error.js';

/**
 * A workspace lock: a file holding pid, host and start time, created with its content in one step
 * (written whole under a temporary name, then hard-linked into place, which fails if the lock
 * exists), so no starter ever sees a half-written lock and mistakes it for debris. A lock whose
 * process is gone (same host) is stale and taken over; a live one, or one from another host that
 * cannot be checked, is refused with the caller's message. Collect and the scheduler each hold
 * their own lock file.
 */

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** What holds it, e.g. `collect`. */
  command: string;
}

export interface HeldLock {
  file: string;
  /** The stale owner this lock replaced, if any. */
  replaced?: LockOwner;
  release(): void;
}

export interface LockRequest {
  root: string;
  fileName: string;
  command: string;
  now?: Date;
  /** The refusal when a live process holds the lock. */
  busy: (owner: LockOwner, file: string) => string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}

const sameOwner = (a: LockOwner | undefined, b: LockOwner | undefined) =>
  a !== undefined && b !== undefined && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;

/**
 * Moves a stale lock aside. Renaming is atomic, so of two processes that judged the same lock stale
 * only one moves it; if what was moved turns out to be a newer lock (another process took over
 * between our read and our rename), it is put back.
 */
export function takeOver(file: string, stale: LockOwner | undefined): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // gone already: someone else moved it
  }
  const moved = readOwner(aside);
  if (stale === undefined ? moved === undefined : sameOwner(moved, stale)) {
    rmSync(aside, { force: true });
    return;
  }
  try {
    renameSync(aside, file);
  } catch {
    rmSync(aside, { force: true });
  }
}

/** Hard links are missing on some network and FAT drives; there the lock is created in place. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);
const TEMPORARY = /\.\d+\.[0-9a-f]+\.tmp$/;

/**
 * Creates `file` holding `text`, or returns false when it exists. The content is complete before the
 * name appears: a concurrent reader finds either no lock or a whole one.
 */
function createWhole(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { flag: 'wx' });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_LINKS.has(code)) throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  try {
    writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Temporary files a killed starter left between writing and linking (they live microseconds). */
function removeDebris(root: string, fileName: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${fileName}.`) || !TEMPORARY.test(name)) continue;
    const full = path.join(root, name);
    try {
      if (now - statSync(full).mtimeMs > 60_000) rmSync(full, { force: true });
    } catch {
      // gone already
    }
  }
}

export function acquireLock(request: LockRequest): HeldLock {
  const file = path.join(request.root, request.fileName);
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: (request.now ?? new Date()).toISOString(),
    command: request.command,
  };
  let replaced: LockOwner | undefined;
  removeDebris(request.root, request.fileName, Date.now());
  for (let attempt = 0; attempt < 4; attempt++) {
    if (createWhole(file, JSON.stringify(me) + '\n')) {
      let released = false;
      return {
        file,
        replaced,
        release() {
          if (released) return;
          released = true;
          // Only remove our own lock: a takeover by another process must survive us.
          if (sameOwner(readOwner(file), me)) rmSync(file, { force: true });
        },
      };
    }
    const owner = readOwner(file);
    // Unreadable: left by a crash, or by an older creditwork still writing it in place (or by a
    // drive without hard links), so look again once; after that it is debris.
    if (owner === undefined && attempt === 0) continue;
    if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
      throw new UserError(request.busy(owner, file), 3);
    }
    replaced = owner;
    takeOver(file, owner);
  }
  throw new UserError(`无法取得工作区锁 ${file}：另一个 creditwork 正在同时启动，请稍后重试。`, 3);
}
