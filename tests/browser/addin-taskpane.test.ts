/**
 * The built task pane in headless Chromium against a fake Office host backed by a real issued
 * workbook: type a bad value, see the error and the cell mark, fix it, see both clear, click an
 * error and see Excel's selection move. Saves test-artifacts/addin-taskpane.png.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARK_COLORS } from '../../addin/marks.js';
import { ISSUED_FILLS } from '../../addin/rule-set.js';
import { INDICATOR_COLUMN, SHEETS, TASK_COLUMN, metadataValueAddress } from '../../core/contract/index.js';
import { buildAddin } from '../../scripts/addin-build.js';
import { staticHandler } from '../../scripts/addin-static.js';
import { issuedWorkbookAsOffice, type FakeWorkbook } from './issued-workbook.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`跳过浏览器测试：未找到 ${CHROMIUM}（CI 会安装 chromium）`);

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(root, 'test-artifacts');
/** A pinned "today" inside the calendar's known years, before the May 2024 deadline. */
const TODAY = '2024-06-03';

interface Fake {
  type(sheet: string, address: string, text: string): void;
  pickWithoutEvent(sheet: string, address: string, text: string): void;
  select(sheet: string, address: string): void;
  get(sheet: string, address: string): unknown;
  fill(sheet: string, address: string): string | null;
  isProtected(sheet: string): boolean;
  selection(): { sheet: string; address: string };
  syncs(): number;
  handlerCount(): number;
}

declare global {
  interface Window {
    __fake: Fake;
  }
}

describe.skipIf(!hasChromium)('task pane in a browser with a fake Excel', () => {
  let dir: string;
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let workbook: FakeWorkbook;
  const errors: string[] = [];

  /** Runs fn against the fake host inside the page (the function is sent as source). */
  const fake = <T>(fn: (f: Fake) => T): Promise<T> =>
    page.evaluate(`(${fn.toString()})(window.__fake)`) as Promise<T>;
  const finding = (sheet: string, cell: string) =>
    page.locator(`button.finding[data-sheet="${sheet}"][data-cell="${cell}"]`);

  /** Waits until no check has started for a while: the pane has caught up with the last edit. */
  async function settle(): Promise<void> {
    let last = -1;
    for (let i = 0; i < 40; i++) {
      const now = await fake((f) => f.syncs());
      if (now === last) return;
      last = now;
      await page.waitForTimeout(250);
    }
    throw new Error('the pane never settled');
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'creditwork-addin-'));
    await mkdir(artifacts, { recursive: true });
    const outdir = await buildAddin({ outdir: join(dir, 'site') });
    workbook = await issuedWorkbookAsOffice('S01', '2024-05');
    const shim = await readFile(join(root, 'tests', 'browser', 'fake-office.js'), 'utf8');
    const officeJs =
      `window.__FAKE_WORKBOOK__ = ${JSON.stringify(workbook)};\n` +
      `window.CREDITWORK_TODAY = ${JSON.stringify(TODAY)};\n${shim}`;
    server = createServer(staticHandler(outdir, { '/office-js/office.js': officeJs }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
      viewport: { width: 420, height: 1100 },
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/taskpane.html`);
    await page
      .locator('#workbook')
      .waitFor({ state: 'visible', timeout: 20_000 })
      .catch(async (error: Error) => {
        const shown = await page.locator('main').innerText();
        throw new Error(`${error.message}\npane: ${shown}\npage errors: ${errors.join('\n')}`);
      });
    await settle();
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads the built pane with the local office.js and recognizes the issued workbook', async () => {
    const html = await readFile(join(dir, 'site', 'taskpane.html'), 'utf8');
    expect(html).toContain('<script src="office-js/office.js"></script>');
    expect(html).not.toMatch(/appsforoffice\.microsoft\.com|https?:\/\//);
    expect(await page.locator('#unit').textContent()).toContain('市发展改革委');
    expect(await page.locator('#period').textContent()).toBe('2024年5月');
    expect(await page.locator('#deadline-left').textContent()).toMatch(/还有 \d+ 个工作日/);
    expect(await page.locator('#progress-text').textContent()).toMatch(/必填项已填 0 \/ \d+/);
    expect(await page.locator('#indicators tr').count()).toBeGreaterThan(0);
    expect(await fake((f) => f.handlerCount())).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  });

  it('marks a bad value as the user types it, within two round trips, and clears it when fixed', async () => {
    const sheet = SHEETS.indicators;
    const cell = `${INDICATOR_COLUMN.numerator.letter}4`;
    const fillOf = () => page.evaluate(([s, c]) => window.__fake.fill(s, c), [sheet, cell]);
    /** Types like a user and returns how many round trips the pane needed to catch up. */
    const typeAndCount = async (text: string, until: 'attached' | 'detached') => {
      const before = await fake((f) => f.syncs());
      await page.evaluate(([s, c, t]) => window.__fake.type(s, c, t), [sheet, cell, text]);
      await finding(sheet, cell).waitFor({ state: until, timeout: 10_000 });
      await settle();
      return (await fake((f) => f.syncs())) - before;
    };

    // Issued blank: a required cell, already listed and marked.
    expect(await finding(sheet, cell).count()).toBe(1);
    expect(await fillOf()).toBe(MARK_COLORS.error);

    expect(await typeAndCount('95', 'detached')).toBeLessThanOrEqual(2);
    expect(await fillOf()).toBe(ISSUED_FILLS.input);

    expect(await typeAndCount('abc', 'attached')).toBeLessThanOrEqual(2);
    expect(await finding(sheet, cell).getAttribute('class')).toContain('finding-error');
    expect(await finding(sheet, cell).textContent()).toContain('abc');
    expect(await fillOf()).toBe(MARK_COLORS.error);
    await page.screenshot({ path: join(artifacts, 'addin-taskpane.png') });

    expect(await typeAndCount('96', 'detached')).toBeLessThanOrEqual(2);
    expect(await fillOf()).toBe(ISSUED_FILLS.input);
  });

  it('re-checks on selection change, catching a dropdown pick that raised no change event', async () => {
    const cell = `${TASK_COLUMN.status.letter}4`;
    await finding(SHEETS.tasks, cell).waitFor();
    expect(await page.evaluate((c) => window.__fake.fill('任务进展', c), cell)).toBe(MARK_COLORS.error);
    const filled = async () =>
      Number(/已填 (\d+)/.exec((await page.locator('#progress-text').textContent()) ?? '')?.[1]);
    const filledBefore = await filled();
    await page.evaluate((c) => window.__fake.pickWithoutEvent('任务进展', c, '推进中'), cell);
    await page.evaluate(() => window.__fake.select('任务进展', 'F4'));
    await finding(SHEETS.tasks, cell).waitFor({ state: 'detached', timeout: 10_000 });
    await settle();
    expect(await page.evaluate((c) => window.__fake.fill('任务进展', c), cell)).toBe(ISSUED_FILLS.input);
    expect(await filled()).toBe(filledBefore + 1);
  });

  it('selects the cell in Excel when an error is clicked', async () => {
    const target = page.locator(`button.finding[data-sheet="${SHEETS.tasks}"]`).last();
    const cell = await target.getAttribute('data-cell');
    expect(cell).toMatch(/^[A-Z]+\d+$/);
    await target.click();
    await expect
      .poll(() => fake((f) => f.selection()), { timeout: 5000 })
      .toEqual({ sheet: SHEETS.tasks, address: cell });

    const indicatorError = page.locator(`button.finding[data-sheet="${SHEETS.indicators}"]`).first();
    const indicatorCell = await indicatorError.getAttribute('data-cell');
    await indicatorError.click();
    await expect
      .poll(() => fake((f) => f.selection()), { timeout: 5000 })
      .toEqual({ sheet: SHEETS.indicators, address: indicatorCell });
  });

  it('refuses to mark complete while errors remain and leaves the metadata untouched', async () => {
    await page.locator('#filler-name input').fill('张三');
    await page.locator('#filler-phone input').fill('0359-1234567');
    await page.locator('#complete-button').click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 10_000 })
      .toMatch(/还有 \d+ 个错误/);
    const stamped = await page.evaluate(
      ([s, a]) => window.__fake.get(s, a),
      [SHEETS.metadata, metadataValueAddress('fillerName')],
    );
    expect(stamped).toBeNull();
    // Marks were written by lifting protection; it must be back on.
    expect(await fake((f) => f.isProtected('任务进展'))).toBe(true);
    await page.locator('#checked-at').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'addin-taskpane-complete.png') });
    expect(errors).toEqual([]);
  });
});
