import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cityIsSet, localizePlan, localizeText, placeholderCount } from '../core/plan/city.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { documentSettingFindings } from '../reporter/plan/city-check.js';
import { readPlanFile } from '../reporter/plan/load.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';

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

describe('plan check: what documents still need from the office', () => {
  it('warns about the city, the X of 发文机关代字 and an empty contact, naming the 设置 cells', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'city-check-'));
    try {
      const file = path.join(dir, 'plan.xlsx');
      await writePlanWorkbook(plan2024, file);
      const read = await readPlanFile(file);
      expect(read.findings).toEqual([]);
      const findings = documentSettingFindings('plan.xlsx', read.plan, read.places);
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
      expect(documentSettingFindings('plan.xlsx', again.plan, again.places)).toEqual([]);
      expect(again.plan.units.find((u) => u.code === 'S13')!.name).toBe('人行运城市分行');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
