/**
 * The built task pane in headless Chromium at task pane width, against a fake Office host backed by
 * a real issued workbook: an empty workbook shows blanks as 尚未填写 (no errors, no red cells); a bad
 * value is marked as the user types it and cleared when fixed; clicking an entry moves Excel's
 * selection; 检查并标记完成 turns blanks into marked errors and refuses, then stamps the metadata
 * once everything is filled. Screenshots go to test-artifacts/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARK_COLORS } from '../../addin/marks.js';
import { ISSUED_FILLS } from '../../addin/rule-set.js';
import { INDICATOR_COLUMN, SHEETS, TASK_COLUMN, metadataValueAddress } from '../../core/contract/index.js';
import { returnDeadline } from '../../core/plan/deadlines.js';
import { plan2024 } from '../../core/plan/plan2024.js';
import { CHROMIUM, hasChromium, openPane, type Fake, type PaneSession } from './harness.js';
import { issuedWorkbookAsOffice } from './issued-workbook.js';

if (!hasChromium) console.warn(`跳过浏览器测试：未找到 ${CHROMIUM}（CI 会安装 chromium）`);

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(root, 'test-artifacts');
/** A pinned "today" inside the calendar's known years, before the May 2024 deadline. */
const TODAY = '2024-06-03';
const PERIOD = '2024-05';

describe.skipIf(!hasChromium)('task pane in a browser with a fake Excel', () => {
  let session: PaneSession;
  let page: Page;
  const fake = <T>(fn: (f: Fake) => T) => session.fake(fn);

  const entry = (kind: 'error' | 'warning' | 'pending', sheet: string, cell: string) =>
    page.locator(`button.finding-${kind}[data-sheet="${sheet}"][data-cell="${cell}"]`);
  const fillOf = (sheet: string, cell: string) =>
    page.evaluate(([s, c]) => window.__fake.fill(s, c), [sheet, cell]);
  const type = (sheet: string, cell: string, text: string) =>
    page.evaluate(([s, c, t]) => window.__fake.type(s, c, t), [sheet, cell, text]);
  const cellsOf = (selector: string) =>
    page
      .locator(selector)
      .evaluateAll((nodes) =>
        nodes.map((n) => [n.getAttribute('data-sheet')!, n.getAttribute('data-cell')!]),
      );
  const headline = () => page.locator('#overall-headline').textContent();
  const pendingCount = async () =>
    Number(/尚未填写 (\d+) 项/.exec((await page.locator('#pending > summary').textContent()) ?? '')?.[1]);

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    session = await openPane({ workbook: await issuedWorkbookAsOffice('S01', PERIOD), today: TODAY });
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('loads the built pane with the local office.js and recognizes the issued workbook', async () => {
    const html = await readFile(join(session.site, 'taskpane.html'), 'utf8');
    expect(html).toContain('<script src="office-js/office.js"></script>');
    expect(html).not.toMatch(/appsforoffice\.microsoft\.com|https?:\/\//);
    expect(await page.locator('#unit').textContent()).toContain('市发展改革委');
    expect(await page.locator('#period').textContent()).toBe('2024年5月');
    expect(await page.locator('#deadline-left').textContent()).toMatch(/还有 \d+ 个工作日/);
    expect(await page.locator('#progress-text').textContent()).toMatch(/必填项已填 0 \/ \d+/);
    expect(await page.locator('#indicators li').count()).toBeGreaterThan(0);
    expect(await fake((f) => f.handlerCount())).toBeGreaterThanOrEqual(3);
    expect(session.errors).toEqual([]);
  });

  it('shows an empty workbook as 尚未填写, with no errors and no red cells', async () => {
    expect(await page.locator('button.finding-error').count()).toBe(0);
    const pending = await cellsOf('button.finding-pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(await pendingCount()).toBe(pending.length);
    expect(await headline()).toBe(`还有 ${pending.length} 项尚未填写`);
    expect(await page.locator('#overall').getAttribute('data-kind')).toBe('filling');
    // Folded by default: the list is there but out of the way.
    expect(await page.locator('#pending').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    for (const [sheet, cell] of pending) expect(await fillOf(sheet, cell)).not.toBe(MARK_COLORS.error);
    expect(pending).toContainEqual([SHEETS.tasks, `${TASK_COLUMN.status.letter}4`]);
    expect(pending).toContainEqual([SHEETS.indicators, `${INDICATOR_COLUMN.numerator.letter}4`]);
    await page.screenshot({ path: join(artifacts, 'addin-taskpane-empty.png'), fullPage: true });
  });

  it('marks bad values as the user types them, within two round trips, and clears them when fixed', async () => {
    const sheet = SHEETS.indicators;
    const cell = `${INDICATOR_COLUMN.numerator.letter}4`;
    /** Types like a user and returns how many round trips the pane needed to catch up. */
    const typeAndCount = async (text: string) => {
      const before = await fake((f) => f.syncs());
      await type(sheet, cell, text);
      await session.settle();
      return (await fake((f) => f.syncs())) - before;
    };

    expect(await fillOf(sheet, cell)).toBe(ISSUED_FILLS.input);
    const pendingBefore = await pendingCount();

    expect(await typeAndCount('95')).toBeLessThanOrEqual(2);
    await entry('pending', sheet, cell).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await pendingCount()).toBe(pendingBefore - 1);
    expect(await fillOf(sheet, cell)).toBe(ISSUED_FILLS.input);

    expect(await typeAndCount('abc')).toBeLessThanOrEqual(2);
    await entry('error', sheet, cell).waitFor({ timeout: 10_000 });
    expect(await entry('error', sheet, cell).textContent()).toContain('abc');
    expect(await fillOf(sheet, cell)).toBe(MARK_COLORS.error);
    expect(await headline()).toBe('还有 1 个错误需修改');
    // The indicator on that row says 有误 rather than a met/unmet verdict on a bad figure.
    expect(await page.locator('#indicators li').first().getAttribute('data-state')).toBe('invalid');

    // 已完成 asks at once for 100 and 印证资料: a choice made, not a blank left.
    const status = `${TASK_COLUMN.status.letter}5`;
    const percent = `${TASK_COLUMN.percent.letter}5`;
    const evidence = `${TASK_COLUMN.evidence.letter}5`;
    await type(SHEETS.tasks, status, '已完成');
    await entry('error', SHEETS.tasks, evidence).waitFor({ timeout: 10_000 });
    await session.settle();
    expect(await entry('error', SHEETS.tasks, percent).count()).toBe(1);
    expect(await fillOf(SHEETS.tasks, evidence)).toBe(MARK_COLORS.error);
    expect(await headline()).toBe('还有 3 个错误需修改');
    await page.screenshot({ path: join(artifacts, 'addin-taskpane.png') });

    expect(await typeAndCount('96')).toBeLessThanOrEqual(2);
    await entry('error', sheet, cell).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await fillOf(sheet, cell)).toBe(ISSUED_FILLS.input);
    expect(await page.locator('#indicators li').first().getAttribute('data-state')).toBe('pending');
    await type(SHEETS.tasks, percent, '100');
    await type(SHEETS.tasks, evidence, '《XX市市级公共信用信息目录（2024年版）》（X发改〔2024〕12号）');
    await entry('error', SHEETS.tasks, evidence).waitFor({ state: 'detached', timeout: 10_000 });
    await session.settle();
    expect(await page.locator('button.finding-error').count()).toBe(0);
    expect(await fillOf(SHEETS.tasks, evidence)).toBe(ISSUED_FILLS.input);
  });

  it('re-checks on selection change, catching a dropdown pick that raised no change event', async () => {
    const cell = `${TASK_COLUMN.status.letter}4`;
    expect(await entry('pending', SHEETS.tasks, cell).count()).toBe(1);
    const filled = async () =>
      Number(/已填 (\d+)/.exec((await page.locator('#progress-text').textContent()) ?? '')?.[1]);
    const filledBefore = await filled();
    await page.evaluate((c) => window.__fake.pickWithoutEvent('任务进展', c, '推进中'), cell);
    await page.evaluate(() => window.__fake.select('任务进展', 'F4'));
    await entry('pending', SHEETS.tasks, cell).waitFor({ state: 'detached', timeout: 10_000 });
    await session.settle();
    expect(await filled()).toBe(filledBefore + 1);
    // 推进中 needs 完成进度 and 本月工作进展 next: still to fill, not errors.
    expect(await entry('pending', SHEETS.tasks, `${TASK_COLUMN.percent.letter}4`).count()).toBe(1);
    expect(await entry('pending', SHEETS.tasks, `${TASK_COLUMN.progress.letter}4`).count()).toBe(1);
    expect(await fillOf(SHEETS.tasks, `${TASK_COLUMN.percent.letter}4`)).toBe(ISSUED_FILLS.input);
  });

  it('selects the cell in Excel when a 尚未填写 entry is clicked', async () => {
    await page.locator('#pending > summary').click();
    const target = page.locator(`button.finding-pending[data-sheet="${SHEETS.indicators}"]`).last();
    const cell = await target.getAttribute('data-cell');
    expect(cell).toMatch(/^[A-Z]+\d+$/);
    await target.click();
    await expect
      .poll(() => fake((f) => f.selection()), { timeout: 5000 })
      .toEqual({ sheet: SHEETS.indicators, address: cell });
    await session.settle();
    // Still open after the re-check the selection change triggered.
    expect(await page.locator('#pending').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  });

  it('检查并标记完成 turns blanks into marked errors, refuses, and leaves the metadata untouched', async () => {
    const blanks = await cellsOf('button.finding-pending');
    expect(blanks.length).toBeGreaterThan(0);
    await page.locator('#filler-name input').fill('张三');
    await page.locator('#filler-phone input').fill('0359-1234567');
    await page.locator('#complete-button').click();
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 10_000 })
      .toMatch(/还有 \d+ 个错误/);
    await session.settle();
    expect(await page.locator('button.finding-pending').count()).toBe(0);
    expect(await page.locator('#pending').count()).toBe(0);
    const errors = await cellsOf('button.finding-error');
    expect(errors).toEqual(expect.arrayContaining(blanks));
    expect(await headline()).toBe(`还有 ${errors.length} 个错误需修改`);
    for (const [sheet, cell] of blanks) expect(await fillOf(sheet, cell)).toBe(MARK_COLORS.error);
    const stamped = await page.evaluate(
      ([s, a]) => window.__fake.get(s, a),
      [SHEETS.metadata, metadataValueAddress('fillerName')],
    );
    expect(stamped).toBeNull();
    // The metadata sheet was not written; the data sheets allow formatting and stay protected.
    expect(await fake((f) => f.isProtected('任务进展'))).toBe(true);
    // The pane scrolled up from the button to the status and the list.
    const box = await page.locator('#overall').boundingBox();
    expect(box && box.y >= 0 && box.y < 50).toBe(true);
    await page.screenshot({ path: join(artifacts, 'addin-taskpane-complete.png') });

    // Once asked for, the full check stays: filling one blank clears only that one.
    const [sheet, cell] = blanks.find(
      ([s, c]) => s === SHEETS.indicators && c.startsWith(INDICATOR_COLUMN.numerator.letter),
    )!;
    await type(sheet, cell, '10');
    await entry('error', sheet, cell).waitFor({ state: 'detached', timeout: 10_000 });
    await session.settle();
    expect(await page.locator('button.finding-error').count()).toBe(errors.length - 1);
    expect(await page.locator('button.finding-pending').count()).toBe(0);

    const first = page.locator(`button.finding-error[data-sheet="${SHEETS.tasks}"]`).first();
    const firstCell = await first.getAttribute('data-cell');
    await first.click();
    await expect
      .poll(() => fake((f) => f.selection()), { timeout: 5000 })
      .toEqual({ sheet: SHEETS.tasks, address: firstCell });
    expect(session.errors).toEqual([]);
  });

  it('marks complete once everything is filled, and says what to do next', async () => {
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
    // The earlier refusal no longer holds, so it is gone.
    expect(await page.locator('#status').textContent()).toBe('');

    await page.locator('#complete-button').click();
    await expect
      .poll(() => page.locator('#status').getAttribute('data-kind'), { timeout: 10_000 })
      .toBe('success');
    const deadline = returnDeadline(plan2024, PERIOD);
    const [y, m, d] = deadline.split('-').map(Number);
    const weekday = '日一二三四五六'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
    const due = `${y}年${m}月${d}日（星期${weekday}）`;
    expect(await page.locator('#status').textContent()).toContain(`最迟于 ${due} 报送市信用办`);
    expect(await headline()).toMatch(/^已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 检查完成，可保存后报送$/);
    expect(await page.locator('#overall-detail').textContent()).toContain('保存文件');
    expect(
      await page.evaluate(
        ([s, a]) => window.__fake.get(s, a),
        [SHEETS.metadata, metadataValueAddress('fillerName')],
      ),
    ).toBe('张三');
    await page.screenshot({ path: join(artifacts, 'addin-taskpane-done.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'addin-taskpane-done-top.png') });

    // An edit after marking complete: an error again, the success line withdrawn.
    await type(SHEETS.tasks, `${TASK_COLUMN.percent.letter}6`, '120');
    await entry('error', SHEETS.tasks, `${TASK_COLUMN.percent.letter}6`).waitFor({ timeout: 10_000 });
    await session.settle();
    expect(await headline()).toBe('还有 1 个错误需修改');
    expect(await page.locator('#overall-detail').textContent()).toContain('重新点击“检查并标记完成”');
    expect(await page.locator('#status').textContent()).toBe('');
    expect(session.errors).toEqual([]);
  });
});
