import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmissionContent } from '../core/submission.js';
import { openStoreAt, type NewReturn, type Store } from '../reporter/store/index.js';
import { migrate, migrations } from '../reporter/store/migrations.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function fresh(): Store {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-store-'));
  dirs.push(dir);
  const store = openStoreAt(path.join(dir, 'creditwork.db'));
  stores.push(store);
  return store;
}

function content(unit: string, period: string, percent: number): SubmissionContent {
  return {
    unit,
    period,
    tasks: [
      {
        task: 4,
        role: 'lead',
        status: 'in-progress',
        percent,
        progress: '推进中',
        problems: '',
        nextSteps: '',
        plannedCompletion: null,
        evidence: '',
      },
    ],
    indicators: [
      { code: 'T22-1', numerator: percent, denominator: null, value: percent, asOf: '2024-05-31', note: '' },
    ],
  };
}

function accepted(
  sha: string,
  unit: string,
  period: string,
  percent: number,
  receivedAt = `${period}-28T09:00:00.000Z`,
): NewReturn {
  return {
    sha256: sha,
    size: 100,
    archivePath: `archive/${sha}.xlsx`,
    period,
    file: `${unit}.xlsx`,
    receivedAt,
    receivedSource: 'file-time',
    collectedAt: '2024-06-10T00:00:00.000Z',
    unit,
    findings: [],
    content: content(unit, period, percent),
    onTime: true,
  };
}

describe('store', () => {
  it('migrates a fresh database to the latest version in WAL mode, and again is a no-op', () => {
    const store = fresh();
    expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    migrate(store.db);
    const applied = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(applied).toEqual(migrations.map((m) => m.version));
  });

  it('refuses a database from a newer program', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(/比本程序/);
  });

  it('versions accepted submissions, supersedes the older one and keeps history', () => {
    const store = fresh();
    store.recordReturn(accepted('a'.repeat(64), 'S01', '2024-05', 10));
    const second = store.recordReturn(accepted('b'.repeat(64), 'S01', '2024-05', 40));
    expect(second.version).toBe(2);
    expect(store.acceptedSubmissions('2024-05').map((s) => [s.unit, s.version, s.tasks[0].percent])).toEqual([
      ['S01', 2, 40],
    ]);
    expect(store.submissionHistory('S01', '2024-05').map((s) => s.version)).toEqual([1, 2]);
    expect(store.acceptedSubmissions('2024-05')[0].indicators[0]).toEqual(
      content('S01', '2024-05', 40).indicators[0],
    );
  });

  it('records the same bytes for the same period once', () => {
    const store = fresh();
    const first = store.recordReturn(accepted('c'.repeat(64), 'S02', '2024-05', 10));
    const again = store.recordReturn(accepted('c'.repeat(64), 'S02', '2024-05', 10));
    expect(again.id).toBe(first.id);
    expect(store.returns('2024-05')).toHaveLength(1);
    expect(store.submissionHistory('S02', '2024-05')).toHaveLength(1);
  });

  it('keeps rejected returns without a submission version', () => {
    const store = fresh();
    const r = store.recordReturn({
      ...accepted('d'.repeat(64), 'S03', '2024-05', 10),
      content: undefined,
      findings: [{ level: 'error', sheet: '', cell: '', code: 'collect.macro', message: 'x' }],
    });
    expect(r.outcome).toBe('rejected');
    expect(r.reasonCode).toBe('collect.macro');
    expect(r.version).toBeNull();
    expect(store.acceptedSubmissions('2024-05')).toEqual([]);
  });

  it('finds the last accepted submission before a period for pre-fill', () => {
    const store = fresh();
    store.recordReturn(accepted('e'.repeat(64), 'X01', '2024-03', 30));
    store.recordReturn(accepted('f'.repeat(64), 'X01', '2024-04', 50));
    store.recordReturn(accepted('0'.repeat(64), 'X01', '2024-04', 60));
    expect(store.lastAcceptedBefore('X01', '2024-05')?.tasks[0].percent).toBe(60);
    expect(store.lastAcceptedBefore('X01', '2024-04')?.period).toBe('2024-03');
    expect(store.lastAcceptedBefore('X01', '2024-03')).toBeUndefined();
  });

  it("creates the scheduler's run table, which refuses a second settled run of a key", () => {
    const store = fresh();
    const insert = store.db.prepare(
      `INSERT INTO schedule_runs (job, key, due_date, started_at, status) VALUES ('issue', 'issue:2024-06', '2024-06-03', 't', ?)`,
    );
    insert.run('failed');
    insert.run('done');
    expect(() => insert.run('done')).toThrow(/UNIQUE/);
    expect(store.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'runs'`).get()).toBeUndefined();
  });
});
