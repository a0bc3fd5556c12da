import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import type { Plan } from '../core/plan/model.js';
import { collectInbox } from '../reporter/collect/run.js';
import { IntakePool } from '../reporter/intake/pool.js';
import { UserError } from '../reporter/user-error.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { filledWorkbook, PERIOD, testPlan, type Filled } from './collect-fixtures.js';

/** collect with the plan still loading: threads take files in first, judge once it arrives. */

const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-pipeline-'));
const pool = new IntakePool({ threads: 2 });
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});
const plan = testPlan();
const NOW = new Date('2024-06-20T10:00:00+08:00');
let files: Filled[] = [];
let n = 0;

beforeAll(async () => {
  files = await Promise.all(
    unitsToIssue(plan)
      .slice(0, 16)
      .map((u) => filledWorkbook(plan, u)),
  );
});

async function workspaceWithFiles(): Promise<Workspace> {
  const ws = workspaceAt(path.join(dir, `ws-${n++}`));
  await createWorkspaceFolders(ws);
  const t = new Date('2024-06-03T09:00:00+08:00');
  for (const f of files) {
    writeFileSync(path.join(ws.inbox, f.name), f.bytes);
    utimesSync(path.join(ws.inbox, f.name), t, t);
  }
  return ws;
}

function allFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

function summary(ws: Workspace): unknown {
  const db = new Database(ws.database, { readonly: true });
  try {
    return {
      returns: db.prepare('SELECT file, unit, outcome, errors, warnings FROM returns ORDER BY id').all(),
      tasks: db.prepare('SELECT count(*) AS n, sum(percent) AS p FROM task_reports').get(),
    };
  } finally {
    db.close();
  }
}

describe('collect pipeline', () => {
  it('judges the same with the plan given at once or still loading', async () => {
    const direct = await workspaceWithFiles();
    await collectInbox({ workspace: direct, plan, period: PERIOD, pool, now: () => NOW });
    const later = await workspaceWithFiles();
    const loading = new Promise<Plan>((resolve) => setTimeout(() => resolve(plan), 300));
    const r = await collectInbox({
      workspace: later,
      plan: loading,
      period: PERIOD,
      pool,
      now: () => NOW,
    });
    expect(r.files.every((f) => f.outcome === 'accepted')).toBe(true);
    expect(r.files).toHaveLength(files.length);
    expect(summary(later)).toEqual(summary(direct));
  });

  it('a plan that fails to load stops the run: nothing recorded, every file still in the inbox', async () => {
    const ws = await workspaceWithFiles();
    const failing = new Promise<Plan>((_resolve, reject) =>
      setTimeout(() => reject(new UserError('plan.xlsx 有错误')), 200),
    );
    await expect(
      collectInbox({ workspace: ws, plan: failing, period: PERIOD, pool, now: () => NOW }),
    ).rejects.toThrow('plan.xlsx 有错误');
    expect(readdirSync(ws.inbox).sort()).toEqual(files.map((f) => f.name).sort());
    expect(allFiles(ws.archive).filter((f) => f.endsWith('.part'))).toEqual([]);
    const db = new Database(ws.database, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM returns').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    // The workspace is free again and a run with the plan completes.
    const r = await collectInbox({ workspace: ws, plan, period: PERIOD, pool, now: () => NOW });
    expect(r.files.filter((f) => f.outcome === 'accepted')).toHaveLength(files.length);
  });
});
