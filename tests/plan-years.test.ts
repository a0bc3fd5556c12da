import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import { planCacheFile, readPlanCached } from '../reporter/plan/cache.js';
import { readPlanFile } from '../reporter/plan/load.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import {
  defaultPlanYear,
  loadPeriodPlan,
  loadYearPlan,
  migrateLegacyPlan,
  MIGRATION_NOTE,
  planYears,
  writeYearPlan,
} from '../reporter/plan/years.js';
import { UserError } from '../reporter/user-error.js';
import { createWorkspaceFolders, planFileOf, workspaceAt } from '../reporter/workspace.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-plan-years-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Marks the cached copy so a test can tell whether it was used. */
function markCache(file: string, title: string): void {
  const entry = JSON.parse(readFileSync(file, 'utf8')) as { key: string; plan: { title: string } };
  entry.plan.title = title;
  writeFileSync(file, JSON.stringify(entry));
}

const plan2024 = builtInPlan(2024)!;
const as = (year: number) => ({
  ...builtInPlan(2024)!,
  year,
  id: `work-points-${year}`,
  title: `${year}年工作要点`,
});

describe('the parsed-plan cache, per year', () => {
  it('gives what reading gives, and reads the workbook again when it or the code changes', async () => {
    const ws = workspaceAt(path.join(dir, 'cache'));
    await createWorkspaceFolders(ws);
    const file = planFileOf(ws, 2024);
    await writePlanWorkbook(plan2024, file);

    const first = await readPlanCached(ws, 2024, file, readPlanFile, 'code-1');
    expect(first).toEqual(await readPlanFile(file));

    markCache(planCacheFile(ws, 2024), 'from the cache');
    expect((await readPlanCached(ws, 2024, file, readPlanFile, 'code-1')).plan.title).toBe('from the cache');
    // Other reading code: the cached parse is not trusted.
    expect((await readPlanCached(ws, 2024, file, readPlanFile, 'code-2')).plan.title).toBe(plan2024.title);

    markCache(planCacheFile(ws, 2024), 'from the cache');
    await writePlanWorkbook({ ...plan2024, title: `${plan2024.title}（修订）` }, file);
    expect((await readPlanCached(ws, 2024, file, readPlanFile, 'code-2')).plan.title).toBe(
      `${plan2024.title}（修订）`,
    );

    writeFileSync(planCacheFile(ws, 2024), '{ damaged');
    expect((await readPlanCached(ws, 2024, file, readPlanFile, 'code-2')).plan.title).toBe(
      `${plan2024.title}（修订）`,
    );
  });

  it('each year has its own cache file, so two years never overwrite each other', async () => {
    const ws = workspaceAt(path.join(dir, 'two-caches'));
    await createWorkspaceFolders(ws);
    await writeYearPlan(ws, as(2026));
    await writeYearPlan(ws, as(2027));
    expect((await loadYearPlan(ws, 2026)).title).toBe('2026年工作要点');
    expect((await loadYearPlan(ws, 2027)).title).toBe('2027年工作要点');
    expect(existsSync(planCacheFile(ws, 2026))).toBe(true);
    expect(existsSync(planCacheFile(ws, 2027))).toBe(true);
    expect((await loadPeriodPlan(ws, '2026-12')).year).toBe(2026);
    expect((await loadPeriodPlan(ws, '2027-01')).year).toBe(2027);
  });

  it('a plan with errors is refused on every run, from the cache too', async () => {
    const ws = workspaceAt(path.join(dir, 'broken'));
    await createWorkspaceFolders(ws);
    await writePlanWorkbook({ ...plan2024, units: [] }, planFileOf(ws, 2024));
    await expect(loadYearPlan(ws, 2024)).rejects.toThrow(/plans\/2024\.xlsx 有 \d+ 个错误/);
    await expect(loadYearPlan(ws, 2024)).rejects.toThrow(UserError);
  });
});

describe('one plan per year in a workspace', () => {
  it('a year without a plan is refused with what the workspace has and how to add it', async () => {
    const ws = workspaceAt(path.join(dir, 'missing-year'));
    await createWorkspaceFolders(ws);
    await writeYearPlan(ws, as(2026));
    const refused = loadPeriodPlan(ws, '2027-01');
    await expect(refused).rejects.toThrow('没有 2027 年的工作要点（plans/2027.xlsx）');
    await expect(loadPeriodPlan(ws, '2027-01')).rejects.toThrow('plan new --year 2027');
    await expect(loadPeriodPlan(ws, '2027-01')).rejects.toThrow('已有：2026年');
  });

  it('the default year is the office’s current year when it has a plan, else the latest', async () => {
    const ws = workspaceAt(path.join(dir, 'default-year'));
    await createWorkspaceFolders(ws);
    await writeYearPlan(ws, as(2024));
    await writeYearPlan(ws, as(2026));
    expect(planYears(ws)).toEqual([2024, 2026]);
    expect(defaultPlanYear(ws, '2026-11-29')).toBe(2026);
    expect(defaultPlanYear(ws, '2024-03-01')).toBe(2024);
    expect(defaultPlanYear(ws, '2027-01-05')).toBe(2026);
  });

  it('a plan whose 年度 disagrees with its file name is refused, not silently used', async () => {
    const ws = workspaceAt(path.join(dir, 'mismatch'));
    await createWorkspaceFolders(ws);
    await writePlanWorkbook(as(2025), planFileOf(ws, 2024));
    await expect(loadYearPlan(ws, 2024)).rejects.toThrow('年度为 2025，与文件名不符');
  });

  it('writeYearPlan refuses to replace a year without force, and backs it up with force', async () => {
    const ws = workspaceAt(path.join(dir, 'write'));
    await createWorkspaceFolders(ws);
    const { file } = await writeYearPlan(ws, as(2027));
    writeFileSync(file, 'edited by the office');
    await expect(writeYearPlan(ws, as(2027))).rejects.toThrow('--force');
    expect(readFileSync(file, 'utf8')).toBe('edited by the office');
    const { backup } = await writeYearPlan(ws, as(2027), { force: true });
    expect(readFileSync(backup!, 'utf8')).toBe('edited by the office');
    expect(planYears(ws)).toEqual([2027]);
    // The neighbours' borrowed rows are never written into a year's own workbook.
    await writeYearPlan(
      ws,
      { ...as(2027), adjacentHolidays: [{ date: '2028-01-01', kind: 'off', name: '元旦' }] },
      {
        force: true,
      },
    );
    expect((await readPlanFile(file)).plan.holidays).toBeUndefined();
  });

  it('a neighbouring year’s 节假日 rows date this year’s January deadline', async () => {
    const ws = workspaceAt(path.join(dir, 'neighbours'));
    await createWorkspaceFolders(ws);
    const rows = [{ date: '2030-02-03', kind: 'off' as const, name: '春节' }];
    await writeYearPlan(ws, as(2029));
    await writeYearPlan(ws, { ...as(2030), holidays: rows });
    const plan = await loadYearPlan(ws, 2029);
    expect(plan.adjacentHolidays).toEqual(rows);
    expect(plan.holidays).toBeUndefined();
  });
});

describe('migrating a workspace with a single plan.xlsx', () => {
  it('moves plan.xlsx byte for byte to plans/<year>.xlsx, with a note, once', async () => {
    const ws = workspaceAt(path.join(dir, 'legacy'));
    await createWorkspaceFolders(ws);
    await writePlanWorkbook(plan2024, ws.legacyPlan);
    const bytes = await readFile(ws.legacyPlan);
    const notes: string[] = [];
    expect(await migrateLegacyPlan(ws, (line) => notes.push(line))).toBe(2024);
    expect(existsSync(ws.legacyPlan)).toBe(false);
    expect((await readFile(planFileOf(ws, 2024))).equals(bytes)).toBe(true);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('plans/2024.xlsx');
    expect(readFileSync(path.join(ws.root, MIGRATION_NOTE), 'utf8')).toContain('plans/2024.xlsx');
    expect(await migrateLegacyPlan(ws, (line) => notes.push(line))).toBeUndefined();
    expect(notes).toHaveLength(1);
    expect((await loadYearPlan(ws, 2024)).title).toBe(plan2024.title);
  });

  it('refuses while plan.xlsx is open in Excel, or when plans/ already has that year', async () => {
    const ws = workspaceAt(path.join(dir, 'legacy-open'));
    await createWorkspaceFolders(ws);
    await writePlanWorkbook(plan2024, ws.legacyPlan);
    writeFileSync(path.join(ws.root, '~$plan.xlsx'), 'owner');
    await expect(migrateLegacyPlan(ws)).rejects.toThrow('正在 Excel/WPS 中打开');
    rmSync(path.join(ws.root, '~$plan.xlsx'));
    await writeYearPlan(ws, plan2024);
    await expect(migrateLegacyPlan(ws)).rejects.toThrow('同时有 plan.xlsx 和 plans/2024.xlsx');
    expect(existsSync(ws.legacyPlan)).toBe(true);
  });
});
