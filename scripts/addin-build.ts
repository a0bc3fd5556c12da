// npm run addin:build [-- --base-url https://host/path/]: the task pane for Excel in dist/addin/ (with
// a local copy of office.js: no Microsoft CDN on government intranets), the same pane as a WPS 表格
// 加载项 in dist/addin/wps/, and the offline install kit for WPS in dist/wps-install/. With a base URL
// (or CREDITWORK_ADDIN_BASE_URL) also the deployment manifest and jsplugins.xml. Works offline.
import { build, type BuildOptions } from 'esbuild';
import { chmod, cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipFiles } from '../reporter/zip-write.js';
import { iconFiles } from './addin-icons.js';
import { baseUrlFrom, deploymentManifest, normalizeBaseUrl } from './addin-manifest.js';
import { ADDIN_ID } from '../reporter/issue/web-extension.js';
import { WPS_ADDIN_NAME, jspluginsXml, wpsInstallKit } from './addin-wps.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const outDir = join(root, 'dist', 'addin');
const officeJsDist = join(root, 'node_modules', '@microsoft', 'office-js', 'dist');

/**
 * Office on Windows renders panes in WebView2 (Chromium), on Mac in Safari: the floor is ES2020.
 * Older webviews (IE 11, EdgeHTML of Office 2016/2019 volume licences) get legacy.js's message.
 */
export const OFFICE_TARGET = ['es2020', 'chrome90', 'edge90', 'safari15'];
/**
 * WPS 加载项 pages run in the Chromium WPS embeds, older in WPS 2019 builds on UOS/Kylin: syntax is
 * lowered to Chrome 61 and classic scripts are used; wps/polyfills.ts fills the few newer built-ins.
 */
export const WPS_TARGET = ['chrome61'];

const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  platform: 'browser',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
};

export const bundleOptions = (outdir: string): BuildOptions => ({
  ...common,
  entryPoints: { taskpane: 'addin/excel/taskpane.ts' },
  outdir,
  format: 'esm',
  target: OFFICE_TARGET,
});

export const wpsBundleOptions = (outdir: string): BuildOptions => ({
  ...common,
  entryPoints: { taskpane: 'addin/wps/taskpane.ts', main: 'addin/wps/main.ts' },
  outdir,
  format: 'iife',
  target: WPS_TARGET,
});

/**
 * Which office.js files to ship: the loader, Excel's host scripts, and the locale string folders
 * the loader fetches for the UI language. Debug builds and other hosts stay behind (~12 MB saved).
 */
export function isShippedOfficeFile(relative: string): boolean {
  const path = relative.replace(/\\/g, '/');
  if (path.includes('.debug.') || path.endsWith('-vsdoc.js') || path.endsWith('.d.ts')) return false;
  const [first, second] = path.split('/');
  if (second === undefined) {
    return /^(office|o15apptofilemappingtable|es6-promise)\.js$/.test(first) || /^excel/.test(first);
  }
  if (['telemetry', 'ariatelemetry', 'agaveerrorux'].includes(first)) return true;
  // Locale folders (zh-cn, en-us, …) hold office_strings.js.
  return /^[a-z]{2,3}(-[a-z0-9]{2,4})?$/.test(first) && second === 'office_strings.js';
}

async function copyOfficeJs(dest: string): Promise<number> {
  let copied = 0;
  const entries = await readdir(officeJsDist, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    const relative = from.slice(officeJsDist.length + 1);
    if (!isShippedOfficeFile(relative)) continue;
    await cp(from, join(dest, relative));
    copied++;
  }
  return copied;
}

const HOST_SCRIPT =
  "<!-- HOST_SCRIPT: the host's own script goes here at build time (Excel: the local office.js). -->";

/** taskpane.html for a host: Excel loads office.js first; WPS needs nothing and gets classic scripts. */
export function taskpaneHtml(source: string, host: 'excel' | 'wps'): string {
  if (!source.includes(HOST_SCRIPT)) throw new Error('addin/taskpane.html lacks the HOST_SCRIPT marker');
  if (host === 'excel') {
    return source.replace(
      HOST_SCRIPT,
      '<!-- Local copy of office.js: intranet units reach no Microsoft CDN. -->\n    <script src="office-js/office.js"></script>',
    );
  }
  return source
    .replace(HOST_SCRIPT, '<!-- WPS provides window.Application to its add-in pages. -->')
    .replace('<script src="legacy.js"></script>', '<script src="legacy.js" data-floor="es2017"></script>')
    .replace(
      '<script type="module" src="taskpane.js"></script>',
      '<script defer src="taskpane.js"></script>',
    );
}

async function writePaneFiles(dir: string, host: 'excel' | 'wps'): Promise<void> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  const html = await readFile(join(root, 'addin', 'taskpane.html'), 'utf8');
  await writeFile(join(dir, 'taskpane.html'), taskpaneHtml(html, host));
  for (const file of ['taskpane.css', 'legacy.js', 'help.html'])
    await cp(join(root, 'addin', file), join(dir, file));
  for (const [name, bytes] of iconFiles()) await writeFile(join(dir, 'assets', name), bytes);
}

export interface BuiltAddin {
  /** dist/addin: the Excel pane, and the WPS add-in under wps/. */
  dir: string;
  wpsDir: string;
  /** The offline install kit for WPS (Windows and UOS/Kylin). */
  installDir: string;
}

export async function buildAddin(options: { baseUrl?: string; outdir?: string } = {}): Promise<string> {
  return (await buildAll(options)).dir;
}

export async function buildAll(options: { baseUrl?: string; outdir?: string } = {}): Promise<BuiltAddin> {
  const dir = options.outdir ?? outDir;
  const base = options.baseUrl ? normalizeBaseUrl(options.baseUrl) : undefined;
  const wpsDir = join(dir, 'wps');
  const installDir = join(dir, '..', 'wps-install');
  await rm(dir, { recursive: true, force: true });
  await rm(installDir, { recursive: true, force: true });

  // Excel (Office.js).
  await writePaneFiles(dir, 'excel');
  await build(bundleOptions(dir));
  for (const page of ['commands.html', 'commands.js']) await cp(join(root, 'addin', page), join(dir, page));
  const copied = await copyOfficeJs(join(dir, 'office-js'));
  if (copied === 0) throw new Error('未找到 @microsoft/office-js/dist，请先安装依赖');
  const devManifest = await readFile(join(root, 'manifest.xml'), 'utf8');
  if (base) await writeFile(join(dir, 'manifest.xml'), deploymentManifest(devManifest, base));

  // WPS 表格: the layout the wpsjs tool builds (ribbon.xml, index.html, main.js, pages beside them).
  await writePaneFiles(wpsDir, 'wps');
  await build(wpsBundleOptions(wpsDir));
  for (const file of ['ribbon.xml', 'index.html'])
    await cp(join(root, 'addin', 'wps', file), join(wpsDir, file));
  if (base) await writeFile(join(dir, 'jsplugins.xml'), jspluginsXml(`${base}/wps/`));

  // The offline kit: the WPS add-in folder, install scripts, and for a deployment the Excel manifest.
  await mkdir(installDir, { recursive: true });
  await cp(wpsDir, join(installDir, WPS_ADDIN_NAME), { recursive: true });
  if (base) await cp(join(dir, 'manifest.xml'), join(installDir, 'manifest.xml'));
  const kit = wpsInstallKit(base ? `${base}/wps/` : undefined, base ? { addinId: ADDIN_ID } : undefined);
  for (const [name, { text, executable }] of Object.entries(kit)) {
    const target = join(installDir, name);
    await writeFile(target, text);
    if (executable) await chmod(target, 0o755);
  }
  // The same kit as one download from the portal, which serves dist/addin/.
  const files: Record<string, Uint8Array> = {};
  for (const entry of await readdir(installDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    files[`信用填报助手-WPS/${relative(installDir, from).replace(/\\/g, '/')}`] = await readFile(from);
  }
  await writeFile(join(dir, 'wps-install.zip'), zipFiles(files, new Date(Date.UTC(2024, 0, 1))));
  return { dir, wpsDir, installDir };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const baseUrl = baseUrlFrom(process.argv.slice(2), process.env);
  buildAll({ baseUrl })
    .then(({ dir, wpsDir, installDir }) => {
      console.log(`已生成 Excel 加载项：${dir}`);
      console.log(`已生成 WPS 表格加载项：${wpsDir}`);
      console.log(
        `已生成 WPS 离线安装包：${installDir}（Windows 运行 安装-Windows.cmd，统信/麒麟运行 安装-统信麒麟.sh）`,
      );
      console.log(
        baseUrl
          ? `部署清单：${join(dir, 'manifest.xml')}，WPS 在线加载：${join(dir, 'jsplugins.xml')}（地址 ${normalizeBaseUrl(baseUrl)}）`
          : '未指定部署地址：如需部署清单，请加 --base-url https://服务器/路径/ 或设置 CREDITWORK_ADDIN_BASE_URL',
      );
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
