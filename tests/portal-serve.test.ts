import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRows } from '../core/contract/unit-rows.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { openStore } from '../reporter/store/index.js';
import { UnitLinks } from '../reporter/portal/unit-links.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';
import { testWorkspace, type TestWorkspace } from './helpers/portal.js';
import { multipart, upload, type Uploaded } from './helpers/upload.js';

// `creditwork serve` as the office runs it (the built CLI in its own process): it starts and says
// where, SIGTERM lets the uploads in flight finish, and kill -9 in the middle of uploads loses
// nothing — what was answered is recorded, and every file sent again gets its real verdict.
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');
const PERIOD = '2024-05';
const UNITS = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06'];
let tw: TestWorkspace;
let links: Map<string, string>;
const files: { unit: string; name: string; bytes: Uint8Array }[] = [];

interface Serving {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function serve(): Promise<Serving> {
  const child = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--workspace',
      tw.ws.root,
      '--http',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--no-schedule',
    ],
    { cwd: root, env: { ...process.env, CREDITWORK_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}`, output: () => output, exited });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`serve exited (${code}):\n${output}`)));
  });
}

const send = (url: string, f: (typeof files)[number]) =>
  upload(`${url}${links.get(f.unit)}/returns`, { name: f.name, bytes: f.bytes }).catch(
    (error: Error) => ({ status: 0, body: error.message, ms: 0, headers: {} }) as Uploaded,
  );

/** An upload whose body stops halfway: it is still being received whenever the server is killed. */
function stalled(url: string, f: (typeof files)[number]): Promise<Uploaded> {
  const { body, type } = multipart([{ name: 'file', filename: f.name, data: f.bytes }]);
  return new Promise((resolve) => {
    const request = http.request(`${url}${links.get(f.unit)}/returns`, {
      method: 'POST',
      headers: { 'content-type': type, 'content-length': String(body.length), accept: 'application/json' },
    });
    request.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, body: '', ms: 0, headers: response.headers });
    });
    request.on('error', (error) => resolve({ status: 0, body: error.message, ms: 0, headers: {} }));
    request.write(body.subarray(0, body.length >> 1));
  });
}

beforeAll(async () => {
  tw = await testWorkspace({ period: PERIOD, units: UNITS, baseUrl: 'http://portal.test' });
  const store = openStore(tw.ws);
  try {
    const current = new UnitLinks(store.db).current(2024);
    links = new Map([...current].map(([code, link]) => [code, `/u/${link.secret}`]));
  } finally {
    store.close();
  }
  for (const [i, unit] of UNITS.entries()) {
    const name = plan2024.units.find((u) => u.code === unit)!.name;
    const issued = path.join(tw.ws.outbox, PERIOD, `${unit}-${name}.xlsx`);
    for (const seed of [1, 2]) {
      const fill = completeFill(unitRows(plan2024, unit), PERIOD, { seed: i * 10 + seed });
      files.push({ unit, name: `${unit}-${seed}.xlsx`, bytes: await fillWorkbook(issued, fill) });
    }
  }
});
afterAll(async () => {
  await tw?.remove();
});

describe('creditwork serve', () => {
  it('kill -9 in the middle of uploads loses nothing', async () => {
    const first = await serve();
    const answers: (Uploaded | undefined)[] = files.map(() => undefined);
    const last = files.length - 1;
    const sent = files.map((f, i) =>
      (i === last ? stalled(first.url, f) : send(first.url, f)).then((a) => (answers[i] = a)),
    );
    // Killed as soon as the first verdict is out: others are being received or judged (one surely is).
    await Promise.race(sent);
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(sent);
    const answered = files.filter((_, i) => answers[i]?.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThan(files.length);

    // The database is whole, and every file that got a verdict is in it.
    const db = new Database(tw.ws.database, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const recorded = new Set(
        (db.prepare('SELECT file FROM returns').all() as { file: string }[]).map((r) => r.file),
      );
      for (const f of answered) expect(recorded.has(f.name), f.name).toBe(true);
    } finally {
      db.close();
    }

    // After a restart every file sent again gets its real verdict: accepted, or the one it had.
    const second = await serve();
    try {
      for (const f of files) {
        const again = await send(second.url, f);
        expect(again.status, again.body).toBe(200);
        const verdict = JSON.parse(again.body) as { outcome: string };
        expect(['accepted', 'duplicate'], again.body).toContain(verdict.outcome);
      }
      const db2 = new Database(tw.ws.database, { readonly: true });
      try {
        const versions = db2
          .prepare('SELECT unit, max(version) AS v FROM submissions GROUP BY unit ORDER BY unit')
          .all() as { unit: string; v: number }[];
        expect(versions).toEqual(UNITS.map((unit) => ({ unit, v: 2 })));
      } finally {
        db2.close();
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('starts in about a second, and SIGTERM lets the uploads in flight finish', async () => {
    const started = Date.now();
    const server = await serve();
    const startMs = Date.now() - started;
    expect(server.output()).toContain('信用工作门户已启动');
    expect(server.output()).toContain('/login');
    // A generous bound for a shared, busy machine; the printed start time is what users see.
    expect(startMs).toBeLessThan(15_000);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    // Units meet a portal that has warmed up (rehearsed uploads) since it started.
    const ready = async () =>
      ((await (await fetch(`${server.url}/healthz`)).json()) as { ready: boolean }).ready;
    while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 50));

    // Fresh bytes (a re-save of each file with another filler), so each is judged, not a duplicate.
    const fresh = await Promise.all(
      files.slice(0, 8).map(async (f) => ({
        ...f,
        name: `resent-${f.name}`,
        bytes: await fillWorkbook(Buffer.from(f.bytes), { metadata: { fillerName: '张三' } }),
      })),
    );
    let signalled = 0;
    const sent = fresh.map((f) =>
      send(server.url, f).then((answer) => ({ answer, afterSignal: signalled > 0 })),
    );
    // Signalled as the first verdict is out: the others were sent with it and are being judged.
    await Promise.race(sent);
    signalled = Date.now();
    server.child.kill('SIGTERM');
    const answers = await Promise.all(sent);
    expect(await server.exited).toBe(0);
    // Whatever was taken in is answered with its verdict, even after the signal; whatever came
    // after the portal began to close is turned away whole (503) and was not recorded.
    expect(answers.filter((a) => a.afterSignal && a.answer.status === 200).length).toBeGreaterThan(0);
    const db = new Database(tw.ws.database, { readonly: true });
    try {
      const recorded = new Set(
        (db.prepare('SELECT file FROM returns').all() as { file: string }[]).map((r) => r.file),
      );
      answers.forEach(({ answer }, i) => {
        expect([200, 503], answer.body).toContain(answer.status);
        if (answer.status === 200) {
          expect(['accepted', 'refused']).toContain((JSON.parse(answer.body) as { outcome: string }).outcome);
          expect(recorded.has(fresh[i].name)).toBe(true);
        } else expect(recorded.has(fresh[i].name)).toBe(false);
      });
    } finally {
      db.close();
    }
  });
});
