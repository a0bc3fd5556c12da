import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { SEED_2024 } from '../core/plan/seed-2024.js';

const seedPath = new URL('../../shared/seed/work-points-2024.txt', import.meta.url);
const unitName = (code: string) => plan2024.units.find((u) => u.code === code)?.name;
const indicator = (code: string) => {
  const found = plan2024.indicators.find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code}`);
  return found;
};
const leads = (task: number) =>
  plan2024.tasks[task - 1].responsibilities.filter((r) => r.role === 'lead').map((r) => unitName(r.unit));
const responsible = (task: number) => plan2024.tasks[task - 1].responsibilities.map((r) => unitName(r.unit));

describe('built-in 2024 plan', () => {
  it.skipIf(!existsSync(seedPath))('embeds the seed text unchanged', () => {
    expect(SEED_2024).toBe(readFileSync(seedPath, 'utf8'));
  });

  it('has the 23 tasks in order with their sections', () => {
    expect(plan2024.tasks.map((t) => t.number)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(plan2024.tasks[0]).toMatchObject({ section: '一', sectionTitle: '贯彻落实国家决策部署' });
    expect(plan2024.tasks[22]).toMatchObject({ section: '九', title: '关注社会舆情信息' });
    expect(plan2024.tasks[0].text).toContain('顶层设计文件指');
    expect(plan2024.tasks[0].text).not.toContain('责任单位');
  });

  it('keeps every task text verbatim from the seed', () => {
    for (const task of plan2024.tasks) {
      for (const paragraph of task.text.split('\n')) expect(SEED_2024).toContain(paragraph);
      expect(SEED_2024).toContain(`(责任单位:${task.responsibilityText}`);
    }
  });

  it('assigns leads and partners as the seed lists them', () => {
    expect(leads(1)).toEqual(['市信用办']);
    expect(leads(7)).toEqual(['市税务局']);
    expect(leads(23)).toEqual(['市应急局']); // the seed writes 市应急管理局 here
    expect(leads(12)).toHaveLength(34); // every member unit acts in its own field
    expect(responsible(2)).toEqual(['市发展改革委', '市司法局']);
    expect(responsible(21)).toEqual(['市发展改革委', '市教育局', '团市委']);
    expect(responsible(7)).toContain('市能源局');
    expect(responsible(7)).toContain('市城市管理局');
  });

  it('gives county-level units and the zone exactly the tasks that name them', () => {
    const countyTasks = plan2024.tasks
      .filter((t) => t.responsibilities.some((r) => r.unit === 'X03'))
      .map((t) => t.number);
    expect(countyTasks).toEqual([1, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23]);
    const zoneTasks = plan2024.tasks
      .filter((t) => t.responsibilities.some((r) => r.unit === 'K01'))
      .map((t) => t.number);
    expect(zoneTasks).toEqual(countyTasks);
    expect(plan2024.units.filter((u) => u.kind === 'county')).toHaveLength(13);
  });

  it('carries every quantitative target with the seed comparator', () => {
    const targets = Object.fromEntries(plan2024.indicators.map((i) => [i.code, [i.comparator, i.target]]));
    expect(targets).toMatchObject({
      'T04-4': ['>=', 1],
      'T04-5': ['<=', 0.0001],
      'T07-1': ['>=', 1],
      'T07-2': ['>=', 1],
      'T07-3': ['>=', 0.5],
      'T07-4': ['>=', 0.001],
      'T07-5': ['>=', 0.001],
      'T07-6': ['>=', 0.001],
      'T08-1': ['>=', 0.1],
      'T08-2': ['>=', 0.04],
      'T10-1': ['>', 0.5],
      'T11-1': ['>=', 0.1],
      'T11-2': ['<', 0.02],
      'T11-3': ['>=', 20],
      'T14-1': ['>=', 0.075],
      'T22-1': ['>=', 20],
      'T22-2': ['>=', 3],
    });
    expect(indicator('T07-1').denominatorLabel).toContain('不含个体工商户');
    expect(indicator('T08-1').denominatorLabel).toContain('含个体工商户');
    expect(indicator('T15-1')).toMatchObject({ kind: 'date', comparator: '<=' });
    expect(plan2024.tasks[14].deadline).toBe('2024-10-31');
    expect(plan2024.settings.dualPublicityDueWorkingDays).toBe(7);
  });

  it('has reporters that are real units and unique codes', () => {
    const codes = new Set(plan2024.units.map((u) => u.code));
    expect(codes.size).toBe(plan2024.units.length);
    for (const i of plan2024.indicators) for (const r of i.reporters) expect(codes.has(r)).toBe(true);
    expect(indicator('T22-1').reporters).toHaveLength(14);
  });

  it('hands out copies that cannot change the built-in plan', () => {
    const copy = builtInPlan(2024);
    copy!.units[0].name = 'changed';
    expect(plan2024.units[0].name).toBe('市信用办');
    expect(builtInPlan(2023)).toBeUndefined();
  });
});
