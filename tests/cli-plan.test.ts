import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';

// These run the built bin exactly as the office does (tests/global-setup.ts builds it first).
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');

function creditwork(args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '', ...env },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.stdout + result.stderr,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-plan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('creditwork init / plan check / plan show', () => {
  it('init makes the workspace and a plan that passes plan check', async () => {
    const ws = path.join(dir, 'w');
    const init = creditwork(['init', '--workspace', ws, '--year', '2024']);
    expect(init.output).toContain('plan check');
    expect(init.code).toBe(0);
    for (const folder of ['inbox', 'archive', 'outbox', 'reports'])
      expect(existsSync(path.join(ws, folder))).toBe(true);

    const check = creditwork(['plan', 'check', '--workspace', ws]);
    expect(check.code).toBe(0);
    const plan = builtInPlan(2024)!;
    expect(check.stdout).toContain(`${plan.tasks.length}项任务`);
    expect(check.stdout).toContain('检查通过');
  });

  it('a lead unit changed to a name not in 单位 fails plan check, naming sheet and cell', async () => {
    const ws = path.join(dir, 'bad-lead');
    expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
    const file = path.join(ws, 'plans', '2024.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('责任分工')!;
    const headers = sheet.getRow(1).values as unknown[];
    const unitCol = headers.indexOf('责任单位');
    const roleCol = headers.indexOf('分工');
    let address = '';
    for (let r = 2; r <= sheet.rowCount && !address; r++) {
      if (sheet.getRow(r).getCell(roleCol).value === '牵头') {
        const cell = sheet.getRow(r).getCell(unitCol);
        cell.value = '市不存在局';
        address = cell.address;
      }
    }
    expect(address).not.toBe('');
    await workbook.xlsx.writeFile(file);

    const check = creditwork(['plan', 'check', '--workspace', ws]);
    expect(check.code).not.toBe(0);
    expect(check.stdout).toContain(`责任分工!${address}`);
    expect(check.stdout).toContain('市不存在局');

    const json = creditwork(['plan', 'check', '--json', '--workspace', ws]);
    expect(json.code).not.toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        sheet: '责任分工',
        cell: address,
        code: 'plan.unknown-unit',
        level: 'error',
      }),
    );

    // Commands that act on the plan refuse a broken one.
    const show = creditwork(['plan', 'show', '--workspace', ws]);
    expect(show.code).not.toBe(0);
    expect(show.stderr).toContain(`责任分工!${address}`);
  });

  it('plan show --json lists the tasks, units and indicators with comparators and numeric targets', () => {
    const ws = path.join(dir, 'w');
    const show = creditwork(['plan', 'show', '--json', '--workspace', ws]);
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.stdout);
    const plan = builtInPlan(2024)!;
    expect(shown.tasks).toHaveLength(23);
    expect(shown.units).toHaveLength(plan.units.length);
    expect(shown.indicators).toEqual(plan.indicators);
    for (const indicator of shown.indicators) {
      expect(['>=', '>', '<=', '<']).toContain(indicator.comparator);
      expect(typeof indicator.target).toBe('number');
      expect(typeof indicator.task).toBe('number');
    }
    const text = creditwork(['plan', 'show', '--workspace', ws]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(plan.indicators[0].code);
    expect(text.stdout).toContain(plan.tasks[22].title);
  });

  it('init refuses to overwrite the year’s plan without --force, and backs it up with --force', async () => {
    const ws = path.join(dir, 'again');
    expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
    const file = path.join(ws, 'plans', '2024.xlsx');
    await writeFile(file, 'edited by the office');
    const refused = creditwork(['init', '--workspace', ws, '--year', '2024']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--force');
    expect(await readFile(file, 'utf8')).toBe('edited by the office');

    const forced = creditwork(['init', '--workspace', ws, '--year', '2024', '--force']);
    expect(forced.code).toBe(0);
    const backups = (await readdir(path.join(ws, 'plans'))).filter((name) => name.startsWith('2024.备份'));
    expect(backups).toHaveLength(1);
    expect(await readFile(path.join(ws, 'plans', backups[0]), 'utf8')).toBe('edited by the office');
    expect(creditwork(['plan', 'check', '--workspace', ws]).code).toBe(0);
  });

  it('init --force leaves a plan open in Excel alone (its ~$ owner file is there)', async () => {
    const ws = path.join(dir, 'open-in-excel');
    expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
    const file = path.join(ws, 'plans', '2024.xlsx');
    await writeFile(file, 'being edited in Excel');
    await writeFile(path.join(ws, 'plans', '~$2024.xlsx'), 'owner');
    const refused = creditwork(['init', '--workspace', ws, '--year', '2024', '--force']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('正在 Excel/WPS 中打开');
    expect(await readFile(file, 'utf8')).toBe('being edited in Excel');
    expect((await readdir(path.join(ws, 'plans'))).filter((name) => name.includes('备份'))).toHaveLength(0);
  });

  it('a plan that cannot be read as a file says so, not that the workbook is broken', async () => {
    const ws = path.join(dir, 'folder-plan');
    expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
    const file = path.join(ws, 'plans', '2024.xlsx');
    await rm(file);
    await mkdir(file);
    const check = creditwork(['plan', 'check', '--workspace', ws]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${file} 是文件夹而不是文件`);
    expect(check.stderr).not.toContain('不是有效的 .xlsx');
  });

  it('warnings alone pass plan check and are shown', async () => {
    const ws = path.join(dir, 'warned');
    expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
    const file = path.join(ws, 'plans', '2024.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const settings = workbook.getWorksheet('设置')!;
    const headers = settings.getRow(1).values as unknown[];
    const row = settings.getRow(settings.rowCount + 1);
    row.getCell(headers.indexOf('值')).value = '1';
    row.getCell(headers.indexOf('键名（程序用，请勿修改）')).value = 'settings.noSuchSetting';
    await workbook.xlsx.writeFile(file);

    const check = creditwork(['plan', 'check', '--workspace', ws]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(
      `设置!${row.getCell(headers.indexOf('键名（程序用，请勿修改）')).address}`,
    );
    expect(check.stdout).toContain('检查通过');
    // The unknown setting, and what the built-in plan leaves for the office: city, 代字, contact.
    expect(check.stdout).toContain('4个提示');
    expect(check.stdout).toContain('城市名称为“XX市”');
  });

  it('plan check on a folder without a plan says to run init', () => {
    const result = creditwork(['plan', 'check', '--workspace', path.join(dir, 'empty')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('creditwork init');
  });
});

describe('cold start', () => {
  let probes = 0;
  // Records every module specifier the CLI's ESM graph resolves that names exceljs.
  async function loadsExceljs(args: string[]): Promise<boolean> {
    const hooks = path.join(dir, 'hooks.mjs');
    const register = path.join(dir, 'register.mjs');
    const log = path.join(dir, `resolved-${++probes}.log`);
    await writeFile(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (/(^|[\\\\/])exceljs([\\\\/]|$)/.test(specifier)) appendFileSync(process.env.RESOLVE_LOG, specifier + '\\n');
  return next(specifier, context);
}
`,
    );
    await writeFile(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    await writeFile(log, '');
    const result = creditwork(args, ['--import', register], { RESOLVE_LOG: log });
    expect(result.code).toBe(0);
    return (await readFile(log, 'utf8')).trim() !== '';
  }

  it('--help does not load exceljs (plan show does, so the probe works)', async () => {
    const ws = path.join(dir, 'cold');
    expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
    expect(await loadsExceljs(['--help'])).toBe(false);
    expect(await loadsExceljs(['plan', 'show', '--json', '--workspace', ws])).toBe(true);
  });
});
