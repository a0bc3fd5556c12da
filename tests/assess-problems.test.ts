import { describe, expect, it } from 'vitest';
import { issuesOf } from '../core/assessment/items.js';
import {
  describeProblems,
  indicatorName,
  monthList,
  problemText,
  quote,
  unitProblems,
  type Problem,
} from '../core/assessment/problems.js';
import { defaultScoringScheme } from '../core/assessment/scheme.js';
import { assessYear, type UnitAssessment } from '../core/assessment/year.js';
import { isoToExcelSerial } from '../core/values/excel-serial.js';
import type { Submission } from '../core/submission.js';
import { months, smallPlan, submission } from './assess-fixtures.js';

/**
 * The texts the office reads in the report (失分原因, 存在问题): names instead of codes, Chinese dates,
 * each task and month once, lists that read as Chinese.
 */

const plan = smallPlan();
const scheme = defaultScoringScheme(plan);
const year = months(2024);

// 甲县 X01: March late, April missing; task 15 (due 2024-10-31) at 50 %, task 23 behind at 20 %;
// 诚信宣传 15 of 20. 市甲局 S01: training on 2024-11-05. 市乙局 S02: 水费 ratio 1/2 (target 1).
// 乙县 X02: a 重大失信事件 in May.
const submissions: Submission[] = [
  ...year
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
    ),
  ...year.map((p) =>
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
  ),
  ...year.map((p) =>
    submission(plan, 'S02', p, {
      tasks: { 1: ['done', 100], 2: ['done', 100], 22: ['done', 100] },
      indicators: { 'T07-1': [1, 2], 'T22-2': 3 },
    }),
  ),
  submission(plan, 'X02', '2024-05', { indicators: { 'T23-1': 1 } }),
];
const result = assessYear({ plan, scheme, year: 2024, periods: year, submissions });
const unit = (code: string): UnitAssessment => result.units.find((u) => u.unit.code === code)!;
const CODE = /T\d{2}-\d/;
const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

describe('a unit’s problems in the report', () => {
  it('names a task once when both task completion and the stalled-task deduction cost points', () => {
    const x01 = unit('X01');
    // Both items found task 23 (behind) and task 15 (past its deadline).
    expect(x01.items.find((i) => i.item.id === 'A2')!.problems).toHaveLength(2);
    expect(x01.items.find((i) => i.item.id === 'D1')!.problems).toHaveLength(2);
    const text = unitProblems(x01, scheme, 5);
    // Lost: tasks 9.75 (+2 deducted), 诚信宣传 3, 双公示 2.9, reporting 1.87.
    expect(text).toEqual([
      '“舆情监测”（滞后，进度20%）、“诚信教育培训”（逾期，进度50%）年末尚未完成',
      '诚信宣传仅15次（要求全年20次以上）',
      // April is said under reporting, so 双公示 gives its low mean instead of the month again.
      '“双公示”月均综合得分仅80.67分',
      '3月逾期报送，4月未报送',
    ]);
    expect(text.filter((t) => t.includes('舆情监测'))).toHaveLength(1);
  });

  it('keeps the most costly subjects within the limit', () => {
    const text = unitProblems(unit('X01'), scheme, 3);
    expect(text).toHaveLength(3);
    expect(text[0]).toContain('舆情监测');
    // Reporting is cut, so the April 双公示 gap is named here.
    expect(text[2]).toBe('“双公示”4月未报送考评数据');
  });

  it('writes a late duty with a Chinese date and the indicator’s name, never its code', () => {
    const s01 = unitProblems(unit('S01'), scheme);
    expect(s01).toEqual(['本单位公职人员诚信教育培训于2024年11月5日完成，晚于规定时限（10月底前）']);
    const s02 = unitProblems(unit('S02'), scheme);
    expect(s02[0]).toBe('“企业水费信息条数与城市企业数比值”为0.5000，未达标（目标：1）');
    for (const u of result.units) {
      for (const text of unitProblems(u, scheme, 10)) {
        expect(text, `${u.unit.name}：${text}`).not.toMatch(CODE);
        expect(text, `${u.unit.name}：${text}`).not.toMatch(ISO_DATE);
      }
    }
  });

  it('puts a veto first, and names a month not returned once', () => {
    expect(unitProblems(unit('X02'), scheme, 5)).toEqual([
      '5月发生重大失信事件，实行一票否决',
      '“贯彻落实”“诚信教育培训”等5项任务全年未填报进展',
      // The months without any return are said under reporting; May's return lacked the 双公示 data.
      '“双公示”5月未报送考评数据',
      '1月、2月、3月等11个月未报送',
      '诚信宣传次数全年未填报',
    ]);
  });

  it('names the indicator in the score sheet’s rule with its code in parentheses and a Chinese date', () => {
    const training = unit('S01').items.find((i) => i.item.id === 'A6')!;
    expect(training.rule).toBe(
      '“本单位公职人员诚信教育培训完成日期”（T15-1）填报2024年11月5日，要求10月底前；未按期完成，得0分',
    );
    const publicity = unit('X01').items.find((i) => i.item.id === 'A5')!;
    expect(publicity.rule).toBe(
      '“诚信宣传次数”（T22-1）全年累计15次，要求全年20次以上；按完成比例计分：12×15÷20=9分',
    );
    const notReported = unit('X01').items.find((i) => i.item.id === 'A6')!;
    expect(notReported.rule).toBe('本单位不报送“本单位公职人员诚信教育培训完成日期”（T15-1）指标');
  });

  it('says when a return arrived on the office’s calendar, in Chinese', () => {
    const late = { ...submission(plan, 'S02', '2024-06'), receivedAt: '2024-07-04T17:30:00Z' };
    const a = assessYear({ plan, scheme, year: 2024, periods: ['2024-06'], submissions: [late] });
    const onTime = a.units.find((u) => u.unit.code === 'S02')!.items.find((i) => i.item.id === 'A1')!;
    // 17:30 UTC is 01:30 the next morning in China.
    expect(onTime.sources[0].value).toBe('按时报送（2024年7月5日收到）');
  });
});

describe('list wording', () => {
  it('lists months up to three, then counts them', () => {
    expect(monthList([3])).toBe('3月');
    expect(monthList([1, 3, 7])).toBe('1月、3月、7月');
    expect(monthList([1, 3, 7, 9])).toBe('1月、3月、7月等4个月');
  });

  it('joins bare quotations without 顿号 and with one once a parenthesis follows (GB/T 15834)', () => {
    const task = (n: number, title: string, reported: boolean): Problem => ({
      kind: 'task',
      task: n,
      title,
      reported,
      percent: reported ? 10 * n : null,
      behind: false,
      overdue: false,
    });
    expect(
      describeProblems([{ lost: 1, problems: [1, 2, 3].map((n) => task(n, `任务${n}`, false)) }]),
    ).toEqual(['“任务1”“任务2”等3项任务全年未填报进展']);
    expect(describeProblems([{ lost: 1, problems: [1, 2].map((n) => task(n, `任务${n}`, true)) }])).toEqual([
      '“任务1”（进度10%）、“任务2”（进度20%）年末尚未完成',
    ]);
  });

  it('counts the stalled among many unfinished tasks by what they are', () => {
    const problems: Problem[] = [1, 2, 3, 4].map((n) => ({
      kind: 'task',
      task: n,
      title: `任务${n}`,
      reported: true,
      percent: 50 + n,
      behind: n === 4,
      overdue: false,
    }));
    expect(describeProblems([{ lost: 2, problems }])).toEqual([
      '“任务4”（滞后，进度54%）、“任务1”（进度51%）等4项任务年末尚未完成，其中1项滞后',
    ]);
  });

  it('turns quotation marks inside a quoted name single', () => {
    expect(quote('加快推进企业上市合法合规信息核查“一件事”')).toBe(
      '“加快推进企业上市合法合规信息核查‘一件事’”',
    );
  });

  it('drops the reporters’ qualifier from an indicator’s name', () => {
    expect(indicatorName({ name: '诚信宣传次数（县(市、区)、开发区）' })).toBe('诚信宣传次数');
    expect(indicatorName({ name: '5类行政管理信息上报合规率' })).toBe('5类行政管理信息上报合规率');
  });

  it('prints the office’s reason instead of the item’s own problems', () => {
    const problems: Problem[] = [{ kind: 'late', months: [2] }];
    expect(describeProblems([{ lost: 1, problems, reason: '多次催报仍逾期' }])).toEqual(['多次催报仍逾期']);
    expect(problemText(problems[0])).toBe('2月逾期报送');
    expect(issuesOf({ problems })).toEqual(['2月逾期报送']);
  });
});
