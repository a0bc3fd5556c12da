import {
  COMPARATOR_SYMBOLS,
  ROLE_LABELS,
  UNIT_KIND_LABELS,
  type Comparator,
  type Indicator,
  type IndicatorKind,
  type IndicatorPeriod,
  type Level,
} from '../../core/plan/model.js';
import { excelSerialToIso } from '../../core/values/excel-serial.js';
import { toHalfWidth } from './values.js';

/** Chinese words shown in plan.xlsx for the model's codes, and the spellings accepted back. */

export const KIND_LABELS: Record<IndicatorKind, string> = {
  ratio: '比值',
  percent: '百分比',
  count: '数量',
  date: '日期',
  'yes-no': '是否',
};

export const PERIOD_LABELS: Record<IndicatorPeriod, string> = {
  monthly: '月度',
  'year-to-date': '年度累计',
  annual: '年度',
};

export const LEVEL_LABELS: Record<Level, string> = { error: '错误', warning: '提示' };

export { COMPARATOR_SYMBOLS, ROLE_LABELS, UNIT_KIND_LABELS };

const normalize = (text: string) =>
  toHalfWidth(text).replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

/** A reader for a closed list: each code accepts its label, the code itself and extra spellings. */
function labelReader<T extends string>(labels: Record<T, string>, extra: Record<string, T> = {}) {
  const map = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    map.set(normalize(code), code);
    map.set(normalize(label), code);
  }
  for (const [spelling, code] of Object.entries(extra)) map.set(normalize(spelling), code);
  return (text: string): T | undefined => map.get(normalize(text));
}

export const readKind = labelReader(KIND_LABELS, {
  比率: 'ratio',
  比例: 'percent',
  占比: 'percent',
  百分率: 'percent',
  个数: 'count',
  次数: 'count',
  数值: 'count',
  是否类: 'yes-no',
  '是/否': 'yes-no',
});
export const readPeriod = labelReader(PERIOD_LABELS, {
  每月: 'monthly',
  月报: 'monthly',
  累计: 'year-to-date',
  年度累计值: 'year-to-date',
  全年: 'annual',
  年报: 'annual',
});
export const readLevel = labelReader(LEVEL_LABELS, { 警告: 'warning', 提醒: 'warning', 错: 'error' });
export const readRole = labelReader(ROLE_LABELS, {
  牵头单位: 'lead',
  主责: 'lead',
  配合单位: 'partner',
  协助: 'partner',
  参与: 'partner',
});
export const readUnitKind = labelReader(UNIT_KIND_LABELS, {
  市信用办: 'credit-office',
  市直: 'city-department',
  市直部门: 'city-department',
  市有关单位: 'city-department',
  县: 'county',
  县市区: 'county',
  '县(市,区)': 'county',
  县级: 'county',
  开发区管委会: 'development-zone',
});
export const readComparator = labelReader<Comparator>(
  { '>=': '≥', '>': '>', '<=': '≤', '<': '<' },
  {
    '=>': '>=',
    '≧': '>=',
    '⩾': '>=',
    大于等于: '>=',
    不低于: '>=',
    不少于: '>=',
    不小于: '>=',
    以上: '>=',
    达到: '>=',
    大于: '>',
    超过: '>',
    高于: '>',
    '=<': '<=',
    '≦': '<=',
    '⩽': '<=',
    小于等于: '<=',
    不超过: '<=',
    不高于: '<=',
    不大于: '<=',
    以下: '<=',
    小于: '<',
    低于: '<',
    少于: '<',
  },
);

/** A list formula for an Excel dropdown (labels must not contain ASCII commas). */
export const dropdown = (labels: readonly string[]): string => `"${labels.join(',')}"`;

const trimNumber = (n: number) => String(Number(n.toPrecision(12)));

/** A target as people read it: `10%`, `0.5`, `20`, `2024-10-31`, `否`. */
export function formatTarget(indicator: Pick<Indicator, 'kind' | 'target'>): string {
  switch (indicator.kind) {
    case 'percent':
      return `${trimNumber(indicator.target * 100)}%`;
    case 'date':
      return excelSerialToIso(indicator.target) ?? String(indicator.target);
    case 'yes-no':
      return indicator.target ? '是' : '否';
    default:
      return trimNumber(indicator.target);
  }
}
