import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreMonth } from '../core/scoring/month.js';
import { circularData } from '../reporter/circular/content.js';
import type { RenderValue } from '../reporter/render/docx.js';
import { renderNarrative } from '../reporter/render/narrative.js';
import { monthSubmissions, plan } from './circular-fixtures.js';

/**
 * Property: whatever the month — units late, missing, refused, stalled, short of targets, last
 * month known or not — every count the circular states is the same count wherever else it appears:
 * the body's sentences, 表1, 附件1's columns, 附件2's and 附件3's rows.
 */

const source = readFileSync(new URL('../templates/circular.hbs', import.meta.url), 'utf8');
const codes = plan.units.filter((u) => u.kind !== 'credit-office').map((u) => u.code);
const DATE = '2024-06-17';

function rowsOf(value: RenderValue | undefined): Record<string, string>[] {
  if (value?.kind !== 'rows') throw new Error('not a table');
  return value.rows.filter((r) => /^\d+$/.test(r.no ?? ''));
}

const number = (text: string, pattern: RegExp): number | undefined => {
  const m = pattern.exec(text);
  return m ? Number(m[1]) : undefined;
};

const month = fc.record({
  seed: fc.integer({ min: 0, max: 40 }),
  lastSeed: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  late: fc.subarray(codes, { maxLength: 6 }),
  missing: fc.subarray(codes, { maxLength: 8 }),
  refusedShare: fc.integer({ min: 0, max: 2 }),
  everyone: fc.constantFrom('some', 'none'),
});

describe('one count, stated the same everywhere in a circular', () => {
  it('property: overview, tasks, indicators and the annexes agree', () => {
    fc.assert(
      fc.property(month, (m) => {
        const missing = m.everyone === 'none' ? codes : m.missing;
        const refused = missing.filter((_, i) => i % 3 < m.refusedShare);
        const submissions = monthSubmissions({ late: m.late, missing, seed: m.seed });
        const previous =
          m.lastSeed === undefined ? undefined : monthSubmissions({ period: '2024-04', seed: m.lastSeed });
        const score = scoreMonth({
          plan,
          period: '2024-05',
          submissions,
          previous,
          refused,
          asOf: DATE,
        });
        const content = circularData({ plan, score, date: DATE });
        const blocks = renderNarrative(source, content.narrative, 'circular.hbs');
        const text = [...blocks.values()]
          .flat()
          .map((p) => p.text)
          .join('\n');
        const units = rowsOf(content.values.unitRows);
        const stalled = rowsOf(content.values.stalledRows);
        const unmet = rowsOf(content.values.unmetRows);
        const indicators = rowsOf(content.values.indicatorRows);

        // 一、总体情况 and 附件1's 报送情况.
        expect(units).toHaveLength(score.units.length);
        const stated = (label: string) => number(text, new RegExp(`${label}(\\d+)个`)) ?? 0;
        const column = (pattern: RegExp) => units.filter((r) => pattern.test(r.submission)).length;
        if (text.includes('均未按要求报送')) {
          // Nobody returned: every unit is named, as 未报送 or as refused.
          expect(column(/^未报送$/) + column(/^未通过$/)).toBe(units.length);
        } else {
          expect(stated('逾期报送')).toBe(column(/^逾期/));
          expect(stated('报送未通过')).toBe(column(/^未通过$/));
          expect(stated('未报送')).toBe(column(/^未报送$/));
          if (!text.includes('均已按时报送')) expect(stated('其中按时报送')).toBe(column(/^按时/));
        }
        expect(column(/^未通过$/)).toBe(refused.length);

        // 二、重点任务进展: 滞后 in the body = the stalled sentence = 附件2's rows = 附件1's column.
        const behind = units.reduce((n, r) => n + (Number(r.behind) || 0), 0);
        expect(stalled).toHaveLength(behind);
        if (behind) {
          expect(number(text, /其中[^。]*滞后(\d+)项次/)).toBe(behind);
          expect(number(text, /本月共有(\d+)项次任务进展滞后/)).toBe(behind);
        } else expect(text).not.toMatch(/滞后\d+项次/);
        const reports = number(text, /各单位共报送重点任务进展(\d+)项次/);
        if (reports !== undefined) {
          const clause = text.split('\n').find((l) => l.startsWith('各单位共报送重点任务进展'))!;
          const parts = [...clause.matchAll(/(?:已完成|推进中|滞后|未启动|不适用)(\d+)项次/g)].map((x) =>
            Number(x[1]),
          );
          expect(parts.reduce((a, b) => a + b, 0)).toBe(reports);
          const done = units.reduce((n, r) => n + (Number(r.done) || 0), 0);
          expect(number(text, /已完成(\d+)项次/) ?? 0).toBe(done);
        } else expect(submissions).toHaveLength(0);

        // 三、监测指标: the body's outcomes are 表1's 完成情况 column.
        expect(indicators).toHaveLength(plan.indicators.length);
        const outcome = (label: string) => indicators.filter((r) => r.met === label).length;
        if (submissions.length) {
          expect(number(text, /达到目标(\d+)项/) ?? 0).toBe(outcome('达标'));
          expect(number(text, /未达到目标(\d+)项/) ?? 0).toBe(outcome('未达标'));
          expect(number(text, /尚在推进(\d+)项/) ?? 0).toBe(outcome('推进中'));
          expect(number(text, /本月无报送数据(\d+)项/) ?? 0).toBe(outcome('无数据'));
        } else {
          expect(outcome('无数据')).toBe(plan.indicators.length);
          expect(text).not.toMatch(/达到目标|尚在推进|无滞后任务/);
        }

        // 五、存在问题: 监测指标 未达到目标 项次 = 附件3's rows = 附件1's 未达标 column.
        const unmetColumn = units.reduce((n, r) => n + (Number(r.unmet) || 0), 0);
        expect(unmet).toHaveLength(unmetColumn);
        const problems = number(text, /共(\d+)项次(?:（详见附件3）|监测指标未达到目标)/);
        if (unmetColumn) expect(problems).toBe(unmetColumn);
        else expect(problems).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
