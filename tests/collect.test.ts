import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEETS, TASK_COLUMN } from '../core/contract/layout.js';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import type { Plan } from '../core/plan/model.js';
import { collectInbox, type CollectResult } from '../reporter/collect/run.js';
import { IntakePool } from '../reporter/intake/pool.js';
import { openStore } from '../reporter/store/index.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { fakeCfb, filledWorkbook, inflatedClaim, PERIOD, repack, testPlan } from './collect-fixtures.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cw-collect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const plan: Plan = testPlan();
const units = unitsToIssue(plan);
const ON_TIME = new Date('2024-06-05T10:00:00+08:00');
const LATE = new Date('2024-06-11T10:00:00+08:00');
const NOW = () => new Date('2024-06-20T12:00:00+08:00');

let n = 0;
async function workspace(): Promise<Workspace> {
  const ws = workspaceAt(path.join(root, `ws${++n}`));
  await createWorkspaceFolders(ws);
  return ws;
}

function drop(ws: Workspace, name: string, bytes: Uint8Array, when = ON_TIME): string {
  const file = path.join(ws.inbox, name);
  writeFileSync(file, bytes);
  utimesSync(file, when, when);
  return file;
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const collect = (ws: Workspace, extra: Partial<Parameters<typeof collectInbox>[0]> = {}) =>
  collectInbox({ workspace: ws, plan, period: PERIOD, now: NOW, ...extra });

function dump(ws: Workspace): Record<string, unknown[]> {
  const db = new Database(ws.database, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of ['files', 'returns', 'submissions', 'task_reports', 'indicator_reports']) {
      out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

function outputs(ws: Workspace): Record<string, string> {
  const dir = path.join(ws.reports, PERIOD);
  const out: Record<string, string> = {};
  const walk = (d: string) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory()
        ? walk(path.join(d, e.name))
        : (out[path.relative(dir, path.join(d, e.name))] = sha(readFileSync(path.join(d, e.name)))),
    );
  walk(dir);
  return out;
}

function archived(ws: Workspace): Set<string> {
  const out = new Set<string>();
  if (!existsSync(ws.archive)) return out;
  for (const d of readdirSync(ws.archive))
    for (const f of readdirSync(path.join(ws.archive, d))) out.add(f.split('.')[0]);
  return out;
}

describe('collect: the corpus of good, messy and hostile files', () => {
  let ws: Workspace;
  let result: CollectResult;
  const sent = new Map<string, Uint8Array>();
  const expected: Record<string, string> = {};

  beforeAll(async () => {
    ws = await workspace();
    const good = await filledWorkbook(plan, units[0]);
    const messy = await filledWorkbook(plan, units[1], { style: 'messy' });
    const late = await filledWorkbook(plan, units[2]);
    const wrongPeriod = await filledWorkbook(plan, units[3], { period: '2024-04' });
    const otherVersion = await filledWorkbook({ ...plan, version: plan.version + 1 }, units[4]);
    const withStranger: Plan = {
      ...plan,
      units: [
        ...plan.units,
        { code: 'Z99', name: '市外单位', kind: 'city-department', aliases: [], dualPublicity: false },
      ],
      tasks: plan.tasks.map((t) =>
        t.number === 1
          ? { ...t, responsibilities: [...t.responsibilities, { unit: 'Z99', role: 'partner' as const }] }
          : t,
      ),
    };
    const stranger = await filledWorkbook(withStranger, 'Z99');
    const tampered = await filledWorkbook(plan, units[5], {
      edit: (wb, rows) =>
        (wb.getWorksheet(SHEETS.tasks)!.getCell(`${TASK_COLUMN.content.letter}${rows.tasks[0].row}`).value =
          '改过的任务内容'),
    });
    const rowDeleted = await filledWorkbook(plan, units[6], {
      edit: (wb, rows) => wb.getWorksheet(SHEETS.tasks)!.spliceRows(rows.tasks[0].row, 1),
    });
    const base = await filledWorkbook(plan, units[7]);

    const files: [string, Uint8Array, string | null][] = [
      [good.name, good.bytes, 'accepted'],
      [messy.name, messy.bytes, 'accepted'],
      [late.name, late.bytes, 'accepted'],
      ['空文件.xlsx', new Uint8Array(0), 'collect.empty'],
      [
        '乱码.xlsx',
        new Uint8Array(Array.from({ length: 2048 }, (_v, i) => (i * 7919) % 256)),
        'collect.not-xlsx',
      ],
      ['改名的表格.xlsx', new TextEncoder().encode('单位,任务,进度\n市发展改革委,1,50%\n'), 'collect.text'],
      ['旧格式.xls', fakeCfb('Workbook'), 'collect.xls'],
      ['加密.xlsx', fakeCfb('EncryptionInfo'), 'collect.encrypted'],
      ['截断.xlsx', base.bytes.slice(0, Math.floor(base.bytes.length / 2)), 'collect.corrupt'],
      ['压缩炸弹.xlsx', inflatedClaim(base.bytes), 'collect.zip-limit'],
      [
        '含宏.xlsm',
        repack(base.bytes, { 'xl/vbaProject.bin': 'VBA' }, (t) =>
          t.replace('spreadsheetml.sheet.main+xml', 'sheet.macroEnabled.main+xml'),
        ),
        'collect.macro',
      ],
      [
        '外部链接.xlsx',
        repack(base.bytes, { 'xl/externalLinks/externalLink1.xml': '<externalLink/>' }),
        'collect.external-link',
      ],
      [
        '文档.xlsx',
        repack(
          new Uint8Array(0).length
            ? base.bytes
            : (await import('fflate')).zipSync({
                'word/document.xml': new Uint8Array(1),
                '[Content_Types].xml': new Uint8Array(1),
              }),
          {},
        ),
        'collect.not-xlsx',
      ],
      [`旧版-${otherVersion.name}`, otherVersion.bytes, 'collect.plan-version'],
      ['陌生单位.xlsx', stranger.bytes, 'collect.unknown-unit'],
      [`改锁定-${tampered.name}`, tampered.bytes, 'contract.locked-cell'],
      [`删行-${rowDeleted.name}`, rowDeleted.bytes, 'contract.locked-cell'],
    ];
    for (const [name, bytes, outcome] of files) {
      drop(ws, name, bytes, name === late.name ? LATE : ON_TIME);
      sent.set(name, bytes);
      expected[name] = outcome!;
    }
    drop(ws, '~$临时.xlsx', new Uint8Array([1, 2, 3]));
    drop(ws, `上月-${wrongPeriod.name}`, wrongPeriod.bytes);
    sent.set(`上月-${wrongPeriod.name}`, wrongPeriod.bytes);
    result = await collect(ws);
  });

  it('gives every file its expected outcome and one clear reason', () => {
    const got = Object.fromEntries(
      result.files.map((f) => [
        f.file,
        f.outcome === 'accepted' ? 'accepted' : f.findings.find((x) => x.level === 'error')?.code,
      ]),
    );
    expect(got).toEqual(expected);
    for (const f of result.files.filter((x) => x.outcome === 'refused')) {
      const reason = f.findings.find((x) => x.level === 'error')!;
      // File-level reasons name the file; cell-level ones name sheet and cell.
      expect(
        reason.message.includes(f.file) || reason.message.startsWith(`${reason.sheet}!${reason.cell} `),
      ).toBe(true);
      expect(reason.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(result.ignored).toEqual(['~$临时.xlsx']);
  });

  it("leaves another period's file in the inbox for its own collect, unjudged", () => {
    expect(result.elsewhere).toEqual([{ file: expect.stringMatching(/^上月-/), period: '2024-04' }]);
    expect(result.files.some((f) => f.file.startsWith('上月-'))).toBe(false);
  });

  it('names the locked cell that was changed', () => {
    const f = result.files.find((x) => x.file.startsWith('改锁定-'))!;
    expect(f.findings[0]).toMatchObject({ sheet: SHEETS.tasks, cell: 'B4' });
  });

  it('keeps every byte: archived by SHA-256 and moved within the inbox, never lost', () => {
    const kept = archived(ws);
    for (const bytes of sent.values()) expect(kept.has(sha(bytes))).toBe(true);
    const top = readdirSync(ws.inbox, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
    expect(top.filter((f) => !f.startsWith('上月-'))).toEqual(['~$临时.xlsx']);
    expect(top).toHaveLength(2);
    for (const f of result.files)
      expect(readFileSync(path.join(ws.inbox, f.movedTo!))).toEqual(Buffer.from(sent.get(f.file)!));
  });

  it('stores normalized values, late against the working-day deadline', () => {
    const store = openStore(ws);
    try {
      const subs = store.acceptedSubmissions(PERIOD);
      expect(subs.map((s) => s.unit).sort()).toEqual([units[0], units[1], units[2]].sort());
      const byUnit = new Map(subs.map((s) => [s.unit, s]));
      expect(byUnit.get(units[0])!.onTime).toBe(true);
      expect(byUnit.get(units[2])!.onTime).toBe(false);
      const messy = byUnit.get(units[1])!;
      expect(messy.tasks[0]).toMatchObject({
        status: 'in-progress',
        percent: 60,
        progress: `本月完成第${messy.tasks[0].task}项部分工作`,
      });
      expect(messy.tasks[0].plannedCompletion).toBe('2024-12-31');
      const clean = byUnit.get(units[0])!;
      expect(clean.tasks[0]).toMatchObject({
        status: 'in-progress',
        percent: 60,
        plannedCompletion: '2024-12-31',
      });
    } finally {
      store.close();
    }
  });

  it('writes the master workbook and a receipt per unit, text never as formula', async () => {
    expect(existsSync(result.periods[0].outputs.master)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(result.periods[0].outputs.master);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '报送情况',
      '全市合计',
      '监测指标',
      '任务进展',
      '问题清单',
      '收到的文件',
      '例外',
    ]);
    const states = new Map<string, string>();
    wb.getWorksheet('报送情况')!.eachRow((row) =>
      states.set(String(row.getCell(1).value), String(row.getCell(4).value)),
    );
    expect(states.get(units[0])).toBe('按时报送');
    expect(states.get(units[2])).toBe('逾期报送');
    expect(states.get(units[5])).toBe('未通过');
    expect(states.get(units[10])).toBe('未报送');
    const receiptNames = result.periods[0].outputs.receipts.map((f) => path.basename(f));
    expect(receiptNames.some((f) => f.startsWith(`${units[5]}-`))).toBe(true);
    expect(receiptNames.filter((f) => f.startsWith('未识别-')).length).toBeGreaterThanOrEqual(8);
    const receipt = new ExcelJS.Workbook();
    await receipt.xlsx.readFile(
      result.periods[0].outputs.receipts.find((f) => path.basename(f).startsWith(`${units[5]}-`))!,
    );
    const cells: unknown[] = [];
    receipt.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells).toContain('B4');
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
  });
});

describe('collect: idempotent, supersedes, LibreOffice, locks', () => {
  it('collecting three times gives the same database and outputs', async () => {
    const ws = await workspace();
    for (const u of units.slice(0, 3)) {
      const f = await filledWorkbook(plan, u);
      drop(ws, f.name, f.bytes);
    }
    drop(ws, 'bad.xlsx', new Uint8Array(10));
    const first = await collect(ws);
    const db1 = dump(ws);
    const out1 = outputs(ws);
    // Put the same files back, as if the mail client saved them again.
    for (const f of first.files)
      writeFileSync(path.join(ws.inbox, f.file), readFileSync(path.join(ws.inbox, f.movedTo!)));
    const second = await collect(ws);
    expect(second.files.every((f) => f.outcome === 'duplicate')).toBe(true);
    await collect(ws);
    expect(dump(ws)).toEqual(db1);
    expect(outputs(ws)).toEqual(out1);
  });

  it('a newer submission supersedes the older one, history kept', async () => {
    const ws = await workspace();
    const v1 = await filledWorkbook(plan, units[0], { percent: 30 });
    drop(ws, v1.name, v1.bytes, new Date('2024-06-03T09:00:00+08:00'));
    await collect(ws);
    const v2 = await filledWorkbook(plan, units[0], { percent: 80 });
    drop(ws, v2.name, v2.bytes, new Date('2024-06-04T09:00:00+08:00'));
    const second = await collect(ws);
    expect(second.files[0]).toMatchObject({ outcome: 'accepted', version: 2 });
    expect(second.files[0].movedTo).toMatch(/\(2\)\.xlsx$/);
    const store = openStore(ws);
    try {
      expect(store.acceptedSubmissions(PERIOD)[0].tasks[0].percent).toBe(80);
      expect(store.submissionHistory(units[0], PERIOD).map((s) => [s.version, s.tasks[0].percent])).toEqual([
        [1, 30],
        [2, 80],
      ]);
    } finally {
      store.close();
    }
  });

  it.skipIf(!hasSoffice())(
    'accepts a file re-saved by LibreOffice with the same values',
    async () => {
      const ws = await workspace();
      const f = await filledWorkbook(plan, units[1]);
      const src = path.join(root, 'lo-src');
      mkdirSync(src, { recursive: true });
      writeFileSync(path.join(src, f.name), f.bytes);
      const out = path.join(root, 'lo-out');
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${root}/lo-profile`,
          '--convert-to',
          'xlsx',
          '--outdir',
          out,
          path.join(src, f.name),
        ],
        {
          stdio: 'ignore',
          timeout: 120_000,
        },
      );
      const resaved = readFileSync(path.join(out, f.name));
      expect(sha(resaved)).not.toBe(sha(f.bytes));
      drop(ws, `lo-${f.name}`, resaved);
      const ref = await workspace();
      drop(ref, f.name, f.bytes);
      const [a, b] = [await collect(ws), await collect(ref)];
      expect(a.files[0]).toMatchObject({ outcome: 'accepted' });
      expect(b.files[0]).toMatchObject({ outcome: 'accepted' });
      const content = (w: Workspace) => {
        const s = openStore(w);
        try {
          const { tasks, indicators } = s.acceptedSubmissions(PERIOD)[0];
          return { tasks, indicators };
        } finally {
          s.close();
        }
      };
      expect(content(ws)).toEqual(content(ref));
    },
    180_000,
  );

  it('refuses while another live collect holds the workspace, and takes over a stale lock', async () => {
    const ws = await workspace();
    const lock = path.join(ws.root, '.creditwork.lock');
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: 'x', command: 'collect' }),
    );
    await expect(collect(ws)).rejects.toThrow(/正在被另一个 creditwork collect 使用/);
    writeFileSync(
      lock,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), startedAt: 'x', command: 'collect' }),
    );
    await expect(collect(ws)).resolves.toBeDefined();
    expect(existsSync(lock)).toBe(false);
  });

  it('uses worker threads for a large batch with the same results', async () => {
    const ws = await workspace();
    const names: string[] = [];
    for (const u of units.slice(0, 14)) {
      const f = await filledWorkbook(plan, u);
      drop(ws, f.name, f.bytes);
      names.push(f.name);
    }
    const pool = new IntakePool({ threads: 2 });
    try {
      const r = await collect(ws, { pool });
      expect(r.files.map((f) => f.outcome)).toEqual(names.map(() => 'accepted'));
    } finally {
      await pool.close();
    }
  });
});

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
