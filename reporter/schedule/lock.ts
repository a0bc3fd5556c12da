/**
 * One scheduler per workspace: a lock file created exclusively, holding the owner's pid and host. A
 * lock whose process is gone (killed, machine rebooted) is stale and taken over, with a log line.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../user-error.js';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface HeldLock {
  file: string;
  /** The stale owner this lock replaced, if any. */
  replaced?: LockOwner;
  release(): void;
}

export const LOCK_FILE = 'schedule.lock';

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

export function acquireLock(root: string, now: Date = new Date()): HeldLock {
  const file = path.join(root, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
  let replaced: LockOwner | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      let released = false;
      return {
        file,
        replaced,
        release() {
          if (released) return;
          released = true;
          // Only remove our own lock: a stale-lock takeover by another instance must survive us.
          if (readOwner(file)?.pid === me.pid && readOwner(file)?.startedAt === me.startedAt) rmSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    // A lock from another machine (shared folder) cannot be checked, so it is never taken over.
    if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
      throw new UserError(
        `工作区 ${root} 已有日程服务在运行（进程 ${owner.pid}，主机 ${owner.host}，启动于 ${owner.startedAt}）。` +
          `同一工作区只能运行一个 creditwork schedule；如确认该进程已不存在，请删除 ${file} 后重试。`,
      );
    }
    replaced = owner;
    rmSync(file, { force: true });
  }
  throw new UserError(`无法创建锁文件 ${file}：另一个日程服务正在同时启动，请稍后重试。`);
}
