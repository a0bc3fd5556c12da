import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import { DEFAULT_SCHEDULE } from '../core/schedule/model.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { planFileOf } from '../reporter/workspace.js';
import {
  addUser,
  Client,
  startPortal,
  testWorkspace,
  type RunningPortal,
  type TestWorkspace,
} from './helpers/portal.js';

// The console says dates and times in the plan's 日程 时区, not Beijing's: at 17:00 UTC it is
// already the 11th in Beijing but still the 10th in Urumqi (UTC+6).
let tw: TestWorkspace;
let server: RunningPortal;

beforeAll(async () => {
  tw = await testWorkspace({ period: '2024-05', units: ['S01'] });
  const plan = builtInPlan(2024)!;
  await writePlanWorkbook(
    { ...plan, schedule: { ...DEFAULT_SCHEDULE, timeZone: 'Asia/Urumqi' } },
    planFileOf(tw.ws, 2024),
  );
  server = await startPortal({ workspace: tw.ws, now: () => new Date('2024-06-10T17:00:00Z') });
  await addUser(server.portal, 'jingban', 'clerk');
});
afterAll(async () => {
  await server.close();
  await tw.remove();
});

describe('the console in the plan’s time zone', () => {
  it('dates a new document today as the office’s clock says, not Beijing’s', async () => {
    const c = new Client(server.url);
    expect((await c.login('jingban')).status).toBe(303);
    const page = await c.get('/console/documents?year=2024');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="date" value="2024-06-10"');
    expect(page.text).not.toContain('value="2024-06-11"');
  });
});
