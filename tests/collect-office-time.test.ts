import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import type { Plan } from '../core/plan/model.js';
import { statedTimeProblems } from '../core/received.js';
import { DEFAULT_SCHEDULE, scheduleOf } from '../core/schedule/model.js';
import { localClock } from '../core/schedule/local-time.js';
import { masterWorkbook } from '../reporter/collect/master.js';
import { periodStatus } from '../reporter/collect/period-status.js';
import { receipts } from '../reporter/collect/receipts.js';
import { IntakePool } from '../reporter/intake/pool.js';
import { planForPeriod } from '../reporter/intake/plan-for.js';
import { IntakeService } from '../reporter/intake/service.js';
import { indexFileName } from '../reporter/issue/issued.js';
import { receivedAtOption } from '../reporter/options.js';
import { openStore } from '../reporter/store/index.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { DEADLINE, filledWorkbook, PERIOD, testPlan } from './collect-fixtures.js';
import { officeDateTime, parseOfficeTime } from '../core/calendar/office-time.js';
import { isOnTime } from '../core/exceptions/decide.js';
import { officeStamp, officeToday } from '../reporter/collect/deadline.js';

// The office is on China time whatever zone the server runs in (servers are often UTC).
describe('office time', () => {
  it('today turns over at 16:00 UTC, midnight in Beijing', () => {
    expect(officeToday(new Date('2024-06-06T15:59:59Z'))).toBe('2024-06-06');
    expect(officeToday(new Date('2024-06-06T16:00:00Z'))).toBe('2024-06-07');
  });

  it('stamps backups with the office clock, seconds included', () => {
    expect(officeStamp(new Date('2024-12-31T17:05:09Z'))).toBe('20250101-010509');
  });

  it('a file received late in the UTC evening of the deadline is late in the office', () => {
    expect(officeDateTime('2024-06-07T15:30:00Z')).toBe('2024-06-07 23:30');
    expect(isOnTime('2024-06-07T15:30:00Z', '2024-06-07', 'Asia/Shanghai')).toBe(true);
    expect(isOnTime('2024-06-07T16:30:00Z', '2024-06-07', 'Asia/Shanghai')).toBe(false);
  });
});

describe('the office time zone', () => {
  it('is one setting: the schedule default, and the zone a stated time is read in', () => {
    expect(DEFAULT_SCHEDULE.timeZone).toBe('Asia/Shanghai');
    expect(parseOfficeTime('2026-10-09 15:30')).toBe('2026-10-09T07:30:00.000Z');
    // A plan's own zone (日程 时区) gives that zone's offset, not a fixed +08:00.
    expect(parseOfficeTime('2026-10-09 15:30', 'Asia/Urumqi')).toBe('2026-10-09T09:30:00.000Z');
    expect(parseOfficeTime('2026-10-09', 'UTC')).toBe('2026-10-09T00:00:00.000Z');
    expect(officeDateTime('2026-10-09T18:30:00Z', 'UTC')).toBe('2026-10-09 18:30');
    expect(parseOfficeTime('2026-02-30 10:00', 'UTC')).toBeNull();
  });
});

/**
 * An office whose plan says another zone (日程 时区; Asia/Urumqi is China's other zone, UTC+6):
 * every decision and every time the office reads uses the plan's zone, not the built-in default.
 * 17:30 UTC on the deadline is 23:30 on the deadline in Urumqi but 01:30 the next day in Beijing.
 */
describe("a plan in another zone is judged on that zone's clock", () => {
  const zoned: Plan = { ...testPlan(), schedule: { ...scheduleOf(testPlan()), timeZone: 'Asia/Urumqi' } };
  const units = unitsToIssue(zoned);
  const LATE_EVENING = `${DEADLINE}T17:30:00.000Z`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-zone-'));
  const pool = new IntakePool({ threads: 1 });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function issuedWorkspace(): Promise<Workspace> {
    const ws = workspaceAt(path.join(dir, `ws-${Math.random().toString(36).slice(2)}`));
    await createWorkspaceFolders(ws);
    mkdirSync(path.join(ws.outbox, PERIOD), { recursive: true });
    writeFileSync(path.join(ws.outbox, PERIOD, indexFileName(PERIOD)), '');
    return ws;
  }

  it('takes a return received on the deadline evening as on time, and says its time in that zone', async () => {
    const ws = await issuedWorkspace();
    const store = openStore(ws);
    try {
      const intake = new IntakeService({
        workspace: ws,
        store,
        planFor: planForPeriod(ws, zoned),
        pool,
        now: () => new Date(LATE_EVENING),
      });
      const filled = await filledWorkbook(zoned, units[0]);
      const v = await intake.submit({
        bytes: filled.bytes,
        name: filled.name,
        received: { at: LATE_EVENING, source: 'upload' },
        unit: units[0],
      });
      expect(v.outcome).toBe('accepted');
      expect(store.acceptedSubmissions(PERIOD)[0].onTime).toBe(true);

      const status = periodStatus(zoned, store, PERIOD, new Date(LATE_EVENING));
      const state = (code: string) => status.units.find((u) => u.code === code)!.state;
      expect(state(units[0])).toBe('on-time');
      // Still the deadline day in the office: the others are not yet missing.
      expect(state(units[1])).toBe('pending');

      const texts = (bytes: Uint8Array) =>
        Object.values(unzipSync(bytes))
          .map((b) => strFromU8(b))
          .join('');
      const receipt = receipts(zoned, status).find((r) => r.name.startsWith(`${units[0]}-`))!;
      expect(texts(receipt.bytes)).toContain(`${DEADLINE} 23:30`);
      expect(texts(masterWorkbook(zoned, status))).toContain(`${DEADLINE} 23:30`);
    } finally {
      store.close();
    }
  });

  it('reads a time the office states (collect --received-at) in the plan zone', () => {
    expect(receivedAtOption(`${DEADLINE} 23:30`, zoned)).toBe(LATE_EVENING);
    // And checks it against the period in that zone: 16:30 UTC on 30 April is already May in Beijing
    // (00:30) but still April in Urumqi (22:30), before the period began.
    const evening = '2024-04-30T16:30:00.000Z';
    expect(statedTimeProblems(evening, PERIOD, LATE_EVENING, 'Asia/Shanghai')).toEqual([]);
    expect(statedTimeProblems(evening, PERIOD, LATE_EVENING, 'Asia/Urumqi')).toEqual([
      '收到时间 2024-04-30 22:30 早于2024年5月开始，请核对期间和时间。',
    ]);
  });
});

describe('the office clock', () => {
  // localClock keeps each zone's offset per hour instead of formatting every instant with Intl; it
  // must still agree with Intl minute by minute, through DST changes and half-hour offsets.
  const intl = (at: Date, timeZone: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
    return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
  };
  it.each([
    ['Asia/Shanghai', '2026-11-30T15:00:00Z'],
    ['Asia/Urumqi', '2026-11-30T17:00:00Z'],
    ['Europe/Berlin', '2026-03-29T00:00:00Z'],
    ['Europe/Berlin', '2026-10-25T00:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'],
    ['Asia/Kolkata', '2026-06-01T18:00:00Z'],
  ])('agrees with Intl in %s around %s', (timeZone, from) => {
    const start = Date.parse(from);
    for (let t = start; t < start + 4 * 3_600_000; t += 60_000 + 1_234) {
      expect(localClock(new Date(t), timeZone), new Date(t).toISOString()).toEqual(
        intl(new Date(t), timeZone),
      );
    }
  });
});
