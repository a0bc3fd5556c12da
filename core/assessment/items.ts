import { chineseDate } from '../calendar/iso-date.js';
import { DUAL_PUBLICITY_INDICATORS } from '../plan/dual-publicity.js';
import type { UnitException } from '../exceptions/model.js';
import type { Indicator, Plan, Task, Unit } from '../plan/model.js';
import type { Received } from '../received.js';
import type { DualPublicityRanking } from '../scoring/dual-publicity.js';
import { judge, periodEnd, reportedValue } from '../scoring/indicator.js';
import { meetsTarget } from '../plan/comparator.js';
import { planTimeZone } from '../schedule/model.js';
import { excelSerialToIso } from '../values/excel-serial.js';
import { TASK_STATUS_LABELS, type Period, type Submission, type TaskReport } from '../submission.js';
import { officeDate } from '../calendar/office-time.js';
import { DUAL_PUBLICITY_GOOD, indicatorName, monthOf, problemText, quote, type Problem } from './problems.js';
import type { ScoringItem, ScoringScheme } from './scheme.js';
import {
  formatIndicatorValue,
  indicatorSources,
  submissionSource,
  type SourceRef,
  UnitCells,
  cellSource,
} from './sources.js';

/** One unit's year as the scorers see it: its return of every counted month (or none). */
export interface UnitYear {
  unit: Unit;
  cells: UnitCells;
  /** The counted months the unit was due (an exempted month is not among them). */
  months: {
    period: Period;
    /** The newest accepted version: what the unit reported. */
    submission?: Submission;
    /** When the month's return counts as received (first version, or a paper return), or null. */
    received: Received | null;
    onTime: boolean;
  }[];
  /** Counted months the office exempted the unit from, with the exemption. */
  exempt: { period: Period; exception: UnitException }[];
}

export interface YearContext {
  plan: Plan;
  scheme: ScoringScheme;
  year: number;
  /** The 双公示 ranking of every counted month. */
  dualPublicity: Map<Period, DualPublicityRanking>;
  /**
   * The counted months as words when they are not the whole year (`9—12月共4个月`, see
   * countedMonthsText): rules that count months say they were scored on those.
   */
  countedText?: string;
  /** The indicator as in force in a month (the target that month's workbooks were issued with). */
  inForce: (period: Period, indicator: Indicator) => Indicator;
}

/** A value is judged against the target in force in the month it was reported. */
const targetFor = (ctx: YearContext, indicator: Indicator, found: { submission: Submission } | undefined) =>
  found ? ctx.inForce(found.submission.period, indicator) : indicator;

/** What one item gives one unit before the office's review. */
export interface ItemScore {
  item: ScoringItem;
  /** False when the unit has no part in the item (no 双公示, no such indicator…); it then scores nothing. */
  applicable: boolean;
  /** Points given (deducted, for deductions; 1 for a veto), at most the item's points, to 0.01. */
  computed: number;
  /** The rule as applied, with the numbers: what the score sheet prints. */
  rule: string;
  sources: SourceRef[];
  /**
   * The cell where the unit lost points (the first, when several did): what the score sheet's trace
   * points at. Absent when nothing was lost, or what lost it is no cell (a month not returned).
   */
  lost?: SourceRef;
  /** What the unit lost points for; the report joins them per unit (see problems.ts). */
  problems: Problem[];
}

/** The item's problems in words, one per problem (e.g. `3月逾期报送`). */
export const issuesOf = (score: Pick<ItemScore, 'problems'>): string[] => score.problems.map(problemText);

/** `“诚信宣传次数”（T22-1）`: the score sheet names indicators, with the code for looking them up. */
const named = (indicator: Indicator): string => `${quote(indicatorName(indicator))}（${indicator.code}）`;
const unitWord = (indicator: Indicator): string => (/次数/.test(indicator.name) ? '次' : '');

export const round2 = (n: number): number => Math.round((n + Math.sign(n) * 1e-9) * 100) / 100;
const pct = (fraction: number): string => `${round2(fraction * 100)}%`;
const fmt = (n: number): string => String(round2(n));

const notApplicable = (item: ScoringItem, rule: string): ItemScore => ({
  item,
  applicable: false,
  computed: 0,
  rule,
  sources: [],
  problems: [],
});

/** The unit's latest month (of those counted) whose return holds a usable value for `pick`. */
function latest<T>(
  year: UnitYear,
  pick: (s: Submission) => T | null | undefined,
): { submission: Submission; value: T } | undefined {
  for (let i = year.months.length - 1; i >= 0; i--) {
    const submission = year.months[i].submission;
    if (!submission) continue;
    const value = pick(submission);
    if (value !== null && value !== undefined) return { submission, value };
  }
  return undefined;
}

const tasksOf = (plan: Plan, unit: string): Task[] =>
  plan.tasks.filter((t) => t.responsibilities.some((r) => r.unit === unit));

const indicatorsOf = (plan: Plan, unit: string): Indicator[] =>
  plan.indicators.filter((i) => i.reporters.includes(unit));

const latestTask = (year: UnitYear, task: number) =>
  latest<TaskReport>(year, (s) => s.tasks.find((t) => t.task === task && t.status !== null));

const latestIndicator = (year: UnitYear, indicator: Indicator) =>
  latest<number>(year, (s) =>
    reportedValue(
      indicator,
      s.indicators.find((r) => r.code === indicator.code),
    ),
  );

function taskSources(year: UnitYear, submission: Submission, report: TaskReport): SourceRef[] {
  const sources = cellSource(
    submission,
    year.cells.taskCell(report.task, 'status'),
    report.status ? TASK_STATUS_LABELS[report.status] : '',
  );
  if (report.status !== 'done' && report.status !== 'not-applicable') {
    sources.push(
      ...cellSource(
        submission,
        year.cells.taskCell(report.task, 'percent'),
        report.percent === null ? '未填' : `${report.percent}%`,
      ),
    );
  }
  return sources;
}

/** What a rule counting months adds when the year was not counted whole (启用期间, months not issued). */
const prorated = (ctx: YearContext): string =>
  ctx.countedText ? `（考核期为${ctx.countedText}，按计入的月份折算）` : '';

function onTime(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const months = year.months.length;
  if (!months)
    return notApplicable(item, year.exempt.length ? '考核期内各月均经批准免报' : '考核期内没有应报送的月份');
  const late = item.factor ?? 0;
  const sources: SourceRef[] = [];
  let lost: SourceRef | undefined;
  let timely = 0;
  let tardy = 0;
  const lateMonths: number[] = [];
  const missing: number[] = [];
  for (const m of year.months) {
    const month = monthOf(m.period);
    if (!m.received) {
      missing.push(month);
      continue;
    }
    if (m.onTime) timely++;
    else {
      tardy++;
      lateMonths.push(month);
    }
    const how = m.received.source === 'paper' ? '纸质报送' : '';
    const when = `${how}${m.onTime ? '按时报送' : '逾期报送'}（${chineseDate(officeDate(m.received.at, planTimeZone(ctx.plan)))}收到）`;
    // A paper return whose typed-in workbook is not filed yet has no file to point at.
    if (m.submission) sources.push(submissionSource(m.submission, when));
    if (m.submission && !m.onTime) lost ??= sources.at(-1);
  }
  const exempt = year.exempt.length
    ? `（另有${year.exempt.map((e) => `${monthOf(e.period)}月`).join('、')}经批准免报，不计）`
    : '';
  const share = (timely + late * tardy) / months;
  const computed = round2(item.points * share);
  const problems: Problem[] = [];
  if (lateMonths.length) problems.push({ kind: 'late', months: lateMonths });
  if (missing.length) problems.push({ kind: 'missing', months: missing });
  return {
    item,
    applicable: true,
    computed,
    rule: `应报${months}个月${prorated(ctx)}${exempt}，按时报送${timely}个月、逾期报送${tardy}个月（每月按${pct(late)}计）、未报送${missing.length}个月；${fmt(item.points)}×(${timely}+${fmt(late)}×${tardy})÷${months}=${fmt(computed)}分`,
    sources,
    lost,
    problems,
  };
}

function taskCompletion(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const tasks = tasksOf(ctx.plan, year.unit.code);
  const sources: SourceRef[] = [];
  const problems: Problem[] = [];
  let lost: SourceRef | undefined;
  let counted = 0;
  let sum = 0;
  let done = 0;
  let excluded = 0;
  for (const task of tasks) {
    const found = latestTask(year, task.number);
    if (found?.value.status === 'not-applicable') {
      excluded++;
      sources.push(...taskSources(year, found.submission, found.value));
      continue;
    }
    counted++;
    if (!found) {
      problems.push(taskProblem(task, false, null, false));
      continue;
    }
    sources.push(...taskSources(year, found.submission, found.value));
    const report = found.value;
    if (report.status === 'done') {
      done++;
      sum += 1;
    } else {
      const percent = Math.min(100, Math.max(0, report.percent ?? 0));
      sum += percent / 100;
      problems.push(taskProblem(task, true, percent, report.status === 'behind'));
      // The completion it reported for the task is what counted short.
      lost ??= sources.at(-1);
    }
  }
  if (!counted) return notApplicable(item, excluded ? '承担的任务均填报为不适用' : '未承担重点任务');
  const share = sum / counted;
  const computed = round2(item.points * share);
  return {
    item,
    applicable: true,
    computed,
    rule: `承担任务${counted}项${excluded ? `（另有不适用${excluded}项不计）` : ''}，已完成${done}项，其余按填报的完成进度计，平均完成率${pct(share)}；${fmt(item.points)}×${pct(share)}=${fmt(computed)}分`,
    sources,
    lost,
    problems,
  };
}

const taskProblem = (task: Task, reported: boolean, percent: number | null, behind: boolean): Problem => ({
  kind: 'task',
  task: task.number,
  title: task.title,
  reported,
  percent,
  behind,
  overdue: false,
});

/** Indicators other items score on their own, left out of the indicator-targets item. */
function separatelyScored(scheme: ScoringScheme): Set<string> {
  const codes = new Set<string>();
  for (const item of scheme.items) for (const code of item.indicators ?? []) codes.add(code);
  if (scheme.items.some((i) => i.method === 'dual-publicity')) {
    for (const code of Object.values(DUAL_PUBLICITY_INDICATORS)) codes.add(code);
  }
  return codes;
}

function indicatorTargets(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const skip = separatelyScored(ctx.scheme);
  const indicators = indicatorsOf(ctx.plan, year.unit.code).filter((i) => !skip.has(i.code));
  if (!indicators.length) return notApplicable(item, '不承担本项目考核的监测指标');
  const sources: SourceRef[] = [];
  const problems: Problem[] = [];
  const short: string[] = [];
  let lost: SourceRef | undefined;
  let met = 0;
  for (const indicator of indicators) {
    const found = latestIndicator(year, indicator);
    const name = indicatorName(indicator);
    if (!found) {
      problems.push({ kind: 'indicator', name, value: null, target: indicator.targetText });
      short.push(`${named(indicator)}全年未填报`);
      continue;
    }
    const cells = indicatorSources(year.cells, indicator, found.submission);
    sources.push(...cells);
    const target = targetFor(ctx, indicator, found);
    if (judge(target, found.value, `${ctx.year}-12`) === 'met') met++;
    else {
      lost ??= cells[0];
      const value = formatIndicatorValue(indicator, found.value);
      problems.push({ kind: 'indicator', name, value, target: target.targetText });
      short.push(`${named(indicator)}为${value}，目标${target.targetText}`);
    }
  }
  const computed = round2((item.points * met) / indicators.length);
  return {
    item,
    applicable: true,
    computed,
    rule: `按各指标最近一期填报值计，共${indicators.length}项，达标${met}项${short.length ? `（未达标：${short.join('；')}）` : ''}；${fmt(item.points)}×${met}÷${indicators.length}=${fmt(computed)}分`,
    sources,
    lost,
    problems,
  };
}

function dualPublicity(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  if (!year.unit.dualPublicity) return notApplicable(item, '不承担“双公示”报送');
  const codes = Object.values(DUAL_PUBLICITY_INDICATORS);
  const indicators = codes
    .map((code) => ctx.plan.indicators.find((i) => i.code === code))
    .filter((i): i is Indicator => !!i);
  const sources: SourceRef[] = [];
  const unranked: number[] = [];
  let sum = 0;
  // Its weakest ranked month: where it lost most.
  let lost: { score: number; at?: SourceRef } | undefined;
  for (const m of year.months) {
    const entry = ctx.dualPublicity.get(m.period)?.ranked.find((e) => e.unit.code === year.unit.code);
    if (!entry) unranked.push(monthOf(m.period));
    else sum += entry.score;
    if (!m.submission) continue;
    const cells = indicators.flatMap((indicator) => indicatorSources(year.cells, indicator, m.submission!));
    sources.push(...cells);
    if (entry && entry.score < 100 && (!lost || entry.score < lost.score))
      lost = { score: entry.score, at: cells[0] };
  }
  const months = year.months.length;
  if (!months) return notApplicable(item, '考核期内没有应报送的月份');
  const mean = sum / months;
  const computed = round2((item.points * mean) / 100);
  return {
    item,
    applicable: true,
    computed,
    rule: `${months}个月${prorated(ctx)}“双公示”综合得分合计${fmt(sum)}分，月均${fmt(mean)}分${unranked.length ? `（${unranked.map((n) => `${n}月`).join('、')}未报送或未填报，计0分）` : ''}；${fmt(item.points)}×${fmt(mean)}÷100=${fmt(computed)}分`,
    sources,
    lost: lost?.at,
    problems:
      unranked.length || mean < DUAL_PUBLICITY_GOOD
        ? [{ kind: 'dual-publicity', months: unranked, mean: round2(mean) }]
        : [],
  };
}

function reportedIndicator(item: ScoringItem, year: UnitYear, ctx: YearContext): Indicator | undefined {
  return (item.indicators ?? [])
    .map((code) => ctx.plan.indicators.find((i) => i.code === code))
    .find((i): i is Indicator => !!i && i.reporters.includes(year.unit.code));
}

/** Why an indicator item does not apply: the unit reports none of its indicators. */
function notReporting(item: ScoringItem, ctx: YearContext): string {
  const names = (item.indicators ?? []).map((code) => {
    const indicator = ctx.plan.indicators.find((i) => i.code === code);
    return indicator ? named(indicator) : code;
  });
  return `本单位不报送${names.join('、')}指标`;
}

function indicatorQuantity(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const indicator = reportedIndicator(item, year, ctx);
  if (!indicator) return notApplicable(item, notReporting(item, ctx));
  const found = latestIndicator(year, indicator);
  const value = found?.value ?? 0;
  const target = targetFor(ctx, indicator, found);
  const share = meetsTarget(value, target.comparator, target.target)
    ? 1
    : Math.max(0, Math.min(1, value / target.target));
  const computed = round2(item.points * share);
  return {
    item,
    applicable: true,
    computed,
    rule: found
      ? `${named(indicator)}全年累计${fmt(value)}${unitWord(indicator)}，要求${target.targetText}；${share >= 1 ? `已达到，得满分${fmt(item.points)}分` : `按完成比例计分：${fmt(item.points)}×${fmt(value)}÷${fmt(target.target)}=${fmt(computed)}分`}`
      : `${named(indicator)}全年未填报，得0分`,
    sources: found ? indicatorSources(year.cells, indicator, found.submission) : [],
    lost: found && share < 1 ? indicatorSources(year.cells, indicator, found.submission)[0] : undefined,
    problems:
      share < 1
        ? [
            {
              kind: 'quantity',
              name: indicatorName(indicator),
              value: found ? value : null,
              target: target.targetText,
            },
          ]
        : [],
  };
}

function indicatorDeadline(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const indicator = reportedIndicator(item, year, ctx);
  if (!indicator) return notApplicable(item, notReporting(item, ctx));
  const found = latestIndicator(year, indicator);
  const target = targetFor(ctx, indicator, found);
  const met = !!found && meetsTarget(found.value, target.comparator, target.target);
  const computed = met ? item.points : 0;
  const date = found && indicator.kind === 'date' ? excelSerialToIso(found.value) : null;
  const shown = date ? chineseDate(date) : found ? formatIndicatorValue(indicator, found.value) : '';
  return {
    item,
    applicable: true,
    computed,
    rule: found
      ? `${named(indicator)}填报${shown}，要求${target.targetText}；${met ? `按期完成，得${fmt(item.points)}分` : '未按期完成，得0分'}`
      : `${named(indicator)}全年未填报，得0分`,
    sources: found ? indicatorSources(year.cells, indicator, found.submission) : [],
    lost: found && !met ? indicatorSources(year.cells, indicator, found.submission)[0] : undefined,
    problems: met
      ? []
      : [{ kind: 'deadline', name: indicatorName(indicator), date, target: target.targetText }],
  };
}

function taskDone(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const task = ctx.plan.tasks.find((t) => t.number === item.task);
  if (!task || !task.responsibilities.some((r) => r.unit === year.unit.code)) {
    return notApplicable(
      item,
      task ? `本单位未承担任务${task.number}${quote(task.title)}` : `工作要点中没有任务${item.task ?? ''}`,
    );
  }
  const found = latestTask(year, task.number);
  const done = found?.value.status === 'done';
  return {
    item,
    applicable: true,
    computed: done ? item.points : 0,
    rule: `任务${task.number}${quote(task.title)}${found ? `最近一期填报为“${TASK_STATUS_LABELS[found.value.status!]}”` : '全年未填报'}；${done ? `加${fmt(item.points)}分` : '未完成，得0分'}`,
    sources: found ? taskSources(year, found.submission, found.value) : [],
    problems: [],
  };
}

function stalledTasks(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const last = [...year.months].reverse().find((m) => m.submission);
  if (!last?.submission) {
    return {
      item,
      applicable: true,
      computed: 0,
      rule: '全年未报送，无可核对的任务进展（未报送已在按时报送项目中计分），扣0分',
      sources: [],
      problems: [],
    };
  }
  const submission = last.submission;
  const end = periodEnd(submission.period);
  const sources: SourceRef[] = [];
  const stalled: Problem[] = [];
  const listed: string[] = [];
  for (const task of tasksOf(ctx.plan, year.unit.code)) {
    const report = submission.tasks.find((t) => t.task === task.number);
    const status = report?.status ?? null;
    const overdue =
      !!task.deadline && task.deadline <= end && status !== 'done' && status !== 'not-applicable';
    if (status === 'behind' || overdue) {
      stalled.push({
        kind: 'task',
        task: task.number,
        title: task.title,
        reported: !!status,
        percent: report?.percent ?? null,
        behind: status === 'behind',
        overdue,
      });
      listed.push(
        `任务${task.number}${status === 'behind' ? '滞后' : `逾期未完成（时限${chineseDate(task.deadline!)}）`}`,
      );
      if (report)
        sources.push(
          ...cellSource(
            submission,
            year.cells.taskCell(task.number, 'status'),
            TASK_STATUS_LABELS[status!] ?? '未填',
          ),
        );
    }
  }
  const computed = round2(Math.min(item.points, (item.factor ?? 0) * stalled.length));
  return {
    item,
    applicable: true,
    computed,
    rule: `最近一期（${monthOf(submission.period)}月）报送中滞后或逾期未完成的任务${stalled.length}项${listed.length ? `（${listed.join('、')}）` : ''}，每项扣${fmt(item.factor ?? 0)}分，最多扣${fmt(item.points)}分；扣${fmt(computed)}分`,
    sources,
    lost: computed > 0 ? sources[0] : undefined,
    problems: stalled,
  };
}

function vetoIndicator(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const indicator = reportedIndicator(item, year, ctx);
  if (!indicator) return notApplicable(item, notReporting(item, ctx));
  const sources: SourceRef[] = [];
  const months: number[] = [];
  for (const m of year.months) {
    if (!m.submission) continue;
    const value = reportedValue(
      indicator,
      m.submission.indicators.find((r) => r.code === indicator.code),
    );
    if (value !== null && value >= 1) {
      months.push(monthOf(m.period));
      sources.push(...indicatorSources(year.cells, indicator, m.submission));
    }
  }
  const vetoed = months.length > 0;
  return {
    item,
    applicable: true,
    computed: vetoed ? 1 : 0,
    lost: vetoed ? sources[0] : undefined,
    rule: vetoed
      ? `${months.map((n) => `${n}月`).join('、')}填报${named(indicator)}为“是”，一票否决，计1`
      : `全年未报告发生${item.name}，计0（不否决）`,
    sources,
    problems: vetoed ? [{ kind: 'veto', name: item.name, months }] : [],
  };
}

const manual = (item: ScoringItem): ItemScore => ({
  item,
  applicable: true,
  computed: 0,
  rule: '由信用办审核认定，系统计0分；请在“信用办审核分”列填写',
  sources: [],
  problems: [],
});

export function scoreItem(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  switch (item.method) {
    case 'on-time':
      return onTime(item, year, ctx);
    case 'task-completion':
      return taskCompletion(item, year, ctx);
    case 'indicator-targets':
      return indicatorTargets(item, year, ctx);
    case 'dual-publicity':
      return dualPublicity(item, year, ctx);
    case 'indicator-quantity':
      return indicatorQuantity(item, year, ctx);
    case 'indicator-deadline':
      return indicatorDeadline(item, year, ctx);
    case 'task-done':
      return taskDone(item, year, ctx);
    case 'stalled-tasks':
      return stalledTasks(item, year, ctx);
    case 'manual':
      return manual(item);
    case 'veto-indicator':
      return vetoIndicator(item, year, ctx);
  }
}
