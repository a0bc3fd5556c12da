// node --import tsx scripts/docs-portal-pictures.ts: saves docs/images/portal-board.png,
// portal-charts.png and portal-unit.png — the office's board and charts over five months of the
// demo's simulated units, and a unit's page after it uploaded a workbook with a mistake. Needs
// /usr/bin/chromium. Takes a few minutes (it plays the months first).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unitRows } from '../core/contract/unit-rows.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { runDemo } from '../reporter/demo/run-demo.js';
import { Users } from '../reporter/portal/auth/users.js';
import { UnitLinks } from '../reporter/portal/unit-links.js';
import { workspaceAt } from '../reporter/workspace.js';
import { hasChromium } from '../tests/browser/harness.js';
import { openBrowser } from '../tests/browser/portal-browser.js';
import { completeFill, fillWorkbook } from '../tests/helpers/fill-workbook.js';
import { addUser, PASSWORD, startPortal } from '../tests/helpers/portal.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const images = join(root, 'docs', 'images');
const BASE = 'https://xyk.example.gov.cn/creditwork';
/** Late June 2024: May's returns are all in, its circular is out. */
const NOW = new Date('2024-06-21T03:00:00Z');

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('未找到 /usr/bin/chromium，无法截图');
  const dir = await mkdtemp(join(tmpdir(), 'portal-pictures-'));
  try {
    // --reuse DIR keeps the played months in DIR between runs (for adjusting the pages).
    const at = process.argv.indexOf('--reuse');
    const wsDir = at > 0 ? process.argv[at + 1] : join(dir, 'ws');
    if (!existsSync(join(wsDir, 'creditwork.db'))) {
      console.log('模拟 1–5 月的报送（演示数据）……');
      await runDemo({ dir: wsDir, months: 5, seed: 2024, log: (l) => console.log(`  ${l}`) });
    }
    const server = await startPortal({ workspace: workspaceAt(wsDir), baseUrl: BASE, now: () => NOW });
    try {
      // Accounts as the office would have them (kept in a reused workspace).
      for (const [name, role] of [
        ['张主任', 'viewer'],
        ['李经办', 'clerk'],
      ] as const)
        if (!new Users(server.portal.ctx.store.db).byName(name)) await addUser(server.portal, name, role);
      // The portal mounts its routes under the base URL's path, as behind the office's proxy.
      const site = `${server.url}${new URL(BASE).pathname}`;
      const browser = await openBrowser({ viewport: { width: 1360, height: 900 }, scale: 1 });
      try {
        const { page } = browser;
        await mkdir(images, { recursive: true });
        const login = await page.goto(`${site}/login`);
        if (!(await page.locator('#username').count()))
          throw new Error(`登录页异常（${login?.status()}）：${(await page.content()).slice(0, 2000)}`);
        await page.fill('#username', '李经办');
        await page.fill('#password', PASSWORD);
        await Promise.all([page.waitForURL(/\/console/), page.click('button[type=submit]')]);
        await page.goto(`${site}/console/period/2024-05`);
        await page.screenshot({ path: join(images, 'portal-board.png'), fullPage: false });
        await page.goto(`${site}/console/charts?period=2024-05`);
        await page.waitForTimeout(1500);
        await page.screenshot({ path: join(images, 'portal-charts.png'), fullPage: true });
        await page.goto(`${site}/console/units/S05?year=2024`);
        await page.waitForTimeout(1500);
        await page.screenshot({ path: join(images, 'portal-unit-year.png'), fullPage: true });
        await page.goto(`${site}/console/units`);
        await page.screenshot({ path: join(images, 'portal-units.png'), fullPage: false });
        const link = new UnitLinks(server.portal.ctx.store.db).ensure(2024, ['S05'])[0];
        await page.goto(`${site}/u/${link.secret}`);
        // The unit uploads its May workbook with a mistake (a task marked 已完成 without evidence)
        // and reads the verdict by cell, as it would.
        const s05 = plan2024.units.find((u) => u.code === 'S05')!;
        const fill = completeFill(unitRows(plan2024, 'S05'), '2024-05', { seed: 5 });
        const first = unitRows(plan2024, 'S05').tasks[0].task;
        const wrong = join(dir, `S05-${s05.name}-5月.xlsx`);
        await writeFile(
          wrong,
          await fillWorkbook(join(wsDir, 'outbox', '2024-05', `S05-${s05.name}.xlsx`), {
            ...fill,
            tasks: {
              ...fill.tasks,
              [first]: { status: '已完成', percent: 100, progress: '已完成', evidence: null },
            },
          }),
        );
        await page.setInputFiles('#file', wrong);
        await page.locator('#verdicts .verdict').waitFor({ timeout: 60_000 });
        await page.screenshot({ path: join(images, 'portal-unit.png'), fullPage: true });
        if (browser.errors.length) console.warn(`页面错误：\n${browser.errors.join('\n')}`);
      } finally {
        await browser.close();
      }
    } finally {
      await server.close();
    }
    console.log(`已保存：${images}/portal-*.png`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
