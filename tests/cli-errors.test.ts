import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSystemError } from '../reporter/system-error.js';

// The built bin, as the office runs it (tests/global-setup.ts builds it first).
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');

function creditwork(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
let ws: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-errors-'));
  ws = path.join(dir, 'w');
  expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('errors the office can fix are Chinese messages, not stack traces', () => {
  it('a reports folder that cannot be written names the path', async () => {
    // Root ignores permissions, so a file where the folder should be stands in for a locked folder.
    const blocked = path.join(dir, 'blocked');
    expect(creditwork(['init', '--workspace', blocked, '--year', '2024']).code).toBe(0);
    await rm(path.join(blocked, 'reports'), { recursive: true });
    await writeFile(path.join(blocked, 'reports'), 'not a folder');
    const r = creditwork(['circular', '--period', '2024-05', '--date', '2024-06-07', '--workspace', blocked]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^错误：/);
    expect(r.stderr).toContain(path.join(blocked, 'reports'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('periods and dates the plan cannot serve', () => {
  it.each([
    ['collect', []],
    ['status', []],
    ['circular', ['--date', '2025-02-20']],
    ['issue', []],
  ])('%s refuses a period of a year the workspace has no plan for', async (command, extra) => {
    const inbox = path.join(ws, 'inbox', '某单位.xlsx');
    await writeFile(inbox, 'x');
    const r = creditwork([command, '--period', '2025-01', ...extra, '--workspace', ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('工作区中没有 2025 年的工作要点（plans/2025.xlsx）');
    expect(r.stderr).toContain('plan new --year 2025');
    // Nothing was recorded or published for the wrong year, and the inbox is as it was.
    expect(existsSync(inbox)).toBe(true);
    expect(existsSync(path.join(ws, 'reports', '2025-01'))).toBe(false);
    expect(existsSync(path.join(ws, 'outbox', '2025-01'))).toBe(false);
    await rm(inbox);
  });

  it('collect refuses an --inbox that is not there instead of finding no files', () => {
    const missing = path.join(dir, 'no-such-inbox');
    const r = creditwork(['collect', '--period', '2024-06', '--inbox', missing, '--workspace', ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`收件目录 ${missing} 不存在`);
    expect(r.stdout).toBe('');
  });

  it('assess refuses a 成文日期 that is not a calendar date', () => {
    const r = creditwork(['assess', '--year', '2024', '--date', '2024-02-31', '--workspace', ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^错误：成文日期“2024-02-31”无效/);
  });

  it('a date the holiday calendar does not cover is a Chinese message', () => {
    // A month issued, so there is something to assess (a never-issued month is not counted).
    expect(creditwork(['issue', '--period', '2024-05', '--workspace', ws]).code).toBe(0);
    const r = creditwork(['assess', '--year', '2024', '--date', '2099-01-10', '--workspace', ws]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^错误：.*2099/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('collect summary', () => {
  it('names the file of every refused return, cell problems included', async () => {
    expect(creditwork(['issue', '--period', '2024-06', '--workspace', ws]).code).toBe(0);
    const issued = path.join(ws, 'outbox', '2024-06');
    const blank = (await readdir(issued)).find((f) => f.startsWith('S01-'))!;
    // Returned as issued: nothing filled in, so the first error is a cell of 任务进展.
    await copyFile(path.join(issued, blank), path.join(ws, 'inbox', '空白.xlsx'));
    await writeFile(path.join(ws, 'inbox', '乱码.xlsx'), 'not a workbook');
    const r = creditwork(['collect', '--period', '2024-06', '--workspace', ws]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/✗ 空白\.xlsx：任务进展!/);
    expect(r.stdout).toMatch(/✗ 乱码\.xlsx：文件内容是文本/);
  });
});

describe('collect with a file it cannot move out of the inbox', () => {
  it('goes on, says so, leaves the file, and a re-run finds it a duplicate', async () => {
    const blocked = path.join(dir, 'stuck');
    expect(creditwork(['init', '--workspace', blocked, '--year', '2024']).code).toBe(0);
    // A file where collect files refused returns stands in for a folder it may not write.
    await mkdir(path.join(blocked, 'inbox', '未通过'));
    await writeFile(path.join(blocked, 'inbox', '未通过', '2024-06'), 'not a folder');
    const sent = path.join(blocked, 'inbox', '乱码.xlsx');
    await writeFile(sent, 'not a workbook');
    const first = creditwork(['collect', '--period', '2024-06', '--workspace', blocked]);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('1 个文件已存档并登记，但未能移出收件目录');
    expect(first.stdout).toContain('汇总表：');
    expect(existsSync(sent)).toBe(true);
    const again = creditwork(['collect', '--period', '2024-06', '--workspace', blocked]);
    expect(again.stdout).toContain('重复 1');
    expect(existsSync(sent)).toBe(true);
  });
});

describe('describeSystemError', () => {
  it('names the file being written for a busy rename', () => {
    const error = Object.assign(new Error('EBUSY'), {
      code: 'EBUSY',
      path: '/w/a.tmp',
      dest: '/w/plan.xlsx',
    });
    expect(describeSystemError(error)).toContain('/w/plan.xlsx');
    expect(describeSystemError(error)).toContain('Excel');
  });

  it('tells a read-only workspace from a busy database, extended codes included', () => {
    expect(describeSystemError({ code: 'SQLITE_READONLY_DIRECTORY' })).toContain('工作区文件夹只读');
    expect(describeSystemError({ code: 'SQLITE_BUSY_SNAPSHOT' })).toContain('另一个 creditwork');
  });

  it('leaves real bugs alone', () => {
    expect(describeSystemError(new TypeError('x is undefined'))).toBeUndefined();
    expect(describeSystemError({ code: 'ERR_INVALID_ARG_TYPE' })).toBeUndefined();
    expect(describeSystemError({ code: 'SQLITE_ERROR' })).toBeUndefined();
    expect(describeSystemError(undefined)).toBeUndefined();
  });
});
