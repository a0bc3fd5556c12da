import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Two starters racing for the workspace lock, made deterministic: every file written under the test
 * folder is written in two halves, and between them (the moment a slow disk or a preempted process
 * leaves a half-written file) the competitor runs its whole acquireLock.
 */
const slow = vi.hoisted(() => ({ root: '', midWrite: undefined as (() => void) | undefined }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const writeFileSync = ((file: unknown, data: unknown, options?: unknown) => {
    if (typeof file !== 'string' || !slow.root || !file.startsWith(slow.root) || typeof data !== 'string') {
      return (real.writeFileSync as (...args: unknown[]) => void)(file, data, options);
    }
    const flag = (typeof options === 'object' && options && (options as { flag?: string }).flag) || 'w';
    const bytes = Buffer.from(data);
    const fd = real.openSync(file, flag);
    try {
      real.writeSync(fd, bytes, 0, bytes.length >> 1);
      const competitor = slow.midWrite;
      slow.midWrite = undefined;
      competitor?.();
      real.writeSync(fd, bytes, bytes.length >> 1);
    } finally {
      real.closeSync(fd);
    }
  }) as typeof real.writeFileSync;
  return { ...real, default: { ...real, writeFileSync }, writeFileSync };
});

const { acquireLock } = await import('../reporter/lock.js');
type Held = ReturnType<typeof acquireLock>;

afterEach(() => {
  if (slow.root) rmSync(slow.root, { recursive: true, force: true });
  slow.root = '';
  slow.midWrite = undefined;
});

describe('workspace lock under a race', () => {
  it('is never judged stale while its owner is still writing it, so only one starter holds it', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lock-race-'));
    slow.root = root;
    const request = (command: string) => ({
      root,
      fileName: 'collect.lock',
      command,
      busy: () => `忙：${command}`,
    });
    const held: Held[] = [];
    const holders: string[] = [];
    const refused: string[] = [];
    const start = (command: string) => {
      try {
        held.push(acquireLock(request(command)));
        holders.push(command);
      } catch (error) {
        refused.push(`${command}: ${(error as Error).message}`);
      }
    };
    slow.midWrite = () => start('second');
    start('first');

    expect(held).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const owner = JSON.parse(readFileSync(path.join(root, 'collect.lock'), 'utf8')) as { command: string };
    // The one holding it is the one the lock file names, and nothing else is left behind.
    expect(owner.command).toBe(holders[0]);
    expect(readdirSync(root)).toEqual(['collect.lock']);
    held[0].release();
    expect(readdirSync(root)).toEqual([]);
  });
});
