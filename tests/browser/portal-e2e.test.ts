import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRows } from '../../core/contract/unit-rows.js';
import { plan2024 } from '../../core/plan/plan2024.js';
import { UnitLinks } from '../../reporter/portal/unit-links.js';
import { completeFill, fillWorkbook } from '../helpers/fill-workbook.js';
import {
  addUser,
  PASSWORD,
  startPortal,
  testWorkspace,
  type RunningPortal,
  type TestWorkspace,
} from '../helpers/portal.js';
import { hasChromium } from './harness.js';
import { openBrowser, type PortalBrowser } from './portal-browser.js';

// Issue 14 item 8, in a real browser against a started portal: a unit uploads a workbook with a
// mistake, reads the verdict by cell, drops the corrected one on the page and sees it accepted; the
// office logs in, sees the unit 按时 on the board, grants another unit an extension and generates the
// circular. Screenshots of the unit page and the board are kept in the test's output folder
// (CREDITWORK_SCREENSHOTS=dir keeps them elsewhere) to be looked at.
const PERIOD = '2024-05';
const NOW = new Date('2024-06-05T02:00:00Z');
let tw: TestWorkspace;
let server: RunningPortal;
let browser: PortalBrowser;
let unitUrl: string;
let shots: string;

const issued = (code: string) => {
  const unit = plan2024.units.find((u) => u.code === code)!;
  return path.join(tw.ws.outbox, PERIOD, `${code}-${unit.name}.xlsx`);
};

beforeAll(async () => {
  if (!hasChromium) return;
  tw = await testWorkspace({ period: PERIOD, units: ['S01', 'S02', 'S03'], baseUrl: 'http://portal.test' });
  server = await startPortal({ workspace: tw.ws, baseUrl: 'http://portal.test', now: () => NOW });
  await addUser(server.portal, 'jingban', 'clerk');
  const link = new UnitLinks(server.portal.ctx.store.db).current(2024).get('S01')!;
  unitUrl = `${server.url}/u/${link.secret}`;
  shots = process.env.CREDITWORK_SCREENSHOTS ?? path.join(tw.dir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  browser = await openBrowser({ viewport: { width: 1280, height: 900 } });
  browser.page.on('dialog', (dialog) => void dialog.accept());
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await tw?.remove();
});

describe.skipIf(!hasChromium)('the portal in a browser', () => {
  it('a unit uploads a workbook with a mistake, reads the verdict by cell, then the corrected one is accepted', async () => {
    const { page } = browser;
    const firstTask = unitRows(plan2024, 'S01').tasks[0].task;
    const fill = completeFill(unitRows(plan2024, 'S01'), PERIOD, { seed: 11 });
    const wrongFile = path.join(tw.dir, 'S01-5月填报表.xlsx');
    writeFileSync(
      wrongFile,
      await fillWorkbook(issued('S01'), {
        ...fill,
        tasks: {
          ...fill.tasks,
          [firstTask]: { status: '已完成', percent: 100, progress: '已完成', evidence: null },
        },
      }),
    );
    const right = await fillWorkbook(issued('S01'), fill);

    await page.goto(unitUrl);
    expect(await page.locator('h1').first().textContent()).toContain(
      plan2024.units.find((u) => u.code === 'S01')!.name,
    );
    // Choosing the file sends it at once (upload.js); the verdict replaces nothing else on the page.
    await page.setInputFiles('#file', wrongFile);
    const refused = page.locator('#verdicts .verdict[data-outcome="refused"]');
    await refused.waitFor({ timeout: 30_000 });
    const text = (await refused.textContent()) ?? '';
    expect(text).toContain('未通过');
    expect(text).toMatch(/任务进展![A-Z]+\d+ ?状态为/);
    // The place is shown once, set apart from the message.
    expect(text).not.toMatch(/(任务进展![A-Z]+\d+)\s*\1/);
    expect(text).toContain('印证资料');
    await page.screenshot({ path: path.join(shots, 'unit-refused.png'), fullPage: true });

    // The corrected workbook dropped on the drop zone, as a user drags it from the desktop.
    const transfer = await page.evaluateHandle((bytes: number[]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'S01-5月填报表-改.xlsx'));
      return dt;
    }, Array.from(right));
    await page.dispatchEvent('#dropzone', 'drop', { dataTransfer: transfer });
    const accepted = page.locator('#verdicts .verdict[data-outcome="accepted"]');
    await accepted.waitFor({ timeout: 30_000 });
    expect(await accepted.textContent()).toContain('已接收');
    // The history shows both returns after a reload.
    await page.reload();
    expect(await page.locator('table.data').last().textContent()).toMatch(
      /已接收 v1[\s\S]*未通过|未通过[\s\S]*已接收 v1/,
    );
    await page.screenshot({ path: path.join(shots, 'unit-page.png'), fullPage: true });
  });

  it('the office logs in, sees the unit 按时, grants an extension and generates the circular', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/console`);
    expect(page.url()).toContain('/login');
    await page.fill('input[name=username]', 'jingban');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(/\/console/), page.click('button[type=submit]')]);

    await page.goto(`${server.url}/console/period/${PERIOD}`);
    const row = page.locator('#board tbody tr', { has: page.locator('td.code', { hasText: /^S01$/ }) });
    expect(await row.locator('.state').first().textContent()).toBe('按时');
    expect(await row.textContent()).toContain('门户上传');
    await page.screenshot({ path: path.join(shots, 'board.png'), fullPage: true });

    // An extension for S02 until 2024-06-14.
    await page.selectOption('#ex-unit', 'S02');
    await page.selectOption('#ex-kind', 'extension');
    await page.fill('#ex-until', '2024-06-14');
    await page.fill('#ex-reason', '单位来函申请，经主任同意');
    await Promise.all([page.waitForLoadState('load'), page.click('#grant button[type=submit]')]);
    await page.goto(`${server.url}/console/period/${PERIOD}`);
    const s02 = page.locator('#board tbody tr', { has: page.locator('td.code', { hasText: /^S02$/ }) });
    expect(await s02.locator('.state').first().textContent()).toBe('延期');
    expect(await page.locator('#exceptions').textContent()).toContain('经主任同意');

    // The circular, from the documents page: a job that ends with its download.
    await page.goto(`${server.url}/console/documents?year=2024`);
    const form = page.locator(`form[action$="/console/period/${PERIOD}/circular"]`);
    // Dated after May's return deadline (2024-06-07): one dated before it is refused.
    await form.locator('input[name=date]').fill('2024-06-11');
    await form.locator('input[name=number]').fill('5');
    await Promise.all([page.waitForURL(/\/console\/jobs\//), form.locator('button[type=submit]').click()]);
    await page.waitForFunction(() => !document.querySelector('[data-job-running]'), undefined, {
      timeout: 120_000,
      polling: 500,
    });
    // The job page refreshes itself while running; read it once it is done.
    await page.reload();
    expect(await page.locator('section.card').textContent()).toContain('已完成');
    const download = page.locator('a', { hasText: '下载通报' });
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/\.docx$/);

    // Draft → sent out: the register lists it as a draft numbered 〔2024〕5号, then 已印发 by the clerk.
    await page.goto(`${server.url}/console/documents?year=2024`);
    const entry = page.locator('#register tbody tr', { hasText: '〔2024〕5号' });
    expect(await entry.locator('.state').count()).toBe(0);
    await Promise.all([page.waitForURL(/#register$/), entry.locator('button[type=submit]').click()]);
    const issued = page.locator('#register tbody tr', { hasText: '〔2024〕5号' });
    expect(await issued.locator('.state').textContent()).toBe('已印发');
    expect(await issued.locator('button').count()).toBe(0);
    expect(await issued.textContent()).toContain('jingban');
    await page.screenshot({ path: path.join(shots, 'documents.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
  });
});
