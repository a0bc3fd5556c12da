/**
 * A started portal over a fresh workspace, and a small HTTP client with a cookie jar that reads
 * `_csrf` from the last page, as a browser's form would send it. Real HTTP on 127.0.0.1, an
 * ephemeral port, closed by the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { builtInPlan } from '../../core/plan/built-in.js';
import { issueInWorkspace } from '../../reporter/commands/issue.js';
import { writePlanWorkbook } from '../../reporter/plan/workbook.js';
import { ensureWorkspaceSecret } from '../../reporter/secret.js';
import { buildPortal, type Portal, type PortalOptions } from '../../reporter/portal/server.js';
import { Users, type Role } from '../../reporter/portal/auth/users.js';
import { createWorkspaceFolders, planFileOf, workspaceAt, type Workspace } from '../../reporter/workspace.js';

export const PASSWORD = 'Xinyong#2024ok';

export interface TestWorkspace {
  ws: Workspace;
  dir: string;
  remove(): Promise<void>;
}

/** A workspace with the built-in 2024 plan, as `init` makes it; issued for `period` when given. */
export async function testWorkspace(
  options: { period?: string; units?: string[]; baseUrl?: string; firstPeriod?: string } = {},
): Promise<TestWorkspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portal-'));
  const ws = workspaceAt(path.join(dir, 'ws'));
  await createWorkspaceFolders(ws);
  ensureWorkspaceSecret(ws);
  const builtIn = builtInPlan(2024)!;
  const plan = options.firstPeriod
    ? { ...builtIn, settings: { ...builtIn.settings, firstPeriod: options.firstPeriod } }
    : builtIn;
  await writePlanWorkbook(plan, planFileOf(ws, 2024));
  if (options.period) {
    await issueInWorkspace({
      workspace: ws,
      plan,
      period: options.period,
      baseUrl: options.baseUrl,
      ...(options.units ? { units: options.units } : {}),
    });
  }
  return { ws, dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface RunningPortal {
  portal: Portal;
  url: string;
  close(): Promise<void>;
}

export async function startPortal(options: PortalOptions): Promise<RunningPortal> {
  const portal = await buildPortal(options);
  await portal.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = portal.app.server.address() as AddressInfo;
  return { portal, url: `http://127.0.0.1:${port}`, close: () => portal.close() };
}

export async function addUser(portal: Portal, name: string, role: Role): Promise<void> {
  await new Users(portal.ctx.store.db).add(name, role, PASSWORD);
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

/** One browser: cookies kept, `_csrf` taken from the last HTML page seen. */
export class Client {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    url: string,
    init: { body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(this.base + url, {
      method,
      body: init.body,
      redirect: 'manual',
      headers: { ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), ...init.headers },
    });
    this.remember(response);
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text) ?? /name='_csrf' value='([^']+)'/.exec(text);
    if (token) this.csrf = token[1];
    return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
  }

  get(url: string, headers?: Record<string, string>): Promise<Answer> {
    return this.request('GET', url, { headers });
  }

  /** A form post; `_csrf` from the last page unless the fields say otherwise (null: none). */
  post(
    url: string,
    fields: Record<string, string | null> = {},
    headers?: Record<string, string>,
  ): Promise<Answer> {
    const body = new URLSearchParams();
    const all = { _csrf: this.csrf, ...fields };
    for (const [k, v] of Object.entries(all)) if (v !== null) body.set(k, v);
    return this.request('POST', url, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  async login(name: string, password = PASSWORD): Promise<Answer> {
    await this.get('/login');
    return this.post('/login', { username: name, password });
  }
}
