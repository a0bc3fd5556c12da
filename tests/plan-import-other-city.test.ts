import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../core/plan/import/document.js';
import { importWorkPoints, type ImportedPlan } from '../core/plan/import/import.js';
import { UNITS_2024 } from '../core/plan/plan2024.js';
import { isoToExcelSerial } from '../core/values/excel-serial.js';
import { ZipArchive } from '../reporter/collect/zip.js';
import { readDocx } from '../reporter/plan/import/docx.js';
import { docxOtherCity } from './plan-import-fixtures.js';

/**
 * A realistic document of another city and year (晋城市 2027, built by code in
 * plan-import-fixtures.ts): full official unit names, restarted task numbers, 牵头/责任/配合 in
 * several forms, 下同, a name no plan has, and a 任务分工表 with 具体措施 rows. Imported over the
 * built-in units, the result should be what an office would have typed.
 */

const read = async (options: { text: boolean; table: boolean }): Promise<ImportedPlan> => {
  const doc: SourceDocument = readDocx(new ZipArchive(await docxOtherCity(options)));
  return importWorkPoints(doc, { year: 2027, units: UNITS_2024 });
};

const counties = UNITS_2024.filter((u) => u.kind === 'county').map((u) => u.code);
const lead = (code: string) => ({ unit: code, role: 'lead' });
const partners = (...codes: string[]) => codes.map((unit) => ({ unit, role: 'partner' }));

function expectSensible(plan: ImportedPlan) {
  expect(plan.title).toBe('晋城市2027年社会信用体系建设工作要点');
  expect(plan.tasks.map((t) => [t.number, t.section, t.sectionTitle, t.title])).toEqual([
    [1, '一', '夯实信用基础设施', '提升信用信息平台功能'],
    [2, '一', '夯实信用基础设施', '提高“双公示”信息质量'],
    [3, '一', '夯实信用基础设施', '推进信用信息归集共享'],
    [4, '一', '夯实信用基础设施', '健全重点人群信用档案'],
    [5, '二', '强化信用监管', '深化信用分级分类监管'],
    [6, '二', '强化信用监管', '依法依规实施失信惩戒'],
    [7, '二', '强化信用监管', '优化信用修复服务'],
    [8, '三', '优化诚信环境', '广泛开展诚信宣传'],
    [9, '三', '优化诚信环境', '培育信用服务市场'],
    [10, '三', '优化诚信环境', '加强政务诚信建设'],
  ]);
  expect(plan.tasks[2].text).toContain('一是归集企业纳税');
  expect(plan.tasks[2].text).toContain('三是按季度向省平台报送信用承诺信息');

  // Full official names resolve to the units' short names; only names no unit has are new.
  expect(plan.addedUnits.map((u) => [u.code, u.name, u.kind])).toEqual([
    ['S35', '市大数据应用局', 'city-department'],
    ['S36', '市委宣传部', 'city-department'],
    ['S37', '市地方金融管理局', 'city-department'],
  ]);
  const byTask = plan.tasks.map((t) => t.responsibilities);
  expect(byTask[0]).toEqual([lead('S01'), ...partners('S35', ...counties)]);
  expect(byTask[1][0]).toEqual(lead('S01'));
  expect(new Set(byTask[1].map((r) => r.unit)).size).toBe(byTask[1].length);
  expect(byTask[1].map((r) => r.unit)).toEqual(expect.arrayContaining(['S14', 'S35', ...counties]));
  expect(byTask[2]).toEqual([lead('S14'), ...partners('S20', 'S28', 'S10')]);
  expect(byTask[3]).toEqual(byTask[2]); // 下同
  expect(byTask[4]).toEqual([lead('S04'), ...partners('S32', 'S27', 'S05')]);
  expect(byTask[5]).toEqual([lead('S08')]);
  expect(byTask[6]).toEqual([lead('S01'), ...partners('S08', 'S04')]);
  expect(byTask[7]).toEqual([lead('S36'), ...partners('S31', ...counties)]);
  expect(byTask[8]).toEqual([lead('S01'), ...partners('S13', 'S37')]);
  expect(byTask[9]).toEqual([lead('S29'), ...partners('S07', 'S20')]);
  for (const task of plan.tasks) expect(task.responsibilityText).not.toBe('');
  expect(plan.tasks[0].responsibilityText).toContain('市大数据应用局');

  // An abbreviation match is the office's to confirm, once per name, and the name becomes an alias.
  const s20 = plan.units.find((u) => u.code === 'S20')!;
  expect(s20.aliases).toContain('市人力资源和社会保障局');
  const s20Notes = plan.notes.filter((n) => n.subject.kind === 'unit' && n.subject.code === 'S20');
  expect(s20Notes).toHaveLength(1);
  expect(s20Notes[0].message).toContain('市人力资源和社会保障局');

  const date = (iso: string) => isoToExcelSerial(iso);
  expect(plan.indicators.map((i) => [i.code, i.task, i.kind, i.comparator, i.target, i.name])).toEqual([
    ['T01-1', 1, 'date', '<=', date('2027-06-30'), '与省平台数据实时交换完成日期'],
    ['T01-2', 1, 'percent', '>=', 0.99, '平台数据归集合规率'],
    ['T04-1', 2, 'percent', '>=', 1, '“双公示”信息合规率'],
    ['T04-2', 2, 'percent', '>=', 1, '“双公示”信息及时率'],
    ['T04-3', 2, 'percent', '>=', 1, '“双公示”信息完整率'],
    ['T03-1', 3, 'ratio', '>=', 0.6, '企业纳税信息条数与城市企业数比值'],
    ['T03-2', 3, 'percent', '<=', 0.00005, '重错码率'],
    ['T04-4', 4, 'percent', '>=', 0.8, '档案覆盖率'],
    ['T05-1', 5, 'count', '>=', 15, '实施领域数'],
    ['T05-2', 5, 'count', '>=', 2, '培育信用监管示范项目数'],
    ['T06-1', 6, 'percent', '<', 0.003, '失信被执行人占比'],
    ['T07-1', 7, 'count', '<=', 5, '修复申请办结时限'],
    ['T07-2', 7, 'date', '<=', date('2027-09-30'), '修复系统对接完成日期'],
    ['T08-1', 8, 'count', '>=', 12, '开展诚信宣传活动数（每个县（市、区））'],
    ['T08-2', 8, 'count', '>=', 4, '开展诚信宣传活动数（市直有关单位）'],
    ['T09-1', 9, 'count', '>=', 3, '引进培育信用服务机构数'],
    ['T09-2', 9, 'date', '<=', date('2027-06-30'), '出台信用服务机构管理办法完成日期'],
    ['T10-1', 10, 'count', '<=', 0, '政府机构失信案件数'],
    ['T10-2', 10, 'date', '<=', date('2027-10-31'), '全市公务员诚信培训完成日期'],
  ]);
  const reporters = (code: string) => plan.indicators.find((i) => i.code === code)!.reporters;
  expect(reporters('T08-1')).toEqual(counties);
  expect(reporters('T08-2')).toEqual(['S36', 'S31']);
  expect(reporters('T04-1')).toEqual(UNITS_2024.filter((u) => u.dualPublicity).map((u) => u.code));
  expect(plan.indicators.find((i) => i.code === 'T05-2')!.reviewNote ?? '').toBe('');
  const rangeNote = plan.notes.find((n) => n.subject.kind === 'indicator' && n.subject.code === 'T05-2');
  expect(rangeNote?.message).toContain('范围');
  expect(plan.dualPublicityDueWorkingDays).toBe(7);

  expect(plan.tasks.map((t) => t.deadline ?? '')).toEqual([
    '2027-06-30',
    '',
    '',
    '2027-12-31',
    '',
    '',
    '2027-09-30',
    '',
    '2027-06-30',
    '2027-10-31',
  ]);
}

describe('a realistic document of another city and year', () => {
  it('as text', async () => {
    const plan = await read({ text: true, table: false });
    expect(plan.layout).toBe('text');
    expectSensible(plan);
    // The text starts its task numbers again in each theme: renumbered, and said.
    expect(plan.notes.some((n) => n.message.includes('重新编为1–10'))).toBe(true);
  });

  it('as a 任务分工表 alone (序号 / 重点任务 / 具体措施 / 牵头单位 / 责任单位 / 完成时限)', async () => {
    const plan = await read({ text: false, table: true });
    expect(plan.layout).toBe('table');
    expectSensible(plan);
  });

  it('as the text with the 任务分工表 annex', async () => {
    const plan = await read({ text: true, table: true });
    expect(plan.layout).toBe('text-and-table');
    expectSensible(plan);
    expect(plan.notes.filter((n) => n.message.includes('不在任务分工表中'))).toEqual([]);
  });
});
