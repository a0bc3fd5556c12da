// node --import tsx scripts/docs-taskpane-screenshot.ts: saves docs/images/taskpane.png, the task
// pane at 320 px in Excel over a partly filled 2024-05 workbook of 市发展改革委 with one mistake (a
// 分子 larger than its 分母), and the same pane in WPS 表格, in Office's dark theme and in high
// contrast into test-artifacts/ to look at. Uses dist/addin when it is newer than the sources,
// builds into a temp dir otherwise. Needs /usr/bin/chromium.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDICATOR_COLUMN, SHEETS, TASK_COLUMN } from '../core/contract/index.js';
import {
  CHROMIUM,
  PANE_VIEWPORT,
  hasChromium,
  openPane,
  type OpenPaneOptions,
} from '../tests/browser/harness.js';
import { issuedWorkbookAsOffice, withCells, withPortal } from '../tests/browser/issued-workbook.js';
import type { FakeWorkbook } from '../tests/browser/office-view.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'docs', 'images', 'taskpane.png');
const artifacts = join(root, 'test-artifacts');
const TODAY = '2024-06-03';

/** Newest modification time of the files under `dir` (0 when it does not exist). */
async function newest(dir: string): Promise<number> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const times = await Promise.all(
      entries.filter((e) => e.isFile()).map(async (e) => (await stat(join(e.parentPath, e.name))).mtimeMs),
    );
    return Math.max(0, ...times);
  } catch {
    return 0;
  }
}

/** dist/addin when `npm run addin:build` output is newer than everything the bundle is made of. */
async function builtSite(): Promise<string | undefined> {
  const site = join(root, 'dist', 'addin');
  const built = await stat(join(site, 'wps', 'taskpane.js')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = Math.max(await newest(join(root, 'addin')), await newest(join(root, 'core')));
  const hasOfficeJs = await stat(join(site, 'office-js', 'office.js')).then(
    () => true,
    () => false,
  );
  return built > sources && hasOfficeJs ? site : undefined;
}

/** What a unit has typed a few days before the deadline: half the tasks, three indicators. */
function partlyFilled(workbook: FakeWorkbook): FakeWorkbook {
  const t = TASK_COLUMN;
  const task = (row: number, status: string, percent: number, progress: string, evidence = '') => ({
    [`${t.status.letter}${row}`]: status,
    [`${t.percent.letter}${row}`]: percent,
    [`${t.progress.letter}${row}`]: progress,
    ...(evidence ? { [`${t.evidence.letter}${row}`]: evidence } : {}),
  });
  const tasks = {
    ...task(4, '推进中', 40, '组织学习国家社会信用体系建设有关文件，梳理本单位落实事项清单。'),
    ...task(
      5,
      '已完成',
      100,
      '市级公共信用信息目录和失信惩戒措施清单（2024年版）已编印下发。',
      'X发改信用〔2024〕15号',
    ),
    ...task(6, '推进中', 60, '完成信用平台等保测评差距分析，整改事项已列入6月计划。'),
    ...task(7, '推进中', 50, '5月归集“双公示”信息1254条，逐条核查合规性和及时性。'),
    ...task(8, '推进中', 30, '平台数据治理功能需求已确定，正在论证技术方案。'),
  };
  const i = INDICATOR_COLUMN;
  const ratio = (row: number, numerator: number, denominator: number) => ({
    [`${i.numerator.letter}${row}`]: numerator,
    [`${i.denominator.letter}${row}`]: denominator,
  });
  // T04-1 swaps two figures: 1286 合规条数 against 1254 报送总条数 — the one error shown.
  const indicators = { ...ratio(4, 1286, 1254), ...ratio(5, 1240, 1254), ...ratio(6, 1250, 1254) };
  return withCells(withCells(workbook, SHEETS.tasks, tasks), SHEETS.indicators, indicators);
}

/** Office's 深灰色 (dark grey) theme, as Office.context.officeTheme reports it. */
const DARK_GREY = {
  bodyBackgroundColor: '#262626',
  bodyForegroundColor: '#ffffff',
  controlBackgroundColor: '#333333',
  controlForegroundColor: '#ffffff',
};

async function shoot(name: string, options: Omit<OpenPaneOptions, 'today'>, path: string): Promise<void> {
  const session = await openPane({ ...options, today: TODAY });
  try {
    const errors = await session.page.locator('button.finding-error').count();
    if (errors !== 1) throw new Error(`${name}: expected one error in the pane, found ${errors}`);
    if (session.errors.length > 0) throw new Error(`${name}: page errors: ${session.errors.join('\n')}`);
    await session.page.screenshot({ path });
    console.log(`已保存 ${path}`);
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error(`未找到 ${CHROMIUM}，无法截图`);
  const base = partlyFilled(await issuedWorkbookAsOffice('S01', '2024-05'));
  const workbook = (portal: string) => withPortal(base, portal);
  const site = await builtSite();
  await mkdir(join(root, 'docs', 'images'), { recursive: true });
  await mkdir(artifacts, { recursive: true });
  const viewport = { width: PANE_VIEWPORT.width, height: 720 };
  const common = { workbook, site, viewport, deviceScaleFactor: 1 };
  await shoot('excel', { ...common, host: 'excel' }, output);
  await shoot('wps', { ...common, host: 'wps' }, join(artifacts, 'taskpane-wps.png'));
  await shoot(
    'dark',
    { ...common, host: 'excel', officeTheme: DARK_GREY },
    join(artifacts, 'taskpane-dark.png'),
  );
  await shoot(
    'wps-dark',
    { ...common, host: 'wps', colorScheme: 'dark' },
    join(artifacts, 'taskpane-wps-dark.png'),
  );
  await shoot(
    'contrast',
    { ...common, host: 'excel', forcedColors: 'active', colorScheme: 'dark' },
    join(artifacts, 'taskpane-contrast.png'),
  );
  console.log(site ? '（使用 dist/addin）' : '（临时构建）');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
