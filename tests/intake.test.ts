import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import { indexFileName } from '../reporter/issue/issued.js';
import { IntakePool, type Held, type JudgeRequest } from '../reporter/intake/pool.js';
import { planForPeriod } from '../reporter/intake/plan-for.js';
import { IntakeService, unitAnswer, type IntakeRequest } from '../reporter/intake/service.js';
import { collectInbox } from '../reporter/collect/run.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { openStore, type Store } from '../reporter/store/index.js';
import { createWorkspaceFolders, planFileOf, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { filledWorkbook, PERIOD, testPlan, type Filled } from './collect-fixtures.js';

/** The intake service: one file's bytes or path to a recorded verdict, for the portal, pane and collect. */

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-intake-'));
const plan = testPlan();
const units = unitsToIssue(plan);
const pool = new IntakePool({ threads: 2 });
const AT = '2024-06-05T02:00:00.000Z';
let n = 0;
let files: Filled[] = [];

afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  files = await Promise.all(units.slice(0, 4).map((u) => filledWorkbook(plan, u)));
});

/** A workspace where `periods` were issued (their index is in the outbox, as `issue` leaves it). */
async function workspace(periods: string[] = [PERIOD]): Promise<Workspace> {
  const ws = workspaceAt(path.join(dir, `ws-${++n}`));
  await createWorkspaceFolders(ws);
  for (const p of periods) {
    mkdirSync(path.join(ws.outbox, p), { recursive: true });
    writeFileSync(path.join(ws.outbox, p, indexFileName(p)), '');
  }
  return ws;
}

function service(ws: Workspace, store: Store, p = pool): IntakeService {
  return new IntakeService({ workspace: ws, store, planFor: planForPeriod(ws, plan), pool: p });
}

const upload = (f: Filled, extra: Partial<IntakeRequest> = {}): IntakeRequest => ({
  bytes: f.bytes,
  name: f.name,
  received: { at: AT, source: 'upload' },
  ...extra,
});

describe('intake service', () => {
  it('takes an upload to an accepted, recorded verdict with its source, and answers the portal exactly', async () => {
    const ws = await workspace();
    const store = openStore(ws);
    try {
      const v = await service(ws, store).submit(upload(files[0], { unit: units[0] }));
      expect(v).toMatchObject({ outcome: 'accepted', unit: units[0], period: PERIOD, version: 1 });
      expect(Object.keys(unitAnswer(v)).sort()).toEqual(['findings', 'outcome', 'period', 'unit']);
      const r = store.returns(PERIOD)[0];
      expect(r).toMatchObject({
        receivedSource: 'upload',
        receivedAt: AT,
        unit: units[0],
        outcome: 'accepted',
      });
      expect(existsSync(path.join(ws.root, v.archivePath!))).toBe(true);
      // The same bytes again: a duplicate, with the earlier verdict's unit, period and version.
      const again = await service(ws, store).submit(
        upload(files[0], { received: { at: AT, source: 'pane' } }),
      );
      expect(again).toMatchObject({ outcome: 'duplicate', unit: units[0], period: PERIOD, version: 1 });
      expect(store.returns(PERIOD)).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it("refuses another unit's workbook sent through a unit's link, naming both", async () => {
    const ws = await workspace();
    const store = openStore(ws);
    try {
      const v = await service(ws, store).submit(upload(files[1], { unit: units[0] }));
      expect(v.outcome).toBe('refused');
      expect(v.unit).toBe(units[0]);
      expect(v.findings[0]).toMatchObject({ code: 'collect.other-unit', level: 'error' });
      const [sender, owner] = [units[0], units[1]].map((c) => plan.units.find((u) => u.code === c)!.name);
      expect(v.findings[0].message).toContain(owner);
      expect(v.findings[0].message).toContain(sender);
    } finally {
      store.close();
    }
  });

  it("another unit's file already received is refused on this link, telling nothing of the earlier verdict", async () => {
    const ws = await workspace();
    const store = openStore(ws);
    try {
      // Unit 1's own workbook through its link, then the same bytes through unit 0's link.
      expect((await service(ws, store).submit(upload(files[1], { unit: units[1] }))).outcome).toBe(
        'accepted',
      );
      const v = await service(ws, store).submit(upload(files[1], { unit: units[0] }));
      expect(v).toMatchObject({ outcome: 'refused', unit: units[0], version: null });
      expect(v.findings).toHaveLength(1);
      expect(v.findings[0]).toMatchObject({ code: 'collect.other-unit', level: 'error' });
      const owner = plan.units.find((u) => u.code === units[1])!.name;
      // The file's own name (the uploader's) leads the message; nothing after it names the owner.
      expect(v.findings[0].message.slice(files[1].name.length)).not.toContain(owner);
      // Nothing of unit 0 changed; unit 1's return stands as it was.
      expect(store.returns(PERIOD).map((r) => [r.unit, r.outcome])).toEqual([[units[1], 'accepted']]);
      // Through its own link the same bytes stay a duplicate, and a file refused on a link stays
      // that link's duplicate.
      expect((await service(ws, store).submit(upload(files[1], { unit: units[1] }))).outcome).toBe(
        'duplicate',
      );
      expect((await service(ws, store).submit(upload(files[2], { unit: units[0] }))).outcome).toBe('refused');
      expect((await service(ws, store).submit(upload(files[2], { unit: units[0] }))).outcome).toBe(
        'duplicate',
      );
    } finally {
      store.close();
    }
  });

  it('refuses a workbook of a period never issued, with that reason', async () => {
    const ws = await workspace(['2024-04']);
    const store = openStore(ws);
    try {
      const v = await service(ws, store).submit(upload(files[0]));
      expect(v).toMatchObject({ outcome: 'refused', period: PERIOD });
      expect(v.findings[0].code).toBe('collect.period-not-issued');
      expect(v.findings[0].message).toContain(`没有下发过 ${PERIOD}`);
    } finally {
      store.close();
    }
  });

  it('many uploads at once beside a collect in another process: every file recorded once, versions unbroken', async () => {
    const ws = await workspace();
    mkdirSync(ws.plans, { recursive: true });
    await writePlanWorkbook(plan, planFileOf(ws, plan.year));
    // The inbox for the CLI collect: every unit's first version.
    const first = await Promise.all(units.slice(0, 24).map((u) => filledWorkbook(plan, u, { percent: 20 })));
    for (const f of first) writeFileSync(path.join(ws.inbox, f.name), f.bytes);
    // The uploads: second versions of the same units, arriving while it runs.
    const second = await Promise.all(units.slice(0, 24).map((u) => filledWorkbook(plan, u, { percent: 70 })));
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin/creditwork.js'), 'collect', '--workspace', ws.root],
      {
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const store = openStore(ws);
    try {
      const intake = service(ws, store);
      const verdicts = await Promise.all(second.map((f) => intake.submit(upload(f))));
      expect(verdicts.map((v) => v.outcome)).toEqual(second.map(() => 'accepted'));
      expect(await exited).toBe(0);
    } finally {
      store.close();
    }
    const db = new Database(ws.database, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT count(*) FROM returns').pluck().get()).toBe(48);
      const versions = db
        .prepare(
          'SELECT unit, group_concat(version) AS v FROM (SELECT * FROM submissions ORDER BY version) GROUP BY unit',
        )
        .all() as { v: string }[];
      expect(versions.map((r) => r.v)).toEqual(versions.map(() => '1,2'));
      expect(db.prepare('SELECT count(*) FROM submissions WHERE superseded_by IS NULL').pluck().get()).toBe(
        24,
      );
      expect(db.prepare("SELECT count(*) FROM returns WHERE received_source = 'upload'").pluck().get()).toBe(
        24,
      );
    } finally {
      db.close();
    }
  }, 180_000);

  it('uploads judged at the same moment are recorded in one transaction, each with its own verdict and version', async () => {
    // Judging finishes for all five before any is recorded, as when many units upload at once.
    class TogetherPool extends IntakePool {
      private arrived = 0;
      private open!: () => void;
      private readonly together = new Promise<void>((resolve) => (this.open = resolve));
      override async judge(held: Held, request: JudgeRequest) {
        const judged = await super.judge(held, request);
        if (++this.arrived === 5) this.open();
        await this.together;
        return judged;
      }
    }
    const together = new TogetherPool({ threads: 2 });
    const ws = await workspace();
    const store = openStore(ws);
    const recordReturns = vi.spyOn(store, 'recordReturns');
    try {
      // The first unit's workbook saved again (other bytes, same content) makes its second version.
      const resaved = {
        ...files[0],
        bytes: zipSync(unzipSync(files[0].bytes), { mtime: new Date(2024, 5, 2) }),
      };
      const intake = service(ws, store, together);
      const verdicts = await Promise.all([...files, resaved].map((f) => intake.submit(upload(f))));
      expect(recordReturns).toHaveBeenCalledTimes(1);
      expect(verdicts.map((v) => v.outcome)).toEqual(Array(5).fill('accepted'));
      expect(verdicts.map((v) => v.unit)).toEqual([...units.slice(0, 4), units[0]]);
      expect([verdicts[0].version, verdicts[4].version].sort()).toEqual([1, 2]);
      expect(store.returns(PERIOD)).toHaveLength(5);
    } finally {
      store.close();
      await together.close();
    }
  });

  it('a rehearsal is read and judged again in its thread first, records nothing, and gets the verdict an upload gets', async () => {
    const ws = await workspace();
    const store = openStore(ws);
    const judge = vi.spyOn(pool, 'judge');
    try {
      const intake = service(ws, store);
      const rehearsed = await intake.submit(upload(files[1], { rehearsal: true }));
      expect(judge.mock.calls[0][1].repeat).toBe(2);
      expect(store.returns(PERIOD)).toHaveLength(0);
      const real = await intake.submit(upload(files[1]));
      expect(judge.mock.calls[1][1].repeat).toBeUndefined();
      expect(rehearsed.outcome).toBe('accepted');
      expect(rehearsed).toMatchObject({
        outcome: real.outcome,
        unit: real.unit,
        findings: real.findings,
      });
      expect(store.returns(PERIOD)).toHaveLength(1);
    } finally {
      judge.mockRestore();
      store.close();
    }
  });

  it('the thread that reads a file archives it first; when it cannot, the failure is ours and nothing is recorded', async () => {
    const ws = await workspace();
    const store = openStore(ws);
    // A plain file where the file's archive folder belongs: no write gets through, root's neither.
    const sha256 = createHash('sha256').update(files[3].bytes).digest('hex');
    const blocker = path.join(ws.archive, sha256.slice(0, 2));
    writeFileSync(blocker, 'not a folder');
    const examine = vi.spyOn(pool, 'examine');
    try {
      const v = await service(ws, store).submit(upload(files[3]));
      expect(examine).toHaveBeenCalledTimes(1);
      expect(v.outcome).toBe('failed');
      expect(v.failure?.stop).toBe(true);
      expect(v.failure?.message).toMatch(/^无法写入存档：.*没有丢失/);
      expect(v.failure?.message).not.toMatch(/ENOTDIR|EEXIST|ENOENT/);
      expect(store.returns(PERIOD)).toHaveLength(0);

      rmSync(blocker);
      const again = await service(ws, store).submit(upload(files[3]));
      expect(again.outcome).toBe('accepted');
      expect(existsSync(path.join(ws.root, again.archivePath!))).toBe(true);
      expect(store.returns(PERIOD)).toHaveLength(1);
    } finally {
      examine.mockRestore();
      store.close();
    }
  });

  it('a file our archive cannot take fails as ours: nothing recorded, no .part left, in Chinese', async () => {
    if (process.getuid?.() === 0) return; // root writes through read-only modes
    const ws = await workspace();
    const store = openStore(ws);
    chmodSync(ws.archive, 0o555);
    try {
      const v = await service(ws, store).submit(upload(files[2]));
      expect(v.outcome).toBe('failed');
      expect(v.failure?.stop).toBe(true);
      expect(v.failure?.message).toMatch(/无法写入存档：没有权限读写 .*没有丢失/);
      expect(v.failure?.message).not.toMatch(/EACCES|ENOENT|EROFS/);
      expect(store.returns(PERIOD)).toHaveLength(0);
    } finally {
      chmodSync(ws.archive, 0o755);
      store.close();
    }
    expect(readdirSync(ws.archive, { recursive: true }).filter((f) => String(f).endsWith('.part'))).toEqual(
      [],
    );
  });
});

describe('the per-file budget', () => {
  it('a file that stalls its thread is refused by name, archived, the thread replaced, and the batch goes on', async () => {
    const stalling = new IntakePool({
      threads: 1,
      budget: { ms: 1500 },
      workerSource: path.join(root, 'tests/helpers/stalling-worker.ts'),
    });
    try {
      const ws = await workspace();
      const t = Date.now() / 1000;
      const put = (name: string, bytes: Uint8Array, k: number) => {
        writeFileSync(path.join(ws.inbox, name), bytes);
        // utimes: oldest first decides the order, so the stalling file sits between good ones.
        const when = new Date((t - 100 + k) * 1000);
        utimesSync(path.join(ws.inbox, name), when, when);
      };
      put(files[0].name, files[0].bytes, 0);
      put('卡住.xlsx', files[3].bytes, 1);
      put(files[1].name, files[1].bytes, 2);
      put(files[2].name, files[2].bytes, 3);
      const r = await collectInbox({ workspace: ws, plan, period: PERIOD, pool: stalling });
      const byFile = Object.fromEntries(r.files.map((f) => [f.file, f]));
      expect(byFile['卡住.xlsx'].outcome, JSON.stringify(byFile['卡住.xlsx'])).toBe('refused');
      expect(byFile['卡住.xlsx'].findings[0]).toMatchObject({ code: 'collect.over-budget' });
      expect(byFile['卡住.xlsx'].findings[0].message).toMatch(/^卡住\.xlsx：处理时间超过上限（1\.5 秒）/);
      for (const f of files.slice(0, 3)) expect(byFile[f.name].outcome, f.name).toBe('accepted');
      expect(byFile['卡住.xlsx'].movedTo).toBe(path.join('未通过', PERIOD, '卡住.xlsx'));
    } finally {
      await stalling.close();
    }
  }, 120_000);

  it('a file that needs more memory than a thread may have is refused for memory', async () => {
    const small = new IntakePool({ threads: 1, budget: { heapMb: 24 } });
    try {
      const ws = await workspace();
      const store = openStore(ws);
      try {
        // 400,000 small numbers typed below the tasks: each becomes a cell the reader keeps.
        const rows: string[] = [];
        for (let r = 1000; r < 41_000; r++) {
          const cells = Array.from(
            { length: 10 },
            (_, c) => `<c r="${'KLMNOPQRST'[c]}${r}"><v>${(r * 31 + c * 7) % 99991}</v></c>`,
          );
          rows.push(`<row r="${r}">${cells.join('')}</row>`);
        }
        const big = withSheetXml(files[0].bytes, '任务进展', (xml) =>
          xml.replace('</sheetData>', `${rows.join('')}</sheetData>`),
        );
        const intake = service(ws, store, small);
        const v = await intake.submit(upload({ ...files[0], bytes: big }));
        expect(v.outcome).toBe('refused');
        expect(v.findings[0].code).toBe('collect.over-budget');
        expect(v.findings[0].message).toContain('内存超过上限（24 MB）');
        // A new thread takes the next file.
        expect((await intake.submit(upload(files[1]))).outcome).toBe('accepted');
      } finally {
        store.close();
      }
    } finally {
      await small.close();
    }
  }, 120_000);
});

/** The workbook with one sheet's XML changed (the part found through workbook.xml and its relationships). */
function withSheetXml(bytes: Uint8Array, sheet: string, change: (xml: string) => string): Uint8Array {
  const parts = unzipSync(bytes);
  const text = (name: string) => strFromU8(parts[name]);
  const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(text('xl/workbook.xml'))![1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(
    text('xl/_rels/workbook.xml.rels'),
  )!;
  const part = `xl/${(target[1] ?? target[2]).replace(/^\/?xl\//, '')}`;
  parts[part] = strToU8(change(text(part)));
  return zipSync(parts);
}
