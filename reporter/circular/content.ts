import { nextPeriod } from '../../core/calendar/index.js';
import { planCalendar } from '../../core/plan/calendar.js';
import { contactClauses } from '../../core/plan/contact.js';
import { rectificationDeadline, returnDeadline } from '../../core/plan/deadlines.js';
import { DUAL_PUBLICITY_INDICATORS } from '../../core/plan/dual-publicity.js';
import { COMPARATOR_SYMBOLS, type Indicator, type Plan, type Unit } from '../../core/plan/model.js';
import { excelSerialToIso } from '../../core/values/excel-serial.js';
import { percentDigits } from '../../core/scoring/format.js';
import { INDICATOR_OUTCOME_LABELS, type IndicatorOutcome } from '../../core/scoring/indicator.js';
import type { MonthScore, StalledTask, UnitMonth } from '../../core/scoring/month.js';
import { praiseworthy } from '../../core/scoring/praise.js';
import { TASK_STATUS_LABELS, type TaskStatus } from '../../core/submission.js';
import { officeDate } from '../../core/calendar/office-time.js';
import { planTimeZone } from '../../core/schedule/model.js';
import type { RenderValue } from '../render/docx.js';
import { documentFrame, frameAlternatives } from '../render/frame.js';
import { cnDate, cnMonthDay, cnPeriod, percent, percentFixed, someOf } from '../render/format.js';
import { CIRCULAR_CHART, CIRCULAR_TABLES } from './template.js';

/**
 * Turns a scored month into what the circular template and narrative need: the narrative's data
 * (lists and counts; the sentences live in circular.hbs) and the template's values (text, tables,
 * chart). Nothing here reads files.
 *
 * Every count is taken once from the scored month and used wherever the document states it, so the
 * body, the tables and the attachments agree (tests/demo-year.test.ts checks a whole year of them
 * against each other and against the 汇总表).
 */

export interface CircularOptions {
  plan: Plan;
  score: MonthScore;
  /** 成文日期, ISO. */
  date: string;
  /** 发文字号's sequence number; empty leaves a blank for the office to write in. */
  number?: string;
}

export const circularTitle = (period: string): string =>
  `关于${cnPeriod(period)}社会信用体系建设工作进展情况的通报`;

/** The title as printed: two lines broken between words (GB/T 9704 7.3.3), the second shorter. */
export const circularTitleLines = (period: string): string =>
  `关于${cnPeriod(period)}社会信用体系建设\n工作进展情况的通报`;

const names = (units: Unit[]): string[] => units.map((u) => u.name);

/**
 * An indicator value as the circular prints it, in one format throughout: percentages with two
 * decimals (four under 1%, so 0.0108% does not read 0.01%), ratios with four.
 */
export function formatValue(indicator: Indicator, value: number | null): string {
  if (value === null) return '—';
  switch (indicator.kind) {
    case 'percent':
      return percentFixed(value, percentDigits(value));
    case 'ratio':
      return value.toFixed(4);
    case 'count':
      return String(Math.round(value * 100) / 100);
    case 'yes-no':
      return value >= 1 ? '是' : '否';
    case 'date': {
      const iso = excelSerialToIso(value);
      return iso === null ? String(value) : cnDate(iso);
    }
  }
}

/** The seed's own words for a target when they are short (`10%以上`, `10月底前`), else `≥100%`. */
export function targetText(indicator: Indicator): string {
  const own = indicator.targetText.replace(/（[^）]*）|\([^)]*\)/g, '').trim();
  if (own && own.length <= 10) return own;
  const target =
    indicator.kind === 'percent' ? percent(indicator.target, 4) : formatValue(indicator, indicator.target);
  return `${COMPARATOR_SYMBOLS[indicator.comparator]}${target}`;
}

/** The three 双公示 rates are judged by the ranking (表2), not as targets in 附件1 and 附件3. */
const DUAL_CODES: readonly string[] = Object.values(DUAL_PUBLICITY_INDICATORS);
const targetIndicators = (u: UnitMonth) => u.indicators.filter((x) => !DUAL_CODES.includes(x.indicator.code));

const taskLabel = (s: { task: { number: number; title: string } }) => `任务${s.task.number}“${s.task.title}”`;

function changeText(u: UnitMonth): string {
  if (!u.change || !u.submission) return '—';
  if (u.change.previousState === 'missing' || u.change.previousState === 'refused') return '上月未报';
  const parts: string[] = [];
  const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`.replace('-', '−'));
  // 完成, as the table's column says: the cell is narrow.
  if (u.change.done) parts.push(`完成${signed(u.change.done)}`);
  if (u.change.stalled) parts.push(`滞后${signed(u.change.stalled)}`);
  if (u.change.met) parts.push(`达标${signed(u.change.met)}`);
  return parts.length ? parts.join('；') : '持平';
}

/**
 * 按时 / 逾期2个工作日 / 未通过 / 未报送 / 延期未报, short for the table; an extension or a paper return
 * the office granted is said in brackets. Lateness is in working days, as deadlines are set, from
 * the deadline that applied to the unit to its first return (a correction sent later is not lateness).
 */
function submissionText(plan: Plan, u: UnitMonth): string {
  const granted =
    u.verdict.received?.source === 'paper' ? '（纸质）' : u.exceptions.extension ? '（延期）' : '';
  switch (u.state) {
    case 'on-time':
      return `按时${granted}`;
    case 'late': {
      const days = planCalendar(plan).workingDaysBetween(
        u.verdict.deadline,
        officeDate(u.verdict.received!.at, planTimeZone(plan)),
      );
      // Received on a day off after the deadline: late, but no working day lost yet.
      return `${days > 0 ? `逾期${days}个工作日` : '逾期'}${granted}`;
    }
    case 'extended':
      return '延期未报';
    case 'refused':
      return '未通过';
    case 'missing':
      return '未报送';
  }
}

/** A date in the document's year without the year: `7月28日`; another year's in full. */
function shortDate(iso: string, year: string): string {
  return iso.startsWith(year) ? cnMonthDay(iso) : cnDate(iso);
}

/** Task reports counted in the body, in this order; 滞后 includes tasks past their deadline. */
const STATUS_ORDER: TaskStatus[] = ['done', 'in-progress', 'behind', 'not-started', 'not-applicable'];

/** `，其中X（目标…）未达标的单位最多（12个）`, when one indicator stands out. */
function mostMissed(byIndicator: { indicator: Indicator; units: UnitMonth[] }[]): string {
  const [first, second] = [...byIndicator].sort((a, b) => b.units.length - a.units.length);
  if (!first || first.units.length < 2 || (second && second.units.length === first.units.length)) return '';
  return `，其中${first.indicator.name}（目标${targetText(first.indicator)}）未达标的单位最多，有${first.units.length}个`;
}

/** Groups "unit: items" so each unit is named once: 市财政局（任务4、任务7）. */
function byUnit(items: { unit: Unit; label: string }[]): string[] {
  const grouped = new Map<string, { unit: Unit; labels: string[] }>();
  for (const { unit, label } of items) {
    const g = grouped.get(unit.code) ?? { unit, labels: [] };
    if (!g.labels.includes(label)) g.labels.push(label);
    grouped.set(unit.code, g);
  }
  return [...grouped.values()].map((g) => `${g.unit.name}（${g.labels.join('、')}）`);
}

/** An indicator's city outcome as the circular states it: nothing is judged without data. */
const cityOutcome = (i: MonthScore['indicators'][number]): IndicatorOutcome =>
  i.city.reported === 0 ? 'missing' : i.outcome;

export function circularData(options: CircularOptions) {
  const { plan, score, date } = options;
  const period = score.period;
  const due = score.units.length;
  const returned = score.onTime.length + score.late.length;
  // Returns whose figures the circular can count (a paper return not yet typed in has none).
  const noData = !score.units.some((u) => u.submission);
  // Units on time only thanks to an extension or a paper return are named, with the grant.
  const granted = score.units.flatMap((u) =>
    u.state === 'on-time' && (u.exceptions.extension || u.verdict.received?.source === 'paper')
      ? [
          `${u.unit.name}${u.verdict.received?.source === 'paper' ? '经批准纸质报送' : `经批准延期至${cnMonthDay(u.verdict.deadline)}`}`,
        ]
      : [],
  );
  const overviewClauses: string[] = [];
  if (score.onTime.length)
    overviewClauses.push(
      `按时报送${score.onTime.length}个${granted.length ? `（其中${granted.join('、')}）` : ''}`,
    );
  if (score.late.length)
    overviewClauses.push(`逾期报送${score.late.length}个（${names(score.late).join('、')}）`);
  if (score.refused.length)
    overviewClauses.push(`报送未通过${score.refused.length}个（${names(score.refused).join('、')}）`);
  if (score.missing.length)
    overviewClauses.push(`未报送${score.missing.length}个（${names(score.missing).join('、')}）`);
  if (score.extended.length)
    overviewClauses.push(
      `经批准延期、尚未到期${score.extended.length}个（${names(score.extended).join('、')}）`,
    );

  // 二、重点任务进展: one count per status; 滞后 is the list of stalled tasks (附件2), no other.
  const taskReports = STATUS_ORDER.reduce((s, k) => s + score.statuses[k], 0);
  const overdue = score.stalled.filter((s) => s.reason === 'overdue').length;
  const statusClauses = STATUS_ORDER.filter((k) => score.statuses[k]).map((k) =>
    k === 'behind' && overdue
      ? `滞后${score.statuses.behind}项次（含超过计划完成时限仍未完成的${overdue}项次）`
      : `${TASK_STATUS_LABELS[k]}${score.statuses[k]}项次`,
  );
  const praise = praiseworthy(score, plan.tasks).map((p) => ({
    unit: p.unit.name,
    completed: p.completed.length,
    tasks: p.completed.map((c) => `任务${c.task.number}`),
    quoted: p.quoted ? { task: taskLabel(p.quoted), text: p.quoted.text } : null,
    stalledFewer: p.stalledFewer,
  }));
  // The body names stalled tasks task by task when they are few; else the tasks most units are behind
  // on. Each unit's own problems are in 附件2.
  const stalled = score.tasks
    .filter((t) => t.stalled.length)
    .map((t) => ({
      task: taskLabel(t),
      units: t.stalled.map((s) =>
        s.reason === 'overdue' ? `${s.unit.name}（超过计划完成时限）` : s.unit.name,
      ),
    }));
  const STALLED_TASKS_IN_FULL = 6;
  const stalledMore = stalled.length > STALLED_TASKS_IN_FULL;
  const stalledShown = stalledMore
    ? [...stalled]
        .filter((t) => t.units.length > 1)
        .sort((a, b) => b.units.length - a.units.length)
        .slice(0, 3)
        .sort((a, b) => stalled.indexOf(a) - stalled.indexOf(b))
    : stalled;
  const stalledUnitNames = [...new Map(score.stalled.map((s) => [s.unit.code, s.unit.name])).values()];

  // 三、监测指标: the city's outcome per indicator; without data nothing is met, missed or pending.
  const indicatorCount = score.indicators.length;
  const count = (o: IndicatorOutcome) => score.indicators.filter((i) => cityOutcome(i) === o);
  const unmetIndicators = count('unmet').map((i) => i.indicator.name);
  const indicatorClauses: string[] = [];
  if (count('met').length) indicatorClauses.push(`达到目标${count('met').length}项`);
  if (unmetIndicators.length)
    indicatorClauses.push(
      `未达到目标${unmetIndicators.length}项（${
        unmetIndicators.length > 4
          ? `包括${unmetIndicators.slice(0, 3).join('、')}等`
          : unmetIndicators.join('、')
      }）`,
    );
  if (count('pending').length) indicatorClauses.push(`年度目标尚在推进${count('pending').length}项`);
  if (count('missing').length) indicatorClauses.push(`本月无报送数据${count('missing').length}项`);

  const dp = score.dualPublicity;
  const w = plan.settings.dualPublicityWeights;
  const previousRank = new Map(score.previousDualPublicity?.ranked.map((e) => [e.unit.code, e.rank]) ?? []);
  const allTied = dp.ranked.length > 1 && dp.best.length === dp.ranked.length;

  // Units' unmet targets, outside the 双公示 rates (judged by the ranking): 附件3, one row each.
  const unmetRows = score.units.flatMap((u) =>
    targetIndicators(u)
      .filter((x) => x.outcome === 'unmet')
      .map((x) => ({ unit: u.unit, indicator: x.indicator, value: x.value })),
  );
  const unmetByIndicator = plan.indicators
    .filter((i) => !DUAL_CODES.includes(i.code))
    .map((indicator) => ({
      indicator,
      units: score.units.filter((u) =>
        u.indicators.some((x) => x.indicator === indicator && x.outcome === 'unmet'),
      ),
    }))
    .filter((x) => x.units.length);

  // 五、存在问题: one numbered point per kind of problem, each naming its units.
  const problems: { title: string; text: string }[] = [];
  if (score.late.length || score.refused.length || score.missing.length) {
    const parts: string[] = [];
    if (score.late.length) parts.push(`${names(score.late).join('、')}逾期报送`);
    if (score.refused.length)
      parts.push(
        `${names(score.refused).join('、')}报送的填报表未通过校验，至通报印发时仍未按回执修改后重新报送`,
      );
    if (score.missing.length) parts.push(`${names(score.missing).join('、')}未按要求报送`);
    problems.push({ title: '报送不够及时', text: `${parts.join('；')}。` });
  }
  if (score.stalled.length) {
    const perUnit = byUnit(score.stalled.map((s) => ({ unit: s.unit, label: `任务${s.task.number}` })));
    problems.push({
      title: '部分重点任务推进滞后',
      text:
        perUnit.length <= 6
          ? `${perUnit.join('、')}进展滞后，共${score.stalled.length}项次（详见附件2）。`
          : `${someOf(stalledUnitNames, 6, '个单位', 5)}的${score.stalled.length}项次任务进展滞后（详见附件2）。`,
    });
  }
  if (unmetByIndicator.length) {
    const unitNames = [...new Map(unmetRows.map((r) => [r.unit.code, r.unit.name])).values()];
    // Few: indicator by indicator with its units. Many: the units, and the indicators most units miss.
    const text =
      unmetByIndicator.length <= 3 && unmetRows.length <= 8
        ? `${unmetByIndicator.map((x) => `${x.indicator.name}（目标${targetText(x.indicator)}）：${x.units.map((u) => u.unit.name).join('、')}`).join('；')}，共${unmetRows.length}项次（详见附件3）。`
        : `${someOf(unitNames, 6, '个单位', 5)}共${unmetRows.length}项次监测指标未达到目标，涉及${unmetByIndicator.length}项指标${mostMissed(unmetByIndicator)}（详见附件3）。`;
    problems.push({ title: '部分监测指标未达到目标', text });
  }
  if (dp.worst.length) {
    problems.push({
      title: '部分单位“双公示”工作质量不高',
      text: `${dp.worst.map((e) => `${e.unit.name}（综合得分${e.score.toFixed(2)}）`).join('、')}排名靠后。`,
    });
  }
  const rectificationDays = plan.settings.rectificationWorkingDays;
  const deadline = rectificationDeadline(plan, date);
  const nextDeadline = returnDeadline(plan, nextPeriod(period));

  const narrative = {
    planTitle: plan.title,
    periodText: cnPeriod(period),
    nextPeriodText: cnPeriod(nextPeriod(period)),
    nextDeadlineText: cnDate(nextDeadline),
    due,
    returned,
    onTime: names(score.onTime),
    late: names(score.late),
    refused: names(score.refused),
    missing: names(score.missing),
    allOnTime: score.onTime.length === due && due > 0,
    noneReturned: returned === 0 && !score.extended.length,
    noData,
    granted,
    exempt: score.exempt.map((e) => ({ unit: e.unit.name, reason: e.exception.reason })),
    overviewClauses,
    taskReports,
    statusClauses,
    praise,
    stalled,
    stalledShown,
    stalledMore,
    stalledUnits: stalledUnitNames.length,
    stalledCount: score.stalled.length,
    overdueCount: overdue,
    indicatorCount,
    indicatorClauses,
    ranking: {
      ranked: dp.ranked.length,
      publishers: dp.ranked.length + dp.unranked.length,
      weights: {
        compliance: percent(w.compliance),
        timeliness: percent(w.timeliness),
        completeness: percent(w.completeness),
      },
      best: dp.best.map((e) => e.unit.name),
      allTied,
      tiedScore: allTied ? dp.ranked[0].score.toFixed(2) : '',
      worst: dp.worst.map((e) => e.unit.name),
      unranked: names(dp.unranked),
    },
    problems,
    rectificationDays,
    deadlineText: cnDate(deadline),
    contact: contactClauses(plan.settings, true),
  };

  const dash = (fields: readonly { field: string }[], first: string) =>
    Object.fromEntries(fields.map((f, i) => [f.field, i === 0 ? first : '—']));
  const rows = (
    key: keyof typeof CIRCULAR_TABLES,
    data: Record<string, string>[],
    empty: string,
  ): RenderValue => ({
    kind: 'rows',
    fields: CIRCULAR_TABLES[key].map((c) => c.field),
    // A table keeps its header when it has no rows, so it says so instead of standing empty.
    rows: data.length ? data : [dash(CIRCULAR_TABLES[key], empty)],
  });

  const scores = dp.ranked.map((e) => e.score);
  // A ranking chart starting at 0 shows 22 bars of the same length; one starting higher says so.
  const axisFrom =
    scores.length && Math.min(...scores) >= 60 ? Math.floor((Math.min(...scores) - 1) / 5) * 5 : 0;
  const values: Record<string, RenderValue> = {
    ...documentFrame(plan.document, date, options.number),
    title: { kind: 'text', text: circularTitleLines(period) },
    periodText: { kind: 'text', text: cnPeriod(period) },
    indicatorRows: rows(
      'indicatorRows',
      score.indicators.map((i, n) => ({
        no: String(n + 1),
        name: i.indicator.name,
        target: targetText(i.indicator),
        value:
          i.city.mode === 'pooled'
            ? formatValue(i.indicator, i.city.value)
            : i.city.reported
              ? i.city.met
                ? `${i.city.met}个单位达标`
                : '尚无单位达标'
              : '—',
        reported: `${i.city.reported}/${i.city.reporters}`,
        met: INDICATOR_OUTCOME_LABELS[cityOutcome(i)],
      })),
      '本月无监测指标',
    ),
    rankingRows: rows(
      'rankingRows',
      dp.ranked.map((e) => {
        const before = previousRank.get(e.unit.code);
        const move =
          before === undefined
            ? '—'
            : before === e.rank
              ? '持平'
              : before > e.rank
                ? `↑${before - e.rank}`
                : `↓${e.rank - before}`;
        return {
          rank: String(e.rank),
          move,
          unit: e.unit.name,
          compliance: percentFixed(e.compliance),
          timeliness: percentFixed(e.timeliness),
          completeness: percentFixed(e.completeness),
          score: e.score.toFixed(2),
        };
      }),
      '本月无考评数据',
    ),
    [CIRCULAR_CHART]: {
      kind: 'chart',
      data: dp.ranked.length
        ? {
            // A bar chart draws its first category at the bottom: reverse so the best unit is on top.
            categories: [...dp.ranked].reverse().map((e) => e.unit.name),
            series: [{ name: '综合得分', values: [...dp.ranked].reverse().map((e) => e.score) }],
            description: `${cnPeriod(period)}“双公示”综合得分：${dp.ranked.map((e) => `${e.unit.name}${e.score.toFixed(2)}`).join('，')}`,
          }
        : null,
      axis: axisFrom ? { from: axisFrom, note: `（横轴自${axisFrom}分起）` } : undefined,
    },
    unitRows: rows(
      'unitRows',
      score.units.map((u, n) => {
        // A unit without an accepted return has no counts.
        const count = (k: number) => (u.submission ? String(k) : '—');
        const targets = targetIndicators(u);
        return {
          no: String(n + 1),
          unit: u.unit.name,
          submission: submissionText(plan, u),
          done: count(u.tasks.done),
          inProgress: count(u.tasks['in-progress']),
          behind: count(u.tasks.behind),
          notStarted: count(u.tasks['not-started']),
          met: count(targets.filter((x) => x.outcome === 'met').length),
          unmet: count(targets.filter((x) => x.outcome === 'unmet').length),
          change: changeText(u),
        };
      }),
      '—',
    ),
    unitNote: {
      kind: 'text',
      text: '注：逾期天数按工作日计算；滞后含超过计划完成时限仍未完成的任务；监测指标不含“双公示”三项考评指标（见正文表2）。',
    },
    stalledRows: rows(
      'stalledRows',
      score.stalled.map((s: StalledTask, n) => ({
        no: String(n + 1),
        unit: s.unit.name,
        task: taskLabel(s),
        problems: s.report?.problems.trim() || (s.reason === 'overdue' ? '已超过计划完成时限' : '未填写'),
        planned: s.report?.plannedCompletion
          ? shortDate(s.report.plannedCompletion, period.slice(0, 4))
          : '—',
      })),
      '—',
    ),
    stalledNote: {
      kind: 'text',
      text: score.stalled.length
        ? ''
        : noData
          ? '本月未收到报送，无任务进展数据。'
          : '本月报送中无滞后任务。',
    },
    unmetRows: rows(
      'unmetRows',
      unmetRows.map((r, n) => ({
        no: String(n + 1),
        unit: r.unit.name,
        indicator: r.indicator.name,
        target: targetText(r.indicator),
        value: formatValue(r.indicator, r.value),
      })),
      '—',
    ),
    unmetNote: {
      kind: 'text',
      text: noData
        ? '本月未收到报送，无监测指标数据。'
        : unmetRows.length
          ? '注：“双公示”三项指标见正文表2。'
          : '除“双公示”考评指标（见正文表2）外，本月报送的监测指标均达到目标。',
    },
  };
  return {
    narrative,
    values,
    alternatives: frameAlternatives(plan.document, date),
    title: circularTitle(period),
  };
}
