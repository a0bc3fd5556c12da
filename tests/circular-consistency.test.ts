import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { scoreMonth } from '../core/scoring/month.js';
import { circularData } from '../reporter/circular/content.js';
import type { RenderValue } from '../reporter/render/docx.js';
import { renderNarrative } from '../reporter/render/narrative.js';
import { monthSubmissions, plan } from './circular-fixtures.js';
import { dataRows, expectCountsAgree, type Row } from './helpers/circular-counts.js';

/**
 * Property: whatever the month — units late, missing, refused, stalled, short of targets, last
 * month known or not — every count the circular states is the same count wherever else it appears:
 * the body's sentences, 表1, 附件1's columns, 附件2's and 附件3's rows. The demo year's written
 * documents are checked the same way in tests/demo-year.test.ts.
 */

const source = readFileSync(new URL('../templates/circular.hbs', import.meta.url), 'utf8');
const codes = plan.units.filter((u) => u.kind !== 'credit-office').map((u) => u.code);
const DATE = '2024-06-17';

function rowsOf(value: RenderValue | undefined): Row[] {
  if (value?.kind !== 'rows') throw new Error('not a table');
  return dataRows(value.rows);
}

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
        expectCountsAgree(
          {
            text,
            units: rowsOf(content.values.unitRows),
            stalled: rowsOf(content.values.stalledRows),
            unmet: rowsOf(content.values.unmetRows),
            indicators: rowsOf(content.values.indicatorRows),
          },
          {
            units: score.units.length,
            indicators: plan.indicators.length,
            refused: refused.length,
            anyReturns: submissions.length > 0,
          },
        );
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
