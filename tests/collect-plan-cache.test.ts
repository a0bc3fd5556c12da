import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import { loadPlanCached, planCacheFile } from '../reporter/collect/plan-cache.js';
import { loadPlan } from '../reporter/plan/load.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { createWorkspaceFolders, workspaceAt } from '../reporter/workspace.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-plan-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Marks the cached copy so a test can tell whether it was used. */
function markCache(file: string, title: string): void {
  const entry = JSON.parse(readFileSync(file, 'utf8')) as { key: string; plan: { title: string } };
  entry.plan.title = title;
  writeFileSync(file, JSON.stringify(entry));
}

describe('plan cache for collect', () => {
  it('gives the plan loadPlan gives, and reads plan.xlsx again when it or the code changes', async () => {
    const ws = workspaceAt(path.join(dir, 'ws'));
    await createWorkspaceFolders(ws);
    const plan = builtInPlan(2024)!;
    await writePlanWorkbook(plan, ws.plan);

    const first = await loadPlanCached(ws, 'code-1');
    expect(first).toEqual(await loadPlan(ws));

    markCache(planCacheFile(ws), 'from the cache');
    expect((await loadPlanCached(ws, 'code-1')).title).toBe('from the cache');
    // Other reading code: the cached parse is not trusted.
    expect((await loadPlanCached(ws, 'code-2')).title).toBe(plan.title);

    markCache(planCacheFile(ws), 'from the cache');
    await writePlanWorkbook({ ...plan, title: `${plan.title}（修订）` }, ws.plan);
    expect((await loadPlanCached(ws, 'code-2')).title).toBe(`${plan.title}（修订）`);

    writeFileSync(planCacheFile(ws), '{ damaged');
    expect((await loadPlanCached(ws, 'code-2')).title).toBe(`${plan.title}（修订）`);
  });

  it('never caches a plan with errors: each run refuses it again', async () => {
    const ws = workspaceAt(path.join(dir, 'broken'));
    await createWorkspaceFolders(ws);
    const plan = builtInPlan(2024)!;
    await writePlanWorkbook({ ...plan, units: [] }, ws.plan);
    await expect(loadPlan(ws)).rejects.toThrow();
    await expect(loadPlanCached(ws, 'code-1')).rejects.toThrow();
    await expect(loadPlanCached(ws, 'code-1')).rejects.toThrow();
  });
});
