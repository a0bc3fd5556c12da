/**
 * Headless Chromium for the portal's pages: the same launch as the add-in's browser test, shared by
 * the portal's browser test and the docs pictures script.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './harness.js';

export interface PortalBrowser {
  page: Page;
  context: BrowserContext;
  /** Page errors, console errors and CSP violations seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(
  options: { viewport?: { width: number; height: number }; scale?: number } = {},
): Promise<PortalBrowser> {
  const dir = await mkdtemp(join(tmpdir(), 'creditwork-portal-browser-'));
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--lang=zh-CN',
    ],
    viewport: options.viewport ?? { width: 1366, height: 900 },
    deviceScaleFactor: options.scale ?? 1,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return {
    page,
    context,
    errors,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
