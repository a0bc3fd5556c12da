import Database from 'better-sqlite3';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRows } from '../core/contract/index.js';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';

// Issue 12 item 5: failures of our own (the archive or the database cannot be written) stop the
// run with exit 1 and a Chinese message, never a raw EACCES/EROFS, leave no *.part behind, and lose
// nothing: the next run completes the batch. Ctrl+C says what was done and the same.
//
// Read-only modes do not stop root, so when the suite runs as root the CLI runs as `nobody`: the
// permission failure is then the real one the office would hit.

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');
const PERIOD = '2024-09';
const CODES = ['S01', 'S02', 'S03', 'S04'];
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const RAW = /EACCES|EROFS|EPERM|ENOENT|SQLITE_|readonly database|at .+\.js:\d+/;

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'cw-failures-'));
  chmodSync(base, 0o755); // the unprivileged runner must reach the workspaces inside
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function creditwork(args: string[], unprivileged = true): SpawnSyncReturns<string> & { output: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '', CREDITWORK_WORKERS: '1' },
    ...(asRoot && unprivileged ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return Object.assign(result, { output: result.stdout + result.stderr });
}

function chownAll(dir: string): void {
  if (!asRoot) return;
  chownSync(dir, NOBODY, NOBODY);
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    chownSync(path.join(e.parentPath, e.name), NOBODY, NOBODY);
}

const allFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
    : [];
const inboxTop = (ws: string) =>
  readdirSync(path.join(ws, 'inbox'), { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
function recorded(ws: string): number {
  if (!existsSync(path.join(ws, 'creditwork.db'))) return 0;
  const db = new Database(path.join(ws, 'creditwork.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM returns').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Fills the issued workbooks of `codes` like their units and drops them in the inbox, oldest first. */
async function dropReturns(ws: string, codes: string[], from = 0): Promise<void> {
  let k = from;
  for (const code of codes) {
    const unit = plan2024.units.find((u) => u.code === code)!;
    const fill = completeFill(unitRows(plan2024, code), PERIOD, { seed: code.charCodeAt(2) + k });
    const target = path.join(ws, 'inbox', `${code}-${k}.xlsx`);
    await fillWorkbook(path.join(ws, 'outbox', PERIOD, `${code}-${unit.name}.xlsx`), fill, target);
    const when = new Date(Date.UTC(2024, 9, 8, 2, 0, k++));
    await utimes(target, when, when);
  }
  chownAll(ws);
}

/** An initialised, issued workspace with a filled return of each code in its inbox, owned by the runner. */
async function workspace(name: string, codes = CODES): Promise<string> {
  const ws = path.join(base, name);
  expect(creditwork(['init', '--workspace', ws, '--year', '2024'], false).status).toBe(0);
  const issue = creditwork(['issue', '--workspace', ws, '--period', PERIOD], false);
  expect(issue.status, issue.output).toBe(0);
  await dropReturns(ws, codes);
  return ws;
}

describe('failures of our own storage', () => {
  it('an archive that cannot be written stops the run: exit 1, in Chinese, nothing lost, no .part; the re-run completes', async () => {
    const ws = await workspace('archive-read-only');
    const archive = path.join(ws, 'archive');
    chmodSync(archive, 0o555);
    let r;
    try {
      r = creditwork(['collect', '--workspace', ws]);
    } finally {
      chmodSync(archive, 0o755);
    }
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain('无法写入存档');
    expect(r.output).toMatch(/没有丢失/);
    expect(r.output).toContain('再次运行 collect 即可完成本批');
    expect(r.output).not.toMatch(RAW);
    // Stopped before judging more: nothing recorded, every file still where it was.
    expect(recorded(ws)).toBe(0);
    expect(inboxTop(ws).sort()).toEqual(CODES.map((c, k) => `${c}-${k}.xlsx`).sort());
    expect(allFiles(ws).filter((f) => f.endsWith('.part'))).toEqual([]);

    const again = creditwork(['collect', '--workspace', ws]);
    expect(again.status, again.output).toBe(0);
    expect(recorded(ws)).toBe(CODES.length);
    expect(inboxTop(ws)).toEqual([]);
  }, 180_000);

  it('a database that cannot be written stops the run the same way, never as a refused file', async () => {
    const ws = await workspace('database-read-only');
    // A first collect makes the database; then it becomes read-only and more files come in.
    const first = creditwork(['collect', '--workspace', ws]);
    expect(first.status, first.output).toBe(0);
    await dropReturns(ws, ['S05', 'S06'], CODES.length);
    const db = path.join(ws, 'creditwork.db');
    chmodSync(db, 0o444);
    let r;
    try {
      r = creditwork(['collect', '--workspace', ws]);
    } finally {
      // SQLite gives the -wal and -shm it makes the database's mode: the message names all three.
      for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) chmodSync(f, 0o644);
    }
    expect(r.output).toContain('creditwork.db-wal');
    expect(r.status, r.output).toBe(1);
    expect(r.output).toMatch(/数据库/);
    expect(r.output).toMatch(/没有丢失/);
    // Not one file told as refused: the failure is ours.
    expect(r.output).not.toContain('未通过的文件');
    expect(r.output).not.toMatch(/未通过 [1-9]/);
    expect(r.output).toContain('未能处理的文件（不是填报单位的问题');
    expect(r.output).not.toMatch(RAW);
    expect(inboxTop(ws).sort()).toEqual(['S05-4.xlsx', 'S06-5.xlsx']);
    expect(allFiles(ws).filter((f) => f.endsWith('.part'))).toEqual([]);

    const again = creditwork(['collect', '--workspace', ws]);
    expect(again.status, again.output).toBe(0);
    expect(recorded(ws)).toBe(CODES.length + 2);
  }, 240_000);

  it('cleans the .part files a killed run left behind at the next start, sparing a live writer', async () => {
    const ws = await workspace('debris', ['S01']);
    const dead = 2 ** 22 + 12345; // above pid_max's default: no such process
    const debris = [
      path.join(ws, 'archive', 'ab', `${'ab'.repeat(32)}.xlsx.${dead}.k3j2h1g0.part`),
      path.join(ws, 'reports', PERIOD, `汇总表-${PERIOD}.xlsx.${dead}.a1b2c3d4.part`),
    ];
    const live = path.join(ws, 'archive', 'cd', `${'cd'.repeat(32)}.xlsx.${process.pid}.z9y8x7w6.part`);
    for (const f of [...debris, live]) {
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, 'half a file');
    }
    chownAll(ws);
    const r = creditwork(['collect', '--workspace', ws]);
    expect(r.status, r.output).toBe(0);
    for (const f of debris) expect(existsSync(f), f).toBe(false);
    expect(existsSync(live)).toBe(true);
  }, 120_000);
});

describe('Ctrl+C', () => {
  it('finishes the files in hand, says what was done, and the next run completes the batch', async () => {
    const codes = unitsToIssue(plan2024).slice(0, 24);
    const ws = await workspace('interrupted', codes);
    const child = spawn(process.execPath, [bin, 'collect', '--workspace', ws], {
      cwd: root,
      env: { ...process.env, CREDITWORK_WORKSPACE: '', CREDITWORK_WORKERS: '1' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the first original is archived: the batch is under way.
    const archive = path.join(ws, 'archive');
    const started = Date.now();
    while (!allFiles(archive).some((f) => !f.endsWith('.part')) && Date.now() - started < 60_000)
      await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const code = await exited;
    expect(code, output).toBe(130);
    expect(output).toContain('收取已中断');
    expect(output).toMatch(/已处理的 \d+ 个文件均已存档并登记；其余 \d+ 个文件仍在收件目录中，没有丢失/);
    const done = recorded(ws);
    expect(done).toBeLessThan(codes.length);
    expect(inboxTop(ws)).toHaveLength(codes.length - done);
    expect(allFiles(ws).filter((f) => f.endsWith('.part'))).toEqual([]);

    const again = creditwork(['collect', '--workspace', ws], false);
    expect(again.status, again.output).toBe(0);
    expect(recorded(ws)).toBe(codes.length);
    expect(statSync(path.join(ws, 'inbox')).isDirectory()).toBe(true);
    expect(inboxTop(ws)).toEqual([]);
  }, 240_000);
});
