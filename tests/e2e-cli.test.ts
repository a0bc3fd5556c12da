import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRows } from '../core/contract/index.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';

// The office's month through the built CLI, as the README tells it: init, issue, units fill and
// return, collect, status, circular. September 2024's deadline falls in the National Day week, so
// the holiday calendar decides who is late.
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');
const PERIOD = '2024-09';

function creditwork(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '' },
  });
  return { code: result.status, stdout: result.stdout, output: result.stdout + result.stderr };
}

let ws: string;
const issued = (code: string) => {
  const unit = plan2024.units.find((u) => u.code === code)!;
  return path.join(ws, 'outbox', PERIOD, `${code}-${unit.name}.xlsx`);
};

/** A unit's filled workbook dropped in the inbox, received at a China-time moment. */
async function returned(code: string, at: string, spoil?: (fill: ReturnType<typeof completeFill>) => void) {
  const fill = completeFill(unitRows(plan2024, code), PERIOD, { seed: code.charCodeAt(2), messy: true });
  spoil?.(fill);
  const target = path.join(ws, 'inbox', `${code}.xlsx`);
  await fillWorkbook(issued(code), fill, target);
  const when = new Date(at);
  await utimes(target, when, when);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

beforeAll(async () => {
  ws = await mkdtemp(path.join(os.tmpdir(), 'e2e-cli-'));
  expect(creditwork('init', '--workspace', ws, '--year', '2024').code).toBe(0);
  const issue = creditwork('issue', '--workspace', ws, '--period', PERIOD);
  expect(issue.code, issue.output).toBe(0);
  expect(issue.stdout).toContain('2024年10月12日（星期六）'); // an adjusted workday after National Day
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

describe('a month through the CLI', () => {
  it('speaks Chinese when the command line is wrong', () => {
    const missing = creditwork('issue', '--workspace', ws);
    expect(missing.code).not.toBe(0);
    expect(missing.output).toContain('缺少必填参数 -p, --period');
    expect(creditwork('colect').output).toContain('是否要输入 collect');
    expect(creditwork('collect', '--help').stdout).toContain('默认：./creditwork-data');
  });

  it('status before any collect: every unit missing, and looking changes nothing in the database', () => {
    // issue recorded the plan version and the workbooks it issued; status only reads.
    const db = path.join(ws, 'creditwork.db');
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');
    const status = creditwork('status', '--workspace', ws, '--period', PERIOD, '--json');
    expect(status.code, status.output).toBe(0);
    const units = (JSON.parse(status.stdout) as { units: { state: string }[] }).units;
    expect(units).toHaveLength(48);
    expect(units.every((u) => u.state === 'missing' || u.state === 'pending')).toBe(true);
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
  });

  it('collect sorts on-time, late, refused and missing units on the holiday calendar', async () => {
    await returned('S02', '2024-10-12T16:30:00+08:00'); // on the Saturday deadline: on time
    await returned('S03', '2024-10-13T09:00:00+08:00'); // Sunday after: late
    await returned('X03', '2024-10-12T23:30:00+08:00'); // still the deadline day in the office
    await returned('S06', '2024-10-10T10:00:00+08:00', (fill) => {
      fill.indicators!['T04-1'] = { ...fill.indicators!['T04-1'], numerator: 'abc' };
    });

    const collect = creditwork('collect', '--workspace', ws, '--period', PERIOD, '--json');
    expect(collect.code, collect.output).toBe(2); // one file refused
    const result = JSON.parse(collect.stdout) as {
      files: { unit: string; outcome: string; findings: { message: string }[] }[];
    };
    const refused = result.files.find((f) => f.unit === 'S06')!;
    expect(refused.outcome).toBe('refused');
    expect(refused.findings.map((f) => f.message).join('\n')).toMatch(/监测指标!D\d+ .*"abc"/);

    const status = JSON.parse(
      creditwork('status', '--workspace', ws, '--period', PERIOD, '--json').stdout,
    ) as {
      deadline: string;
      units: { code: string; state: string }[];
    };
    expect(status.deadline).toBe('2024-10-12');
    const state = Object.fromEntries(status.units.map((u) => [u.code, u.state]));
    expect(state).toMatchObject({
      S02: 'on-time',
      X03: 'on-time',
      S03: 'late',
      S06: 'rejected',
      S01: 'missing',
    });
    expect(status.units.some((u) => u.code === 'XYB')).toBe(false);

    const receipt = await readFile(path.join(ws, 'reports', PERIOD, '回执', 'S06-市教育局-回执.xlsx'));
    expect(strFromU8(unzipSync(new Uint8Array(receipt))['xl/sharedStrings.xml'])).toContain('abc');
  });

  it('the circular names late and missing units and sets the deadline on working days', async () => {
    const circular = creditwork(
      'circular',
      '--workspace',
      ws,
      '--period',
      PERIOD,
      '--date',
      '2024-10-16',
      '--number',
      '9',
    );
    expect(circular.code, circular.output).toBe(0);
    const file = path.join(ws, 'reports', PERIOD, '关于2024年9月社会信用体系建设工作进展情况的通报.docx');
    const xml = strFromU8(unzipSync(new Uint8Array(await readFile(file)))['word/document.xml']).replace(
      /<[^>]+>/g,
      '',
    );
    expect(xml).toContain('X信用办〔2024〕9号');
    expect(xml).toContain('市财政局'); // late
    expect(xml).toContain('市发展改革委'); // missing
    expect(xml).toContain('2024年10月30日'); // 10 working days after 16 October
    expect(xml).not.toContain('{{');
  });

  it('a folder of broken files: one reason each, non-zero exit, every byte kept', async () => {
    const inbox = path.join(ws, 'broken-inbox');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(inbox);
    await writeFile(path.join(inbox, '空文件.xlsx'), '');
    await writeFile(path.join(inbox, '表格.csv.xlsx'), '单位,数值\n市财政局,12\n');
    await writeFile(
      path.join(inbox, '随机.xlsx'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    );
    const good = await readFile(issued('S04'));
    await writeFile(path.join(inbox, '截断.xlsx'), good.subarray(0, Math.floor(good.length / 2)));
    await copyFile(issued('S05'), path.join(inbox, '八月的表.xlsx'));
    // Over the 20 MB limit: archived in chunks, refused, never read whole.
    await writeFile(path.join(inbox, '插了视频.xlsx'), Buffer.alloc(21 * 1024 * 1024, 7));
    const hashes = new Map(
      readdirSync(inbox).map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(path.join(inbox, f)))
          .digest('hex'),
      ]),
    );

    const collect = creditwork(
      'collect',
      '--workspace',
      ws,
      '--period',
      '2024-08',
      '--inbox',
      inbox,
      '--json',
    );
    expect(collect.code).not.toBe(0);
    const result = JSON.parse(collect.stdout) as {
      files: { file: string; outcome: string; findings: { message: string }[] }[];
      elsewhere: { file: string; period: string }[];
    };
    expect(result.files).toHaveLength(5);
    for (const f of result.files) {
      expect(f.outcome, f.file).toBe('refused');
      expect(f.findings.length, f.file).toBeGreaterThan(0);
      expect(f.findings[0].message, f.file).toMatch(/[\u4e00-\u9fff]/);
    }
    // September's workbook is not refused by an August collect: it waits in the inbox for its own.
    expect(result.elsewhere).toEqual([{ file: '八月的表.xlsx', period: '2024-09' }]);
    expect(existsSync(path.join(inbox, '八月的表.xlsx'))).toBe(true);
    expect(result.files.find((f) => f.file === '插了视频.xlsx')!.findings[0].message).toContain(
      '超过上限 20 MB',
    );

    // Every original is archived by its hash and still in the inbox (moved aside, never deleted).
    const archived = filesUnder(path.join(ws, 'archive')).map((f) => path.basename(f).split('.')[0]);
    const inInbox = filesUnder(inbox).map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
    for (const [file, hash] of hashes) {
      expect(archived, file).toContain(hash);
      expect(inInbox, file).toContain(hash);
    }
  });
});
