/**
 * Opens the built task pane in headless Chromium over a fake host, Excel (fake-office.js in place
 * of office.js) or WPS 表格 (fake-wps.js as the page's window.Application), backed by a workbook as
 * the host would report it. The same server answers as the unit's portal (`/u/<secret>/returns`),
 * on the same origin, as the office's portal serves the pane. Shared by the browser tests and the
 * docs screenshot script.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildAll } from '../../scripts/addin-build.js';
import { staticHandler } from '../../scripts/addin-static.js';
import type { FakeWorkbook } from './office-view.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The narrowest task pane a unit may have: Excel's panes start about 320–350 px wide. */
export const PANE_VIEWPORT = { width: 320, height: 640 };

/** The user's side of the fake host and its counters (window.__fake in the page). */
export interface Fake {
  host: 'excel' | 'wps';
  type(sheet: string, address: string, text: string): void;
  pickWithoutEvent(sheet: string, address: string, text: string): void;
  select(sheet: string, address: string): void;
  editing(on: boolean): void;
  get(sheet: string, address: string): unknown;
  isProtected(sheet: string): boolean;
  selection(): { sheet: string; address: string };
  activeSheet(): string;
  roundTrips(): number;
  writes(): { sheet: string; address: string; values: string[][] }[];
  files(): { opened: number; closed: number };
  handlerCount(): number;
  switchWorkbook?(name: string | null): void;
}

declare global {
  interface Window {
    __fake: Fake;
  }
}

export interface PortalRequest {
  path: string;
  accept: string;
  contentType: string;
  body: Buffer;
}

/** How the fake portal answers a submission; null: no answer at all (the connection is dropped). */
export type PortalAnswer = { status: number; json?: unknown } | null;

export interface PaneSession {
  page: Page;
  /** The served bundle (dist/addin, with the WPS add-in under wps/). */
  site: string;
  /** Page errors and console errors seen so far. */
  errors: string[];
  /** The portal address on this server: `http://127.0.0.1:<port>/u/<secret>`. */
  portalUrl: string;
  /** Submissions the portal received. */
  submissions: PortalRequest[];
  /** Sets how the portal answers the next submissions. */
  answer(with_: PortalAnswer): void;
  /** Runs fn against the fake host inside the page (the function is sent as source). */
  fake<T>(fn: (f: Fake) => T): Promise<T>;
  /** Waits until the host saw no round trip for a while: the pane has caught up with the last event. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenPaneOptions {
  host: 'excel' | 'wps';
  /** The workbook, or a function of this server's portal address that makes it. */
  workbook: FakeWorkbook | ((portalUrl: string) => FakeWorkbook);
  /** The xlsx the workbook came from: what getFileAsync (Excel) or FileSystem (WPS) hands over. */
  file?: Uint8Array;
  /** Pinned "today" (the pane's deadline wording depends on it). */
  today: string;
  /** A bundle already built (e.g. dist/addin); built into a temp dir otherwise. */
  site?: string;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** What Office reports as its theme (Excel only). */
  officeTheme?: Record<string, string>;
  colorScheme?: 'light' | 'dark';
  forcedColors?: 'active' | 'none';
  /** Runs before the pane loads (routes, init scripts): to play an older browser. */
  before?: (page: Page) => Promise<void>;
}

export const SECRET = 'k3x9-unit-secret';

export async function openPane(options: OpenPaneOptions): Promise<PaneSession> {
  const dir = await mkdtemp(join(tmpdir(), 'creditwork-addin-'));
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const site = options.site ?? (await buildAll({ outdir: join(dir, 'site') })).dir;
    const read = (name: string) => readFile(join(root, 'tests', 'browser', name), 'utf8');
    const submissions: PortalRequest[] = [];
    let answer: PortalAnswer = {
      status: 200,
      json: { outcome: 'accepted', unit: 'S01', period: '2024-05', findings: [] },
    };
    let officeJs = '';
    let wpsJs = '';
    const files = (req: IncomingMessage, res: ServerResponse) =>
      staticHandler(site, { '/office-js/office.js': officeJs })(req, res);
    const portal = async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      submissions.push({
        path: req.url ?? '',
        accept: String(req.headers.accept ?? ''),
        contentType: String(req.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks),
      });
      if (answer === null) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
    };
    const listening = createServer((req, res) => {
      if (req.method === 'POST' && req.url === `/u/${SECRET}/returns`) return void portal(req, res);
      return void files(req, res);
    });
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const { port } = listening.address() as AddressInfo;
    const portalUrl = `http://127.0.0.1:${port}/u/${SECRET}`;
    const workbook = typeof options.workbook === 'function' ? options.workbook(portalUrl) : options.workbook;
    const prelude =
      `window.__FAKE_WORKBOOK__ = ${JSON.stringify(workbook)};\n` +
      `window.__FAKE_FILE__ = ${JSON.stringify(Buffer.from(options.file ?? new Uint8Array()).toString('base64'))};\n` +
      `window.__FAKE_THEME__ = ${JSON.stringify(options.officeTheme ?? null)};\n` +
      `window.CREDITWORK_TODAY = ${JSON.stringify(options.today)};\n` +
      (await read('fake-common.js'));
    officeJs = `${prelude}\n${await read('fake-office.js')}`;
    wpsJs = `${prelude}\n${await read('fake-wps.js')}`;

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
      viewport: options.viewport ?? PANE_VIEWPORT,
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: 'zh-CN',
      colorScheme: options.colorScheme ?? 'light',
      forcedColors: options.forcedColors ?? 'none',
    });
    // WPS gives its add-in pages window.Application before any of their scripts run.
    if (options.host === 'wps') await context.addInitScript({ content: wpsJs });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const fake = <T>(fn: (f: Fake) => T): Promise<T> =>
      page.evaluate(`(${fn.toString()})(window.__fake)`) as Promise<T>;
    await options.before?.(page);
    const settle = async () => {
      let last = -1;
      for (let i = 0; i < 40; i++) {
        const now = await fake((f) => f.roundTrips());
        if (now === last) return;
        last = now;
        await page.waitForTimeout(250);
      }
      throw new Error('the pane never settled');
    };
    await page.goto(`http://127.0.0.1:${port}/${options.host === 'wps' ? 'wps/' : ''}taskpane.html`);
    await page
      .waitForFunction(
        () => !document.getElementById('workbook')!.hidden || !document.getElementById('notice')!.hidden,
        undefined,
        { timeout: 20_000 },
      )
      .catch(async (error: Error) => {
        const shown = await page.locator('main').innerText();
        throw new Error(`${error.message}\npane: ${shown}\npage errors: ${errors.join('\n')}`);
      });
    await settle();
    return {
      page,
      site,
      errors,
      portalUrl,
      submissions,
      answer: (a) => (answer = a),
      fake,
      settle,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
