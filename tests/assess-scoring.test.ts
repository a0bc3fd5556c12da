import { describe, expect, it } from 'vitest';
import { checkScheme } from '../core/assessment/check.js';
import { defaultScoringScheme, type ScoringScheme } from '../core/assessment/scheme.js';
import {
  assessYear,
  assessmentPeriods,
  countedMonthsText,
  gradeFor,
  type Review,
  type UnitAssessment,
} from '../core/assessment/year.js';
import { issuesOf } from '../core/assessment/items.js';
import { isoToExcelSerial } from '../core/values/excel-serial.js';
import { plan2024 } from '../core/plan/plan2024.js';
import type { UnitException } from '../core/exceptions/model.js';
import type { Submission } from '../core/submission.js';
import { months, smallPlan, submission } from './assess-fixtures.js';

const plan = smallPlan();
const year = months(2024);

const item = (u: UnitAssessment, id: string) => u.items.find((i) => i.item.id === id)!;
const unitOf = (a: ReturnType<typeof assessYear>, code: string) => a.units.find((u) => u.unit.code === code)!;

/** A scheme of manual items only, so totals are exactly what the reviews say. */
function manualScheme(overrides: Partial<ScoringScheme> = {}): ScoringScheme {
  return {
    total: 100,
    rescale: false,
    capTotal: false,
    groups: [
      { id: 'G1', name: '县(市、区)及开发区', kinds: ['county', 'development-zone'] },
      { id: 'G2', name: '市直单位', kinds: ['city-department'] },
    ],
    categories: [
      { id: 'C1', name: '工作', kind: 'base', cap: 100 },
      { id: 'C2', name: '加分', kind: 'bonus', cap: 5 },
      { id: 'C3', name: '扣分', kind: 'deduction', cap: 4 },
      { id: 'C4', name: '否决', kind: 'veto', cap: 1 },
    ],
    items: [
      { id: 'M1', category: 'C1', name: '工作', method: 'manual', points: 100, groups: [], description: '' },
      { id: 'M2', category: 'C2', name: '加分甲', method: 'manual', points: 3, groups: [], description: '' },
      { id: 'M3', category: 'C2', name: '加分乙', method: 'manual', points: 3, groups: [], description: '' },
      { id: 'M4', category: 'C3', name: '扣分甲', method: 'manual', points: 3, groups: [], description: '' },
      { id: 'M5', category: 'C3', name: '扣分乙', method: 'manual', points: 3, groups: [], description: '' },
      {
        id: 'V1',
        category: 'C4',
        name: '重大失信事件',
        method: 'veto-indicator',
        points: 1,
        indicators: ['T23-1'],
        groups: [],
        description: '',
      },
    ],
    grades: [
      { name: '优秀', min: 90 },
      { name: '良好', min: 80 },
      { name: '合格', min: 60 },
      { name: '不合格', min: 0 },
    ],
    ...overrides,
  };
}

const review = (unit: string, itemId: string, score: number): Review => ({
  unit,
  item: itemId,
  score,
  reason: '',
});

describe('default scheme on a hand-worked year', () => {
  // 甲县 X01: on time except March (late) and April (missing); 双公示 rates 90% / 80% / 100% each month it
  // returned; in December: task 1 done, 15 at 50 %, 20 not applicable, 22 done, 23 behind at 20 %;
  // 诚信宣传 15 times (target 20).
  const submissions: Submission[] = year
    .filter((p) => p !== '2024-04')
    .map((p) =>
      submission(plan, 'X01', p, {
        onTime: p !== '2024-03',
        tasks: {
          1: ['done', 100],
          15: ['in-progress', 50],
          20: ['not-applicable', null],
          22: ['done', 100],
          23: ['behind', 20],
        },
        indicators: { 'T04-1': [90, 100], 'T04-2': [80, 100], 'T04-3': [100, 100], 'T22-1': 15, 'T23-1': 0 },
      }),
    );
  // 市甲局 S01: every month on time, T07-1 = 3/2 (target ≥ 1), training on 2024-11-05 (after 10月底).
  for (const p of year) {
    submissions.push(
      submission(plan, 'S01', p, {
        tasks: { 1: ['done', 100], 2: ['done', 100], 15: ['done', 100], 22: ['done', 100] },
        indicators: {
          'T04-1': [1, 1],
          'T04-2': [1, 1],
          'T04-3': [1, 1],
          'T07-1': [3, 2],
          'T15-1': isoToExcelSerial('2024-11-05'),
          'T22-2': 5,
        },
      }),
    );
  }
  const scheme = defaultScoringScheme(plan);
  const result = assessYear({ plan, scheme, year: 2024, periods: year, submissions });
  const x01 = unitOf(result, 'X01');
  const s01 = unitOf(result, 'S01');

  it('scores monthly reporting: 15 × (10 + 0.5 × 1) ÷ 12 = 13.125 → 13.13', () => {
    expect(item(x01, 'A1').computed).toBe(13.13);
    expect(issuesOf(item(x01, 'A1'))).toEqual(['3月逾期报送', '4月未报送']);
  });

  it('scores task completion proportionally, leaving 不适用 out: 30 × (1 + 0.5 + 1 + 0.2) ÷ 4 = 20.25', () => {
    expect(item(x01, 'A2').computed).toBe(20.25);
  });

  it('scores 双公示 as the monthly mean with a missing month at 0: 15 × (88 × 11 ÷ 12) ÷ 100 = 12.1', () => {
    expect(item(x01, 'A4').computed).toBe(12.1);
  });

  it('scores a publicity count short of its target proportionally: 12 × 15 ÷ 20 = 9; a city unit over 3 gets all 12', () => {
    expect(item(x01, 'A5').computed).toBe(9);
    expect(item(s01, 'A5').computed).toBe(12);
  });

  it('gives the training item nothing when done after 10月底', () => {
    expect(item(s01, 'A6').computed).toBe(0);
    expect(item(x01, 'A6').applicable).toBe(false);
  });

  it('leaves out indicators that other items score, and scores the rest by share met', () => {
    expect(item(x01, 'A3').applicable).toBe(false);
    expect(item(s01, 'A3').computed).toBe(20);
  });

  it('deducts a point per stalled or overdue task and rescales the base to the applicable points', () => {
    expect(item(x01, 'D1').computed).toBe(2);
    // earned 13.13 + 20.25 + 12.1 + 9 = 54.48 of possible 15 + 30 + 15 + 12 = 72 → 75.67; minus 2.
    expect(x01.base).toBe(75.67);
    expect(x01.deduction).toBe(2);
    expect(x01.total).toBe(73.67);
    expect(x01.grade).toBe('合格');
  });

  it('traces every computed score to the cells it was read from', () => {
    const sources = item(x01, 'A5').sources;
    expect(sources).toEqual([
      expect.objectContaining({
        period: '2024-12',
        file: 'X01-2024-12.xlsx',
        sheet: '监测指标',
        value: '15',
      }),
    ]);
    expect(item(s01, 'A3').sources.map((s) => s.value)).toEqual(['3', '2']);
    expect(item(x01, 'A1').sources).toHaveLength(11);
  });

  it('points the trace of a lost point at the cell that lost it', () => {
    // Task completion: task 15 at 50% is the first that counted short (task 1 was done).
    const a2 = item(x01, 'A2');
    expect(a2.lost).toEqual(expect.objectContaining({ period: '2024-12', sheet: '任务进展', value: '50%' }));
    expect(a2.lost).not.toEqual(a2.sources.at(-1));
    // On time: March, the month it was late.
    expect(item(x01, 'A1').lost).toEqual(
      expect.objectContaining({ period: '2024-03', value: expect.stringContaining('逾期报送') }),
    );
    // 诚信宣传: the count short of its target.
    expect(item(x01, 'A5').lost).toEqual(expect.objectContaining({ value: '15' }));
    // Full marks lose nothing.
    expect(item(s01, 'A3').lost).toBeUndefined();
  });

  it('counts a unit that never returned as missing every month', () => {
    const x02 = unitOf(result, 'X02');
    expect(item(x02, 'A1').computed).toBe(0);
    expect(issuesOf(item(x02, 'A1'))[0]).toBe('1月、2月、3月等12个月未报送');
  });
});

describe('the office exceptions in the year', () => {
  const granted = (
    id: number,
    period: string,
    unit: string,
    kind: UnitException['kind'],
    over: Partial<UnitException> = {},
  ): UnitException => ({
    id,
    period,
    unit,
    kind,
    until: null,
    receivedAt: null,
    reason: '经批准',
    grantedBy: 'alice',
    grantedAt: '2024-04-01T02:00:00.000Z',
    removedBy: null,
    removedAt: null,
    removedReason: null,
    ...over,
  });
  // 甲县 X01: March late, April missing, as above.
  const submissions = year
    .filter((p) => p !== '2024-04')
    .map((p) => submission(plan, 'X01', p, { onTime: p !== '2024-03' }));
  const scheme = defaultScoringScheme(plan);
  const a1 = (exceptions: UnitException[]) =>
    item(
      unitOf(assessYear({ plan, scheme, year: 2024, periods: year, submissions, exceptions }), 'X01'),
      'A1',
    );

  it('an exempted month is not counted: 15 × (10 + 0.5 × 1) ÷ 11 = 14.32, and the rule says why', () => {
    const score = a1([granted(1, '2024-04', 'X01', 'exemption', { reason: '机构撤并' })]);
    expect(score.computed).toBe(14.32);
    expect(score.rule).toContain('应报11个月（另有4月经批准免报，不计）');
    expect(issuesOf(score)).toEqual(['3月逾期报送']);
  });

  it('an extension that covers the late March return makes it on time', () => {
    // March's return came on 28 April; the office had extended March to 30 April.
    const score = a1([granted(2, '2024-03', 'X01', 'extension', { until: '2024-04-30' })]);
    expect(issuesOf(score)).toEqual(['4月未报送']);
    expect(score.computed).toBe(13.75);
  });

  it('a paper return counts April as on time even before its workbook is filed', () => {
    const paper = granted(3, '2024-04', 'X01', 'paper', { receivedAt: '2024-05-06T03:00:00.000Z' });
    const score = a1([paper]);
    expect(issuesOf(score)).toEqual(['3月逾期报送']);
    expect(score.rule).toContain('应报12个月，按时报送11个月');
  });

  it('a withdrawn exemption counts again', () => {
    const withdrawn = granted(4, '2024-04', 'X01', 'exemption', {
      removedAt: '2024-05-01T00:00:00Z',
      removedBy: 'bob',
    });
    expect(a1([withdrawn]).computed).toBe(13.13);
  });
});

describe('caps, bonus, deductions, veto, grades', () => {
  it('caps a base category, the bonus bucket and the deductions', () => {
    const scheme = manualScheme();
    scheme.categories[0].cap = 95;
    const result = assessYear({
      plan,
      scheme,
      year: 2024,
      periods: year,
      submissions: [],
      reviews: [
        review('X01', 'M1', 100),
        review('X01', 'M2', 3),
        review('X01', 'M3', 3),
        review('X02', 'M1', 50),
        review('X02', 'M4', 3),
        review('X02', 'M5', 3),
      ],
    });
    const x01 = unitOf(result, 'X01');
    expect(x01.base).toBe(95);
    expect(x01.bonus).toBe(5);
    expect(x01.total).toBe(100);
    const x02 = unitOf(result, 'X02');
    expect(x02.deduction).toBe(4);
    expect(x02.total).toBe(46);
  });

  it('adds the bonus on top of 100 by default and caps the total at 100 when the scheme says so', () => {
    const reviews = [
      review('X01', 'M1', 100),
      review('X01', 'M2', 3),
      review('X02', 'M1', 98),
      review('X02', 'M2', 3),
      review('X02', 'M3', 2),
      review('X02', 'M4', 2),
      review('K01', 'M1', 100),
    ];
    const open = assessYear({
      plan,
      scheme: manualScheme(),
      year: 2024,
      periods: year,
      submissions: [],
      reviews,
    });
    expect(unitOf(open, 'X01')).toMatchObject({ total: 103, capped: false, rank: 1 });
    // 98 + 5 − 2
    expect(unitOf(open, 'X02')).toMatchObject({ total: 101, capped: false, rank: 2 });
    expect(unitOf(open, 'K01')).toMatchObject({ total: 100, rank: 3 });

    const capped = assessYear({
      plan,
      scheme: manualScheme({ capTotal: true }),
      year: 2024,
      periods: year,
      submissions: [],
      reviews,
    });
    // The cap applies to the sum after deductions: 101 → 100; the three now tie.
    expect(unitOf(capped, 'X01')).toMatchObject({ total: 100, capped: true, bonus: 3, rank: 1 });
    expect(unitOf(capped, 'X02')).toMatchObject({ total: 100, capped: true, rank: 1 });
    expect(unitOf(capped, 'K01')).toMatchObject({ total: 100, capped: false, rank: 1, grade: '优秀' });
  });

  it('grades at the boundaries: 89.99 is 良好, 90 is 优秀, 59.99 is 不合格, 60 is 合格', () => {
    const result = assessYear({
      plan,
      scheme: manualScheme(),
      year: 2024,
      periods: year,
      submissions: [],
      reviews: [
        review('X01', 'M1', 90),
        review('X02', 'M1', 89.99),
        review('K01', 'M1', 60),
        review('S01', 'M1', 59.99),
      ],
    });
    expect(unitOf(result, 'X01').grade).toBe('优秀');
    expect(unitOf(result, 'X02').grade).toBe('良好');
    expect(unitOf(result, 'K01').grade).toBe('合格');
    expect(unitOf(result, 'S01').grade).toBe('不合格');
    expect(gradeFor(manualScheme().grades, 79.995, false)).toBe('合格');
  });

  it('vetoes a unit that reported a 重大失信事件: lowest grade, ranked after the rest of its group', () => {
    const submissions = [submission(plan, 'X02', '2024-05', { indicators: { 'T23-1': 1 } })];
    const result = assessYear({
      plan,
      scheme: manualScheme(),
      year: 2024,
      periods: year,
      submissions,
      reviews: [review('X01', 'M1', 70), review('X02', 'M1', 99), review('K01', 'M1', 70)],
    });
    const x02 = unitOf(result, 'X02');
    expect(x02.vetoed).toBe(true);
    expect(x02.grade).toBe('不合格');
    expect(x02.total).toBe(99);
    const g1 = result.groups.find((g) => g.group.id === 'G1')!;
    expect(g1.units.map((u) => [u.unit.code, u.rank])).toEqual([
      ['X01', 1],
      ['K01', 1],
      ['X02', 3],
    ]);
    expect(item(x02, 'V1').sources[0]).toMatchObject({ period: '2024-05', sheet: '监测指标', value: '是' });
  });

  it('lets the review lift a veto (0) and ignores a review on an item that does not apply', () => {
    const submissions = [submission(plan, 'X02', '2024-05', { indicators: { 'T23-1': 1 } })];
    const result = assessYear({
      plan,
      scheme: manualScheme(),
      year: 2024,
      periods: year,
      submissions,
      reviews: [review('X02', 'V1', 0), review('S01', 'V1', 1)],
    });
    expect(unitOf(result, 'X02').vetoed).toBe(false);
    expect(unitOf(result, 'S01').vetoed).toBe(false);
  });

  it('rescales a unit without 双公示 to its applicable points, and not when rescale is off', () => {
    const scheme = manualScheme({
      categories: [
        { id: 'C1', name: '工作', kind: 'base', cap: 50 },
        { id: 'C2', name: '双公示', kind: 'base', cap: 50 },
      ],
      items: [
        { id: 'M1', category: 'C1', name: '工作', method: 'manual', points: 50, groups: [], description: '' },
        {
          id: 'A4',
          category: 'C2',
          name: '双公示',
          method: 'dual-publicity',
          points: 50,
          groups: [],
          description: '',
        },
      ],
    });
    const reviews = [review('S02', 'M1', 40)];
    expect(
      unitOf(assessYear({ plan, scheme, year: 2024, periods: year, submissions: [], reviews }), 'S02').total,
    ).toBe(40);
    scheme.rescale = true;
    expect(
      unitOf(assessYear({ plan, scheme, year: 2024, periods: year, submissions: [], reviews }), 'S02').total,
    ).toBe(80);
  });

  it('counts only months that have ended by the assessment date', () => {
    expect(assessmentPeriods(2024, { date: '2024-12-20' }).periods).toHaveLength(11);
    expect(assessmentPeriods(2024, { date: '2025-01-15' }).periods).toHaveLength(12);
    expect(assessmentPeriods(2024).periods).toHaveLength(12);
    expect(assessmentPeriods(2024, { date: '2024-12-20' }).leftOut).toEqual([
      { period: '2024-12', reason: 'not-ended' },
    ]);
  });

  it('counts from 启用期间 and only months that were issued, saying why the others are left out', () => {
    const { periods, leftOut } = assessmentPeriods(2026, {
      date: '2027-01-20',
      firstPeriod: '2026-09',
      issued: (p) => p !== '2026-11',
    });
    expect(periods).toEqual(['2026-09', '2026-10', '2026-12']);
    expect(leftOut.filter((l) => l.reason === 'before-first-period')).toHaveLength(8);
    expect(leftOut.find((l) => l.period === '2026-11')?.reason).toBe('not-issued');
    expect(countedMonthsText(periods)).toBe('9月、10月、12月共3个月');
    expect(countedMonthsText(['2026-09', '2026-10', '2026-11', '2026-12'])).toBe('9—12月共4个月');
    expect(countedMonthsText(assessmentPeriods(2026).periods)).toBe('');
  });

  it('a month never issued to a unit is not held against it; a return counts all the same', () => {
    const plan = smallPlan();
    const scheme = defaultScoringScheme(plan);
    const periods = ['2024-11', '2024-12'];
    const issuedTo = (u: string, p: string) => u !== 'S02' || p === '2024-12';
    const notIssued = unitOf(
      assessYear({ plan, scheme, year: 2024, periods, submissions: [], issuedTo }),
      'S02',
    );
    const onTime = notIssued.items.find((i) => i.item.method === 'on-time')!;
    expect(onTime.rule).toContain('应报1个月');
    expect(onTime.rule).toContain('考核期为11—12月共2个月');
  });
});

describe('default scheme for the 2024 plan', () => {
  const scheme = defaultScoringScheme(plan2024);

  it('is valid, 百分制, and scores the seed’s own items', () => {
    expect(checkScheme(scheme, plan2024).filter((p) => p.level === 'error')).toEqual([]);
    expect(scheme.categories.filter((c) => c.kind === 'base').reduce((s, c) => s + c.cap, 0)).toBe(100);
    expect(scheme.items.find((i) => i.method === 'indicator-quantity')?.indicators).toEqual([
      'T22-1',
      'T22-2',
    ]);
    expect(scheme.items.find((i) => i.method === 'indicator-deadline')?.indicators).toEqual(['T15-1']);
    expect(scheme.items.find((i) => i.method === 'veto-indicator')?.indicators).toEqual(['T23-1']);
    expect(scheme.items.find((i) => i.method === 'task-done')?.task).toBe(20);
  });

  it('assesses every county, the zone and every city department, in two groups', () => {
    const result = assessYear({ plan: plan2024, scheme, year: 2024, periods: year, submissions: [] });
    const g1 = result.groups.find((g) => g.group.id === 'G1')!;
    expect(g1.units).toHaveLength(14);
    expect(result.units.every((u) => u.grade === '不合格')).toBe(true);
  });

  it('stays 百分制 and valid for a plan without the seed’s scored indicators', () => {
    const bare = { ...plan2024, indicators: plan2024.indicators.filter((i) => i.code === 'T07-1') };
    const fitted = defaultScoringScheme(bare);
    expect(checkScheme(fitted, bare).filter((p) => p.level === 'error')).toEqual([]);
    // 基础工作 15, 重点任务 30, 监测指标 20 of 65, scaled to 100 with whole points.
    expect(fitted.categories.filter((c) => c.kind === 'base').map((c) => c.cap)).toEqual([23, 46, 31]);
    expect(
      fitted.items.filter((i) => i.category !== 'C6' && i.category !== 'C7').map((i) => i.points),
    ).toEqual([23, 46, 31]);
  });

  it('names a bad parameter, category and group', () => {
    const bad = defaultScoringScheme(plan2024);
    bad.items[0].category = 'C9';
    bad.items.find((i) => i.id === 'A5')!.indicators = ['T99-9'];
    bad.items.find((i) => i.id === 'A6')!.groups = ['G7'];
    const problems = checkScheme(bad, plan2024);
    expect(problems.map((p) => `${p.subject} ${p.field}`)).toEqual(
      expect.arrayContaining(['item:A1 category', 'item:A5 parameter', 'item:A6 groups']),
    );
  });
});
