import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRows } from '../core/contract/unit-rows.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { UnitLinks } from '../reporter/portal/unit-links.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';
import {
  addUser,
  Client,
  startPortal,
  testWorkspace,
  type RunningPortal,
  type TestWorkspace,
} from './helpers/portal.js';
import { multipart, upload } from './helpers/upload.js';

// Uploads to a unit's link over real HTTP, through the one intake service: the verdict as JSON (the
// pane's contract) and as the page shows it, the board after it, and every way a link refuses.
const PERIOD = '2024-05';
const BASE = 'http://portal.test';
// Before the 2024-05 deadline (2024-06-07), so an accepted return is 按时.
const NOW = new Date('2024-06-05T02:00:00Z');
let tw: TestWorkspace;
let server: RunningPortal;
let links: Map<string, string>;

interface Answer {
  outcome: string;
  unit: string | null;
  period: string | null;
  findings: { level: string; sheet: string; cell: string; message: string }[];
  message?: string;
}

const issued = (code: string) => {
  const unit = plan2024.units.find((u) => u.code === code)!;
  return path.join(tw.ws.outbox, PERIOD, `${code}-${unit.name}.xlsx`);
};
const filled = (code: string, seed = 1, extra: Parameters<typeof fillWorkbook>[1] = {}) => {
  const fill = completeFill(unitRows(plan2024, code), PERIOD, { seed });
  return fillWorkbook(issued(code), {
    ...fill,
    ...extra,
    tasks: { ...fill.tasks, ...extra.tasks },
  });
};
const post = (code: string, name: string, bytes: Uint8Array, options: Parameters<typeof upload>[2] = {}) =>
  upload(`${server.url}${links.get(code)}/returns`, { name, bytes }, options);
const archived = async () =>
  (await readdir(tw.ws.archive, { recursive: true })).filter((f) => /\.[a-z]+$/i.test(f)).length;

beforeAll(async () => {
  tw = await testWorkspace({ period: PERIOD, units: ['S01', 'S02', 'S03', 'S04'], baseUrl: BASE });
  server = await startPortal({
    workspace: tw.ws,
    baseUrl: BASE,
    now: () => NOW,
    limits: { uploadBytes: 512 * 1024 },
  });
  await addUser(server.portal, 'clerk', 'clerk');
  const current = new UnitLinks(server.portal.ctx.store.db).current(2024);
  links = new Map([...current].map(([code, link]) => [code, `/u/${link.secret}`]));
});
afterAll(async () => {
  await server?.close();
  await tw?.remove();
});

describe('a unit uploads its workbook', () => {
  it('with mistakes: refused with every problem by sheet and cell; corrected: accepted; again: duplicate', async () => {
    // Task 1 marked 已完成 without evidence: the rule collect enforces, by cell.
    const firstTask = unitRows(plan2024, 'S01').tasks[0].task;
    const wrong = await filled('S01', 1, {
      tasks: { [firstTask]: { status: '已完成', percent: 100, progress: '已完成', evidence: null } },
    });
    const refused = await post('S01', 'S01-wrong.xlsx', wrong);
    expect(refused.status).toBe(200);
    const r = JSON.parse(refused.body) as Answer;
    expect(r).toMatchObject({ outcome: 'refused', unit: 'S01', period: PERIOD });
    const evidence = r.findings.find((f) => f.level === 'error' && /印证资料/.test(f.message));
    expect(evidence, refused.body).toBeDefined();
    expect(evidence!.sheet).toBe('任务进展');
    expect(evidence!.cell).toMatch(/^[A-Z]+\d+$/);
    expect(Object.keys(r.findings[0]).sort()).toEqual(['cell', 'level', 'message', 'sheet']);

    const right = await filled('S01', 1);
    const accepted = await post('S01', 'S01-right.xlsx', right);
    expect(JSON.parse(accepted.body)).toMatchObject({ outcome: 'accepted', unit: 'S01', period: PERIOD });

    const again = await post('S01', 'S01-again.xlsx', right);
    expect(JSON.parse(again.body)).toMatchObject({ outcome: 'duplicate', unit: 'S01' });
  });

  it('the board shows the unit 按时, received through the pane, with its version', async () => {
    const clerk = new Client(server.url);
    await clerk.login('clerk');
    const board = await clerk.get(`/console/period/${PERIOD}/board`, { accept: 'application/json' });
    expect(board.status).toBe(200);
    const row = board
      .json<{ units: { code: string; stateLabel: string; sourceLabel: string; version: number }[] }>()
      .units.find((u) => u.code === 'S01')!;
    expect(row).toMatchObject({ stateLabel: '按时', sourceLabel: '填报助手提交', version: 1 });
  });

  it('the page form (no script) answers with the verdict on the page, recorded as a portal upload', async () => {
    const bytes = await filled('S02', 2);
    const answer = await post('S02', 'S02.xlsx', bytes, { accept: 'text/html' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('data-outcome="accepted"');
    expect(answer.body).toContain('已接收');
    const row = server.portal.ctx.store.db
      .prepare(`SELECT received_source AS source FROM returns WHERE unit = 'S02'`)
      .get() as { source: string };
    expect(row.source).toBe('upload');
  });

  it('several files in one request each get their verdict', async () => {
    const { body, type } = multipart([
      { name: 'file', filename: 'a.xlsx', data: await filled('S03', 3) },
      { name: 'file', filename: 'b.xlsx', data: await filled('S03', 4) },
    ]);
    const response = await fetch(`${server.url}${links.get('S03')}/returns`, {
      method: 'POST',
      body,
      headers: { 'content-type': type, accept: 'application/json' },
    });
    const answer = (await response.json()) as { results: Answer[] };
    expect(answer.results.map((a) => a.outcome)).toEqual(['accepted', 'accepted']);
  });
});

describe('a unit link accepts only its own unit’s workbooks', () => {
  it('another unit’s workbook is refused and archived', async () => {
    const before = await archived();
    const answer = await post('S01', 'S04.xlsx', await filled('S04', 5));
    const a = JSON.parse(answer.body) as Answer;
    expect(a.outcome).toBe('refused');
    expect(a.findings[0].message).toMatch(/单位|报送地址/);
    expect(await archived()).toBe(before + 1);
    // S04 itself has nothing recorded as its own.
    const own = server.portal.ctx.store.db
      .prepare(`SELECT count(*) AS n FROM submissions WHERE unit = 'S04'`)
      .get() as { n: number };
    expect(own.n).toBe(0);
  });

  it('edited or forged metadata is refused', async () => {
    const forged = await filled('S01', 6, { metadata: { unitCode: 'S04' } });
    expect(JSON.parse((await post('S04', 'forged.xlsx', forged)).body)).toMatchObject({
      outcome: 'refused',
    });
    const unsigned = await filled('S01', 7, { metadata: { signature: '' } });
    const a = JSON.parse((await post('S01', 'unsigned.xlsx', unsigned)).body) as Answer;
    expect(a.outcome).toBe('refused');
    expect(a.findings.map((f) => f.message).join()).toContain('签名');
  });

  it('a wrong or rotated secret is a 404 that takes nothing', async () => {
    const before = await archived();
    const wrong = await upload(`${server.url}/u/${'a'.repeat(32)}/returns`, {
      name: 'x.xlsx',
      bytes: await filled('S01', 8),
    });
    expect(wrong.status).toBe(404);
    expect(await archived()).toBe(before);
  });
});

describe('what is not a workbook', () => {
  it('a file over the size limit is turned away with 413 before it is judged', async () => {
    const before = await archived();
    const big = new Uint8Array(600 * 1024).fill(65);
    const answer = await post('S01', 'big.xlsx', big);
    expect(answer.status).toBe(413);
    expect(answer.body).not.toContain('big.xlsx');
    expect(await archived()).toBe(before);
  });

  it('a PDF or a text file named .xlsx is refused by name, with the reason in Chinese', async () => {
    for (const [name, bytes] of [
      ['report.xlsx', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n')],
      ['notes.txt', Buffer.from('这不是填报表')],
    ] as const) {
      const answer = await post('S01', name, bytes);
      expect(answer.status).toBe(200);
      const a = JSON.parse(answer.body) as Answer;
      expect(a.outcome).toBe('refused');
      expect(a.findings[0].message).toContain(name);
      expect(a.findings[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a request without a file gets a Chinese message, not a verdict', async () => {
    const { body, type } = multipart([{ name: 'note', data: 'x' }]);
    const response = await fetch(`${server.url}${links.get('S01')}/returns`, {
      method: 'POST',
      body,
      headers: { 'content-type': type, accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('没有收到文件');
  });
});

describe('the pane installed offline (WPS from local files)', () => {
  it('may read the answer across origins, the refusals included, and gets its preflight', async () => {
    const bytes = await filled('S02', 9);
    const answer = await post('S02', 'S02-pane.xlsx', bytes, { headers: { origin: 'null' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    const response = await fetch(`${server.url}${links.get('S02')}/returns`, {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const big = await post('S02', 'big.xlsx', new Uint8Array(600 * 1024), { headers: { origin: 'null' } });
    expect(big.status).toBe(413);
    expect(big.headers['access-control-allow-origin']).toBe('*');
    // The console never answers across origins.
    const consolePage = await fetch(`${server.url}/console`, { headers: { origin: 'null' } });
    expect(consolePage.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('limits', () => {
  it('uploads per link per minute: beyond the limit 429, other links unaffected', async () => {
    // A second portal on the same workspace (as a CLI runs beside the first) with a tight limit.
    const tight = await startPortal({
      workspace: tw.ws,
      baseUrl: BASE,
      now: () => NOW,
      limits: { uploadsPerLink: 2 },
    });
    try {
      const empty = new Uint8Array(0);
      const at = (code: string) =>
        upload(`${tight.url}${links.get(code)}/returns`, { name: 'e.xlsx', bytes: empty });
      const statuses = [(await at('S03')).status, (await at('S03')).status, (await at('S03')).status];
      expect(statuses.slice(0, 2)).not.toContain(429);
      expect(statuses[2]).toBe(429);
      expect((await at('S04')).status).not.toBe(429);
    } finally {
      await tight.close();
    }
  });
});
