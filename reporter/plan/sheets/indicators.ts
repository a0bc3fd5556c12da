import type { Worksheet } from 'exceljs';
import type {
  Comparator,
  Indicator,
  IndicatorKind,
  IndicatorPeriod,
  Level,
  Unit,
} from '../../../core/plan/model.js';
import { excelSerialToIso } from '../../../core/values/excel-serial.js';
import { SheetFindings } from '../findings.js';
import {
  COMPARATOR_SYMBOLS,
  KIND_LABELS,
  LEVEL_LABELS,
  PERIOD_LABELS,
  UNIT_KIND_LABELS,
  dropdown,
  readComparator,
  readKind,
  readLevel,
  readPeriod,
} from '../labels.js';
import {
  fitRowHeights,
  listValidation,
  readTable,
  setupTable,
  validateColumn,
  type Column,
  type TableRow,
} from '../table.js';
import { unitKey } from '../../../core/plan/unit-names.js';
import { resolveUnitList } from '../unit-lookup.js';
import {
  isoToUtcDate,
  percentFormat,
  readNumber,
  readSerialDate,
  readText,
  readYesNo,
  splitList,
  type Plain,
  type Read,
} from '../values.js';
import { ReviewMarks, reviewColumn } from '../review-column.js';
import type { ReadContext, SheetModule } from './types.js';

/** A date target as the date cell people see (a serial that names no day stays a number). */
function dateCell(serial: number): Date | number {
  const iso = excelSerialToIso(serial);
  return iso === null ? serial : isoToUtcDate(iso);
}

const NAME = '指标';

type Key =
  | 'code'
  | 'task'
  | 'name'
  | 'definition'
  | 'kind'
  | 'numeratorLabel'
  | 'denominatorLabel'
  | 'comparator'
  | 'target'
  | 'targetText'
  | 'reporters'
  | 'period'
  | 'level'
  | 'review';

const COLUMNS: Column<Key>[] = [
  {
    key: 'code',
    header: '指标编码',
    width: 10,
    required: true,
    note: '唯一编码，如 T07-1（任务7第1项）。已下发后请勿修改。',
  },
  { key: 'task', header: '任务序号', width: 9, required: true },
  { key: 'name', header: '指标名称', width: 30, wrap: true, required: true },
  { key: 'definition', header: '指标定义', width: 36, wrap: true },
  { key: 'kind', header: '类型', width: 9, required: true, note: '比值、百分比、数量、日期、是否。' },
  {
    key: 'numeratorLabel',
    header: '分子',
    width: 26,
    wrap: true,
    note: '比值、百分比类指标：分子统计什么。',
  },
  {
    key: 'denominatorLabel',
    header: '分母',
    width: 26,
    wrap: true,
    note: '比值、百分比类指标：分母统计什么。',
  },
  {
    key: 'comparator',
    header: '比较',
    width: 7,
    required: true,
    note: '≥ 大于等于（以上）、> 大于、≤ 小于等于（以下）、< 小于。',
  },
  {
    key: 'target',
    header: '目标值',
    width: 12,
    required: true,
    note: '百分比填 10% 或 0.1；比值、数量填数字；日期填 2024-10-31；是否类填 是/否。',
  },
  {
    key: 'targetText',
    header: '目标原文',
    width: 28,
    wrap: true,
    note: '工作要点中的原话，用于通报和考核文件。',
  },
  {
    key: 'reporters',
    header: '报送单位',
    width: 40,
    wrap: true,
    required: true,
    note: '填写该指标的单位，用顿号分隔（名称、编码或别名）。也可写“全部县(市、区)”“全部开发区”“全部市直单位”“全部双公示单位”。',
  },
  { key: 'period', header: '周期', width: 10, required: true, note: '月度、年度累计、年度。' },
  {
    key: 'level',
    header: '级别',
    width: 8,
    required: true,
    note: '未填或无法识别时：错误＝不予接收，提示＝接收并提示。',
  },
  reviewColumn(
    '从工作要点导入的指标在此注明原文和需要核对之处：核对名称、口径、比较、目标值和报送单位后清空本格。',
  ),
];

function writeTarget(ws: Worksheet, rowNumber: number, indicator: Indicator): void {
  const cell = ws.getRow(rowNumber).getCell('target');
  switch (indicator.kind) {
    case 'percent':
      cell.value = indicator.target;
      cell.numFmt = percentFormat(indicator.target);
      break;
    case 'date':
      cell.value = dateCell(indicator.target);
      cell.numFmt = 'yyyy-mm-dd';
      break;
    case 'yes-no':
      cell.value = indicator.target ? '是' : '否';
      break;
    default:
      cell.value = indicator.target;
  }
}

function readTarget(value: Plain, kind: IndicatorKind | undefined): Read<number> {
  switch (kind) {
    case 'percent': {
      const number = readNumber(value, true);
      // Excel stores `10%` as 0.1; a bare 10 most likely means 10 % typed into an unformatted cell.
      if (number.ok && typeof value === 'number' && value > 1) {
        return { ok: false, reason: `超过 100%（百分比目标请填写 ${value}% 或 ${value / 100}）` };
      }
      return number.ok ? number : { ok: false, reason: '不是数字或百分数' };
    }
    case 'date': {
      const date = readSerialDate(value);
      return date.ok ? date : { ok: false, reason: '不是日期（请填写如 2024-10-31）' };
    }
    case 'yes-no': {
      const yes = readYesNo(value);
      return yes.ok ? { ok: true, value: yes.value ? 1 : 0 } : { ok: false, reason: '不是“是”或“否”' };
    }
    default: {
      const number = readNumber(value, true);
      return number.ok ? number : { ok: false, reason: '不是数字' };
    }
  }
}

/** `全部县(市、区)` and the like stand for every unit of that kind. */
function expandGroups(items: string[], units: readonly Unit[]): string[] {
  const groups = new Map<string, string[]>();
  for (const [kind, label] of Object.entries(UNIT_KIND_LABELS)) {
    const codes = units.filter((u) => u.kind === kind).map((u) => u.code);
    for (const prefix of ['全部', '所有', '各']) groups.set(unitKey(prefix + label), codes);
  }
  const dual = units.filter((u) => u.dualPublicity).map((u) => u.code);
  for (const prefix of ['全部', '所有', '各']) groups.set(unitKey(`${prefix}双公示单位`), dual);
  return items.flatMap((item) => groups.get(unitKey(item)) ?? [item]);
}

function readReporters(
  row: TableRow<Key>,
  ctx: ReadContext,
  findings: SheetFindings,
  code: string,
): string[] {
  const text = readText(row.value('reporters'));
  if (!text) {
    findings.error(
      row.address('reporters'),
      'plan.missing-value',
      `指标 ${code} 没有报送单位：请填写填报该指标的单位`,
    );
    return [];
  }
  const { codes, unknown } = resolveUnitList(
    expandGroups(splitList(text), ctx.plan.units ?? []),
    ctx.resolveUnit,
  );
  for (const name of unknown) {
    findings.error(
      row.address('reporters'),
      'plan.unknown-unit',
      `报送单位中有未知单位"${name}"：请填写“单位”表中的单位编码、名称或别名，用顿号分隔`,
    );
  }
  const unique = [...new Set(codes)];
  if (unique.length < codes.length) {
    findings.warn(
      row.address('reporters'),
      'plan.duplicate-reporter',
      `指标 ${code} 的报送单位有重复：已按一个计算，可删去重复的`,
    );
  }
  return unique;
}

function closedList<T extends string>(
  row: TableRow<Key>,
  key: Key,
  findings: SheetFindings,
  read: (text: string) => T | undefined,
  labels: string[],
  what: string,
  code: string,
): T | undefined {
  const text = readText(row.value(key));
  if (!text) {
    findings.error(
      row.address(key),
      'plan.missing-value',
      `指标 ${code} 的${what}为空：请从下拉列表选择（${labels.join('、')}）`,
    );
    return undefined;
  }
  const value = read(text);
  if (!value) {
    findings.error(
      row.address(key),
      `plan.bad-${key}`,
      `${what}"${text}"无法识别：请填写 ${labels.join('、')} 之一`,
    );
  }
  return value;
}

export const indicatorsSheet: SheetModule = {
  name: NAME,
  purpose: '量化指标：所属任务、定义、比较符号与目标值、报送单位、周期、级别。',
  guide: [
    '每行一项指标，指标编码不可重复。比较符号从下拉列表选择：≥（以上，含本数）、>、≤（以下，含本数）、<。',
    '目标值：百分比填 10% 或 0.1，比值、数量填数字，日期填 2024-10-31，是否类填 是/否。',
    '报送单位用顿号分隔，填名称、编码或别名均可。',
  ],

  write(ws, plan) {
    setupTable(ws, COLUMNS, 1);
    const names = new Map(plan.units.map((unit) => [unit.code, unit.name]));
    for (const indicator of plan.indicators) {
      const row = ws.addRow({
        code: indicator.code,
        task: indicator.task,
        name: indicator.name,
        definition: indicator.definition,
        kind: KIND_LABELS[indicator.kind],
        numeratorLabel: indicator.numeratorLabel ?? null,
        denominatorLabel: indicator.denominatorLabel ?? null,
        comparator: COMPARATOR_SYMBOLS[indicator.comparator],
        targetText: indicator.targetText,
        reporters: indicator.reporters.map((code) => names.get(code) ?? code).join('、'),
        period: PERIOD_LABELS[indicator.period],
        level: LEVEL_LABELS[indicator.level],
        review: indicator.reviewNote ?? null,
      });
      writeTarget(ws, row.number, indicator);
    }
    validateColumn(ws, COLUMNS, 'task', {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [1],
      errorStyle: 'stop',
      error: '任务序号应为正整数',
    });
    const list = (key: Key, labels: string[], what: string) =>
      validateColumn(ws, COLUMNS, key, listValidation(dropdown(labels), `${what}应为：${labels.join('、')}`));
    list('kind', Object.values(KIND_LABELS), '类型');
    list('comparator', Object.values(COMPARATOR_SYMBOLS), '比较符号');
    list('period', Object.values(PERIOD_LABELS), '周期');
    list('level', Object.values(LEVEL_LABELS), '级别');
    fitRowHeights(ws);
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, NAME);
    const rows = readTable(ws, COLUMNS, findings);
    if (!rows) return { plan: {}, findings: findings.list };
    const taskNumbers = ctx.plan.tasks ? new Set(ctx.plan.tasks.map((task) => task.number)) : undefined;

    const indicators: Indicator[] = [];
    const marks = new ReviewMarks('指标', 'plan.indicator-review');
    for (const row of rows) {
      const code = readText(row.value('code'));
      if (!code) {
        findings.error(
          row.address('code'),
          'plan.missing-value',
          '指标编码为空：请填写唯一的指标编码，如 T07-7',
        );
        continue;
      }
      const place = ctx.places.get(`indicator:${code.toUpperCase()}`);
      if (place) {
        findings.error(
          row.address('code'),
          'plan.duplicate-indicator',
          `指标编码 ${code} 与 ${place.sheet}!${place.cell} 重复：请修改其中一个`,
        );
        continue;
      }
      ctx.places.set(`indicator:${code.toUpperCase()}`, { sheet: NAME, cell: row.address('code') });
      for (const key of ['name', 'target', 'targetText'] as const) {
        ctx.places.set(`indicator:${code}:${key}`, { sheet: NAME, cell: row.address(key) });
      }

      const taskText = readText(row.value('task'));
      const task = readNumber(row.value('task'));
      if (!taskText) {
        findings.error(
          row.address('task'),
          'plan.missing-value',
          `指标 ${code} 的任务序号为空：请填写所属任务的序号`,
        );
      } else if (!task.ok || !Number.isInteger(task.value) || (taskNumbers && !taskNumbers.has(task.value))) {
        findings.error(
          row.address('task'),
          'plan.unknown-task',
          `任务序号"${taskText}"不在“任务”表中：请填写指标所属任务的序号`,
        );
      }
      const name = readText(row.value('name'));
      if (!name)
        findings.error(row.address('name'), 'plan.missing-value', `指标 ${code} 的名称为空：请填写指标名称`);

      const kind = closedList(row, 'kind', findings, readKind, Object.values(KIND_LABELS), '类型', code);
      const comparator = closedList<Comparator>(
        row,
        'comparator',
        findings,
        readComparator,
        Object.values(COMPARATOR_SYMBOLS),
        '比较符号',
        code,
      );
      const period = closedList<IndicatorPeriod>(
        row,
        'period',
        findings,
        readPeriod,
        Object.values(PERIOD_LABELS),
        '周期',
        code,
      );
      const level = closedList<Level>(
        row,
        'level',
        findings,
        readLevel,
        Object.values(LEVEL_LABELS),
        '级别',
        code,
      );

      const targetCell = row.value('target');
      let target = 0;
      if (targetCell === null) {
        findings.error(
          row.address('target'),
          'plan.missing-value',
          `指标 ${code} 的目标值为空：请填写目标值`,
        );
      } else {
        const read = readTarget(targetCell, kind);
        if (read.ok) target = read.value;
        else
          findings.error(
            row.address('target'),
            'plan.bad-target',
            `目标值"${readText(targetCell)}"${read.reason}：${COLUMNS.find((c) => c.key === 'target')?.note}`,
          );
      }

      const indicator: Indicator = {
        code,
        task: task.ok ? task.value : 0,
        name,
        definition: readText(row.value('definition')),
        kind: kind ?? 'count',
        comparator: comparator ?? '>=',
        target,
        targetText: readText(row.value('targetText')),
        reporters: readReporters(row, ctx, findings, code),
        period: period ?? 'monthly',
        level: level ?? 'error',
      };
      const numeratorLabel = readText(row.value('numeratorLabel'));
      const denominatorLabel = readText(row.value('denominatorLabel'));
      if (numeratorLabel) indicator.numeratorLabel = numeratorLabel;
      if (denominatorLabel) indicator.denominatorLabel = denominatorLabel;
      marks.read(row, code, indicator);
      indicators.push(indicator);
    }
    marks.warn(findings);
    return { plan: { indicators }, findings: findings.list };
  },
};
