import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUAL_PUBLICITY_INDICATORS } from '../core/plan/dual-publicity.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { targetText } from '../reporter/circular/content.js';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';

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

// A rate of the circular's indicator table (the 双公示 rates are ranked instead).
const ranked = new Set<string>(Object.values(DUAL_PUBLICITY_INDICATORS));
const indicator = plan2024.indicators.find(
  (i) => i.kind === 'percent' && i.reporters.includes('S05') && !ranked.has(i.code),
)!;

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
  it('a target raised without a new version number: plan check warns, issue records the next version and says so', async () => {
    await edit('指标', '指标编码', indicator.code, '目标值', '99%');
    await edit('指标', '指标编码', indicator.code, '目标原文', '达到99%');
    const check = creditwork('plan', 'check', '--year', '2024', '--json');
    expect(check.code, check.output).toBe(0);
    const codes = (JSON.parse(check.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code);
    expect(codes).toContain('plan.version-unchanged');
    const issued = creditwork('issue', '--period', '2024-06');
    expect(issued.code, issued.output).toBe(0);
    expect(issued.stdout).toContain('本次填报表按第 2 版下发并记录');
    expect(issued.stdout).toContain('把“版本号”改为 2');
    await edit('设置', '键名', 'version', '值', 2);
    expect(creditwork('plan', 'check', '--year', '2024', '--json').stdout).not.toContain(
      'plan.version-unchanged',
    );
  });

  it('re-rendering May after the target was raised uses the target May was issued with; June has the new one', () => {
    const row = (period: string) => {
      // Each circular its own 发文字号: the register refuses a number used twice in a year.
      const number = String(Number(period.slice(5)));
      const made = creditwork('circular', '--period', period, '--date', '2024-07-20', '--number', number);
      expect(made.code, made.output).toBe(0);
      const docx = readdirSync(path.join(ws, 'reports', period)).find((f) => f.endsWith('.docx'))!;
      const xml = strFromU8(
        unzipSync(new Uint8Array(readFileSync(path.join(ws, 'reports', period, docx))))['word/document.xml'],
      );
      // The indicator table's row: the cells' texts after the indicator's name.
      const rowXml = xml
        .split(/<w:tr[ >]/)
        .slice(1)
        .map((r) => r.split('</w:tr>')[0])
        .find((r) => r.replace(/<[^>]+>/g, '').includes(indicator.name))!;
      expect(rowXml, `${period}: no row for ${indicator.name}`).toBeDefined();
      return rowXml.replace(/<\/w:tc>/g, '|').replace(/<[^>]+>/g, '');
    };
    const raised = { ...indicator, target: 0.99, targetText: '达到99%' };
    expect(targetText(raised)).not.toBe(targetText(indicator));
    const may = row('2024-05');
    const june = row('2024-06');
    expect(may).toContain(`|${targetText(indicator)}|`);
    expect(june).toContain(`|${targetText(raised)}|`);
  });

  it('plan history lists each version issued, where it went, and what changed', () => {
    const shown = creditwork('plan', 'history', '--year', '2024', '--json');
    expect(shown.code, shown.output).toBe(0);
    const history = JSON.parse(shown.stdout) as {
      current: { version: number; issued: boolean };
      versions: { version: number; periods: { period: string; units: number }[]; changes: string[] }[];
    };
    expect(history.current).toMatchObject({ version: 2, issued: true });
    expect(history.versions.map((v) => [v.version, v.periods.map((p) => p.period)])).toEqual([
      [1, ['2024-05']],
      [2, ['2024-06']],
    ]);
    expect(history.versions[1].changes).toEqual([
      `指标${indicator.code}（${indicator.name}）目标：≥${Math.round(indicator.target * 100)}%（${indicator.targetText}） → ≥99%（达到99%）`,
    ]);
    const text = creditwork('plan', 'history', '--year', '2024');
    expect(text.stdout).toContain('第 2 版');
    expect(text.stdout).toContain('现行 plans/2024.xlsx：第 2 版，已下发。');
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
