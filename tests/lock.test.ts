import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, takeOver, type LockOwner } from '../reporter/lock.js';
import { UserError } from '../reporter/user-error.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lock-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const request = (command = 'collect') => ({
  root,
  fileName: 'x.lock',
  command,
  busy: (owner: LockOwner) => `忙：${owner.command} ${owner.pid}`,
});
const deadPid = () =>
  Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout,
  );
const owner = (pid: number, startedAt = '2024-01-01T00:00:00.000Z'): LockOwner => ({
  pid,
  host: os.hostname(),
  startedAt,
  command: 'collect',
});
const file = () => path.join(root, 'x.lock');

describe('workspace lock', () => {
  it('is exclusive while held and free once released', () => {
    const held = acquireLock(request());
    expect(() => acquireLock(request('schedule'))).toThrow(UserError);
    expect(() => acquireLock(request('schedule'))).toThrow(`忙：collect ${process.pid}`);
    held.release();
    expect(existsSync(file())).toBe(false);
    acquireLock(request()).release();
  });

  it('takes over the lock of a dead process and says whose it was', () => {
    const stale = owner(deadPid());
    writeFileSync(file(), JSON.stringify(stale));
    const held = acquireLock(request());
    expect(held.replaced).toEqual(stale);
    expect(JSON.parse(readFileSync(file(), 'utf8')).pid).toBe(process.pid);
    held.release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('never takes over a lock from another host, which it cannot check', () => {
    writeFileSync(file(), JSON.stringify({ ...owner(deadPid()), host: 'another-host' }));
    expect(() => acquireLock(request())).toThrow(UserError);
  });

  it('treats an unreadable lock as debris after a second look', () => {
    writeFileSync(file(), '');
    acquireLock(request()).release();
  });

  it('puts back a lock that another process took over between our read and our move', () => {
    const stale = owner(deadPid());
    const newer = owner(process.pid, '2024-06-01T00:00:00.000Z');
    writeFileSync(file(), JSON.stringify(newer)); // someone replaced the stale lock first
    takeOver(file(), stale);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual(newer);
    expect(readdirSync(root)).toEqual(['x.lock']);
  });

  it('removes the temporary file a killed starter left before linking, but not one being written', () => {
    const old = path.join(root, 'x.lock.4242.0badc0de.tmp');
    const fresh = path.join(root, `x.lock.${process.pid}.feedf00d.tmp`);
    writeFileSync(old, '{"pid":4242');
    writeFileSync(fresh, '{"pid":1');
    const minutesAgo = new Date(Date.now() - 5 * 60_000);
    utimesSync(old, minutesAgo, minutesAgo);
    const held = acquireLock(request());
    expect(readdirSync(root).sort()).toEqual(['x.lock', path.basename(fresh)].sort());
    held.release();
  });
});
