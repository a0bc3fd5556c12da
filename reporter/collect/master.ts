import { indicatorEntry } from '../../core/contract/unit-rows.js';
import { COMPARATOR_SYMBOLS, ROLE_LABELS, UNIT_KIND_LABELS, type Plan } from '../../core/plan/model.js';
import { meetsTarget } from '../../core/plan/comparator.js';
import { TASK_STATUS_LABELS } from '../../core/submission.js';
import { localDateTime } from './deadline.js';
import { UNIT_STATE_LABELS, type PeriodStatus } from './period-status.js';
import type { Cell, SheetSpec } from './xlsx-write.js';
import { writeXlsx } from './xlsx-write.js';

/** The master workbook (汇总表) of a period, built from the store only, so re-runs give the same bytes. */

const LEVEL = { error: '错误', warning: '提示' } as const;

const stateCell = (state: keyof typeof UNIT_STATE_LABELS): Cell => ({
  value: UNIT_STATE_LABELS[state],
  style: state === 'on-time' ? 'ok' : state === 'pending' ? 'text' : state === 'late' ? 'warning' : 'error',
});

export function masterWorkbook(plan: Plan, status: PeriodStatus): Uint8Array {
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
      { header: '单位代码', width: 9 },
      { header: '单位名称', width: 26 },
      { header: '单位类型', width: 12 },
      { header: '报送状态', width: 18 },
      { header: '报送时间', width: 17 },
      { header: '版本', width: 6 },
      { header: '文件', width: 34, style: 'wrap' },
      { header: '错误数', width: 7 },
      { header: '提示数', width: 7 },
      { header: '最近一次文件', width: 34, style: 'wrap' },
    ],
    rows: status.units.map((u) => [
      u.code,
      u.name,
      UNIT_KIND_LABELS[u.kind],
      stateCell(u.state),
      u.submittedAt ? localDateTime(u.submittedAt) : '',
      u.version,
      u.file,
      u.errors,
      u.warnings,
      u.latest && u.latest.sha256 !== u.current?.sha256
        ? `${u.latest.file}（${u.latest.outcome === 'accepted' ? '已接收' : '未通过'}）`
        : '',
    ]),
  };

  const taskLabel = new Map(plan.tasks.map((t) => [t.number, `${t.number}. ${t.title}`]));
  const tasks: SheetSpec = {
    name: '任务进展',
    preamble: title('任务进展'),
    columns: [
      { header: '单位', width: 20 },
      { header: '任务', width: 30, style: 'wrap' },
      { header: '牵头/配合', width: 9 },
      { header: '进展状态', width: 9 },
      { header: '完成进度(%)', width: 10 },
      { header: '本月工作进展', width: 40, style: 'wrap' },
      { header: '存在问题', width: 26, style: 'wrap' },
      { header: '下步计划', width: 26, style: 'wrap' },
      { header: '计划完成时间', width: 13 },
      { header: '印证资料', width: 26, style: 'wrap' },
    ],
    rows: subs.flatMap((s) =>
      s.tasks.map((t) => [
        names.get(s.unit) ?? s.unit,
        taskLabel.get(t.task) ?? String(t.task),
        ROLE_LABELS[t.role],
        t.status ? TASK_STATUS_LABELS[t.status] : '',
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
      { header: '单位', width: 20 },
      { header: '指标编号', width: 9 },
      { header: '指标名称', width: 30, style: 'wrap' },
      { header: '分子（或数值）', width: 13 },
      { header: '分母', width: 13 },
      { header: '指标值', width: 11, style: 'decimal' },
      { header: '目标', width: 12 },
      { header: '是否达标', width: 9 },
      { header: '数据截至日期', width: 13 },
      { header: '备注', width: 26, style: 'wrap' },
    ],
    rows: subs.flatMap((s) =>
      s.indicators.map((i) => {
        const def = indicatorByCode.get(i.code);
        const met = def && i.value !== null ? meetsTarget(i.value, def.comparator, def.target) : null;
        return [
          names.get(s.unit) ?? s.unit,
          i.code,
          def?.name ?? '',
          i.numerator,
          i.denominator,
          i.value,
          def?.targetText ?? '',
          met === null
            ? ''
            : { value: met ? '达标' : '未达标', style: met ? ('ok' as const) : ('warning' as const) },
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
      { header: '全市指标值', width: 12, style: 'decimal' },
      { header: '目标', width: 12 },
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
        const met = value === null ? null : meetsTarget(value, def.comparator, def.target);
        return [
          def.code,
          def.name,
          reported.length,
          reported.length ? n : null,
          reported.length ? d : null,
          value,
          def.targetText || `${COMPARATOR_SYMBOLS[def.comparator]}${def.target}`,
          met === null
            ? ''
            : { value: met ? '达标' : '未达标', style: met ? ('ok' as const) : ('warning' as const) },
        ];
      }),
  };

  const problems: SheetSpec = {
    name: '问题清单',
    preamble: title('问题清单'),
    columns: [
      { header: '单位', width: 20 },
      { header: '文件', width: 30, style: 'wrap' },
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
      { header: '收到时间', width: 17 },
      { header: '文件', width: 34, style: 'wrap' },
      { header: '单位', width: 20 },
      { header: '结果', width: 10 },
      { header: '版本', width: 6 },
      { header: '原因', width: 50, style: 'wrap' },
      { header: 'SHA-256（存档）', width: 20 },
    ],
    rows: status.returns.map((r) => [
      localDateTime(r.receivedAt),
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

  return writeXlsx([submissions, city, indicators, tasks, problems, files]);
}
