import { contactClauses } from '../../core/plan/contact.js';
import { documentFrame } from '../render/frame.js';
import { rectificationDeadline, returnDeadline } from '../../core/plan/deadlines.js';
import { nextPeriod } from '../../core/calendar/index.js';
import { DUAL_PUBLICITY_INDICATORS } from '../../core/plan/dual-publicity.js';
import { COMPARATOR_SYMBOLS, type Indicator, type Plan, type Unit } from '../../core/plan/model.js';
import { excelSerialToIso } from '../../core/values/excel-serial.js';
import type { MonthScore, StalledTask, UnitMonth } from '../../core/scoring/month.js';
import { TASK_STATUS_LABELS, type TaskStatus } from '../../core/submission.js';
import type { RenderValue } from '../render/docx.js';
import { cnDate, cnMonthDay, cnPeriod, decimal, percent, percentFixed, someOf } from '../render/format.js';
import { CIRCULAR_CHART, CIRCULAR_TABLES } from './template.js';

/**
 * Turns a scored month into what the circular template and narrative need: the narrative's data
 * (lists and counts; the sentences live in circular.hbs) and the template's values (text, tables,
 * chart). Nothing here reads files.
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
 * Shows an indicator value the way its target is written: percentages with 2 decimals (4 for targets
 * under 1%), ratios with 4. `fixed` keeps trailing zeros so a table column lines up.
 */
export function formatValue(indicator: Indicator, value: number | null, fixed = false): string {
  if (value === null) return '—';
  switch (indicator.kind) {
    case 'percent': {
      // Rates of a few in ten thousand (重错码率) need four decimals to show anything.
      const digits = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
      return fixed ? percentFixed(value, digits) : percent(value, digits);
    }
    case 'ratio':
      return fixed ? value.toFixed(4) : decimal(value, 4);
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
  return `${COMPARATOR_SYMBOLS[indicator.comparator]}${formatValue(indicator, indicator.target)}`;
}

const OUTCOME_TEXT = { met: '达标', unmet: '未达标', pending: '推进中', missing: '未报送' } as const;

function stalledLabel(s: StalledTask): string {
  return `任务${s.task.number}“${s.task.title}”`;
}

function changeText(u: UnitMonth): string {
  if (!u.change || u.state === 'missing') return '—';
  if (u.change.previousState === 'missing') return '上月未报';
  const parts: string[] = [];
  const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`.replace('-', '−'));
  // 完成, as the table's column says: the cell is narrow.
  if (u.change.done) parts.push(`完成${signed(u.change.done)}`);
  if (u.change.stalled) parts.push(`滞后${signed(u.change.stalled)}`);
  if (u.change.met) parts.push(`达标${signed(u.change.met)}`);
  return parts.length ? parts.join('；') : '持平';
}

/**
 * 按时 / 逾期3天 / 未报送 / 延期未报, short enough for one line of the table; an extension or a paper
 * return the office granted is said in brackets. Days count from the deadline that applied to the
 * unit and its first return, never a correction sent later.
 */
function submissionText(u: UnitMonth): string {
  const granted =
    u.verdict.received?.source === 'paper' ? '（纸质）' : u.exceptions.extension ? '（延期）' : '';
  switch (u.state) {
    case 'on-time':
      return `按时${granted}`;
    case 'late':
      return `逾期${u.verdict.daysLate}天${granted}`;
    case 'extended':
      return '延期未报';
    case 'missing':
      return '未报送';
  }
}

/** A date in the document's year without the year: `7月28日`; another year's in full. */
function shortDate(iso: string, year: string): string {
  return iso.startsWith(year) ? cnMonthDay(iso) : cnDate(iso);
}

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

export function circularData(options: CircularOptions) {
  const { plan, score, date } = options;
  const period = score.period;
  const due = score.units.length;
  const returned = score.onTime.length + score.late.length;
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
  if (score.missing.length)
    overviewClauses.push(`未报送${score.missing.length}个（${names(score.missing).join('、')}）`);
  if (score.extended.length)
    overviewClauses.push(
      `经批准延期、尚未到期${score.extended.length}个（${names(score.extended).join('、')}）`,
    );

  const taskReports = STATUS_ORDER.reduce((s, k) => s + score.statuses[k], 0);
  const statusClauses = STATUS_ORDER.filter((k) => score.statuses[k]).map(
    (k) => `${TASK_STATUS_LABELS[k]}${score.statuses[k]}项次`,
  );
  // One finished task per unit, so a few units with many finished tasks do not fill the section.
  const notable = score.units
    .flatMap((u) => {
      const r = (u.submission?.tasks ?? []).find((t) => t.status === 'done' && t.progress.trim());
      return r
        ? [
            {
              unit: u.unit.name,
              task: `任务${r.task}`,
              progress: r.progress.trim().replace(/[。；;.]+$/, ''),
            },
          ]
        : [];
    })
    .slice(0, 6);
  // The body names stalled tasks task by task when they are few; else the tasks most units are behind
  // on. Each unit's own problems are in 附件2.
  const stalled = score.tasks
    .filter((t) => t.stalled.length)
    .map((t) => ({
      task: `任务${t.task.number}“${t.task.title}”`,
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
  const stalledUnits = [...new Set(score.stalled.map((s) => s.unit.code))].length;
  const indicatorCount = score.indicators.length;
  const count = (o: string) => score.indicators.filter((i) => i.outcome === o);
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
  if (count('missing').length) indicatorClauses.push(`无报送数据${count('missing').length}项`);

  const dp = score.dualPublicity;
  const w = plan.settings.dualPublicityWeights;
  const previousRank = new Map(score.previousDualPublicity?.ranked.map((e) => [e.unit.code, e.rank]) ?? []);

  // 五、存在问题: one numbered point per kind of problem, each naming its units.
  const problems: { title: string; text: string }[] = [];
  if (score.late.length || score.missing.length) {
    const parts: string[] = [];
    if (score.late.length) parts.push(`${names(score.late).join('、')}逾期报送`);
    if (score.missing.length) parts.push(`${names(score.missing).join('、')}未按要求报送`);
    problems.push({ title: '报送不够及时', text: `${parts.join('；')}。` });
  }
  if (score.stalled.length) {
    const perUnit = byUnit(score.stalled.map((s) => ({ unit: s.unit, label: `任务${s.task.number}` })));
    problems.push({
      title: '部分重点任务推进滞后',
      text:
        perUnit.length <= 6
          ? `${perUnit.join('、')}进展滞后（详见附件2）。`
          : `${someOf(
              [...new Map(score.stalled.map((s) => [s.unit.code, s.unit.name])).values()],
              6,
              '个单位',
              5,
            )}的${score.stalled.length}项次任务进展滞后（详见附件2）。`,
    });
  }
  // Unmet targets, indicator by indicator; the three 双公示 rates are judged by the ranking instead.
  const dualCodes: string[] = Object.values(DUAL_PUBLICITY_INDICATORS);
  const unmetByIndicator = plan.indicators
    .filter((i) => !dualCodes.includes(i.code))
    .map((indicator) => ({
      indicator,
      units: score.units.filter((u) =>
        u.indicators.some((x) => x.indicator === indicator && x.outcome === 'unmet'),
      ),
    }))
    .filter((x) => x.units.length);
  const unmetRows = score.units.flatMap((u) =>
    u.indicators
      .filter((x) => x.outcome === 'unmet' && !dualCodes.includes(x.indicator.code))
      .map((x) => ({ unit: u.unit, indicator: x.indicator, value: x.value })),
  );
  if (unmetByIndicator.length) {
    const mentions = unmetByIndicator.reduce((n, x) => n + x.units.length, 0);
    const unitNames = [...new Map(unmetRows.map((r) => [r.unit.code, r.unit.name])).values()];
    // Few: indicator by indicator with its units. Many: the units, and the indicators most units miss.
    const text =
      unmetByIndicator.length <= 3 && mentions <= 8
        ? `${unmetByIndicator.map((x) => `${x.indicator.name}（目标${targetText(x.indicator)}）：${x.units.map((u) => u.unit.name).join('、')}`).join('；')}。`
        : `${someOf(unitNames, 6, '个单位', 5)}共${mentions}项次监测指标未达到目标，涉及${unmetByIndicator.length}项指标${mostMissed(unmetByIndicator)}（详见附件3）。`;
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
    missing: names(score.missing),
    allOnTime: score.onTime.length === due && due > 0,
    noneReturned: returned === 0 && !score.extended.length,
    granted,
    exempt: score.exempt.map((e) => ({ unit: e.unit.name, reason: e.exception.reason })),
    overviewClauses,
    taskReports,
    statusClauses,
    notable,
    stalled,
    stalledShown,
    stalledMore,
    stalledUnits,
    stalledCount: score.stalled.length,
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

  const values: Record<string, RenderValue> = {
    ...documentFrame(plan.document, date, options.number),
    title: { kind: 'text', text: circularTitleLines(period) },
    periodText: { kind: 'text', text: cnPeriod(period) },
    stalledNote: { kind: 'text', text: '' },
    indicatorRows: rows(
      'indicatorRows',
      score.indicators.map((i, n) => ({
        no: String(n + 1),
        name: i.indicator.name,
        target: targetText(i.indicator),
        value:
          i.city.mode === 'pooled'
            ? formatValue(i.indicator, i.city.value, true)
            : i.city.reported
              ? i.city.met
                ? `${i.city.met}个单位达标`
                : '尚无单位达标'
              : '—',
        reported: `${i.city.reported}/${i.city.reporters}`,
        met: OUTCOME_TEXT[i.outcome],
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
    },
    unitRows: rows(
      'unitRows',
      score.units.map((u, n) => {
        // A unit that did not report has no counts, only the tasks it let run past their deadline.
        const count = (k: number) => (u.submission ? String(k) : '—');
        return {
          no: String(n + 1),
          unit: u.unit.name,
          submission: submissionText(u),
          done: count(u.tasks.done),
          inProgress: count(u.tasks['in-progress']),
          behind: !u.submission && !u.stalled.length ? '—' : String(u.stalled.length),
          notStarted: count(u.tasks['not-started']),
          met: count(u.met),
          unmet: count(u.unmet),
          change: changeText(u),
        };
      }),
      '—',
    ),
    stalledRows: rows(
      'stalledRows',
      score.stalled.map((s, n) => ({
        no: String(n + 1),
        unit: s.unit.name,
        task: stalledLabel(s),
        problems: s.report?.problems.trim() || (s.reason === 'overdue' ? '已超过计划完成时限' : '未填写'),
        planned: s.report?.plannedCompletion
          ? shortDate(s.report.plannedCompletion, period.slice(0, 4))
          : '—',
      })),
      '—',
    ),
    unmetRows: rows(
      'unmetRows',
      unmetRows.map((r, n) => ({
        no: String(n + 1),
        unit: r.unit.name,
        indicator: r.indicator.name,
        target: targetText(r.indicator),
        value: formatValue(r.indicator, r.value, true),
      })),
      '—',
    ),
    unmetNote: { kind: 'text', text: '' },
  };
  if (!score.stalled.length) values.stalledNote = { kind: 'text', text: '本月无滞后任务。' };
  values.unmetNote = {
    kind: 'text',
    text: unmetRows.length
      ? '注：“双公示”三项指标见正文表2。'
      : '除“双公示”考评指标（见正文表2）外，本月各单位无未达到目标的监测指标。',
  };
  return { narrative, values, title: circularTitle(period) };
}
