import { hostname } from 'node:os';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error.js';

/**
 * One collect per workspace: a lock file created exclusively, holding pid, host and start time.
 * A lock whose process is gone (same host) is stale and taken over; a live one is refused clearly.
 */

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export interface Lock {
  file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export function acquireLock(root: string, command: string): Lock {
  const file = path.join(root, '.creditwork.lock');
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      let released = false;
      return {
        file,
        release: () => {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(file);
    const stale = holder === undefined ? attempt > 0 : holder.host === info.host && !alive(holder.pid);
    if (!stale) {
      if (!holder) continue; // being written right now: look again
      throw new UserError(
        `工作区 ${root} 正在被另一个 creditwork ${holder.command} 使用（进程 ${holder.pid}，主机 ${holder.host}，开始于 ${holder.startedAt}）。` +
          `请等它结束后再运行。如确认该进程已不存在，可删除锁文件 ${file}。`,
        3,
      );
    }
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first; the next attempt sees its lock
    }
  }
  throw new UserError(`无法取得工作区锁 ${file}，请稍后重试。`, 3);
}
