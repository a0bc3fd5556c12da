/**
 * `npm run addin:build`: the Excel pane with its local office.js and deployment manifest, the WPS
 * 表格 加载项 in the layout the wpsjs tool makes, the offline install kit, and scripts that parse
 * where they must run: the ES5 fallback in IE 11 (acorn, ecmaVersion 5), the WPS bundle in the
 * Chromium of older WPS builds (ES2018, classic scripts), the Excel bundle in WebView2 (ES2020).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parse } from 'acorn';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, type BuiltAddin } from '../scripts/addin-build.js';
import { ADDIN_ID } from '../reporter/issue/web-extension.js';
import { WPS_ADDIN_NAME, WPS_ADDIN_VERSION } from '../scripts/addin-wps.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const BASE = 'https://xyk.example.gov.cn/creditwork';
let dir: string;
let built: BuiltAddin;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'creditwork-addin-build-'));
  built = await buildAll({ outdir: join(dir, 'addin'), baseUrl: `${BASE}/` });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const text = (path: string) => readFile(path, 'utf8');

describe('the ES5 fallback', () => {
  it('parses as ES5, as written and as shipped to both hosts', async () => {
    for (const file of [
      join(root, 'addin', 'legacy.js'),
      join(built.dir, 'legacy.js'),
      join(built.wpsDir, 'legacy.js'),
      join(root, 'addin', 'commands.js'),
    ]) {
      expect(() => parse(readFileSync(file, 'utf8'), { ecmaVersion: 5 }), file).not.toThrow();
    }
  });

  it('is rejected by the same parser for anything newer', () => {
    expect(() => parse('const x = () => 1;', { ecmaVersion: 5 })).toThrow();
  });

  it('runs before the bundle on both hosts', async () => {
    const excel = await text(join(built.dir, 'taskpane.html'));
    expect(excel.indexOf('legacy.js')).toBeLessThan(excel.indexOf('taskpane.js'));
    expect(excel.indexOf('office-js/office.js')).toBeLessThan(excel.indexOf('taskpane.js'));
    expect(excel).toContain('<script type="module" src="taskpane.js"></script>');
    const wps = await text(join(built.wpsDir, 'taskpane.html'));
    expect(wps).toContain('<script src="legacy.js" data-floor="es2017"></script>');
    expect(wps).toContain('<script defer src="taskpane.js"></script>');
    expect(wps).not.toContain('office.js');
  });
});

describe('the bundles', () => {
  it('parse at each host floor, and carry no Fluent web components', async () => {
    const office = await text(join(built.dir, 'taskpane.js'));
    expect(() => parse(office, { ecmaVersion: 2020, sourceType: 'module' })).not.toThrow();
    for (const name of ['taskpane.js', 'main.js']) {
      const wps = await text(join(built.wpsDir, name));
      expect(() => parse(wps, { ecmaVersion: 2018, sourceType: 'script' }), name).not.toThrow();
      expect(wps).not.toMatch(/\?\.|\?\?/);
    }
    expect(office).not.toMatch(/fluent-|FASTElement/);
  });

  it('ship office.js locally for Excel and the deployment manifest for the base address', async () => {
    expect(existsSync(join(built.dir, 'office-js', 'office.js'))).toBe(true);
    const manifest = await text(join(built.dir, 'manifest.xml'));
    expect(manifest).toContain(`${BASE}/taskpane.html`);
    expect(manifest).not.toContain('localhost');
  });
});

describe('the WPS 加载项', () => {
  it('has the wpsjs layout: ribbon.xml, index.html loading main.js, the pane beside them', async () => {
    for (const file of [
      'ribbon.xml',
      'index.html',
      'main.js',
      'taskpane.html',
      'taskpane.js',
      'taskpane.css',
      'assets/icon-32.png',
    ]) {
      expect(existsSync(join(built.wpsDir, file)), file).toBe(true);
    }
    const ribbon = await text(join(built.wpsDir, 'ribbon.xml'));
    expect(ribbon).toMatch(/<customUI [^>]*onLoad="OnAddinLoad"/);
    expect(ribbon).toContain('onAction="OnAction"');
    expect(await text(join(built.wpsDir, 'index.html'))).toContain('<script src="main.js"></script>');
    expect(await text(join(built.dir, 'jsplugins.xml'))).toContain(
      `<jspluginonline name="${WPS_ADDIN_NAME}" type="et" url="${BASE}/wps/"/>`,
    );
  });

  it('opens its pane by itself for an issued workbook, and toggles it from the ribbon', async () => {
    const listeners = new Map<string, ((wb: unknown) => void)[]>();
    const panes: { url: string; Visible: boolean; ID: number; Width?: number }[] = [];
    const storage = new Map<string, unknown>();
    const workbook = (issued: boolean) => ({
      Sheets: {
        Item: (name: string) => {
          if (!issued || name !== '_creditwork') throw new Error('下标越界');
          return {};
        },
      },
    });
    const Application = {
      ActiveWorkbook: workbook(false),
      ApiEvent: {
        AddApiEventListener: (name: string, fn: (wb: unknown) => void) =>
          listeners.set(name, [...(listeners.get(name) ?? []), fn]),
      },
      PluginStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: unknown) => storage.set(k, v),
      },
      CreateTaskPane: (url: string) => {
        const pane = { url, Visible: false, ID: panes.length + 1 };
        panes.push(pane);
        return pane;
      },
      GetTaskPane: (id: number) => panes.find((p) => p.ID === id) ?? null,
    };
    const window: Record<string, unknown> = { Application, devicePixelRatio: 1 };
    const sandbox = { window, location: { href: 'file:///jsaddons/creditwork_1.0.0/index.html' }, Object };
    vm.runInNewContext(await text(join(built.wpsDir, 'main.js')), sandbox);
    const call = (name: string, ...args: unknown[]) =>
      (window[name] as (...a: unknown[]) => unknown)(...args);
    expect(call('OnAddinLoad', {})).toBe(true);
    expect(panes).toEqual([]);
    for (const fn of listeners.get('WorkbookOpen') ?? []) fn(workbook(true));
    expect(panes).toEqual([
      { url: 'file:///jsaddons/creditwork_1.0.0/taskpane.html', Visible: true, ID: 1, Width: 350 },
    ]);
    call('OnAction', { Id: 'creditworkPane' });
    expect(panes[0].Visible).toBe(false);
    call('OnAction', { Id: 'creditworkPane' });
    expect(panes).toHaveLength(1);
    expect(panes[0].Visible).toBe(true);
    expect(call('GetImage', { Id: 'creditworkPane' })).toBe('assets/icon-32.png');
  });

  it('comes as an install kit for Windows and UOS/Kylin, also as one download beside the pane', async () => {
    for (const file of [
      '安装-Windows.cmd',
      'install-windows.ps1',
      '安装-统信麒麟.sh',
      '说明.txt',
      `${WPS_ADDIN_NAME}/ribbon.xml`,
    ]) {
      expect(existsSync(join(built.installDir, file)), file).toBe(true);
    }
    const excel = await text(join(built.installDir, 'install-excel.ps1'));
    expect(excel).toContain("'HKCU:\\Software\\Microsoft\\Office\\16.0\\WEF\\Developer'");
    expect(excel).toContain(`-Name '${ADDIN_ID}'`);
    expect(await text(join(built.installDir, 'manifest.xml'))).toContain(`${BASE}/taskpane.html`);
    const ps1 = await readFile(join(built.installDir, 'install-windows.ps1'));
    expect([...ps1.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(ps1.toString('utf8')).toContain(`'${BASE}/wps/'`);
    // cmd.exe reads the launcher in the OEM code page: ASCII only.
    expect(
      [...(await text(join(built.installDir, '安装-Windows.cmd')))].every((c) => c.charCodeAt(0) < 128),
    ).toBe(true);
    const zip = unzipSync(new Uint8Array(await readFile(join(built.dir, 'wps-install.zip'))));
    expect(Object.keys(zip)).toContain(`信用填报助手-WPS/${WPS_ADDIN_NAME}/ribbon.xml`);
    expect(strFromU8(zip['信用填报助手-WPS/安装-统信麒麟.sh'])).toContain('jsaddons');
  });

  it('installs on Linux into jsaddons, keeps other add-ins in publish.xml, and uninstalls cleanly', async () => {
    const home = join(dir, 'home');
    const jsaddons = join(home, '.local', 'share', 'Kingsoft', 'wps', 'jsaddons');
    await mkdir(jsaddons, { recursive: true });
    const other =
      '<jspluginonline name="oa" type="wps" url="http://oa/addin/" enable="enable_dev" install="null"/>';
    await writeFile(
      join(jsaddons, 'publish.xml'),
      `<?xml version="1.0" encoding="UTF-8"?><jsplugins>${other}</jsplugins>`,
    );
    const run = (...args: string[]) =>
      execFileSync('sh', [join(built.installDir, '安装-统信麒麟.sh'), ...args], {
        env: { ...process.env, HOME: home },
        encoding: 'utf8',
      });
    const ours = (xml: string) => xml.split('\n').filter((l) => l.includes(`name="${WPS_ADDIN_NAME}"`));

    expect(run('--online', 'https://portal/creditwork/wps/')).toContain('已安装');
    run('--online', 'https://portal/creditwork/wps/');
    let publish = await text(join(jsaddons, 'publish.xml'));
    expect(publish).toContain(other);
    expect(ours(publish)).toEqual([
      `  <jspluginonline name="${WPS_ADDIN_NAME}" type="et" url="https://portal/creditwork/wps/" debug="" enable="enable_dev" install="null"/>`,
    ]);
    expect(existsSync(join(jsaddons, `${WPS_ADDIN_NAME}_${WPS_ADDIN_VERSION}`, 'ribbon.xml'))).toBe(true);

    run('--online', '');
    publish = await text(join(jsaddons, 'publish.xml'));
    expect(ours(publish)[0]).toContain(`url="file://${jsaddons}/${WPS_ADDIN_NAME}_${WPS_ADDIN_VERSION}/"`);

    run('--uninstall');
    publish = await text(join(jsaddons, 'publish.xml'));
    expect(ours(publish)).toEqual([]);
    expect(publish).toContain(other);
    expect(existsSync(join(jsaddons, `${WPS_ADDIN_NAME}_${WPS_ADDIN_VERSION}`))).toBe(false);
  });
});
