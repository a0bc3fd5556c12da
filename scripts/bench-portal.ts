/**
 * `npm run bench:portal`: the portal under load, measured (a script that prints figures, not a
 * timed test). A fresh workspace issues May 2024 to the built-in plan's 48 units; a real
 * `creditwork serve --http` is started as users run it; then
 *   1. 50 units upload at once (48 workbooks and 2 with a mistake), each from its own address;
 *   2. a burst of 1,000 uploads from 50 offices as fast as the portal answers (realistic workbooks:
 *      every unit's, resubmitted, a tenth of them with a mistake that is refused);
 *   2b. the same burst once more, other bytes of the same workbooks: by then V8 has compiled the
 *      hot code, which the first burst after start pays for (shown, not judged);
 *   3. the period board for the 48 units, fetched 30 times by a signed-in clerk;
 * and it prints p50/p95 upload-to-verdict latency, throughput, the server's peak RSS, and checks
 * nothing was lost (every upload answered, every file archived and recorded). Beside it, the peer:
 * the same 1,000 files through `creditwork collect` (the inbox batch on the same intake service).
 * Targets: p95 ≤ 300 ms on 2 cores, peak RSS ≤ 300 MB, board ≤ 200 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { unzipSync, zipSync } from 'fflate';
import { unitRows } from '../core/contract/unit-rows.js';
import { builtInPlan } from '../core/plan/built-in.js';
import { issueInWorkspace } from '../reporter/commands/issue.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { Users } from '../reporter/portal/auth/users.js';
import { UnitLinks } from '../reporter/portal/unit-links.js';
import { ensureWorkspaceSecret } from '../reporter/secret.js';
import { openStore } from '../reporter/store/index.js';
import { createWorkspaceFolders, planFileOf, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { completeFill, fillWorkbook } from '../tests/helpers/fill-workbook.js';
import { Client, PASSWORD } from '../tests/helpers/portal.js';
import { upload, type Uploaded } from '../tests/helpers/upload.js';
import { benchDir } from './bench-dir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'creditwork.js');
const PERIOD = '2024-05';
const BURST = Number(process.argv[2]) || 1000;
const OFFICES = 50;

interface Upload {
  unit: string;
  name: string;
  bytes: Uint8Array;
  refused: boolean;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v: number) => `${v.toFixed(0)} ms`;

async function workspace(dir: string): Promise<Workspace> {
  const ws = workspaceAt(dir);
  await createWorkspaceFolders(ws);
  ensureWorkspaceSecret(ws);
  const plan = builtInPlan(2024)!;
  await writePlanWorkbook(plan, planFileOf(ws, 2024));
  await issueInWorkspace({ workspace: ws, plan, period: PERIOD, baseUrl: 'http://bench.invalid' });
  const store = openStore(ws);
  try {
    await new Users(store.db).add('bench', 'clerk', PASSWORD);
  } finally {
    store.close();
  }
  return ws;
}

/** Each unit's workbook filled like a person would, one in ten with a mistake; then resubmissions. */
async function corpus(ws: Workspace): Promise<{ first: Upload[]; burst: Upload[]; again: Upload[] }> {
  const plan = builtInPlan(2024)!;
  const dir = path.join(ws.outbox, PERIOD);
  const issued = readdirSync(dir).filter((f) => /^[A-Z]\d+-.*\.xlsx$/.test(f));
  const good: Upload[] = [];
  const bad: Upload[] = [];
  for (const [i, file] of issued.entries()) {
    const unit = file.split('-')[0];
    const fill = completeFill(unitRows(plan, unit), PERIOD, { seed: i + 1, messy: i % 3 === 0 });
    good.push({ unit, name: file, bytes: await fillWorkbook(path.join(dir, file), fill), refused: false });
    const code = Object.keys(fill.indicators ?? {})[0];
    if (code) {
      fill.indicators![code] = { ...fill.indicators![code], numerator: '不详' };
      bad.push({ unit, name: file, bytes: await fillWorkbook(path.join(dir, file), fill), refused: true });
    } else {
      const task = Number(Object.keys(fill.tasks ?? {})[0]);
      fill.tasks![task] = { ...fill.tasks![task], status: '滞后', problems: null };
      bad.push({ unit, name: file, bytes: await fillWorkbook(path.join(dir, file), fill), refused: true });
    }
  }
  // A resubmission: the same workbook saved again (other bytes, same content), as units do.
  const resaved = (u: Upload, round: number): Upload => {
    const parts = unzipSync(u.bytes);
    return { ...u, bytes: zipSync(parts, { mtime: new Date(Date.UTC(2024, 5, 1, 0, 0, round * 2)) }) };
  };
  const first = [...good, bad[0], bad[1]];
  const burst: Upload[] = [];
  const again: Upload[] = [];
  for (let i = 0; i < BURST; i++) {
    const pick = i % 10 === 9 ? bad[i % bad.length] : good[i % good.length];
    burst.push(resaved(pick, i + 1));
    again.push(resaved(pick, BURST + i + 1));
  }
  return { first, burst, again };
}

function startServer(ws: Workspace): Promise<{ url: string; pid: number; stop(): Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--workspace', ws.root, '--http', '--host', '127.0.0.1', '--port', '0', '--no-schedule'],
    { cwd: root, env: { ...process.env, CREDITWORK_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m)
        resolve({
          url: `http://127.0.0.1:${m[1]}`,
          pid: child.pid!,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${output}`)));
  });
}

/** Milliseconds until /healthz says the portal is ready (its intake threads warm). */
async function untilReady(url: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { ready?: boolean };
    if (health.ready) return Date.now() - started;
    if (Date.now() - started > 30_000) throw new Error('门户 30 秒内未就绪');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The load generator's own HTTP client is compiled first: units upload from their own PCs, but
 * here the simulated ones share the portal's 2 cores, and cold they cost 3–5 ms of CPU per upload.
 * It uploads to a sink of its own on loopback, so the portal sees nothing before the measurement.
 */
async function warmClient(): Promise<void> {
  const sink = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end('{"outcome":"refused"}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const { port } = sink.address() as AddressInfo;
  try {
    for (let i = 0; i < 200; i++)
      await upload(`http://127.0.0.1:${port}/returns`, { name: 'warm.xlsx', bytes: new Uint8Array(64) });
  } finally {
    await new Promise((resolve) => sink.close(resolve));
  }
}

/** CPU the server's process (all its threads) has used so far (Linux), in ms. */
function serverCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** The server's peak resident memory so far (Linux), in MB. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function send(url: string, pid: number, links: Map<string, string>, list: Upload[], offices: number) {
  const results: (Uploaded & { expected: Upload })[] = [];
  const queue = list.map((u, i) => ({ u, i }));
  const started = Date.now();
  const cpu = { server: serverCpu(pid), client: process.cpuUsage() };
  await Promise.all(
    Array.from({ length: offices }, async (_, office) => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const target = `${url}${links.get(job.u.unit)}/returns`;
        const answer = await upload(target, job.u, { localAddress: `127.0.0.${2 + office}` });
        results.push({ ...answer, expected: job.u });
      }
    }),
  );
  const client = process.cpuUsage(cpu.client);
  return {
    results,
    seconds: (Date.now() - started) / 1000,
    serverCpu: serverCpu(pid) - cpu.server,
    clientCpu: (client.user + client.system) / 1000,
  };
}

function report(title: string, run: Awaited<ReturnType<typeof send>>) {
  const lat = run.results.map((r) => r.ms);
  const outcomes = new Map<string, number>();
  let wrong = 0;
  for (const r of run.results) {
    const outcome =
      r.status === 200 ? (JSON.parse(r.body) as { outcome: string }).outcome : `HTTP ${r.status}`;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (r.status === 200 && (outcome === 'refused') !== r.expected.refused && outcome !== 'duplicate')
      wrong++;
  }
  console.log(
    `${title}：${run.results.length} 个上传，${run.seconds.toFixed(1)} 秒，${(run.results.length / run.seconds).toFixed(1)} 个/秒`,
  );
  console.log(
    `  上传到回执：p50 ${ms(quantile(lat, 0.5))}，p95 ${ms(quantile(lat, 0.95))}，最长 ${ms(Math.max(...lat))}`,
  );
  const n = run.results.length;
  console.log(
    `  每个上传的 CPU：门户 ${(run.serverCpu / n).toFixed(1)} ms，模拟上传的客户端 ${(run.clientCpu / n).toFixed(1)} ms（同在这 ${os.availableParallelism()} 核上）`,
  );
  console.log(
    `  结果：${[...outcomes].map(([k, n]) => `${k} ${n}`).join('，')}${wrong ? `；与预期不符 ${wrong}` : ''}`,
  );
  return { p95: quantile(lat, 0.95), failures: run.results.filter((r) => r.status !== 200).length + wrong };
}

async function main(): Promise<void> {
  const { dir, fileMs } = await benchDir('bench-portal-');
  try {
    spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
    console.log(
      `准备：工作区（${path.relative(root, dir)}，新建文件 ${fileMs.toFixed(2)} ms CPU/个）、下发 ${PERIOD}、生成填报表……`,
    );
    const ws = await workspace(path.join(dir, 'ws'));
    const { first, burst, again } = await corpus(ws);
    // The peer starts from the same workspace, before any upload.
    cpSync(ws.root, path.join(dir, 'peer'), { recursive: true });
    const store = openStore(ws);
    const links = new Map(
      [...new UnitLinks(store.db).current(2024)].map(([unit, l]) => [unit, `/u/${l.secret}`]),
    );
    store.close();

    const server = await startServer(ws);
    // As at a real office, units upload to a portal that has been running for a while: wait until
    // it says it is warm (it rehearses uploads for about five seconds) and say how long that took.
    const warm = await untilReady(server.url);
    console.log(`门户启动后预演上传（预热）：${ms(warm)}`);
    await warmClient();
    const a = report(
      `1. ${first.length} 个单位同时上传`,
      await send(server.url, server.pid, links, first, first.length),
    );
    const b = report(
      `2. 连续上传 ${burst.length} 个（${OFFICES} 个办公室同时）`,
      await send(server.url, server.pid, links, burst, OFFICES),
    );

    // The targets are for scenarios 1 and 2: the memory peak is read before the extra round.
    const rss = peakRss(server.pid);
    const c = report(
      `2b. 再连续上传 ${again.length} 个（热点代码已由 V8 编译，仅供参考）`,
      await send(server.url, server.pid, links, again, OFFICES),
    );

    const clerk = new Client(server.url);
    await clerk.login('bench');
    const board: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = process.hrtime.bigint();
      const page = await clerk.get(`/console/period/${PERIOD}`);
      if (page.status !== 200) throw new Error(`报送情况页 HTTP ${page.status}`);
      board.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(
      `3. 报送情况页（48 个单位）：p50 ${ms(quantile(board, 0.5))}，p95 ${ms(quantile(board, 0.95))}`,
    );
    const rssAll = peakRss(server.pid);
    const exit = await server.stop();
    console.log(
      `门户进程：峰值内存 ${rss.toFixed(0)} MB（第二轮之后 ${rssAll.toFixed(0)} MB），SIGTERM 后退出码 ${exit}`,
    );

    const db = new Database(ws.database, { readonly: true });
    const recorded = db
      .prepare('SELECT count(*) FROM returns WHERE period = ?')
      .pluck()
      .get(PERIOD) as number;
    db.close();
    const archived = readdirSync(ws.archive, { recursive: true }).filter((f) =>
      String(f).endsWith('.xlsx'),
    ).length;
    const distinct = new Set(
      [...first, ...burst, ...again].map((u) => createHash('sha256').update(u.bytes).digest('hex')),
    ).size;
    const lost = distinct - Math.min(recorded, archived);
    console.log(
      `不丢失：${distinct} 个不同文件，存档 ${archived}，入库 ${recorded}${lost ? `，缺少 ${lost}` : '，无一丢失'}`,
    );

    // The peer: the same files dropped in the inbox and collected in one batch.
    const peer = workspaceAt(path.join(dir, 'peer'));
    for (const [i, u] of burst.entries()) writeFileSync(path.join(peer.inbox, `${i}-${u.name}`), u.bytes);
    const t = Date.now();
    const run = spawnSync(process.execPath, [bin, 'collect', '--workspace', peer.root, '--period', PERIOD], {
      cwd: root,
      encoding: 'utf8',
    });
    const seconds = (Date.now() - t) / 1000;
    console.log(
      `对照：同样 ${burst.length} 个文件用 creditwork collect 批量收取：${seconds.toFixed(1)} 秒，${(burst.length / seconds).toFixed(1)} 个/秒（退出码 ${run.status}）`,
    );
    console.log(
      `目标：p95 ≤ 300 ms（${a.p95 <= 300 && b.p95 <= 300 ? '达到' : '未达到'}；第二轮 ${ms(c.p95)}），峰值内存 ≤ 300 MB（${rss <= 300 ? '达到' : '未达到'}），报送情况页 ≤ 200 ms（${quantile(board, 0.95) <= 200 ? '达到' : '未达到'}）`,
    );
    if (a.failures + b.failures + c.failures || lost) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
