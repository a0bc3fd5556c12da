/**
 * The built task pane in headless Chromium at 320 px, over a fake Excel and a fake WPS 表格 backed
 * by a real issued workbook, through the same scenarios: nothing written when the pane opens or
 * while the unit types; mistakes (a formula, text in a count) listed by task or indicator as they
 * are typed; one entry for the same blank on many rows; focus kept on the list after jumping to a
 * cell; 检查并标记完成 marking the workbook through its marks sheet in one write and writing nothing
 * when nothing changed; the stamp without lifting protection; 提交 to the unit's portal with the
 * office's verdict shown, and a clear message when the portal cannot be reached. Screenshots go
 * to test-artifacts/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INDICATOR_COLUMN,
  MARKS_SHEET,
  SHEETS,
  TASK_COLUMN,
  markAddress,
  metadataValueAddress,
} from '../../core/contract/index.js';
import { returnDeadline } from '../../core/plan/deadlines.js';
import { plan2024 } from '../../core/plan/plan2024.js';
import { buildAll } from '../../scripts/addin-build.js';
import { CHROMIUM, PANE_VIEWPORT, hasChromium, openPane, type Fake, type PaneSession } from './harness.js';
import { issuedXlsx, withPortal } from './issued-workbook.js';
import { officeView } from './office-view.js';

if (!hasChromium) console.warn(`跳过浏览器测试：未找到 ${CHROMIUM}（CI 会安装 chromium）`);

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(root, 'test-artifacts');
/** A pinned "today" inside the calendar's known years, before the May 2024 deadline. */
const TODAY = '2024-06-03';
const PERIOD = '2024-05';

/** One build for every session of this file. */
let site: string | undefined;
let buildDir: string | undefined;
beforeAll(async () => {
  if (!hasChromium) return;
  buildDir = await mkdtemp(join(tmpdir(), 'creditwork-pane-site-'));
  site = (await buildAll({ outdir: join(buildDir, 'addin') })).dir;
}, 120_000);
afterAll(async () => {
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium).each(['excel', 'wps'] as const)('the task pane in %s', (host) => {
  let session: PaneSession;
  let page: Page;
  let file: Uint8Array;
  const fake = <T>(fn: (f: Fake) => T) => session.fake(fn);
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `addin-${host}-${name}.png`) });

  const entry = (kind: 'error' | 'warning' | 'pending', sheet: string, cell: string) =>
    page.locator(`button.finding-${kind}[data-sheet="${sheet}"][data-cell="${cell}"]`);
  const type = (sheet: string, cell: string, text: string) =>
    page.evaluate(([s, c, t]) => window.__fake.type(s, c, t), [sheet, cell, text]);
  const cellsOf = (selector: string) =>
    page
      .locator(selector)
      .evaluateAll((nodes) =>
        nodes.map((n) => [n.getAttribute('data-sheet')!, n.getAttribute('data-cell')!]),
      );
  const headline = () => page.locator('#overall-headline').textContent();
  const writes = () => fake((f) => f.writes());
  const pendingCount = async () =>
    Number(/尚未填写 (\d+) 项/.exec((await page.locator('#pending > summary').textContent()) ?? '')?.[1]);

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    const issued = await issuedXlsx('S01', PERIOD);
    file = new Uint8Array(issued.bytes);
    const workbook = await officeView(issued.bytes, issued.fileName);
    session = await openPane({
      host,
      workbook: (portal) => withPortal(workbook, portal),
      file,
      today: TODAY,
    });
    page = session.page;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('recognizes the issued workbook, listens, and writes nothing when it opens', async () => {
    if (host === 'excel') {
      const html = await readFile(join(session.site, 'taskpane.html'), 'utf8');
      expect(html).toContain('<script src="office-js/office.js"></script>');
      expect(html).not.toMatch(/appsforoffice\.microsoft\.com|https?:\/\//);
    }
    expect(await page.locator('#unit').textContent()).toContain('市发展改革委');
    expect(await page.locator('#period').textContent()).toBe('2024年5月');
    expect(await page.locator('#deadline-left').textContent()).toMatch(/还有 \d+ 个工作日/);
    expect(await page.locator('#progress-text').textContent()).toMatch(/必填项已填 0 \/ \d+/);
    expect(await page.locator('#indicators li').count()).toBeGreaterThan(0);
    expect(await fake((f) => f.handlerCount())).toBeGreaterThanOrEqual(3);
    expect(await writes()).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('keeps the main button in view at 320 px', async () => {
    const button = await page.locator('#complete-button').boundingBox();
    expect(button).not.toBeNull();
    expect(button!.y + button!.height).toBeLessThanOrEqual(PANE_VIEWPORT.height);
    expect(button!.x + button!.width).toBeLessThanOrEqual(PANE_VIEWPORT.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PANE_VIEWPORT.width,
    );
    await shot('empty');
  });

  it('shows an empty workbook as still to fill, one entry per column, with no errors', async () => {
    expect(await page.locator('button.finding-error').count()).toBe(0);
    const pending = await cellsOf('button.finding-pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(await pendingCount()).toBe(pending.length);
    expect(await headline()).toBe(`还有 ${pending.length} 项尚未填写`);
    expect(pending).toContainEqual([SHEETS.tasks, `${TASK_COLUMN.status.letter}4`]);
    const summaries = await page.locator('#pending details.repeated > summary').allTextContents();
    expect(summaries.some((s) => /^\d+ 个任务未选择“进展状态”$/.test(s.trim()))).toBe(true);
  });

  it('lists mistakes by task or indicator as they are typed, and writes nothing while the unit types', async () => {
    const sheet = SHEETS.indicators;
    const cell = `${INDICATOR_COLUMN.numerator.letter}4`;
    const before = await fake((f) => f.roundTrips());
    await type(sheet, cell, 'abc');
    await entry('error', sheet, cell).waitFor({ timeout: 10_000 });
    await session.settle();
    if (host === 'excel') expect((await fake((f) => f.roundTrips())) - before).toBeLessThanOrEqual(2);
    expect(await entry('error', sheet, cell).textContent()).toContain('abc');
    expect(await entry('error', sheet, cell).locator('.finding-subject').textContent()).toMatch(/^\S+ \S/);
    expect(await headline()).toBe('还有 1 个错误需修改');

    // A formula passes Excel's validation but collect refuses it: so does the pane.
    await type(SHEETS.tasks, `${TASK_COLUMN.percent.letter}5`, '=25*2');
    await entry('error', SHEETS.tasks, `${TASK_COLUMN.percent.letter}5`).waitFor({ timeout: 10_000 });
    expect(await entry('error', SHEETS.tasks, `${TASK_COLUMN.percent.letter}5`).textContent()).toMatch(
      /任务\d+.*是公式/,
    );
    await shot('errors');

    await type(sheet, cell, '96');
    await type(SHEETS.tasks, `${TASK_COLUMN.percent.letter}5`, '50');
    await entry('error', sheet, cell).waitFor({ state: 'detached', timeout: 10_000 });
    await session.settle();
    expect(await page.locator('button.finding-error').count()).toBe(0);
    expect(await writes()).toEqual([]);
  });

  it('re-checks on selection change, catching a dropdown pick that raised no change event', async () => {
    const cell = `${TASK_COLUMN.status.letter}4`;
    expect(await entry('pending', SHEETS.tasks, cell).count()).toBe(1);
    await page.evaluate((c) => window.__fake.pickWithoutEvent('任务进展', c, '推进中'), cell);
    await page.evaluate(() => window.__fake.select('任务进展', 'F4'));
    await entry('pending', SHEETS.tasks, cell).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('selects the cell of a clicked entry and keeps keyboard focus on the list', async () => {
    await page.locator('#pending > summary').click();
    // The blank numerators of every indicator are one entry: open it.
    await page.locator('#pending details.repeated > summary').last().click();
    const target = page
      .locator(`#pending button.finding-pending[data-sheet="${SHEETS.indicators}"]`)
      .filter({ visible: true })
      .last();
    await target.scrollIntoViewIfNeeded();
    const cell = await target.getAttribute('data-cell');
    const key = await target.getAttribute('data-key');
    await target.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => fake((f) => f.selection()), { timeout: 5000 })
      .toEqual({ sheet: SHEETS.indicators, address: cell });
    await session.settle();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.key)).toBe(key);
    expect(await page.locator('#pending').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await shot('focus');
  });

  it('检查并标记完成 marks every blank through the marks sheet in one write, and nothing when nothing changed', async () => {
    const blanks = await cellsOf('button.finding-pending');
    expect(blanks.length).toBeGreaterThan(0);
    await page.locator('#complete-button').click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 10_000 })
      .toMatch(/还有 \d+ 个错误/);
    await session.settle();
    expect(await page.locator('button.finding-pending').count()).toBe(0);
    const errors = await cellsOf('button.finding-error');
    expect(errors).toEqual(expect.arrayContaining(blanks));
    const written = await writes();
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((w) => w.sheet === MARKS_SHEET)).toBe(true);
    for (const [sheet, cell] of blanks) {
      expect(
        await page.evaluate(([s, a]) => window.__fake.get(s, a), [MARKS_SHEET, markAddress(sheet, cell)]),
      ).toBe('E');
    }
    expect(await page.evaluate((s) => window.__fake.isProtected(s), SHEETS.tasks)).toBe(true);
    await shot('checked');

    await page.locator('#complete-button').click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 10_000 })
      .toMatch(/还有 \d+ 个错误/);
    await session.settle();
    expect(await writes()).toHaveLength(written.length);
  });

  it('marks complete once everything is filled, stamping without lifting protection', async () => {
    const answer: Record<string, string> = {
      [`${SHEETS.tasks}!${TASK_COLUMN.status.letter}`]: '推进中',
      [`${SHEETS.tasks}!${TASK_COLUMN.percent.letter}`]: '50',
      [`${SHEETS.tasks}!${TASK_COLUMN.progress.letter}`]: '本月按计划推进，已完成阶段性工作。',
      [`${SHEETS.indicators}!${INDICATOR_COLUMN.numerator.letter}`]: '90',
      [`${SHEETS.indicators}!${INDICATOR_COLUMN.denominator.letter}`]: '100',
    };
    for (let round = 0; round < 4; round++) {
      const errors = await cellsOf('button.finding-error');
      if (errors.length === 0) break;
      for (const [sheet, cell] of errors) {
        const text = answer[`${sheet}!${cell.replace(/\d+$/, '')}`];
        if (!text) throw new Error(`no answer for ${sheet}!${cell}`);
        await type(sheet, cell, text);
      }
      await session.settle();
    }
    expect(await page.locator('button.finding-error').count()).toBe(0);
    expect(await headline()).toBe('可以报送');
    await page.locator('#filler-name').fill('张三');
    await page.locator('#filler-phone').fill('0359-1234567');
    await page.locator('#complete-button').click();
    await expect
      .poll(() => page.locator('#status').getAttribute('data-kind'), { timeout: 10_000 })
      .toBe('success');
    const deadline = returnDeadline(plan2024, PERIOD);
    const [y, m, d] = deadline.split('-').map(Number);
    expect(await page.locator('#status').textContent()).toContain(`${y}年${m}月${d}日`);
    expect(await headline()).toMatch(/^已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 检查完成，可以报送$/);
    expect(
      await page.evaluate(
        ([s, a]) => window.__fake.get(s, a),
        [SHEETS.metadata, metadataValueAddress('fillerName')],
      ),
    ).toBe('张三');
    expect(await page.evaluate((s) => window.__fake.isProtected(s), SHEETS.metadata)).toBe(true);
    await shot('done');
  });

  it('提交 sends the workbook to the unit portal and shows the office verdict', async () => {
    await page.locator('#submit-button').waitFor({ state: 'visible', timeout: 10_000 });
    session.answer({
      status: 200,
      json: {
        outcome: 'refused',
        unit: 'S01',
        period: PERIOD,
        findings: [
          { level: 'error', sheet: '任务进展', cell: 'E6', message: '任务进展!E6 <b>完成进度</b>与上月不符' },
        ],
      },
    });
    await page.locator('#submit-button').click();
    await page.locator('#verdict').waitFor({ state: 'visible', timeout: 15_000 });
    expect(session.submissions).toHaveLength(1);
    const sent = session.submissions[0];
    expect(sent.accept).toBe('application/json');
    expect(sent.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.body.toString('latin1')).toMatch(
      /Content-Disposition: form-data; name="file"; filename="[^"]*\.xlsx"/,
    );
    expect(sent.body.includes(Buffer.from(file))).toBe(true);
    expect(await page.locator('#verdict-headline').textContent()).toMatch(/未接收本表：有 1 个问题/);
    // Portal text is shown as text, never as markup.
    expect(await page.locator('#verdict .finding-message').textContent()).toContain('<b>完成进度</b>');
    if (host === 'excel') expect(await fake((f) => f.files())).toEqual({ opened: 1, closed: 1 });
    await page.locator('#verdict button.finding').click();
    await expect
      .poll(() => fake((f) => f.selection()), { timeout: 5000 })
      .toEqual({ sheet: '任务进展', address: 'E6' });
    await shot('verdict');

    session.answer({ status: 200, json: { outcome: 'accepted', unit: 'S01', period: PERIOD, findings: [] } });
    await page.locator('#submit-button').click();
    await expect
      .poll(() => page.locator('#verdict-headline').textContent(), { timeout: 15_000 })
      .toBe('市信用办已接收本表。');
    expect(await page.locator('#status').getAttribute('data-kind')).toBe('success');

    session.answer(null);
    await page.locator('#submit-button').click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 15_000 })
      .toMatch(/无法连接市信用办门户.*没有丢失/);
    expect(await page.locator('#verdict').isHidden()).toBe(true);
    expect(session.errors.filter((e) => !/Failed to load resource|ERR_/.test(e))).toEqual([]);
  });
  it('waits while the unit edits a cell instead of failing (Excel), and follows the active workbook (WPS)', async () => {
    if (host === 'excel') {
      const cell = `${TASK_COLUMN.percent.letter}6`;
      await fake((f) => f.editing(true));
      await type(SHEETS.tasks, cell, '120');
      await page.waitForTimeout(800);
      expect(await entry('error', SHEETS.tasks, cell).count()).toBe(0);
      expect(await page.locator('#trouble').isHidden()).toBe(true);
      await fake((f) => f.editing(false));
      await entry('error', SHEETS.tasks, cell).waitFor({ timeout: 10_000 });
      await type(SHEETS.tasks, cell, '50');
      await entry('error', SHEETS.tasks, cell).waitFor({ state: 'detached', timeout: 10_000 });
      return;
    }
    const name = await page.evaluate(() => window.__fake.activeSheet());
    expect(name).toBeTruthy();
    await page.evaluate(() => window.__fake.switchWorkbook!('工作簿2.xlsx'));
    await page.locator('#notice').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#notice-reason').textContent()).toMatch(/不是信用办下发的月度填报表/);
    expect(await page.locator('#actions').isHidden()).toBe(true);
    const own = await page.evaluate(
      () => (window as unknown as { __fakeCommon: { fileName: string } }).__fakeCommon.fileName,
    );
    await page.evaluate((n) => window.__fake.switchWorkbook!(n), own);
    await page.locator('#workbook').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#unit').textContent()).toContain('市发展改革委');
  });
});

describe.skipIf(!hasChromium)('below the floor', () => {
  const open = async (before: (page: Page) => Promise<void>) => {
    const issued = await issuedXlsx('S01', PERIOD);
    return openPane({
      host: 'excel',
      workbook: await officeView(issued.bytes, issued.fileName),
      today: TODAY,
      site,
      before,
    });
  };

  it('explains in Chinese, in a browser too old for the pane, what works instead', async () => {
    // IE 11 and the old Edge neither run the module nor have these built-ins.
    const session = await open(async (page) => {
      await page.route('**/taskpane.js', (route) => route.abort());
      await page.addInitScript('delete Promise.allSettled; delete String.prototype.matchAll;');
    });
    try {
      const notice = await session.page.locator('#notice').innerText();
      expect(notice).toMatch(/网页内核过旧/);
      expect(notice).toMatch(/表格自带的下拉列表和输入限制/);
      expect(notice).toMatch(/门户网页上传/);
      expect(await session.page.locator('#loading').isVisible()).toBe(false);
      await session.page.screenshot({ path: join(artifacts, 'addin-legacy.png') });
    } finally {
      await session.close();
    }
  });

  it('says so when the pane did not start, instead of reading forever', async () => {
    const session = await open(async (page) => {
      await page.route('**/taskpane.js', (route) => route.abort());
      await page.addInitScript('window.CREDITWORK_WATCHDOG_MS = 300;');
    });
    try {
      expect(await session.page.locator('#notice').innerText()).toMatch(/助手未能启动/);
    } finally {
      await session.close();
    }
  });
});
