// npm run addin:build [-- --base-url https://host/path/]: static task pane bundle in dist/addin/,
// with a local copy of office.js (no Microsoft CDN on government intranets) and, when a base URL is
// given (or CREDITWORK_ADDIN_BASE_URL is set), a deployment manifest pointing at it. Works offline.
import { build, type BuildOptions } from 'esbuild';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iconFiles } from './addin-icons.js';
import { baseUrlFrom, deploymentManifest, normalizeBaseUrl } from './addin-manifest.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const outDir = join(root, 'dist', 'addin');
const officeJsDist = join(root, 'node_modules', '@microsoft', 'office-js', 'dist');

export const bundleOptions = (outdir: string): BuildOptions => ({
  absWorkingDir: root,
  entryPoints: { taskpane: 'addin/taskpane.ts' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Excel on Windows renders panes in WebView2 (Chromium); Office 2019 MSI may use the IE-era
  // Trident view, which this pane does not support (the manifest's ExcelApi 1.7 floor excludes most of it).
  target: ['es2020', 'chrome90', 'edge90'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
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

export async function buildAddin(options: { baseUrl?: string; outdir?: string } = {}): Promise<string> {
  const outdir = options.outdir ?? outDir;
  const base = options.baseUrl ? normalizeBaseUrl(options.baseUrl) : undefined;
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'assets'), { recursive: true });
  await build(bundleOptions(outdir));
  for (const page of ['taskpane.html', 'taskpane.css', 'commands.html', 'help.html']) {
    await cp(join(root, 'addin', page), join(outdir, page));
  }
  for (const [name, bytes] of iconFiles()) await writeFile(join(outdir, 'assets', name), bytes);
  const copied = await copyOfficeJs(join(outdir, 'office-js'));
  if (copied === 0) throw new Error('未找到 @microsoft/office-js/dist，请先安装依赖');
  const devManifest = await readFile(join(root, 'manifest.xml'), 'utf8');
  if (base) await writeFile(join(outdir, 'manifest.xml'), deploymentManifest(devManifest, base));
  return outdir;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const baseUrl = baseUrlFrom(process.argv.slice(2), process.env);
  buildAddin({ baseUrl })
    .then((dir) => {
      console.log(`已生成加载项静态文件：${dir}`);
      console.log(
        baseUrl
          ? `部署清单：${join(dir, 'manifest.xml')}（地址 ${normalizeBaseUrl(baseUrl)}）`
          : '未指定部署地址：如需部署清单，请加 --base-url https://服务器/路径/ 或设置 CREDITWORK_ADDIN_BASE_URL',
      );
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
