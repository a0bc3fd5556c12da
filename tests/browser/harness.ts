/**
 * Opens the built task pane in headless Chromium over the fake Office host (fake-office.js) backed
 * by a workbook as Office would report it. Shared by the browser test and the docs screenshot
 * script, so both exercise the same pane the same way.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildAddin } from '../../scripts/addin-build.js';
import { staticHandler } from '../../scripts/addin-static.js';
import type { FakeValue, FakeWorkbook } from './issued-workbook.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A typical Excel task pane: Excel opens panes about 350 px wide. */
export const PANE_VIEWPORT = { width: 350, height: 1000 };

/** The user's side of the fake host and its counters (window.__fake in the page). */
export interface Fake {
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

export interface PaneSession {
  page: Page;
  /** The served bundle (built into a temp dir unless `site` was given). */
  site: string;
  /** Page errors and console errors seen so far. */
  errors: string[];
  /** Runs fn against the fake host inside the page (the function is sent as source). */
  fake<T>(fn: (f: Fake) => T): Promise<T>;
  /** Waits until no check has started for a while: the pane has caught up with the last edit. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenPaneOptions {
  workbook: FakeWorkbook;
  /** Pinned "today" (the pane's deadline wording depends on it). */
  today: string;
  /** A bundle already built (e.g. dist/addin); built into a temp dir otherwise. */
  site?: string;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}

/** Sets cells of a workbook before the pane opens, as a unit would have typed them earlier. */
export function withCells(
  workbook: FakeWorkbook,
  sheet: string,
  cells: Record<string, FakeValue>,
): FakeWorkbook {
  return {
    ...workbook,
    sheets: workbook.sheets.map((s) => (s.name === sheet ? { ...s, cells: { ...s.cells, ...cells } } : s)),
  };
}

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
    const site = options.site ?? (await buildAddin({ outdir: join(dir, 'site') }));
    const shim = await readFile(join(root, 'tests', 'browser', 'fake-office.js'), 'utf8');
    const officeJs =
      `window.__FAKE_WORKBOOK__ = ${JSON.stringify(options.workbook)};\n` +
      `window.CREDITWORK_TODAY = ${JSON.stringify(options.today)};\n${shim}`;
    const listening = createServer(staticHandler(site, { '/office-js/office.js': officeJs }));
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
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
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const fake = <T>(fn: (f: Fake) => T): Promise<T> =>
      page.evaluate(`(${fn.toString()})(window.__fake)`) as Promise<T>;
    const settle = async () => {
      let last = -1;
      for (let i = 0; i < 40; i++) {
        const now = await fake((f) => f.syncs());
        if (now === last) return;
        last = now;
        await page.waitForTimeout(250);
      }
      throw new Error('the pane never settled');
    };
    const { port } = listening.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/taskpane.html`);
    await page
      .locator('#workbook')
      .waitFor({ state: 'visible', timeout: 20_000 })
      .catch(async (error: Error) => {
        const shown = await page.locator('main').innerText();
        throw new Error(`${error.message}\npane: ${shown}\npage errors: ${errors.join('\n')}`);
      });
    await settle();
    return { page, site, errors, fake, settle, close };
  } catch (error) {
    await close();
    throw error;
  }
}
