import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan2024 } from '../core/plan/plan2024.js';

// Changing the plan mid-year through the CLI, as the README tells it: raise a target, bump the
// version, keep issuing; re-issue one unit's workbook with issue --unit.
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');
let ws: string;

function creditwork(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args, '--workspace', ws], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '' },
  });
  return { code: result.status, stdout: result.stdout, output: result.stdout + result.stderr };
}

/** Edits plans/2024.xlsx as the office would in Excel: one cell found by its row key and column header. */
async function edit(
  sheetName: string,
  keyHeader: string,
  key: string,
  header: string,
  value: ExcelJS.CellValue,
) {
  const file = path.join(ws, 'plans', '2024.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet(sheetName)!;
  const headers = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
  const col = (h: string) => headers.findIndex((x) => x.startsWith(h));
  let done = false;
  sheet.eachRow((row) => {
    if (String(row.getCell(col(keyHeader)).value) === key) {
      row.getCell(col(header)).value = value;
      done = true;
    }
  });
  expect(done, `${sheetName} ${key}`).toBe(true);
  await workbook.xlsx.writeFile(file);
}

const indicator = plan2024.indicators.find((i) => i.kind === 'percent' && i.reporters.includes('S05'))!;

beforeAll(async () => {
  ws = await mkdtemp(path.join(os.tmpdir(), 'versions-cli-'));
  expect(spawnSync(process.execPath, [bin, 'init', '--year', '2024', '--workspace', ws]).status).toBe(0);
  const issue = creditwork('issue', '--period', '2024-05');
  expect(issue.code, issue.output).toBe(0);
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

describe('a plan changed mid-year, through the CLI', () => {
  it('a target raised without a new version number: plan check warns, issue refuses until it is raised', async () => {
    await edit('指标', '指标编码', indicator.code, '目标值', '99%');
    const check = creditwork('plan', 'check', '--year', '2024', '--json');
    expect(check.code, check.output).toBe(0);
    const codes = (JSON.parse(check.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code);
    expect(codes).toContain('plan.version-unchanged');
    const refused = creditwork('issue', '--period', '2024-06');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('把“版本号”改为 2');
    await edit('设置', '键名', 'version', '值', 2);
    const issued = creditwork('issue', '--period', '2024-06');
    expect(issued.code, issued.output).toBe(0);
    expect(creditwork('plan', 'check', '--year', '2024', '--json').stdout).not.toContain(
      'plan.version-unchanged',
    );
  });

  it('issue --unit re-issues just that unit, the earlier file moved aside, the index still listing all', () => {
    const dir = path.join(ws, 'outbox', '2024-05');
    const before = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    const again = creditwork('issue', '--period', '2024-05', '--unit', 'S05');
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain('已重新下发2024年5月填报表 1 份');
    expect(again.stdout).toContain('按工作要点第 2 版');
    const aside = readdirSync(dir).find((f) => f.startsWith('已替换-'))!;
    expect(readdirSync(path.join(dir, aside)).filter((f) => f.startsWith('S05-'))).toHaveLength(1);
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.xlsx'))
        .sort(),
    ).toEqual(before.sort());
    const wrong = creditwork('issue', '--period', '2024-05', '--unit', 'S05,Z99');
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain('没有单位“Z99”');
    expect(creditwork('issue', '--period', '2024-05', '--unit', 'S05', '--force').output).toContain(
      '不能与 --force',
    );
  });
});
