import { expect } from 'vitest';
import type { TableColumn } from '../../reporter/render/gb-template.js';
import { CIRCULAR_TABLES } from '../../reporter/circular/template.js';
import type { DocxContent } from './docx-content.js';

/**
 * The counts a circular states, read from its text and its tables, and the check that each count is
 * the same wherever it appears: the body's sentences, 表1, 附件1's columns, 附件2's and 附件3's rows.
 * Used on the content before rendering (random months) and on the demo year's written documents.
 */

export type Row = Record<string, string>;

export interface CircularReading {
  /** The document's paragraphs, one a line. */
  text: string;
  /** Data rows (those with a number in the first column) of each table. */
  units: Row[];
  stalled: Row[];
  unmet: Row[];
  indicators: Row[];
}

export interface CircularFacts {
  /** Units the month concerns (附件1's rows). */
  units: number;
  indicators: number;
  /** Units whose return was refused and not corrected, when known. */
  refused?: number;
  /** Whether any return was accepted. */
  anyReturns: boolean;
}

export const dataRows = (rows: Row[]): Row[] => rows.filter((r) => /^\d+$/.test(r.no ?? ''));

/** A written table as rows of fields, by the columns the template lays out. */
function tableRows(content: DocxContent, columns: readonly TableColumn[]): Row[] {
  const headers = columns.map((c) => c.header);
  const table = content.tables.find((t) => {
    const firstData = t.findIndex((r) => /^\d+$/.test(r[0] ?? ''));
    const head = t.slice(0, firstData < 0 ? t.length : firstData).flat();
    return (
      headers.every((h) => head.includes(h)) && (firstData < 0 || t[firstData].length === columns.length)
    );
  });
  if (!table) throw new Error(`no table with the columns ${headers.join('、')}`);
  return dataRows(
    table
      .filter((cells) => cells.length === columns.length)
      .map((cells) => Object.fromEntries(columns.map((c, i) => [c.field, cells[i]]))),
  );
}

export function readCircular(content: DocxContent): CircularReading {
  return {
    text: content.paragraphs.join('\n'),
    units: tableRows(content, CIRCULAR_TABLES.unitRows),
    stalled: tableRows(content, CIRCULAR_TABLES.stalledRows),
    unmet: tableRows(content, CIRCULAR_TABLES.unmetRows),
    indicators: tableRows(content, CIRCULAR_TABLES.indicatorRows),
  };
}

const number = (text: string, pattern: RegExp): number | undefined => {
  const m = pattern.exec(text);
  return m ? Number(m[1]) : undefined;
};

/** 一、总体情况's count of a kind of unit (逾期报送5个…), 0 when not stated. */
export const statedUnits = (text: string, label: string): number =>
  number(text, new RegExp(`${label}(\\d+)个`)) ?? 0;

/** Every count the circular states agrees with every other place it appears. */
export function expectCountsAgree(c: CircularReading, facts: CircularFacts, where = ''): void {
  const { text, units, stalled, unmet, indicators } = c;
  // 一、总体情况 and 附件1's 报送情况.
  expect(units, where).toHaveLength(facts.units);
  const column = (pattern: RegExp) => units.filter((r) => pattern.test(r.submission)).length;
  if (text.includes('均未按要求报送')) {
    // Nobody returned: every unit is named, as 未报送 or as refused.
    expect(column(/^未报送$/) + column(/^未通过$/), where).toBe(units.length);
  } else {
    expect(statedUnits(text, '逾期报送'), `${where} 逾期报送`).toBe(column(/^逾期/));
    expect(statedUnits(text, '报送未通过'), `${where} 报送未通过`).toBe(column(/^未通过$/));
    expect(statedUnits(text, '未报送'), `${where} 未报送`).toBe(column(/^未报送$/));
    if (!text.includes('均已按时报送'))
      expect(statedUnits(text, '其中按时报送'), where).toBe(column(/^按时/));
  }
  if (facts.refused !== undefined) expect(column(/^未通过$/), where).toBe(facts.refused);

  // 二、重点任务进展: 滞后 in the body = the stalled sentence = 附件2's rows = 附件1's column.
  const sum = (field: string) => units.reduce((n, r) => n + (Number(r[field]) || 0), 0);
  const behind = sum('behind');
  expect(stalled, `${where} 附件2 vs 附件1 滞后`).toHaveLength(behind);
  if (behind) {
    expect(number(text, /其中[^。]*滞后(\d+)项次/), `${where} 滞后`).toBe(behind);
    expect(number(text, /本月共有(\d+)项次任务进展滞后/), `${where} 本月共有`).toBe(behind);
  } else expect(text, where).not.toMatch(/滞后\d+项次/);
  const reports = number(text, /各单位共报送重点任务进展(\d+)项次/);
  if (reports !== undefined) {
    const clause = text.split('\n').find((l) => l.startsWith('各单位共报送重点任务进展'))!;
    const parts = [...clause.matchAll(/(?:已完成|推进中|滞后|未启动|不适用)(\d+)项次/g)].map((x) =>
      Number(x[1]),
    );
    expect(
      parts.reduce((a, b) => a + b, 0),
      `${where} 各项次之和`,
    ).toBe(reports);
    expect(number(text, /已完成(\d+)项次/) ?? 0, `${where} 已完成`).toBe(sum('done'));
  } else expect(facts.anyReturns, where).toBe(false);

  // 三、监测指标: the body's outcomes are 表1's 完成情况 column.
  expect(indicators, where).toHaveLength(facts.indicators);
  const outcome = (label: string) => indicators.filter((r) => r.met === label).length;
  if (facts.anyReturns) {
    expect(number(text, /达到目标(\d+)项/) ?? 0, `${where} 达到目标`).toBe(outcome('达标'));
    expect(number(text, /未达到目标(\d+)项/) ?? 0, `${where} 未达到目标`).toBe(outcome('未达标'));
    expect(number(text, /尚在推进(\d+)项/) ?? 0, `${where} 尚在推进`).toBe(outcome('推进中'));
    expect(number(text, /本月无报送数据(\d+)项/) ?? 0, `${where} 无数据`).toBe(outcome('无数据'));
  } else {
    expect(outcome('无数据'), where).toBe(facts.indicators);
    expect(text, where).not.toMatch(/达到目标|尚在推进|无滞后任务/);
  }

  // 五、存在问题: 监测指标 未达到目标 项次 = 附件3's rows = 附件1's 未达标 column.
  const unmetColumn = sum('unmet');
  expect(unmet, `${where} 附件3 vs 附件1 未达`).toHaveLength(unmetColumn);
  const problems = number(text, /共(\d+)项次(?:（详见附件3）|监测指标未达到目标)/);
  if (unmetColumn) expect(problems, `${where} 五、未达标项次`).toBe(unmetColumn);
  else expect(problems, where).toBeUndefined();
}
