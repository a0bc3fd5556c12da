import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import { readPlanFile } from '../reporter/plan/load.js';
import { readPlanFileInThread } from '../reporter/plan/read-in-thread.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { UserError } from '../reporter/user-error.js';

// collect reads plans/<year>.xlsx on a thread of its own: what comes back must be exactly what
// reading it in place gives, refusals included.
const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-plan-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a plan workbook on its own thread', () => {
  it('gives the same plan, findings and places as reading it in place', async () => {
    const file = path.join(dir, '2024.xlsx');
    await writePlanWorkbook(builtInPlan(2024)!, file);
    expect(await readPlanFileInThread(file)).toEqual(await readPlanFile(file));
  });

  it('refuses a file that is not a workbook with the same Chinese reason', async () => {
    const file = path.join(dir, 'broken.xlsx');
    writeFileSync(file, 'not a zip');
    const inPlace = await readPlanFile(file).catch((error: unknown) => error);
    const threaded = await readPlanFileInThread(file).catch((error: unknown) => error);
    expect(inPlace).toBeInstanceOf(UserError);
    expect(threaded).toBeInstanceOf(UserError);
    expect((threaded as UserError).message).toBe((inPlace as UserError).message);
    expect((threaded as UserError).message).toContain('broken.xlsx');
  });
});
