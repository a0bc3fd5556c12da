import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityIsSet, localizePlan, localizeText, placeholderCount } from '../core/plan/city.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { runAssessment } from '../reporter/assess/index.js';
import { runDemo } from '../reporter/demo/run-demo.js';
import { readPlanFile } from '../reporter/plan/load.js';
import { loadYearPlan } from '../reporter/plan/years.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { openStore } from '../reporter/store/index.js';

describe('the city in place of XX', () => {
  it('replaces XX市 with the city and a bare XX with its short name', () => {
    expect(localizeText('人行XX市分行、XX开发区管委会、信用XX平台、国网ＸＸ供电公司', '运城市', '运城')).toBe(
      '人行运城市分行、运城开发区管委会、信用运城平台、国网运城供电公司',
    );
  });

  it('leaves a plan whose city is still XX市 as it is, and localizes every text once it is set', () => {
    expect(cityIsSet(plan2024.city)).toBe(false);
    expect(localizePlan(plan2024)).toBe(plan2024);
    expect(placeholderCount(plan2024)).toBeGreaterThan(20);
    const local = localizePlan({ ...plan2024, city: '运城市' });
    expect(placeholderCount(local)).toBe(0);
    expect(local.units.find((u) => u.code === 'K01')!.name).toBe('运城开发区');
    expect(local.document.issuer).toBe('运城市社会信用体系建设联席会议办公室');
    expect(local.tasks[1].text).toContain('《运城市市级公共信用信息目录(2024年版)》');
    expect(local.units.map((u) => u.code)).toEqual(plan2024.units.map((u) => u.code));
    // 城市简称 wins over the city without 市.
    expect(
      localizePlan({ ...plan2024, city: '运城市', cityShortName: '运城经济技术' }).units.at(-1)!.name,
    ).toBe('运城经济技术开发区');
  });
});

describe('plan check names what documents still need', () => {
  it('warns about the city, the X of 发文机关代字 and an empty contact, naming the 设置 cells', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'city-check-'));
    try {
      const file = path.join(dir, 'plan.xlsx');
      await writePlanWorkbook(plan2024, file);
      const { findings } = await readPlanFile(file);
      const codes = findings
        .filter((f) => f.level === 'warning')
        .map((f) => `${f.code} ${f.sheet}!${f.cell}`);
      expect(codes).toEqual([
        expect.stringMatching(/^plan\.city-not-set 设置!B\d+$/),
        expect.stringMatching(/^plan\.number-prefix-placeholder 设置!B\d+$/),
        expect.stringMatching(/^plan\.contact-missing 设置!B\d+$/),
      ]);
      expect(findings.find((f) => f.code === 'plan.city-not-set')!.message).toMatch(/有 \d+ 处“XX”/);

      await writePlanWorkbook(
        {
          ...plan2024,
          city: '运城市',
          document: { ...plan2024.document, numberPrefix: '运信用办' },
          settings: { ...plan2024.settings, contactName: '王敏', contactPhone: '0359-2081234' },
        },
        file,
      );
      const again = await readPlanFile(file);
      expect(again.findings.filter((f) => f.level === 'warning')).toEqual([]);
      expect(again.plan.units.find((u) => u.code === 'S13')!.name).toBe('人行运城市分行');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Text of every XML part of an Office file (tags dropped), or the text file itself. */
function textOf(file: string): string {
  if (!/\.(xlsx|docx)$/.test(file)) return readFileSync(file, 'utf8');
  return Object.entries(unzipSync(readFileSync(file)))
    .filter(([name]) => /\.(xml|rels)$/.test(name))
    .map(([, bytes]) => strFromU8(bytes).replace(/<[^>]*>/g, ' '))
    .join('\n');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('a month with 城市 set to 运城市 (the demo office)', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'city-demo-'));
    root = path.join(dir, 'ws');
    const demo = await runDemo({ dir: root, months: 1, seed: 2024, log: () => undefined });
    const plan = await loadYearPlan(demo.workspace, 2024);
    const store = openStore(demo.workspace);
    try {
      await runAssessment({ workspace: demo.workspace, plan, store, year: 2024, date: '2024-02-20' });
    } finally {
      store.close();
    }
  }, 240_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints no XX in any workbook, receipt, 汇总表, circular, score sheet or report, nor in their names', () => {
    const generated = ['outbox', 'reports'].flatMap((sub) => filesUnder(path.join(root, sub)));
    expect(generated.some((f) => f.endsWith('.docx'))).toBe(true);
    expect(generated.some((f) => f.includes('回执'))).toBe(true);
    expect(generated.some((f) => f.endsWith('年终考核评分表.xlsx'))).toBe(true);
    expect(generated.some((f) => f.endsWith('考核结果的通报.docx'))).toBe(true);
    expect(generated.some((f) => f.endsWith('K01-运城开发区.xlsx'))).toBe(true);
    const left = generated.flatMap((file) => {
      const hits = [...textOf(file).matchAll(/.{0,12}(?:XX|ＸＸ|××).{0,12}/g)].map((m) => m[0]);
      return [
        ...(/XX|ＸＸ/.test(path.relative(root, file)) ? [path.relative(root, file)] : []),
        ...hits.map((h) => `${path.relative(root, file)}: ${h}`),
      ];
    });
    expect(left).toEqual([]);
    const circular = generated.find((f) => f.endsWith('.docx') && f.includes('2024-01'))!;
    const text = textOf(circular);
    expect(text).toContain('运城市社会信用体系建设联席会议办公室');
    expect(text).toContain('运信用办〔2024〕5号');
    expect(text).toContain('联系人：王敏，电话：0359-2081234');
  });

  it('keeps plan.xlsx as the office typed it, XX and all', () => {
    expect(textOf(path.join(root, 'plan.xlsx'))).toContain('人行XX市分行');
  });
});
