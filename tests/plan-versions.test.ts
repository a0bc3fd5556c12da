import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRows } from '../core/contract/unit-rows.js';
import { builtInPlan } from '../core/plan/built-in.js';
import type { Plan } from '../core/plan/model.js';
import { planInForce, versionChanges, workbookDrift } from '../core/plan/versions.js';
import { scoreMonth } from '../core/scoring/month.js';
import { collectInbox } from '../reporter/collect/run.js';
import { issuePeriod, indexFileName } from '../reporter/issue/issue-period.js';
import { currentIssue, planOfPeriod, planVersion } from '../reporter/plan/history.js';
import { outdatedWorkbooks } from '../reporter/plan/outdated.js';
import { openStore, type Store } from '../reporter/store/index.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';

// A plan changed mid-year. May 2024 is issued under version 1 to three units; the office then
// raises one indicator's target (version 2: outstanding workbooks stay valid), and later gives
// S05 another task (version 3: S05's workbook no longer fits and is re-issued alone).
const v1: Plan = builtInPlan(2024)!;
const PERIOD = '2024-05';
const UNITS = ['S03', 'S05', 'X01'];
const TODAY = '2024-05-20'; // May's workbooks are out: the period is open
const at = (text: string) => new Date(`${text}+08:00`);

const indicator = v1.indicators.find((i) => i.reporters.includes('X01') && i.kind === 'percent')!;
const v2: Plan = {
  ...structuredClone(v1),
  version: 2,
  indicators: v1.indicators.map((i) =>
    i.code === indicator.code
      ? { ...i, target: i.target + 0.05, targetText: `≥${Math.round((i.target + 0.05) * 100)}%` }
      : i,
  ),
};
const extraTask = v1.tasks.find((t) => !t.responsibilities.some((r) => r.unit === 'S05'))!;
const v3: Plan = {
  ...structuredClone(v2),
  version: 3,
  tasks: v2.tasks.map((t) =>
    t.number === extraTask.number
      ? { ...t, responsibilities: [...t.responsibilities, { unit: 'S05', role: 'partner' }] }
      : t,
  ),
};

const root = mkdtempSync(path.join(os.tmpdir(), 'cw-versions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let ws: Workspace;
let store: Store;
beforeAll(async () => {
  ws = workspaceAt(path.join(root, 'ws'));
  await createWorkspaceFolders(ws);
  store = openStore(ws);
  await issuePeriod({
    plan: v1,
    period: PERIOD,
    outbox: ws.outbox,
    units: UNITS,
    store,
    now: at('2024-05-06T09:00:00'),
  });
});
afterAll(() => store.close());

const issuedFile = (unit: string) => {
  const w = currentIssue(store, PERIOD).find((x) => x.unit === unit)!;
  return path.join(ws.outbox, PERIOD, w.file);
};

async function returnWorkbook(unit: string, source: string, when: Date): Promise<void> {
  const target = path.join(ws.inbox, `${unit}-${when.getTime()}.xlsx`);
  await fillWorkbook(source, completeFill(unitRows(v1, unit), PERIOD, { seed: 3 }), target);
  utimesSync(target, when, when);
}

describe('plan versions: judged as issued, scored with the targets in force', () => {
  it('records the version issued and each unit workbook', () => {
    expect(planVersion(store, v1.id, 1)?.indicators.find((i) => i.code === indicator.code)?.target).toBe(
      indicator.target,
    );
    expect(currentIssue(store, PERIOD).map((w) => [w.unit, w.planVersion])).toEqual([
      ['S03', 1],
      ['S05', 1],
      ['X01', 1],
    ]);
  });

  it('a target change alters no workbook contract: nothing to re-issue', () => {
    expect(workbookDrift(v1, v2).map((d) => d.unit)).toContain('X01'); // its printed target differs…
    expect(workbookDrift(v1, v2).every((d) => d.changes.length === 0)).toBe(true); // …but not what it fills
    expect(outdatedWorkbooks(store, v2, TODAY)).toEqual([]);
  });

  it('a plan changed under a version already issued goes out as the next version, the earlier kept', async () => {
    // A workspace of its own: the periods below are not this file's story.
    const other = workspaceAt(path.join(root, 'other'));
    await createWorkspaceFolders(other);
    const store = openStore(other);
    const dir = other.outbox;
    await issuePeriod({ plan: v1, period: '2024-06', outbox: dir, units: UNITS, store });
    const sameNumber = { ...v2, version: 1 };
    const first = await issuePeriod({
      plan: sameNumber,
      period: '2024-07',
      outbox: dir,
      units: UNITS,
      store,
    });
    expect(first.recordedVersion).toBe(2);
    expect(planVersion(store, v1.id, 1)?.indicators.find((i) => i.code === indicator.code)?.target).toBe(
      indicator.target,
    );
    expect(planVersion(store, v1.id, 2)?.indicators.find((i) => i.code === indicator.code)?.target).toBe(
      indicator.target + 0.05,
    );
    // The same content again finds the version it was recorded as; the unchanged plan keeps its own.
    const again = await issuePeriod({
      plan: sameNumber,
      period: '2024-08',
      outbox: dir,
      units: UNITS,
      store,
    });
    expect(again.recordedVersion).toBe(2);
    const unchanged = await issuePeriod({ plan: v1, period: '2024-09', outbox: dir, units: UNITS, store });
    expect(unchanged.recordedVersion).toBeUndefined();
    expect(currentIssue(store, '2024-08').map((w) => w.planVersion)).toEqual([2, 2, 2]);
    store.close();
  });

  it('a workbook issued under version 1 is accepted after the office raised the version', async () => {
    await returnWorkbook('X01', issuedFile('X01'), at('2024-06-03T10:00:00'));
    const result = await collectInbox({
      workspace: ws,
      plan: v2,
      period: PERIOD,
      now: () => at('2024-06-03T11:00:00'),
    });
    const x01 = result.files.find((f) => f.unit === 'X01')!;
    expect(x01.outcome, JSON.stringify(x01.findings)).toBe('accepted');
  });

  it('plan check lists the unit whose workbook no longer fits, and issue --unit re-issues it alone', async () => {
    const outdated = outdatedWorkbooks(store, v3, TODAY);
    expect(outdated).toEqual([
      {
        period: PERIOD,
        units: [{ unit: 'S05', name: expect.any(String), changes: [`新增任务${extraTask.number}`] }],
      },
    ]);
    const before = readdirSync(path.join(ws.outbox, PERIOD));
    const old = issuedFile('S05');
    await issuePeriod({
      plan: v3,
      period: PERIOD,
      outbox: ws.outbox,
      units: ['S05'],
      reissue: true,
      store,
      now: at('2024-05-21T09:00:00'),
    });
    const after = readdirSync(path.join(ws.outbox, PERIOD));
    const aside = after.find((f) => f.startsWith('已替换-'))!;
    expect(readdirSync(path.join(ws.outbox, PERIOD, aside)).sort()).toEqual(
      [path.basename(old), indexFileName(PERIOD)].sort(),
    );
    // The other units' workbooks never moved.
    for (const f of before.filter((f) => f !== path.basename(old))) expect(after).toContain(f);
    expect(currentIssue(store, PERIOD).map((w) => [w.unit, w.planVersion])).toEqual([
      ['S03', 1],
      ['S05', 3],
      ['X01', 1],
    ]);
    expect(outdatedWorkbooks(store, v3, TODAY)).toEqual([]);
  });

  it('the replaced workbook is still taken, judged as issued, with a warning to use the new one', async () => {
    const aside = readdirSync(path.join(ws.outbox, PERIOD)).find((f) => f.startsWith('已替换-'))!;
    const old = path.join(
      ws.outbox,
      PERIOD,
      aside,
      readdirSync(path.join(ws.outbox, PERIOD, aside)).find((f) => f.startsWith('S05'))!,
    );
    await returnWorkbook('S05', old, at('2024-06-04T10:00:00'));
    const result = await collectInbox({
      workspace: ws,
      plan: v3,
      period: PERIOD,
      now: () => at('2024-06-04T11:00:00'),
    });
    const s05 = result.files.find((f) => f.unit === 'S05')!;
    expect(s05.outcome).toBe('accepted');
    expect(s05.findings.map((f) => f.code)).toContain('collect.replaced-workbook');
  });

  it('each period is scored with the targets it was issued with: May keeps v1, June has v2', async () => {
    await issuePeriod({
      plan: v2,
      period: '2024-06',
      outbox: ws.outbox,
      units: ['X01'],
      store,
      now: at('2024-06-03T09:00:00'),
    });
    const target = (p: Plan) => p.indicators.find((i) => i.code === indicator.code)!.target;
    // May: S05 re-issued under v3 brings May to v3's targets (the newest version issued for it).
    expect(target(planOfPeriod(store, v3, PERIOD))).toBe(target(v3));
    expect(target(planOfPeriod(store, v3, '2024-06'))).toBe(target(v2));
    // A period issued under v1 only keeps v1's targets however late it is scored.
    const mayV1 = planInForce(v3, planVersion(store, v1.id, 1));
    expect(target(mayV1)).toBe(indicator.target);
    expect(mayV1.settings).toEqual(v3.settings);
    const score = scoreMonth({ plan: mayV1, period: PERIOD, submissions: store.acceptedVersions(PERIOD) });
    expect(score.indicators.find((i) => i.indicator.code === indicator.code)!.indicator.target).toBe(
      indicator.target,
    );
  });

  it("says what changed from one version to the next, in the office's words", () => {
    const show = (i: { target: number }) => String(i.target);
    expect(versionChanges(v1, v2, show)).toEqual([
      `指标${indicator.code}（${indicator.name}）目标：${indicator.target} → ${indicator.target + 0.05}`,
    ]);
    expect(versionChanges(v2, v3, show)).toEqual([
      `${v1.units.find((u) => u.code === 'S05')!.name}（S05）的填报表：新增任务${extraTask.number}`,
    ]);
    const renamed = { ...v3, units: v3.units.map((u) => (u.code === 'S03' ? { ...u, name: '新名称' } : u)) };
    expect(versionChanges(v3, renamed, show)).toEqual([
      `单位S03名称：${v3.units.find((u) => u.code === 'S03')!.name} → 新名称`,
    ]);
    expect(versionChanges(v3, { ...v3, version: 4 }, show)).toEqual([]);
  });
});
