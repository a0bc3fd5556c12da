import { DUAL_PUBLICITY_INDICATORS } from '../plan/dual-publicity.js';
import type { Indicator, Plan, Task, Unit } from '../plan/model.js';
import type { DualPublicityRanking } from '../scoring/dual-publicity.js';
import { judge, periodEnd, reportedValue } from '../scoring/indicator.js';
import { meetsTarget } from '../plan/comparator.js';
import { TASK_STATUS_LABELS, type Period, type Submission, type TaskReport } from '../submission.js';
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
  months: { period: Period; submission?: Submission; onTime: boolean }[];
}

export interface YearContext {
  plan: Plan;
  scheme: ScoringScheme;
  year: number;
  /** The 双公示 ranking of every counted month. */
  dualPublicity: Map<Period, DualPublicityRanking>;
}

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
  /** What the unit lost points for, in words for the report (e.g. `3个月逾期报送`). */
  issues: string[];
}

export const round2 = (n: number): number => Math.round((n + Math.sign(n) * 1e-9) * 100) / 100;
const pct = (fraction: number): string => `${round2(fraction * 100)}%`;
const fmt = (n: number): string => String(round2(n));

const notApplicable = (item: ScoringItem, rule: string): ItemScore => ({
  item,
  applicable: false,
  computed: 0,
  rule,
  sources: [],
  issues: [],
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

function onTime(item: ScoringItem, year: UnitYear): ItemScore {
  const months = year.months.length;
  if (!months) return notApplicable(item, '考核期内没有应报送的月份');
  const late = item.factor ?? 0;
  const sources: SourceRef[] = [];
  let timely = 0;
  let tardy = 0;
  const lateMonths: string[] = [];
  const missing: string[] = [];
  for (const m of year.months) {
    const month = `${Number(m.period.slice(5, 7))}月`;
    if (!m.submission) {
      missing.push(month);
      continue;
    }
    if (m.onTime) timely++;
    else {
      tardy++;
      lateMonths.push(month);
    }
    sources.push(
      submissionSource(
        m.submission,
        `${m.onTime ? '按时报送' : '逾期报送'}（收到 ${m.submission.receivedAt.slice(0, 10)}）`,
      ),
    );
  }
  const share = (timely + late * tardy) / months;
  const computed = round2(item.points * share);
  const issues: string[] = [];
  if (lateMonths.length) issues.push(`${lateMonths.join('、')}逾期报送`);
  if (missing.length) issues.push(`${missing.join('、')}未报送`);
  return {
    item,
    applicable: true,
    computed,
    rule: `应报${months}期：按时${timely}期、逾期${tardy}期（按${pct(late)}计）、未报${missing.length}期；${fmt(item.points)}×(${timely}+${fmt(late)}×${tardy})÷${months}=${fmt(computed)}`,
    sources,
    issues,
  };
}

function taskCompletion(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const tasks = tasksOf(ctx.plan, year.unit.code);
  const sources: SourceRef[] = [];
  const issues: string[] = [];
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
      issues.push(`任务${task.number}全年未填报进展`);
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
      issues.push(
        `任务${task.number}“${task.title}”${TASK_STATUS_LABELS[report.status!]}（进度${percent}%）`,
      );
    }
  }
  if (!counted) return notApplicable(item, excluded ? '承担的任务均填报为不适用' : '未承担重点任务');
  const share = sum / counted;
  const computed = round2(item.points * share);
  return {
    item,
    applicable: true,
    computed,
    rule: `承担任务${counted}项${excluded ? `（另有不适用${excluded}项不计）` : ''}，已完成${done}项，其余按完成进度计，平均完成率${pct(share)}；${fmt(item.points)}×${pct(share)}=${fmt(computed)}`,
    sources,
    issues,
  };
}

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
  const issues: string[] = [];
  let met = 0;
  for (const indicator of indicators) {
    const found = latestIndicator(year, indicator);
    if (!found) {
      issues.push(`指标${indicator.code}“${indicator.name}”全年未填报`);
      continue;
    }
    sources.push(...indicatorSources(year.cells, indicator, found.submission));
    if (judge(indicator, found.value, `${ctx.year}-12`) === 'met') met++;
    else {
      issues.push(
        `指标${indicator.code}“${indicator.name}”未达标（${formatIndicatorValue(indicator, found.value)}，目标${indicator.targetText}）`,
      );
    }
  }
  const computed = round2((item.points * met) / indicators.length);
  return {
    item,
    applicable: true,
    computed,
    rule: `以年末最近一期填报值计，达标${met}项/共${indicators.length}项；${fmt(item.points)}×${met}÷${indicators.length}=${fmt(computed)}`,
    sources,
    issues,
  };
}

function dualPublicity(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  if (!year.unit.dualPublicity) return notApplicable(item, '不承担“双公示”报送');
  const codes = Object.values(DUAL_PUBLICITY_INDICATORS);
  const indicators = codes
    .map((code) => ctx.plan.indicators.find((i) => i.code === code))
    .filter((i): i is Indicator => !!i);
  const sources: SourceRef[] = [];
  const unranked: string[] = [];
  let sum = 0;
  for (const m of year.months) {
    const entry = ctx.dualPublicity.get(m.period)?.ranked.find((e) => e.unit.code === year.unit.code);
    if (!entry) unranked.push(`${Number(m.period.slice(5, 7))}月`);
    else sum += entry.score;
    if (m.submission)
      for (const indicator of indicators)
        sources.push(...indicatorSources(year.cells, indicator, m.submission));
  }
  const months = year.months.length;
  if (!months) return notApplicable(item, '考核期内没有应报送的月份');
  const mean = sum / months;
  const computed = round2((item.points * mean) / 100);
  return {
    item,
    applicable: true,
    computed,
    rule: `${months}个月综合得分合计${fmt(sum)}，月均${fmt(mean)}分${unranked.length ? `（${unranked.join('、')}未报或未填，计0分）` : ''}；${fmt(item.points)}×${fmt(mean)}÷100=${fmt(computed)}`,
    sources,
    issues: unranked.length
      ? [`“双公示”${unranked.join('、')}未报送考评数据`]
      : mean < 95
        ? [`“双公示”月均综合得分${fmt(mean)}分`]
        : [],
  };
}

function reportedIndicator(item: ScoringItem, year: UnitYear, ctx: YearContext): Indicator | undefined {
  return (item.indicators ?? [])
    .map((code) => ctx.plan.indicators.find((i) => i.code === code))
    .find((i): i is Indicator => !!i && i.reporters.includes(year.unit.code));
}

function indicatorQuantity(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const indicator = reportedIndicator(item, year, ctx);
  if (!indicator) return notApplicable(item, `不报送指标${(item.indicators ?? []).join('、')}`);
  const found = latestIndicator(year, indicator);
  const value = found?.value ?? 0;
  const share = meetsTarget(value, indicator.comparator, indicator.target)
    ? 1
    : Math.max(0, Math.min(1, value / indicator.target));
  const computed = round2(item.points * share);
  return {
    item,
    applicable: true,
    computed,
    rule: found
      ? `指标${indicator.code}年末累计${fmt(value)}，目标${indicator.targetText}；${share >= 1 ? `达标，得满分${fmt(item.points)}` : `${fmt(item.points)}×${fmt(value)}÷${fmt(indicator.target)}=${fmt(computed)}`}`
      : `指标${indicator.code}全年未填报，得0分`,
    sources: found ? indicatorSources(year.cells, indicator, found.submission) : [],
    issues:
      share < 1
        ? [`${indicator.name}${found ? `仅${fmt(value)}次` : '未填报'}，未达到${indicator.targetText}`]
        : [],
  };
}

function indicatorDeadline(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const indicator = reportedIndicator(item, year, ctx);
  if (!indicator) return notApplicable(item, `不报送指标${(item.indicators ?? []).join('、')}`);
  const found = latestIndicator(year, indicator);
  const met = !!found && meetsTarget(found.value, indicator.comparator, indicator.target);
  const computed = met ? item.points : 0;
  const shown = found ? formatIndicatorValue(indicator, found.value) : '';
  return {
    item,
    applicable: true,
    computed,
    rule: found
      ? `指标${indicator.code}填报${shown}，要求${indicator.targetText}；${met ? `按期完成，得${fmt(item.points)}分` : '逾期完成，得0分'}`
      : `指标${indicator.code}全年未填报，得0分`,
    sources: found ? indicatorSources(year.cells, indicator, found.submission) : [],
    issues: met
      ? []
      : [
          `${indicator.name.replace(/完成日期$/, '')}${found ? `于${shown}完成，晚于${indicator.targetText}` : '未报送完成情况'}`,
        ],
  };
}

function taskDone(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const task = ctx.plan.tasks.find((t) => t.number === item.task);
  if (!task || !task.responsibilities.some((r) => r.unit === year.unit.code)) {
    return notApplicable(item, `未承担任务${item.task ?? ''}`);
  }
  const found = latestTask(year, task.number);
  const done = found?.value.status === 'done';
  return {
    item,
    applicable: true,
    computed: done ? item.points : 0,
    rule: `任务${task.number}“${task.title}”${found ? TASK_STATUS_LABELS[found.value.status!] : '未填报'}；${done ? `加${fmt(item.points)}分` : '不加分'}`,
    sources: found ? taskSources(year, found.submission, found.value) : [],
    issues: [],
  };
}

function stalledTasks(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const last = [...year.months].reverse().find((m) => m.submission);
  if (!last?.submission) {
    return {
      item,
      applicable: true,
      computed: 0,
      rule: '全年未报送，无可核对的任务进展（未报送已在按时报送项目中计分）',
      sources: [],
      issues: [],
    };
  }
  const submission = last.submission;
  const end = periodEnd(submission.period);
  const sources: SourceRef[] = [];
  const stalled: string[] = [];
  for (const task of tasksOf(ctx.plan, year.unit.code)) {
    const report = submission.tasks.find((t) => t.task === task.number);
    const status = report?.status ?? null;
    const overdue =
      !!task.deadline && task.deadline <= end && status !== 'done' && status !== 'not-applicable';
    if (status === 'behind' || overdue) {
      stalled.push(`任务${task.number}“${task.title}”${status === 'behind' ? '滞后' : '逾期未完成'}`);
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
    rule: `${Number(submission.period.slice(5, 7))}月报送中滞后或逾期未完成的任务${stalled.length}项，每项扣${fmt(item.factor ?? 0)}分，最多扣${fmt(item.points)}分；扣${fmt(computed)}分`,
    sources,
    issues: stalled,
  };
}

function vetoIndicator(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  const indicator = reportedIndicator(item, year, ctx);
  if (!indicator) return notApplicable(item, `不报送指标${(item.indicators ?? []).join('、')}`);
  const sources: SourceRef[] = [];
  const months: string[] = [];
  for (const m of year.months) {
    if (!m.submission) continue;
    const value = reportedValue(
      indicator,
      m.submission.indicators.find((r) => r.code === indicator.code),
    );
    if (value !== null && value >= 1) {
      months.push(`${Number(m.period.slice(5, 7))}月`);
      sources.push(...indicatorSources(year.cells, indicator, m.submission));
    }
  }
  const vetoed = months.length > 0;
  return {
    item,
    applicable: true,
    computed: vetoed ? 1 : 0,
    rule: vetoed ? `${months.join('、')}报告发生${item.name}，一票否决` : `全年未报告发生${item.name}`,
    sources,
    issues: vetoed ? [`${months.join('、')}发生${item.name}，实行一票否决`] : [],
  };
}

const manual = (item: ScoringItem): ItemScore => ({
  item,
  applicable: true,
  computed: 0,
  rule: '由信用办审核认定，在“信用办审核分”列填写',
  sources: [],
  issues: [],
});

export function scoreItem(item: ScoringItem, year: UnitYear, ctx: YearContext): ItemScore {
  switch (item.method) {
    case 'on-time':
      return onTime(item, year);
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
