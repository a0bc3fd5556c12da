import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSignature, SHEETS, unitRows } from '../core/contract/index.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { openStore } from '../reporter/store/index.js';
import { UnitLinks } from '../reporter/portal/unit-links.js';
import { workspaceAt } from '../reporter/workspace.js';
import { completeFill, fillWorkbook } from './helpers/fill-workbook.js';

// Unit links and signed workbooks through the built CLI: issue writes each unit's address, issue id
// and signature; `units links` lists and rotates; collect refuses edited metadata.
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');
const PERIOD = '2024-05';
const BASE = 'https://xyk.example.gov.cn/creditwork';

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

async function metadataOf(file: string): Promise<Record<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(SHEETS.metadata)!;
  const out: Record<string, string> = {};
  sheet.eachRow((row) => (out[String(row.getCell(1).value)] = String(row.getCell(2).value ?? '')));
  return out;
}

beforeAll(async () => {
  ws = await mkdtemp(path.join(os.tmpdir(), 'portal-links-'));
  expect(creditwork('init', '--workspace', ws, '--year', '2024').code).toBe(0);
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

describe('unit links and signed workbooks', () => {
  it('init makes the workspace secret, readable by its owner only', () => {
    const key = path.join(ws, 'workspace.key');
    expect(readFileSync(key, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(key).mode & 0o077).toBe(0);
  });

  it('units links needs to know the portal address', () => {
    const result = creditwork('units', 'links', '--workspace', ws);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('--base-url');
    expect(creditwork('units', 'links', '--workspace', ws, '--base-url', 'ftp://x').output).toContain(
      '应以 https:// 或 http:// 开头',
    );
  });

  it('issue writes each unit its own address, an issue id and a signature', async () => {
    const issue = creditwork('issue', '--workspace', ws, '--period', PERIOD, '--base-url', `${BASE}/`);
    expect(issue.code, issue.output).toBe(0);
    expect(issue.stdout).toContain('网上报送');
    const links = JSON.parse(
      creditwork('units', 'links', '--workspace', ws, '--base-url', BASE, '--json').stdout,
    ) as { code: string; name: string; url: string }[];
    expect(links).toHaveLength(48);
    expect(links[0]).toEqual({
      code: 'S01',
      name: '市发展改革委',
      url: expect.stringMatching(/\/u\/[\w-]{32}$/),
    });
    expect(new Set(links.map((l) => l.url)).size).toBe(48);

    const meta = await metadataOf(issued('S01'));
    expect(meta.portalUrl).toBe(links[0].url);
    expect(meta.portalUrl.startsWith(`${BASE}/u/`)).toBe(true);
    expect(meta.issueId).toMatch(/^[0-9a-f]{20}$/);
    const secret = readFileSync(path.join(ws, 'workspace.key'), 'utf8').trim();
    expect(checkSignature({ ...meta, planVersion: Number(meta.planVersion) }, secret)).toEqual({ ok: true });

    const guide = new ExcelJS.Workbook();
    await guide.xlsx.readFile(issued('S01'));
    const texts: string[] = [];
    guide.getWorksheet(SHEETS.guide)!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('\n')).toContain(links[0].url);

    const index = new ExcelJS.Workbook();
    await index.xlsx.readFile(path.join(ws, 'outbox', PERIOD, `下发清单-${PERIOD}.xlsx`));
    const sheet = index.worksheets[0];
    expect(String(sheet.getCell('I2').value)).toContain('网上报送地址');
    expect(sheet.getCell('I3').value).toBe(links[0].url);
  });

  it('rotating a link replaces it at once and is in the audit log', () => {
    const before = JSON.parse(
      creditwork('units', 'links', '--workspace', ws, '--base-url', BASE, '--json').stdout,
    ) as { code: string; url: string }[];
    const rotated = creditwork('units', 'links', '--workspace', ws, '--base-url', BASE, '--rotate', 's02');
    expect(rotated.code, rotated.output).toBe(0);
    expect(rotated.stdout).toContain('旧地址即刻失效');
    const after = JSON.parse(
      creditwork('units', 'links', '--workspace', ws, '--base-url', BASE, '--json').stdout,
    ) as { code: string; url: string }[];
    const url = (list: typeof before, code: string) => list.find((l) => l.code === code)!.url;
    expect(url(after, 'S02')).not.toBe(url(before, 'S02'));
    expect(url(after, 'S01')).toBe(url(before, 'S01'));

    const store = openStore(workspaceAt(ws));
    try {
      const links = new UnitLinks(store.db);
      expect(links.find(url(before, 'S02').split('/u/')[1])).toBeUndefined();
      expect(links.find(url(after, 'S02').split('/u/')[1])).toMatchObject({ unit: 'S02', year: 2024 });
      expect(links.find('not-a-secret')).toBeUndefined();
      const audit = store.db.prepare('SELECT actor, action, target FROM audit_log').all();
      expect(audit).toEqual([
        { actor: expect.stringMatching(/^命令行:/), action: 'links.rotate', target: 'S02 市委编办' },
      ]);
    } finally {
      store.close();
    }
    expect(
      creditwork('units', 'links', '--workspace', ws, '--base-url', BASE, '--rotate', 'XYB').output,
    ).toContain('没有需要填报的任务或指标');
  });

  it('collect accepts the signed workbook and refuses edited or unsigned metadata', async () => {
    const inbox = path.join(ws, 'inbox');
    const genuine = completeFill(unitRows(plan2024, 'S01'), PERIOD, { seed: 1 });
    await fillWorkbook(issued('S01'), genuine, path.join(inbox, 'genuine.xlsx'));
    // S03 claims to be S04 (a unit copying another's workbook and editing the hidden sheet).
    await fillWorkbook(
      issued('S03'),
      { ...completeFill(unitRows(plan2024, 'S03'), PERIOD, { seed: 3 }), metadata: { unitCode: 'S04' } },
      path.join(inbox, 'forged.xlsx'),
    );
    await fillWorkbook(
      issued('S05'),
      { ...completeFill(unitRows(plan2024, 'S05'), PERIOD, { seed: 5 }), metadata: { signature: '' } },
      path.join(inbox, 'unsigned.xlsx'),
    );
    const collect = creditwork('collect', '--workspace', ws, '--period', PERIOD, '--json');
    expect(collect.code, collect.output).toBe(2);
    const files = (
      JSON.parse(collect.stdout) as {
        files: { file: string; outcome: string; findings: { code: string; message: string }[] }[];
      }
    ).files;
    const byName = Object.fromEntries(files.map((f) => [f.file, f]));
    expect(byName['genuine.xlsx'].outcome).toBe('accepted');
    expect(byName['forged.xlsx'].outcome).toBe('refused');
    expect(byName['forged.xlsx'].findings[0].code).toBe('collect.forged');
    expect(byName['forged.xlsx'].findings[0].message).toContain('签名');
    expect(byName['unsigned.xlsx'].findings[0].code).toBe('collect.unsigned');
    // Archived all the same.
    const archived = await readdir(path.join(ws, 'archive'), { recursive: true });
    expect(archived.filter((f) => f.endsWith('.xlsx'))).toHaveLength(3);
  });

  it('a workspace whose secret is lost reports a failure of its own, not a refused return', async () => {
    const secret = path.join(ws, 'workspace.key');
    const kept = readFileSync(secret);
    await rm(secret);
    try {
      await fillWorkbook(
        issued('S06'),
        completeFill(unitRows(plan2024, 'S06'), PERIOD, { seed: 6 }),
        path.join(ws, 'inbox', 's06.xlsx'),
      );
      const collect = creditwork('collect', '--workspace', ws, '--period', PERIOD, '--json');
      const file = (
        JSON.parse(collect.stdout) as {
          files: { file: string; outcome: string; findings: { message: string }[] }[];
        }
      ).files.find((f) => f.file === 's06.xlsx')!;
      expect(file.outcome).toBe('failed');
      expect(file.findings[0].message).toContain('workspace.key');
      expect(existsSync(path.join(ws, 'inbox', 's06.xlsx'))).toBe(true);
    } finally {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(secret, kept, { mode: 0o600 });
    }
  });
});
