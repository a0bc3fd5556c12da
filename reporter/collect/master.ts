import { indicatorEntry } from '../../core/contract/unit-rows.js';
import {
  COMPARATOR_SYMBOLS,
  ROLE_LABELS,
  UNIT_KIND_LABELS,
  type Indicator,
  type Plan,
  type Task,
} from '../../core/plan/model.js';
import { percentDigits } from '../../core/scoring/format.js';
import { INDICATOR_OUTCOME_LABELS, judge, type IndicatorOutcome } from '../../core/scoring/indicator.js';
import { stallReason } from '../../core/scoring/month.js';
import { TASK_STATUS_LABELS, type TaskStatus } from '../../core/submission.js';
import { officeDateTime } from '../../core/calendar/office-time.js';
import { UNIT_STATE_LABELS, type UnitState } from '../../core/exceptions/decide.js';
import { EXCEPTION_KIND_LABELS, exceptionEffect } from '../../core/exceptions/model.js';
import { RECEIVED_SOURCE_LABELS } from '../../core/received.js';
import { planTimeZone } from '../../core/schedule/model.js';
import type { PeriodStatus, UnitStatus } from './period-status.js';
import type { Cell, SheetSpec, Style } from './xlsx-write.js';
import { writeXlsx } from './xlsx-write.js';

/** The master workbook (汇总表) of a period, built from the store only, so re-runs give the same bytes. */

const LEVEL = { error: '错误', warning: '提示' } as const;

const STATE_STYLES: Record<UnitState, Style> = {
  'on-time': 'ok',
  late: 'warning',
  rejected: 'error',
  pending: 'text',
  extended: 'text',
  missing: 'error',
  exempt: 'text',
};

// The state cell holds the label alone, so the office can filter the column by it.
const stateCell = (u: UnitStatus): Cell => ({
  value: UNIT_STATE_LABELS[u.state],
  style: STATE_STYLES[u.state],
});

/** The unit's exceptions in force, one per line: what, why, who and when. */
const exceptionText = (u: UnitStatus, zone: string): string =>
  [u.exceptions.exemption, u.exceptions.extension, u.exceptions.paper]
    .flatMap((e) => (e ? [`${exceptionEffect(e, zone)}：${e.reason}`] : []))
    .join('\n');

/** An indicator value in the number format of its kind: rates as percentages (0.9881 → 98.81%). */
function indicatorValueCell(indicator: Indicator | undefined, value: number | null): Cell {
  if (value === null || !indicator) return value;
  switch (indicator.kind) {
    case 'percent':
      return { value, style: percentDigits(value) > 2 ? 'percentFine' : 'percent' };
    case 'ratio':
      return { value, style: 'decimal' };
    case 'yes-no':
      return value >= 1 ? '是' : '否';
    default:
      return { value, style: 'text' };
  }
}

/** 达标/未达标/推进中/无数据, in the words and colours of the circular's 表1 (null: nothing to judge). */
const outcomeCell = (outcome: IndicatorOutcome | null): Cell =>
  outcome === 'met' || outcome === 'unmet'
    ? { value: INDICATOR_OUTCOME_LABELS[outcome], style: outcome === 'met' ? 'ok' : 'warning' }
    : outcome
      ? INDICATOR_OUTCOME_LABELS[outcome]
      : '';

/**
 * 进展状态 as the unit typed it, except a task past the plan's deadline and not done: that is 滞后,
 * as the circular counts it (saying what the unit typed).
 */
function taskStatusCell(task: Task | undefined, typed: TaskStatus | null, period: string): Cell {
  const label = typed ? TASK_STATUS_LABELS[typed] : '';
  if (!task || stallReason(task, typed, period) !== 'overdue') return label;
  return {
    value: `滞后（逾期未完成${label ? `，填报${label}` : ''}）`,
    style: 'warning',
  };
}

export function masterWorkbook(plan: Plan, status: PeriodStatus): Uint8Array {
  // Times as the office reads them: in the plan's zone (日程 时区).
  const zone = planTimeZone(plan);
  const names = new Map(plan.units.map((u) => [u.code, u.name]));
  const subs = status.units.flatMap((u) => (u.current ? [u.current] : []));
  const title = (what: string) => [
    `${plan.city}${plan.year}年社会信用体系建设工作要点 ${status.period} ${what}`,
    `报送截止日期：${status.deadline}（第 ${plan.settings.returnDeadlineWorkingDay} 个工作日）`,
  ];

  const submissions: SheetSpec = {
    name: '报送情况',
    preamble: title('报送情况'),
    columns: [
      { header: '单位代码', width: 7 },
      { header: '单位名称', width: 20, style: 'wrap' },
      { header: '单位类型', width: 9, style: 'wrap' },
      { header: '报送状态', width: 11, style: 'wrap' },
      { header: '截止日期', width: 11 },
      { header: '报送时间', width: 16 },
      { header: '时间依据', width: 12, style: 'wrap' },
      { header: '逾期天数', width: 6, style: 'wrap' },
      { header: '版本', width: 5 },
      { header: '文件', width: 22, style: 'wrap' },
      { header: '错误数', width: 6 },
      { header: '提示数', width: 6 },
      { header: '最近一次文件', width: 20, style: 'wrap' },
      { header: '例外（信用办批准）', width: 22, style: 'wrap' },
    ],
    rows: status.units.map((u) => [
      u.code,
      u.name,
      UNIT_KIND_LABELS[u.kind],
      stateCell(u),
      u.deadline,
      u.received ? officeDateTime(u.received.at, zone) : '',
      u.received
        ? `${RECEIVED_SOURCE_LABELS[u.received.source]}${u.paperPending ? '（表格待录入）' : ''}`
        : '',
      u.state === 'late' ? u.daysLate : null,
      u.version,
      u.file,
      u.errors,
      u.warnings,
      u.latest && u.latest.sha256 !== u.current?.sha256
        ? `${u.latest.file}（${u.latest.outcome === 'accepted' ? '已接收' : '未通过'}）`
        : '',
      exceptionText(u, zone),
    ]),
  };

  const taskLabel = new Map(plan.tasks.map((t) => [t.number, `${t.number}. ${t.title}`]));
  const tasksByNumber = new Map(plan.tasks.map((t) => [t.number, t]));
  const tasks: SheetSpec = {
    name: '任务进展',
    preamble: title('任务进展'),
    columns: [
      { header: '单位', width: 16, style: 'wrap' },
      { header: '任务', width: 24, style: 'wrap' },
      { header: '牵头/配合', width: 6, style: 'wrap' },
      { header: '进展状态', width: 10, style: 'wrap' },
      { header: '完成进度(%)', width: 8, style: 'wrap' },
      { header: '本月工作进展', width: 34, style: 'wrap' },
      { header: '存在问题', width: 22, style: 'wrap' },
      { header: '下步计划', width: 22, style: 'wrap' },
      { header: '计划完成时间', width: 11, style: 'wrap' },
      { header: '印证资料', width: 18, style: 'wrap' },
    ],
    rows: subs.flatMap((s) =>
      s.tasks.map((t) => [
        names.get(s.unit) ?? s.unit,
        taskLabel.get(t.task) ?? String(t.task),
        ROLE_LABELS[t.role],
        taskStatusCell(tasksByNumber.get(t.task), t.status, status.period),
        t.percent,
        t.progress,
        t.problems,
        t.nextSteps,
        t.plannedCompletion,
        t.evidence,
      ]),
    ),
  };

  const indicatorByCode = new Map(plan.indicators.map((i) => [i.code, i]));
  const indicators: SheetSpec = {
    name: '监测指标',
    preamble: title('监测指标'),
    columns: [
      { header: '单位', width: 16, style: 'wrap' },
      { header: '指标编号', width: 8 },
      { header: '指标名称', width: 26, style: 'wrap' },
      { header: '分子（或数值）', width: 12 },
      { header: '分母', width: 12 },
      { header: '指标值', width: 10 },
      { header: '目标', width: 16, style: 'wrap' },
      { header: '是否达标', width: 8 },
      { header: '数据截至日期', width: 11 },
      { header: '备注', width: 18, style: 'wrap' },
    ],
    rows: subs.flatMap((s) =>
      s.indicators.map((i) => {
        const def = indicatorByCode.get(i.code);
        // Judged as the circular judges it: a year-long count short before December is 推进中.
        const outcome = def && i.value !== null ? judge(def, i.value, status.period) : null;
        return [
          names.get(s.unit) ?? s.unit,
          i.code,
          def?.name ?? '',
          i.numerator,
          i.denominator,
          indicatorValueCell(def, i.value),
          def?.targetText ?? '',
          outcomeCell(outcome),
          i.asOf,
          i.note,
        ];
      }),
    ),
  };

  const city: SheetSpec = {
    name: '全市合计',
    preamble: [title('全市合计')[0], '比率类指标按各单位分子、分母分别合计后计算'],
    columns: [
      { header: '指标编号', width: 9 },
      { header: '指标名称', width: 34, style: 'wrap' },
      { header: '报送单位数', width: 10 },
      { header: '分子合计', width: 13 },
      { header: '分母合计', width: 13 },
      { header: '全市指标值', width: 12 },
      { header: '目标', width: 12, style: 'wrap' },
      { header: '是否达标', width: 9 },
    ],
    rows: plan.indicators
      .filter((def) => indicatorEntry(def).denominator !== null)
      .map((def) => {
        const reported = subs.flatMap((s) =>
          s.indicators.filter((i) => i.code === def.code && i.numerator !== null && i.denominator !== null),
        );
        const n = reported.reduce((sum, i) => sum + (i.numerator ?? 0), 0);
        const d = reported.reduce((sum, i) => sum + (i.denominator ?? 0), 0);
        const value = d > 0 ? n / d : null;
        const outcome = judge(def, value, status.period);
        return [
          def.code,
          def.name,
          reported.length,
          reported.length ? n : null,
          reported.length ? d : null,
          indicatorValueCell(def, value),
          def.targetText || `${COMPARATOR_SYMBOLS[def.comparator]}${def.target}`,
          outcomeCell(outcome),
        ];
      }),
  };

  const problems: SheetSpec = {
    name: '问题清单',
    preamble: title('问题清单'),
    columns: [
      { header: '单位', width: 16, style: 'wrap' },
      { header: '文件', width: 26, style: 'wrap' },
      { header: '级别', width: 6 },
      { header: '工作表', width: 10 },
      { header: '单元格', width: 8 },
      { header: '问题及修改方法', width: 70, style: 'wrap' },
    ],
    rows: status.returns.flatMap((r) =>
      r.findings.map((f) => [
        r.unit ? (names.get(r.unit) ?? r.unit) : '（未识别）',
        r.file,
        { value: LEVEL[f.level], style: f.level === 'error' ? ('error' as const) : ('warning' as const) },
        f.sheet,
        f.cell,
        f.message,
      ]),
    ),
  };

  const files: SheetSpec = {
    name: '收到的文件',
    preamble: title('收到的文件'),
    columns: [
      { header: '收到时间', width: 16 },
      { header: '时间依据', width: 12, style: 'wrap' },
      { header: '文件时间', width: 16 },
      { header: '文件', width: 22, style: 'wrap' },
      { header: '单位', width: 14, style: 'wrap' },
      { header: '结果', width: 8 },
      { header: '版本', width: 5 },
      { header: '原因', width: 50, style: 'wrap' },
      // The whole hash wraps onto lines of 16 (it names the file in archive/).
      { header: 'SHA-256（存档）', width: 18, style: 'wrap' },
    ],
    rows: status.returns.map((r) => [
      officeDateTime(r.receivedAt, zone),
      RECEIVED_SOURCE_LABELS[r.receivedSource],
      r.fileTime ? officeDateTime(r.fileTime, zone) : '',
      r.file,
      r.unit ? (names.get(r.unit) ?? r.unit) : '（未识别）',
      {
        value: r.outcome === 'accepted' ? '已接收' : '未通过',
        style: r.outcome === 'accepted' ? ('ok' as const) : ('error' as const),
      },
      r.version,
      r.findings.find((f) => f.level === 'error')?.message ?? '',
      r.sha256,
    ]),
  };

  const exceptions: SheetSpec = {
    name: '例外',
    preamble: [
      title('例外情况')[0],
      status.exceptions.length
        ? '信用办批准的延期、免报和纸质报送（撤销的不列出，完整记录见 creditwork exception list --all）'
        : '本期没有延期、免报或纸质报送。',
    ],
    columns: [
      { header: '编号', width: 6 },
      { header: '单位', width: 20 },
      { header: '类别', width: 6 },
      { header: '内容', width: 26, style: 'wrap' },
      { header: '原因', width: 40, style: 'wrap' },
      { header: '登记人', width: 12 },
      { header: '登记时间', width: 17 },
    ],
    rows: status.exceptions.map((e) => [
      e.id,
      names.get(e.unit) ?? e.unit,
      EXCEPTION_KIND_LABELS[e.kind],
      exceptionEffect(e, zone),
      e.reason,
      e.grantedBy,
      officeDateTime(e.grantedAt, zone),
    ]),
  };

  return writeXlsx([submissions, city, indicators, tasks, problems, files, exceptions]);
}
