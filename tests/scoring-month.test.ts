import { describe, expect, it } from 'vitest';
import { nextPeriod } from '../core/calendar/period.js';
import type { UnitException } from '../core/exceptions/model.js';
import type { Indicator, Plan } from '../core/plan/model.js';
import { isoToExcelSerial } from '../core/values/excel-serial.js';
import { scoreMonth, unitsDue } from '../core/scoring/month.js';
import type { IndicatorReport, Submission, TaskReport, TaskStatus } from '../core/submission.js';

const ind = (code: string, over: Partial<Indicator>): Indicator => ({
  code,
  task: 4,
  name: code,
  definition: '',
  kind: 'percent',
  comparator: '>=',
  target: 1,
  targetText: '100%',
  reporters: ['A', 'B', 'C'],
  period: 'monthly',
  level: 'warning',
  ...over,
});

const plan: Plan = {
  id: 'small',
  version: 1,
  year: 2024,
  title: '小计划',
  city: 'XX市',
  units: [
    { code: 'A', name: '甲局', kind: 'city-department', aliases: [], dualPublicity: true },
    { code: 'B', name: '乙局', kind: 'city-department', aliases: [], dualPublicity: true },
    { code: 'C', name: '丙县', kind: 'county', aliases: [], dualPublicity: true },
    { code: 'D', name: '丁局', kind: 'city-department', aliases: [], dualPublicity: false },
    { code: 'E', name: '戊办', kind: 'city-department', aliases: [], dualPublicity: false },
  ],
  tasks: [
    {
      number: 1,
      section: '一',
      sectionTitle: '',
      title: '任务一',
      text: '',
      responsibilityText: '',
      responsibilities: [
        { unit: 'A', role: 'lead' },
        { unit: 'B', role: 'partner' },
      ],
    },
    {
      number: 2,
      section: '一',
      sectionTitle: '',
      title: '任务二',
      text: '',
      responsibilityText: '',
      responsibilities: [
        { unit: 'C', role: 'lead' },
        { unit: 'D', role: 'partner' },
      ],
      deadline: '2024-04-30',
    },
  ],
  indicators: [
    ind('T04-1', {}),
    ind('T04-2', {}),
    ind('T04-3', {}),
    ind('R1', { kind: 'ratio', target: 0.5, reporters: ['A', 'B'] }),
    ind('Y1', { kind: 'yes-no', comparator: '<=', target: 0, reporters: ['A', 'B'] }),
    ind('C1', { kind: 'count', target: 20, period: 'year-to-date', reporters: ['A', 'B'] }),
    ind('D1', {
      kind: 'date',
      comparator: '<=',
      target: isoToExcelSerial('2024-10-31'),
      period: 'annual',
      reporters: ['D'],
    }),
  ],
  settings: {
    returnDeadlineWorkingDay: 5,
    rectificationWorkingDays: 10,
    dualPublicityWeights: { compliance: 0.4, timeliness: 0.4, completeness: 0.2 },
    dualPublicityDueWorkingDays: 7,
    sheetPassword: '',
    contactName: '',
    contactPhone: '',
    contactEmail: '',
  },
  document: { issuer: '办', numberPrefix: 'X', mainRecipients: '', copyTo: '', printer: '' },
};

const task = (n: number, status: TaskStatus | null): TaskReport => ({
  task: n,
  role: 'lead',
  status,
  percent: null,
  progress: '',
  problems: status === 'behind' ? '缺人' : '',
  nextSteps: '',
  plannedCompletion: null,
  evidence: '',
});
const value = (
  code: string,
  v: number | null,
  numerator: number | null = null,
  denominator: number | null = null,
) => ({ code, numerator, denominator, value: v, asOf: null, note: '' }) satisfies IndicatorReport;

function submission(
  unit: string,
  period: string,
  onTime: boolean,
  tasks: TaskReport[],
  indicators: IndicatorReport[],
  version = 1,
): Submission {
  return {
    unit,
    period,
    tasks,
    indicators,
    // Late is the end of the next month: after any working-day deadline.
    receivedAt: onTime ? `${period}-28T00:00:00Z` : `${nextPeriod(period)}-28T00:00:00Z`,
    receivedSource: 'file-time',
    file: '',
    sha256: '',
    version,
    onTime,
    findings: [],
  };
}

const may = [
  submission(
    'A',
    '2024-05',
    true,
    [task(1, 'done')],
    [
      value('T04-1', 1),
      value('T04-2', 0.9),
      value('T04-3', 0.8),
      value('R1', null, 3, 4),
      value('Y1', 0),
      value('C1', 8),
    ],
  ),
  submission(
    'B',
    '2024-05',
    false,
    [task(1, 'behind')],
    [
      value('T04-1', null, 95, 100),
      value('T04-2', 1),
      value('T04-3', 1),
      value('R1', null, 1, 6),
      value('Y1', 1),
      value('C1', 25),
    ],
  ),
  submission('D', '2024-05', false, [task(2, 'in-progress')], [value('D1', null)]),
  // D's correction (version 2) carries the date; both versions were late.
  submission(
    'D',
    '2024-05',
    false,
    [task(2, 'in-progress')],
    [value('D1', isoToExcelSerial('2024-05-20'))],
    2,
  ),
];
const april = [
  submission('A', '2024-04', true, [task(1, 'in-progress')], [value('R1', null, 1, 4)]),
  submission('B', '2024-04', true, [task(1, 'in-progress')], []),
];

describe('scoreMonth', () => {
  const score = scoreMonth({ plan, period: '2024-05', submissions: may, previous: april });

  it('counts only units with a task or indicator as due, and names on time, late and missing', () => {
    expect(unitsDue(plan).map((u) => u.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(score.onTime.map((u) => u.code)).toEqual(['A']);
    expect(score.late.map((u) => u.code)).toEqual(['B', 'D']);
    expect(score.missing.map((u) => u.code)).toEqual(['C']);
  });

  it('counts as on time when any accepted version was on time, with the newest content', () => {
    const s = scoreMonth({
      plan,
      period: '2024-05',
      submissions: [
        submission('A', '2024-05', true, [task(1, 'in-progress')], []),
        submission('A', '2024-05', false, [task(1, 'done')], [], 2),
      ],
    });
    expect(s.onTime.map((u) => u.code)).toEqual(['A']);
    expect(s.units[0].tasks.done).toBe(1);
    expect(s.units[0].tasks['in-progress']).toBe(0);
  });

  it('counts tasks by status and finds stalled ones: reported 滞后, and past the deadline not done', () => {
    // D's task 2 was reported 推进中 but is past its deadline: it counts once, as 滞后.
    expect(score.statuses).toMatchObject({ done: 1, behind: 2, 'in-progress': 0, unreported: 1 });
    for (const u of score.units) expect(u.tasks.behind).toBe(u.stalled.length);
    expect(score.statuses.behind).toBe(score.stalled.length);
    expect(score.stalled.map((s) => [s.unit.code, s.task.number, s.reason])).toEqual([
      ['B', 1, 'reported'],
      ['D', 2, 'overdue'],
    ]);
    // C did not return: its task is unreported, not stalled.
    expect(score.tasks[1].statuses.unreported).toBe(1);
  });

  it('judges indicators per unit with the plan comparator, yes-no and date kinds included', () => {
    const a = score.units.find((u) => u.unit.code === 'A')!;
    const outcome = (u: typeof a, code: string) =>
      u.indicators.find((i) => i.indicator.code === code)!.outcome;
    expect(outcome(a, 'R1')).toBe('met'); // 3/4 ≥ 0.5
    expect(outcome(a, 'Y1')).toBe('met'); // 0 ≤ 0
    expect(outcome(a, 'C1')).toBe('pending'); // 8 of 20 for the year, in May
    expect(outcome(a, 'T04-2')).toBe('unmet');
    const b = score.units.find((u) => u.unit.code === 'B')!;
    expect(outcome(b, 'R1')).toBe('unmet'); // 1/6
    expect(outcome(b, 'Y1')).toBe('unmet'); // an incident happened
    expect(outcome(b, 'C1')).toBe('met');
    expect(outcome(b, 'T04-1')).toBe('unmet'); // 95/100
    const d = score.units.find((u) => u.unit.code === 'D')!;
    expect(outcome(d, 'D1')).toBe('met'); // 2024-05-20 ≤ 2024-10-31, from version 2
    expect(a.met).toBe(3);
  });

  it('pools city-level shares from summed numerators and denominators and judges per-unit targets unit by unit', () => {
    const city = (code: string) => score.indicators.find((i) => i.indicator.code === code)!;
    expect(city('R1').city.value).toBeCloseTo(4 / 10); // (3 + 1) / (4 + 6), not the mean of 0.75 and 0.167
    expect(city('R1').outcome).toBe('unmet');
    expect(city('T04-1').city.value).toBeCloseTo((1 + 0.95) / 2); // A gave only a value: mean
    expect(city('T04-1').city.reported).toBe(2);
    expect(city('C1').city.mode).toBe('units');
    expect(city('C1').city).toMatchObject({ met: 1, pending: 1, unmet: 0 });
    expect(city('C1').outcome).toBe('pending');
    expect(city('Y1').outcome).toBe('unmet');
  });

  it('ranks 双公示 by the plan weights and names the best and the worst', () => {
    const dp = score.dualPublicity;
    // B: 40×0.95 + 40×1 + 20×1 = 98; A: 40×1 + 40×0.9 + 20×0.8 = 92.
    expect(dp.ranked.map((e) => [e.unit.code, e.score, e.rank])).toEqual([
      ['B', 98, 1],
      ['A', 92, 2],
    ]);
    expect(dp.unranked.map((u) => u.code)).toEqual(['C']);
    expect(dp.best.map((e) => e.unit.code)).toEqual(['B']);
    expect(dp.worst.map((e) => e.unit.code)).toEqual(['A']);
  });

  it('names a unit refused and never corrected 报送未通过, not 未报送', () => {
    const s = scoreMonth({ plan, period: '2024-05', submissions: may, refused: ['C'] });
    expect(s.refused.map((u) => u.code)).toEqual(['C']);
    expect(s.missing).toEqual([]);
    expect(s.units.find((u) => u.unit.code === 'C')!.state).toBe('refused');
    // A unit with an accepted return is never 报送未通过, whatever else it sent.
    expect(scoreMonth({ plan, period: '2024-05', submissions: may, refused: ['A'] }).refused).toEqual([]);
  });

  it('praises and names every unit tied at the edge of the best and the worst', () => {
    const rates = (unit: string, compliance: number) =>
      submission(
        unit,
        '2024-05',
        true,
        [],
        [value('T04-1', compliance), value('T04-2', 1), value('T04-3', 1)],
      );
    const ranking = (a: number, b: number, c: number) =>
      scoreMonth({ plan, period: '2024-05', submissions: [rates('A', a), rates('B', b), rates('C', c)] })
        .dualPublicity;
    // Three ranked, so one named each way; a unit tied with that one is named with it.
    const bestTie = ranking(1, 1, 0.9);
    expect(bestTie.best.map((e) => e.unit.code)).toEqual(['A', 'B']);
    expect(bestTie.worst.map((e) => e.unit.code)).toEqual(['C']);
    const worstTie = ranking(1, 0.9, 0.9);
    expect(worstTie.best.map((e) => e.unit.code)).toEqual(['A']);
    expect(worstTie.worst.map((e) => e.unit.code)).toEqual(['B', 'C']);
  });

  it('gives equal scores the same rank and names no one worst when all tie', () => {
    const tie = (unit: string) =>
      submission(unit, '2024-05', true, [], [value('T04-1', 1), value('T04-2', 1), value('T04-3', 1)]);
    const s = scoreMonth({ plan, period: '2024-05', submissions: [tie('A'), tie('B'), tie('C')] });
    expect(s.dualPublicity.ranked.map((e) => e.rank)).toEqual([1, 1, 1]);
    expect(s.dualPublicity.worst).toEqual([]);
  });

  it('tells the change since last month', () => {
    const a = score.units.find((u) => u.unit.code === 'A')!;
    // April: task 1 in progress, R1 = 1/4 unmet, nothing else → May: done, and T04-1, R1, Y1 met.
    expect(a.change).toEqual({ previousState: 'on-time', done: 1, stalled: 0, met: 3 });
    expect(score.units.find((u) => u.unit.code === 'C')!.change?.previousState).toBe('missing');
  });

  it('scores a month with no returns: everyone missing, nothing ranked', () => {
    const s = scoreMonth({ plan, period: '2024-05', submissions: [] });
    expect(s.missing).toHaveLength(4);
    expect(s.dualPublicity.ranked).toEqual([]);
    expect(s.indicators.find((i) => i.indicator.code === 'D1')!.outcome).toBe('pending'); // deadline still ahead
    expect(s.indicators.find((i) => i.indicator.code === 'R1')!.outcome).toBe('missing');
  });
});

describe('scoreMonth with the office exceptions', () => {
  const granted = (
    id: number,
    unit: string,
    kind: UnitException['kind'],
    over: Partial<UnitException> = {},
  ): UnitException => ({
    id,
    period: '2024-05',
    unit,
    kind,
    until: kind === 'extension' ? '2024-06-14' : null,
    receivedAt: null,
    reason: '经批准',
    grantedBy: 'alice',
    grantedAt: '2024-06-03T02:00:00.000Z',
    removedBy: null,
    removedAt: null,
    removedReason: null,
    ...over,
  });
  const at = (iso: string, s: Submission): Submission => ({ ...s, receivedAt: iso });

  it('an exempted unit is not due, not missing, not ranked; the exemption is kept with its reason', () => {
    const s = scoreMonth({
      plan,
      period: '2024-05',
      submissions: may,
      exceptions: [granted(1, 'C', 'exemption', { reason: '机构撤并' })],
    });
    expect(s.units.map((u) => u.unit.code)).toEqual(['A', 'B', 'D']);
    expect(s.missing).toEqual([]);
    expect(s.exempt.map((e) => [e.unit.code, e.exception.reason])).toEqual([['C', '机构撤并']]);
    expect(s.dualPublicity.unranked.map((u) => u.code)).not.toContain('C');
  });

  it('an extension makes a late return on time; before its date nothing in is extended, after it missing', () => {
    const extension = granted(2, 'B', 'extension');
    const b = at('2024-06-12T02:00:00.000Z', may[1]);
    const s = scoreMonth({ plan, period: '2024-05', submissions: [b], exceptions: [extension] });
    expect(s.units.find((u) => u.unit.code === 'B')).toMatchObject({
      state: 'on-time',
      verdict: { deadline: '2024-06-14', daysLate: 0 },
    });
    const waiting = scoreMonth({
      plan,
      period: '2024-05',
      submissions: [],
      exceptions: [extension],
      asOf: '2024-06-12',
    });
    expect(waiting.extended.map((u) => u.code)).toEqual(['B']);
    expect(waiting.missing.map((u) => u.code)).toEqual(['A', 'C', 'D']);
    const over = scoreMonth({
      plan,
      period: '2024-05',
      submissions: [],
      exceptions: [extension],
      asOf: '2024-06-17',
    });
    expect(over.missing.map((u) => u.code)).toEqual(['A', 'B', 'C', 'D']);
    // Withdrawn: no longer counts.
    const withdrawn = { ...extension, removedAt: '2024-06-13T00:00:00Z', removedBy: 'bob' };
    expect(
      scoreMonth({ plan, period: '2024-05', submissions: [b], exceptions: [withdrawn] }).late[0].code,
    ).toBe('B');
  });

  it('days late count from the first return, not from a correction sent years later', () => {
    const first = at('2024-06-11T02:00:00.000Z', may[0]);
    const correction = { ...at('2026-12-01T02:00:00.000Z', may[0]), version: 2 };
    const a = scoreMonth({ plan, period: '2024-05', submissions: [correction, first] }).units[0];
    expect(a).toMatchObject({ state: 'late', verdict: { daysLate: 4 } });
    expect(a.submission?.version).toBe(2);
  });
});
