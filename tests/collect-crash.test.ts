import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { createWorkspaceFolders, planFileOf, workspaceAt } from '../reporter/workspace.js';
import { filledWorkbook, PERIOD, testPlan } from './collect-fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function returnsRecorded(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return d.prepare('SELECT count(*) FROM returns').pluck().get() as number;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

it('a collect killed mid-batch leaves a consistent database, and a re-run completes', async () => {
  const plan = testPlan();
  const ws = workspaceAt(path.join(dir, 'ws'));
  await createWorkspaceFolders(ws);
  await writePlanWorkbook(plan, planFileOf(ws, plan.year));
  const units = unitsToIssue(plan);
  const sent = new Set<string>();
  for (let round = 0; round < 3; round++) {
    for (const u of units) {
      const f = await filledWorkbook(plan, u, { percent: 10 + round * 20 });
      const name = `${round}-${f.name}`;
      writeFileSync(path.join(ws.inbox, name), f.bytes);
      sent.add(name);
    }
  }
  const cli = path.join(root, 'bin/creditwork.js');
  const child = spawn(process.execPath, [cli, 'collect', '--period', PERIOD, '--workspace', ws.root], {
    stdio: 'ignore',
  });
  // Kill once some files are recorded but (very likely) not all.
  for (let i = 0; i < 600 && returnsRecorded(ws.database) < 5 && child.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const partial = returnsRecorded(ws.database);

  const again = spawnSync(
    process.execPath,
    [cli, 'collect', '--period', PERIOD, '--workspace', ws.root, '--json'],
    {
      encoding: 'utf8',
    },
  );
  expect(again.status, again.stderr).toBe(0);
  const db = new Database(ws.database, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM returns').pluck().get()).toBe(sent.size);
    expect(db.prepare("SELECT count(*) FROM returns WHERE outcome = 'accepted'").pluck().get()).toBe(
      sent.size,
    );
    // Every unit has versions 1..3 with no gap, and exactly one current.
    const versions = db
      .prepare('SELECT unit, group_concat(version) AS v FROM submissions GROUP BY unit')
      .all() as {
      v: string;
    }[];
    expect(versions.every((r) => r.v.split(',').sort().join(',') === '1,2,3')).toBe(true);
    expect(db.prepare('SELECT count(*) FROM submissions WHERE superseded_by IS NULL').pluck().get()).toBe(
      units.length,
    );
  } finally {
    db.close();
  }
  const top = readdirSync(ws.inbox, { withFileTypes: true }).filter((e) => e.isFile());
  expect(top).toEqual([]);
  expect(readdirSync(path.join(ws.inbox, '已收取', PERIOD)).sort()).toEqual([...sent].sort());
  expect(existsSync(path.join(ws.root, '.creditwork.lock'))).toBe(false);
  expect(partial).toBeLessThanOrEqual(sent.size);

  const status = spawnSync(
    process.execPath,
    [cli, 'status', '--period', PERIOD, '--workspace', ws.root, '--json'],
    {
      encoding: 'utf8',
    },
  );
  expect(status.status, status.stderr).toBe(0);
  const json = JSON.parse(status.stdout) as {
    deadline: string;
    units: { code: string; version: number | null }[];
  };
  expect(json.deadline).toBe('2024-06-07');
  expect(json.units.map((u) => u.code).sort()).toEqual([...units].sort());
  expect(json.units.every((u) => u.version === 3)).toBe(true);
}, 240_000);
