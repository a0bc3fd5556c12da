import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRows } from '../core/contract/index.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';

// The office's exceptions through the built CLI, as the README tells it. September 2024 is due on
// Saturday 12 October (an adjusted workday after National Day).
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');
const PERIOD = '2024-09';

function creditwork(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args, '--workspace', ws], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '' },
  });
  return { code: result.status, stdout: result.stdout, output: result.stdout + result.stderr };
}

let ws: string;

async function returned(code: string, at: string, inbox = path.join(ws, 'inbox')) {
  const unit = plan2024.units.find((u) => u.code === code)!;
  const fill = completeFill(unitRows(plan2024, code), PERIOD, { seed: code.charCodeAt(2) });
  const target = path.join(inbox, `${code}.xlsx`);
  await fillWorkbook(path.join(ws, 'outbox', PERIOD, `${code}-${unit.name}.xlsx`), fill, target);
  await utimes(target, new Date(at), new Date(at));
}

interface StatusJson {
  units: {
    code: string;
    state: string;
    stateLabel: string;
    deadline: string;
    received: { at: string; source: string } | null;
    receivedSourceLabel: string | null;
    paperPending: boolean;
  }[];
  exceptions: { id: number; kind: string; grantedBy: string; reason: string }[];
}
const status = () => JSON.parse(creditwork('status', '--period', PERIOD, '--json').stdout) as StatusJson;
const unit = (s: StatusJson, code: string) => s.units.find((u) => u.code === code)!;

beforeAll(async () => {
  ws = await mkdtemp(path.join(os.tmpdir(), 'exceptions-cli-'));
  expect(spawnSync(process.execPath, [bin, 'init', '--year', '2024', '--workspace', ws]).status).toBe(0);
  expect(creditwork('issue', '--period', PERIOD).code).toBe(0);
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

describe('exceptions and received times through the CLI', () => {
  it('grants an extension, an exemption and a paper return, each on record with who and why', () => {
    const extension = creditwork(
      'exception',
      'add',
      '--period',
      PERIOD,
      '--unit',
      'S03',
      '--kind',
      '延期',
      '--until',
      '2024-10-18',
      '--reason',
      '系统升级，经分管领导同意',
    );
    expect(extension.code, extension.output).toBe(0);
    expect(extension.stdout).toContain('延期至2024年10月18日');
    expect(extension.stdout).toContain(`登记人 命令行:${os.userInfo().username}`);
    expect(
      creditwork(
        'exception',
        'add',
        '--period',
        PERIOD,
        '--unit',
        '市教育局',
        '--kind',
        '免报',
        '--reason',
        '机构撤并',
      ).code,
    ).toBe(0);
    const paper = creditwork(
      'exception',
      'add',
      '--period',
      PERIOD,
      '--unit',
      'S04',
      '--kind',
      '纸质',
      '--received-at',
      '2024-10-11 15:30',
      '--reason',
      '内网故障',
    );
    expect(paper.code, paper.output).toBe(0);

    const s = status();
    // Today is long after the extended date: the unit that never sent is missing, by its own deadline.
    expect(unit(s, 'S03')).toMatchObject({ state: 'missing', deadline: '2024-10-18' });
    expect(unit(s, 'S06')).toMatchObject({ state: 'exempt', stateLabel: '免报' });
    expect(unit(s, 'S04')).toMatchObject({
      state: 'on-time',
      paperPending: true,
      received: { at: '2024-10-11T07:30:00.000Z', source: 'paper' },
      receivedSourceLabel: '纸质报送',
    });
    expect(s.exceptions.map((e) => e.grantedBy)).toEqual(Array(3).fill(`命令行:${os.userInfo().username}`));
    const table = creditwork('status', '--period', PERIOD).stdout;
    expect(table).toContain('另有免报 1 个');
    expect(table).toContain('机构撤并');
  });

  it('refuses what makes no sense, in Chinese, and records nothing', () => {
    const early = creditwork(
      'exception',
      'add',
      '--period',
      PERIOD,
      '--unit',
      'S05',
      '--kind',
      '延期',
      '--until',
      '2024-10-10',
      '--reason',
      'x',
    );
    expect(early.code).toBe(1);
    expect(early.output).toContain('应晚于2024年9月的报送截止日期 2024-10-12');
    const kind = creditwork(
      'exception',
      'add',
      '--period',
      PERIOD,
      '--unit',
      'S05',
      '--kind',
      '请假',
      '--reason',
      'x',
    );
    expect(kind.output).toContain('应为 延期、免报 或 纸质');
    const noReason = creditwork('exception', 'add', '--period', PERIOD, '--unit', 'S05', '--kind', '免报');
    expect(noReason.output).toContain('缺少必填参数 -r, --reason');
    expect(status().exceptions).toHaveLength(3);
  });

  it('collect --received-at states when files saved late really came', async () => {
    const late = path.join(ws, 'mail-saved-today');
    await mkdir(late);
    await returned('S05', '2024-10-14T09:00:00+08:00', late);
    const collect = creditwork(
      'collect',
      '--period',
      PERIOD,
      '--inbox',
      late,
      '--received-at',
      '2024-10-12 17:20',
    );
    expect(collect.code, collect.output).toBe(0);
    expect(unit(status(), 'S05')).toMatchObject({
      state: 'on-time',
      received: { source: 'stated' },
      receivedSourceLabel: '信用办登记的收到时间',
    });
    const future = creditwork('collect', '--period', PERIOD, '--received-at', '2099-01-01 10:00');
    expect(future.code).toBe(1);
    expect(future.output).toContain('晚于现在');
  });

  it('lists and withdraws, keeping the withdrawn one on record', () => {
    const list = JSON.parse(creditwork('exception', 'list', '--period', PERIOD, '--json').stdout) as {
      id: number;
      unit: string;
      kindLabel: string;
    }[];
    expect(list.map((e) => `${e.unit}${e.kindLabel}`)).toEqual(['S03延期', 'S06免报', 'S04纸质']);
    const removed = creditwork(
      'exception',
      'remove',
      '--period',
      PERIOD,
      '--unit',
      'S06',
      '--kind',
      '免报',
      '--reason',
      '登记错了单位',
    );
    expect(removed.code, removed.output).toBe(0);
    expect(unit(status(), 'S06').state).toBe('missing');
    expect(creditwork('exception', 'list').stdout).not.toContain('S06');
    const all = creditwork('exception', 'list', '--all').stdout;
    expect(all).toContain('撤销（登记错了单位）');
    expect(creditwork('exception', 'remove', '--id', String(list[1].id), '--reason', 'x').output).toContain(
      '已于',
    );
  });
});
