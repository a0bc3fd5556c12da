import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import type { Plan } from '../core/plan/model.js';
import { periodStatus } from '../reporter/collect/period-status.js';
import { collectInbox, type CollectResult } from '../reporter/collect/run.js';
import { indexFileName } from '../reporter/issue/issued.js';
import { openStore } from '../reporter/store/index.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { filledWorkbook, testPlan } from './collect-fixtures.js';

// Issue 12 item 6: a file goes to its own period. A collect with the wrong --period used to move
// other months' returns into inbox/未通过/<wrong period>/ with refusal receipts, and the right
// period then reported those units as missing.

const plan: Plan = testPlan();
const units = unitsToIssue(plan);
const root = mkdtempSync(path.join(os.tmpdir(), 'cw-periods-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const NOW = () => new Date('2024-06-20T12:00:00+08:00');
const RECEIVED = new Date('2024-06-05T10:00:00+08:00');

const topLevel = (ws: Workspace) =>
  readdirSync(ws.inbox, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();

describe('files go to their own period', () => {
  let ws: Workspace;
  const names: Record<'april' | 'may' | 'june', string> = { april: '', may: '', june: '' };
  let restricted: CollectResult;
  let all: CollectResult;

  beforeAll(async () => {
    ws = workspaceAt(path.join(root, 'ws'));
    await createWorkspaceFolders(ws);
    // April and May were issued; June never was.
    for (const p of ['2024-04', '2024-05']) {
      mkdirSync(path.join(ws.outbox, p), { recursive: true });
      writeFileSync(path.join(ws.outbox, p, indexFileName(p)), '');
    }
    const put = async (key: keyof typeof names, unit: string, period: string) => {
      const f = await filledWorkbook(plan, unit, { period });
      names[key] = `${period}-${f.name}`;
      const file = path.join(ws.inbox, names[key]);
      writeFileSync(file, f.bytes);
      utimesSync(file, RECEIVED, RECEIVED);
    };
    await put('april', units[1], '2024-04');
    await put('may', units[0], '2024-05');
    await put('june', units[2], '2024-06');
    restricted = await collectInbox({ workspace: ws, plan, period: '2024-05', now: NOW });
    all = await collectInbox({ workspace: ws, plan, now: NOW });
  });

  it('--period P takes only P and leaves the other periods\u2019 files untouched in the inbox, noted', () => {
    expect(restricted.files.map((f) => [f.file, f.outcome])).toEqual([[names.may, 'accepted']]);
    expect(restricted.elsewhere).toEqual(
      expect.arrayContaining([
        { file: names.april, period: '2024-04' },
        { file: names.june, period: '2024-06' },
      ]),
    );
    expect(restricted.elsewhere).toHaveLength(2);
    expect(restricted.periods.map((p) => p.period)).toEqual(['2024-05']);
    // Nothing of April's was refused into May's folder or recorded under May.
    expect(existsSync(path.join(ws.inbox, '未通过', '2024-05'))).toBe(false);
  });

  it('a collect without --period judges each file for its own issued period', () => {
    const april = all.files.find((f) => f.file === names.april)!;
    expect(april).toMatchObject({ outcome: 'accepted', period: '2024-04', unit: units[1] });
    expect(april.movedTo).toBe(path.join('已收取', '2024-04', names.april));
    expect(all.periods.map((p) => p.period)).toEqual(['2024-04']);
    const store = openStore(ws);
    try {
      const state = (period: string, unit: string) =>
        periodStatus(plan, store, period, NOW()).units.find((u) => u.code === unit)!.state;
      expect(state('2024-04', units[1])).not.toBe('missing');
      expect(state('2024-05', units[0])).toBe('on-time');
      expect(store.returns('2024-05').map((r) => r.file)).toEqual([names.may]);
    } finally {
      store.close();
    }
  });

  it('a file for a period never issued is refused with that reason', () => {
    const june = all.files.find((f) => f.file === names.june)!;
    expect(june).toMatchObject({ outcome: 'refused', period: '2024-06' });
    expect(june.findings[0].code).toBe('collect.period-not-issued');
    expect(june.findings[0].message).toContain('信用办没有下发过 2024-06 的填报表');
    expect(topLevel(ws)).toEqual([]);
  });
});
