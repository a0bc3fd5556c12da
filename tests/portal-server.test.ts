import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan2024 } from '../core/plan/plan2024.js';
import { UnitLinks } from '../reporter/portal/unit-links.js';
import {
  addUser,
  Client,
  startPortal,
  testWorkspace,
  type RunningPortal,
  type TestWorkspace,
} from './helpers/portal.js';

// The portal over real HTTP on 127.0.0.1: who may see and do what, CSRF, sessions, unit links.
const PERIOD = '2024-05';
const BASE = 'http://portal.test';
let tw: TestWorkspace;
let server: RunningPortal;
let links: Map<string, string>;

beforeAll(async () => {
  tw = await testWorkspace({ period: PERIOD, units: ['S01', 'S02', 'X01'], baseUrl: BASE });
  server = await startPortal({
    workspace: tw.ws,
    baseUrl: BASE,
    now: () => new Date('2024-06-05T02:00:00Z'),
  });
  await addUser(server.portal, 'admin', 'admin');
  await addUser(server.portal, 'clerk', 'clerk');
  await addUser(server.portal, 'viewer', 'viewer');
  const current = new UnitLinks(server.portal.ctx.store.db).current(2024);
  links = new Map([...current].map(([code, link]) => [code, `/u/${link.secret}`]));
});
afterAll(async () => {
  await server.close();
  await tw.remove();
});

const otherNames = (except: string) =>
  plan2024.units.filter((u) => u.code !== except && u.kind !== 'credit-office').map((u) => u.name);

describe('without a session', () => {
  it('answers the health check and nothing of the data', async () => {
    const c = new Client(server.url);
    expect((await c.get('/healthz')).status).toBe(200);
    const board = await c.get(`/console/period/${PERIOD}`);
    expect(board.status).toBe(302);
    expect(board.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent(`/console/period/${PERIOD}`)}`,
    );
    expect(board.text).not.toContain('市发展改革委');
    const json = await c.get(`/console/period/${PERIOD}/board`, { accept: 'application/json' });
    expect(json.status).toBe(401);
    expect(json.text).not.toContain('S01');
    for (const url of [
      `/console/period/${PERIOD}/files/master.xlsx`,
      '/console/returns/1/original',
      '/console/admin',
    ]) {
      const r = await c.get(url);
      expect(r.status, url).toBe(302);
      expect(r.headers.get('location')).toMatch(/^\/login/);
    }
    const post = await c.post('/console/links/2024/S01/rotate', { confirmed: '1' });
    expect(post.status).toBe(401);
  });
});

describe('logging in', () => {
  it('GET /login is a form posting username, password and _csrf; POST /login sets a strict cookie and redirects to /console', async () => {
    const c = new Client(server.url);
    const page = await c.get('/login');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<form method="post" action="\/login"/);
    for (const field of ['name="username"', 'name="password"', 'name="_csrf"'])
      expect(page.text).toContain(field);
    const login = await c.post('/login', { username: 'clerk', password: 'Xinyong#2024ok' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/console');
    const cookie = login.headers.getSetCookie().find((l) => l.startsWith('cw_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const board = await c.get(`/console/period/${PERIOD}`);
    expect(board.status).toBe(200);
    expect(board.text).toContain('市发展改革委');
    expect(board.text).toContain('2024年5月报送情况');
  });

  it('refuses a login without its CSRF token', async () => {
    const c = new Client(server.url);
    await c.get('/login');
    const r = await c.post('/login', { username: 'clerk', password: 'Xinyong#2024ok', _csrf: null });
    expect(r.status).toBe(403);
    expect(r.headers.getSetCookie().some((l) => l.startsWith('cw_session='))).toBe(false);
    const forged = await c.post('/login', {
      username: 'clerk',
      password: 'Xinyong#2024ok',
      _csrf: 'x'.repeat(40),
    });
    expect(forged.status).toBe(403);
  });

  it('says only that name or password is wrong, locks after five failures, and logs every attempt', async () => {
    await addUser(server.portal, 'locked1', 'viewer');
    const c = new Client(server.url);
    const unknown = await c.login('nobody', 'whatever');
    const wrong = await c.login('locked1', 'wrong-password');
    expect(unknown.status).toBe(401);
    expect(unknown.text).toContain('用户名或密码错误');
    expect(wrong.text).toContain('用户名或密码错误');
    for (let i = 0; i < 3; i++) await c.login('locked1', 'wrong-password');
    const fifth = await c.login('locked1', 'wrong-password');
    expect(fifth.text).toContain('账户已锁定');
    const right = await c.login('locked1');
    expect(right.status).toBe(401);
    expect(right.text).toContain('已锁定');
    const audit = server.portal.ctx.store.db
      .prepare("SELECT action FROM audit_log WHERE actor = 'locked1' ORDER BY id")
      .pluck()
      .all();
    expect(audit).toEqual([
      'login.failed',
      'login.failed',
      'login.failed',
      'login.failed',
      'login.locked',
      'login.locked',
    ]);
  });

  it('logout ends the session', async () => {
    const c = new Client(server.url);
    await c.login('viewer');
    const page = await c.get('/console/units');
    expect(page.status).toBe(200);
    const out = await c.post('/logout');
    expect(out.status).toBe(303);
    expect((await c.get('/console/units')).status).toBe(302);
  });
});

describe('roles', () => {
  it('a viewer sees the board but may not act, manage links or accounts', async () => {
    const c = new Client(server.url);
    await c.login('viewer');
    const board = await c.get(`/console/period/${PERIOD}`);
    expect(board.status).toBe(200);
    expect(board.text).not.toContain('下发填报表');
    expect((await c.get('/console/links')).status).toBe(403);
    expect((await c.get('/console/admin')).status).toBe(403);
    const act = await c.post(`/console/period/${PERIOD}/issue`, { confirmed: '1' });
    expect(act.status).toBe(403);
    const rotate = await c.post('/console/links/2024/S01/rotate', { confirmed: '1' });
    expect(rotate.status).toBe(403);
    // Every refusal is in the audit log: the two pages and the two posts.
    expect(
      server.portal.ctx.store.db
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'denied' AND actor = 'viewer'")
        .pluck()
        .get(),
    ).toBe(4);
  });

  it('a clerk acts but does not manage accounts', async () => {
    const c = new Client(server.url);
    await c.login('clerk');
    expect((await c.get('/console/links')).status).toBe(200);
    expect((await c.get('/console/admin')).status).toBe(403);
    const add = await c.post('/console/admin/users', {
      name: 'intruder',
      role: 'admin',
      password: 'Xinyong#2024ok',
    });
    expect(add.status).toBe(403);
  });

  it('an admin manages accounts, and a disabled account is signed out at once', async () => {
    const admin = new Client(server.url);
    await admin.login('admin');
    await admin.get('/console/admin');
    const added = await admin.post('/console/admin/users', {
      name: 'temp',
      role: 'viewer',
      password: 'Xinyong#2024ok',
    });
    expect(added.status).toBe(303);
    const other = new Client(server.url);
    expect((await other.login('temp')).status).toBe(303);
    await admin.get('/console/admin');
    const disabled = await admin.post('/console/admin/users/temp/disable', { confirmed: '1' });
    expect(disabled.status).toBe(303);
    expect((await other.get('/console/units')).status).toBe(302);
    const weak = await admin.post('/console/admin/users', {
      name: 'weak',
      role: 'viewer',
      password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('密码不符合要求');
  });
});

describe('CSRF on console actions', () => {
  it('refuses a post without the token, or with a token from another session', async () => {
    const clerk = new Client(server.url);
    await clerk.login('clerk');
    await clerk.get('/console/links');
    const none = await clerk.post('/console/links/2024/S01/rotate', { confirmed: '1', _csrf: null });
    expect(none.status).toBe(403);
    expect(none.text).toContain('页面已过期或来源不明');
    const other = new Client(server.url);
    await other.login('admin');
    await other.get('/console/links');
    const stolen = await clerk.post('/console/links/2024/S01/rotate', { confirmed: '1', _csrf: other.csrf });
    expect(stolen.status).toBe(403);
    expect(new UnitLinks(server.portal.ctx.store.db).find(links.get('S01')!.slice(3))).toBeDefined();
  });

  it('asks before acting, then rotates the link and logs who did it', async () => {
    const clerk = new Client(server.url);
    await clerk.login('clerk');
    await clerk.get('/console/links');
    const ask = await clerk.post('/console/links/2024/X01/rotate');
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('请确认');
    const done = await clerk.post('/console/links/2024/X01/rotate', { confirmed: '1' });
    expect(done.status).toBe(303);
    const old = links.get('X01')!;
    expect((await new Client(server.url).get(old)).status).toBe(404);
    const row = server.portal.ctx.store.db
      .prepare("SELECT actor, target FROM audit_log WHERE action = 'links.rotate' ORDER BY id DESC")
      .get();
    expect(row).toEqual({ actor: 'clerk', target: 'X01 盐湖区' });
  });
});

describe('unit links', () => {
  it('show the unit its own page and nothing of any other unit', async () => {
    const page = await new Client(server.url).get(links.get('S02')!);
    expect(page.status).toBe(200);
    const name = plan2024.units.find((u) => u.code === 'S02')!.name;
    expect(page.text).toContain(name);
    expect(page.text).toContain('下载本期填报表');
    for (const other of otherNames('S02')) expect(page.text, other).not.toContain(other);
    const workbook = await new Client(server.url).get(`${links.get('S02')}/workbook/${PERIOD}`);
    expect(workbook.status).toBe(200);
    expect(workbook.headers.get('content-disposition')).toContain(encodeURIComponent('S02-'));
  });

  it('answer a wrong or malformed secret exactly like any unknown address', async () => {
    const c = new Client(server.url);
    const unknown = await c.get('/no/such/page');
    const wrong = await c.get(`/u/${'A'.repeat(32)}`);
    const malformed = await c.get('/u/../../etc/passwd');
    const short = await c.get('/u/abc/returns/1');
    for (const r of [wrong, malformed, short]) {
      expect(r.status).toBe(404);
      expect(r.text).toBe(unknown.text);
    }
    // Another unit's receipt or workbook is not reachable through a link, even by guessing paths.
    const s01 = links.get('S01')!;
    expect((await c.get(`${s01}/workbook/2023-05`)).status).toBe(404);
    expect((await c.get(`${s01}/workbook/..%2F..%2Fplan.xlsx`)).status).toBe(404);
  });
});

describe('headers and static files', () => {
  it('sends a CSP without inline script and the usual protections', async () => {
    const r = await new Client(server.url).get('/login');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(r.text).not.toMatch(/\son\w+="/);
  });

  it('serves its own files and ECharts, and nothing outside them', async () => {
    const c = new Client(server.url);
    expect((await c.get('/static/portal.css')).status).toBe(200);
    expect((await c.get('/vendor/echarts/echarts.min.js')).status).toBe(200);
    for (const url of [
      '/static/../../package.json',
      '/static/%2e%2e/%2e%2e/package.json',
      '/vendor/echarts/echarts.js',
      '/vendor/echarts/../../../package.json',
      '/static/..%2f..%2fworkspace.key',
    ]) {
      const r = await c.get(url);
      expect([403, 404], url).toContain(r.status);
      expect(r.text).not.toContain('"name": "creditwork"');
      expect(r.text).not.toContain(server.portal.ctx.secret);
    }
  });
});
