import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPortal } from '../reporter/portal/server.js';
import { UnitLinks } from '../reporter/portal/unit-links.js';
import type { Judged } from '../reporter/intake/examine.js';
import { unitRows } from '../core/contract/unit-rows.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';
import type { Verdict } from '../reporter/intake/service.js';
import { startPortal, testWorkspace, type RunningPortal, type TestWorkspace } from './helpers/portal.js';
import { upload } from './helpers/upload.js';

// A portal that has just started answers its first units as fast as later ones: it rehearses
// units' uploads through its own HTTP stack in the background, /healthz says when it is done, and
// the rehearsals leave nothing behind — no return, no archived file, no log line, no rate limit used.
const PERIOD = '2024-05';
const UNITS = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06', 'X01', 'X02', 'X03', 'K01'];
let tw: TestWorkspace;
let server: RunningPortal;
const logged: string[] = [];

const archivedFiles = () =>
  readdirSync(tw.ws.archive, { recursive: true }).filter((f) => String(f).endsWith('.xlsx'));
const linkOf = (code: string) => new UnitLinks(server.portal.ctx.store.db).current(2024).get(code)!.secret;
const issuedBytes = (code: string) => {
  const file = readdirSync(path.join(tw.ws.outbox, PERIOD)).find((f) => f.startsWith(`${code}-`))!;
  return { name: file, bytes: new Uint8Array(readFileSync(path.join(tw.ws.outbox, PERIOD, file))) };
};

beforeAll(async () => {
  // More units than the rehearsal types in (8), of the three kinds: departments, counties, a zone.
  tw = await testWorkspace({ period: PERIOD, units: UNITS, baseUrl: 'http://portal.test' });
  server = await startPortal({
    workspace: tw.ws,
    limits: { uploadsPerLink: 2, uploadsPerAddress: 3 },
    logger: { level: 'info', stream: { write: (line: string) => logged.push(line) } },
  });
});
afterAll(async () => {
  await server.close();
  await tw.remove();
});

const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as { ready: boolean };

describe('portal warm-up', () => {
  it('rehearses uploads through the whole path, records, archives and logs nothing, then says ready', async () => {
    const { ctx } = server.portal;
    expect(await health()).toEqual({ ok: true, ready: false });
    expect(ctx.pool.running).toBe(0);
    const submit = vi.spyOn(ctx.intake, 'submit');

    await server.portal.warmUp();

    expect(await health()).toEqual({ ok: true, ready: true });
    expect(ctx.pool.running).toBe(ctx.pool.threads);
    // Judged like any upload: every unit's issued workbook, empty, is refused for its empty cells;
    // with no return accepted yet, the portal also types 8 of them in (a careful typist and a hasty
    // one, units taken along the list), and those pass the office's rules — the accepted path is
    // rehearsed too.
    expect(submit.mock.calls.length).toBeGreaterThan(100);
    expect(submit.mock.calls.every(([request]) => request.rehearsal === true)).toBe(true);
    const verdicts = (await Promise.all(submit.mock.results.map((r) => r.value))) as Verdict[];
    const refused = verdicts.filter((v) => v.outcome === 'refused');
    const accepted = verdicts.filter((v) => v.outcome === 'accepted');
    expect(refused.length + accepted.length).toBe(verdicts.length);
    expect(refused.every((v) => v.findings.some((f) => f.level === 'error'))).toBe(true);
    expect(new Set(refused.map((v) => v.unit))).toEqual(new Set(UNITS));
    const typed = new Set(accepted.map((v) => v.unit));
    expect(typed.size).toBe(8);
    expect([...typed].every((u) => UNITS.includes(u!))).toBe(true);
    expect([...typed].some((u) => u!.startsWith('S')) && [...typed].some((u) => u!.startsWith('X'))).toBe(
      true,
    );
    submit.mockRestore();

    expect(ctx.store.returns(PERIOD)).toEqual([]);
    expect(archivedFiles()).toEqual([]);
    expect(logged.filter((line) => line.includes('/returns'))).toEqual([]);
  });

  it('used no rate limit: a unit uploads as many times as its link allows, and those are recorded', async () => {
    const file = issuedBytes('S01');
    const first = await upload(`${server.url}/u/${linkOf('S01')}/returns`, file);
    const second = await upload(`${server.url}/u/${linkOf('S01')}/returns`, issuedBytes('S02'));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ outcome: 'refused', unit: 'S01' });
    // S02's workbook on S01's link: refused as another unit's, and still within the limit.
    expect(second.status).toBe(200);
    expect(server.portal.ctx.store.returns(PERIOD).length).toBe(2);
    expect(archivedFiles().length).toBe(2);
    expect(logged.filter((line) => line.includes('/returns')).length).toBe(2);
  });

  it('a request naming a rehearsal without its secret is an ordinary upload', async () => {
    // The same workbook saved again (other bytes), as a unit would before uploading it once more.
    const { name, bytes } = issuedBytes('S02');
    const resaved = zipSync(unzipSync(bytes), { mtime: new Date(Date.UTC(2024, 5, 1)) });
    const forged = await upload(
      `${server.url}/u/${linkOf('S02')}/returns`,
      { name, bytes: resaved },
      {
        headers: { 'x-creditwork-rehearsal': 'f'.repeat(64) },
      },
    );
    expect(forged.status).toBe(200);
    expect(JSON.parse(forged.body)).toMatchObject({ outcome: 'refused', unit: 'S02' });
    expect(server.portal.ctx.store.returns(PERIOD).length).toBe(3);
    expect(archivedFiles().length).toBe(3);
  });

  it('after a restart it rehearses the latest accepted returns too, judged in full, recorded no more', async () => {
    const code = 'S02';
    const issued = issuedBytes(code);
    const fill = completeFill(unitRows(plan2024, code), PERIOD, { seed: 3 });
    const bytes = await fillWorkbook(path.join(tw.ws.outbox, PERIOD, issued.name), fill);
    // From another address: this one has used its uploads for the minute above.
    const sent = await upload(
      `${server.url}/u/${linkOf(code)}/returns`,
      { name: issued.name, bytes },
      { localAddress: '127.0.0.9' },
    );
    expect(JSON.parse(sent.body), sent.body).toMatchObject({ outcome: 'accepted', unit: code });
    const recorded = server.portal.ctx.store.returns(PERIOD).length;

    const restarted = await startPortal({ workspace: tw.ws });
    try {
      const judge = vi.spyOn(restarted.portal.ctx.pool, 'judge');
      await restarted.portal.warmUp();
      const judged = await Promise.all(judge.mock.results.map((r) => r.value as Promise<Judged>));
      // The filled workbook was judged again (its content read), not answered from the record.
      const clean = (j: Judged) => j.unit === code && !j.findings.some((f) => f.level === 'error');
      expect(judged.some(clean)).toBe(true);
      expect(restarted.portal.ctx.store.returns(PERIOD).length).toBe(recorded);
    } finally {
      await restarted.close();
    }
  });

  it('a portal closing while it rehearses stops rehearsing and logs no failure', async () => {
    const lines: string[] = [];
    const quick = await startPortal({
      workspace: tw.ws,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    });
    const { ctx, app } = quick.portal;
    const submit = vi.spyOn(ctx.intake, 'submit');
    const warming = quick.portal.warmUp();
    while (submit.mock.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Closing: no more rehearsals, and the connections in flight are turned away.
    ctx.rehearsal.stop();
    app.server.closeAllConnections();
    await warming;
    await quick.close();
    expect(lines.filter((line) => line.includes('warm-up'))).toEqual([]);
  });

  it('a portal serving TLS itself (--cert/--key) rehearses over TLS', async () => {
    const keys = await mkdtemp(path.join(os.tmpdir(), 'portal-tls-'));
    const cert = path.join(keys, 'cert.pem');
    const key = path.join(keys, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=xyk.example.gov.cn',
        '-days',
        '2',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const tls = await buildPortal({
      workspace: tw.ws,
      https: { cert: readFileSync(cert), key: readFileSync(key) },
    });
    try {
      await tls.app.listen({ host: '127.0.0.1', port: 0 });
      const before = tls.ctx.store.returns(PERIOD).length;
      expect(await tls.ctx.rehearsal.run(tls.app, tls.ctx, 6)).toBe(6);
      expect(tls.ctx.store.returns(PERIOD).length).toBe(before);
    } finally {
      await tls.close();
      await rm(keys, { recursive: true, force: true });
    }
  });

  it('with nothing issued there is nothing to rehearse, and the portal is ready all the same', async () => {
    const empty = await testWorkspace();
    const other = await startPortal({ workspace: empty.ws });
    try {
      expect(await other.portal.ctx.rehearsal.run(other.portal.app, other.portal.ctx)).toBe(0);
      await other.portal.warmUp();
      const answer = (await (await fetch(`${other.url}/healthz`)).json()) as { ready: boolean };
      expect(answer.ready).toBe(true);
    } finally {
      await other.close();
      await empty.remove();
    }
  });
});
