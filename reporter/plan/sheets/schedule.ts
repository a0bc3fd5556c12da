import { planCalendar } from '../../../core/plan/calendar.js';
import {
  checkScheduleFields,
  checkScheduleOrder,
  type ScheduleProblem,
} from '../../../core/schedule/check.js';
import {
  DEFAULT_SCHEDULE,
  scheduleOf,
  type IssueMonth,
  type ScheduleConfig,
} from '../../../core/schedule/model.js';
import { SheetFindings } from '../findings.js';
import { listValidation, readTable, setupTable, type Column } from '../table.js';
import {
  readInteger,
  readIsoDate,
  readText,
  readYesNo,
  toHalfWidth,
  type Plain,
  type Read,
} from '../values.js';
import type { SheetModule } from './types.js';

const NAME = '日程';

type Kind = 'yes-no' | 'text' | 'optional-text' | 'time' | 'int' | 'issue-month' | 'optional-date';

interface Row {
  key: keyof ScheduleConfig;
  label: string;
  kind: Kind;
  explain: string;
}

const ISSUE_MONTH_LABELS: Record<IssueMonth, string> = { same: '当月', previous: '上月' };

/** One row per schedule setting, in the order the office reads the month. */
const ROWS: Row[] = [
  {
    key: 'enabled',
    label: '启用日程服务',
    kind: 'yes-no',
    explain: '填“否”则 creditwork schedule 不运行任何任务。',
  },
  {
    key: 'dailyTime',
    label: '每日运行时间',
    kind: 'time',
    explain: '24 小时制 HH:MM，如 09:00。当天的任务从此时起运行。',
  },
  {
    key: 'issueWorkingDay',
    label: '下发：每月第N个工作日',
    kind: 'int',
    explain: '每月第几个工作日下发填报表（节假日顺延，调休上班日算工作日）。',
  },
  {
    key: 'issueMonth',
    label: '下发哪个月的填报表',
    kind: 'issue-month',
    explain: '“当月”：月初下发本月填报表，次月报送；“上月”：月初下发上月填报表。',
  },
  {
    key: 'remindWorkingDaysBefore',
    label: '催报：截止前N个工作日',
    kind: 'int',
    explain: '报送截止日前几个工作日列出未报送单位（写入 reports/ 和日志）；0 表示截止当天。',
  },
  {
    key: 'remindCommand',
    label: '催报邮件命令（可选）',
    kind: 'optional-text',
    explain:
      '催报时运行的命令行（如发邮件的脚本），标准输入每行一个“单位代码<Tab>单位名称”；环境变量 CREDITWORK_PERIOD、CREDITWORK_DEADLINE、CREDITWORK_REPORT。留空则不运行。',
  },
  {
    key: 'pollMinutes',
    label: '收取：每隔N分钟检查收件箱',
    kind: 'int',
    explain: '报送期间（次月初至通报日）每隔几分钟收取 inbox 中的新文件，1–60。',
  },
  {
    key: 'circularWorkingDaysAfterDeadline',
    label: '通报：截止后第N个工作日',
    kind: 'int',
    explain: '报送截止日后第几个工作日生成月度通报（先最后收取一次）。',
  },
  {
    key: 'assessWorkingDayOfJanuary',
    label: '年终考核：次年1月第N个工作日',
    kind: 'int',
    explain: '次年1月第几个工作日进行年终考核；应晚于12月的通报日。',
  },
  {
    key: 'startDate',
    label: '启用日期（可选）',
    kind: 'optional-date',
    explain: '此日期之前应运行的任务一律不运行；一般留空：“设置”表的“启用期间”之前的月份本来就不安排任务。',
  },
  {
    key: 'catchUpPeriods',
    label: '补运行：最近N个期间',
    kind: 'int',
    explain:
      '服务停机或首次启动时，只补运行最近几个期间（含本月）错过的任务，默认 2（本月和上月）；更早的不再补运行，记为跳过并在日志中说明。',
  },
  {
    key: 'maxAttempts',
    label: '失败后自动重试次数',
    kind: 'int',
    explain: '任务失败后在之后的触发中最多尝试几次；用完后需排除问题并重启日程服务。',
  },
  { key: 'timeZone', label: '时区', kind: 'text', explain: '判断“今天”所用的时区，一般为 Asia/Shanghai。' },
];

const COLUMNS: Column<'label' | 'value' | 'explain' | 'key'>[] = [
  { key: 'label', header: '日程项', width: 34, wrap: true },
  { key: 'value', header: '值', width: 30, wrap: true, required: true },
  { key: 'explain', header: '说明', width: 70, wrap: true, info: true },
  { key: 'key', header: '键名（程序用，请勿修改）', width: 34, required: true, aliases: ['键名'] },
];

function displayValue(row: Row, config: ScheduleConfig): string | number {
  const value = config[row.key];
  if (row.kind === 'yes-no') return value ? '是' : '否';
  if (row.kind === 'issue-month') return ISSUE_MONTH_LABELS[value as IssueMonth];
  return value as string | number;
}

/** `09:00` typed as text, or what Excel makes of it: a time cell (Date) or a day fraction. */
function readTime(raw: Plain): Read<string> {
  let minutes: number | undefined;
  if (raw instanceof Date) minutes = raw.getUTCHours() * 60 + raw.getUTCMinutes();
  else if (typeof raw === 'number' && raw >= 0 && raw < 1) minutes = Math.round(raw * 24 * 60);
  else {
    const m = /^(\d{1,2})\s*[:：时点]\s*(\d{2})\s*分?$/.exec(toHalfWidth(readText(raw)));
    if (m && Number(m[1]) < 24 && Number(m[2]) < 60) minutes = Number(m[1]) * 60 + Number(m[2]);
  }
  if (minutes === undefined) return { ok: false, reason: '应为 24 小时制时间，如 09:00' };
  return {
    ok: true,
    value: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
  };
}

function readValue(row: Row, raw: Plain): Read<unknown> {
  const text = readText(raw);
  switch (row.kind) {
    case 'yes-no':
      return readYesNo(raw);
    case 'text':
      return text ? { ok: true, value: text } : { ok: false, reason: '为空，请填写' };
    case 'optional-text':
      return { ok: true, value: text };
    case 'time':
      return readTime(raw);
    case 'int':
      return readInteger(raw);
    case 'issue-month': {
      const entry = Object.entries(ISSUE_MONTH_LABELS).find(
        ([, label]) => label === text || `${label}的` === text,
      );
      return entry ? { ok: true, value: entry[0] } : { ok: false, reason: '应为“当月”或“上月”' };
    }
    case 'optional-date':
      return text === '' ? { ok: true, value: '' } : readIsoDate(raw);
  }
}

export const scheduleSheet: SheetModule = {
  name: NAME,
  purpose: '日程服务（creditwork schedule）按工作日自动下发、催报、收取、通报与年终考核的时间。',
  guide: [
    '只修改“值”列；“键名”列供程序识别，请勿修改。删除本表则使用默认日程。',
    '运行 creditwork schedule --plan 可列出全年每次任务的日期，修改后请核对。',
  ],
  optional: true,

  write(ws, plan) {
    const config = scheduleOf(plan);
    setupTable(ws, COLUMNS, 1);
    for (const row of ROWS) {
      const added = ws.addRow({
        label: row.label,
        value: displayValue(row, config),
        explain: row.explain,
        key: row.key,
      });
      const cell = added.getCell('value');
      // Times and dates stay text so Excel does not turn 09:00 into a fraction of a day.
      if (row.kind !== 'int') cell.numFmt = '@';
      cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
      if (row.kind === 'yes-no') cell.dataValidation = listValidation('"是,否"', '请选择“是”或“否”');
      if (row.kind === 'issue-month')
        cell.dataValidation = listValidation('"当月,上月"', '请选择“当月”或“上月”');
      added.getCell('key').font = { color: { argb: 'FF808080' } };
    }
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, NAME);
    const table = readTable(ws, COLUMNS, findings);
    if (!table) return { plan: {}, findings: findings.list };

    const byKey = new Map(ROWS.map((row) => [row.key as string, row]));
    const byLabel = new Map(ROWS.map((row) => [row.label, row]));
    const cells = new Map<keyof ScheduleConfig, string>();
    const config: Record<string, unknown> = { ...DEFAULT_SCHEDULE };
    let bad = false;
    for (const line of table) {
      const keyText = readText(line.value('key'));
      const row = byKey.get(keyText) ?? (keyText ? undefined : byLabel.get(readText(line.value('label'))));
      if (!row) {
        findings.warn(
          line.address('key'),
          'plan.unknown-schedule',
          `未知日程项"${keyText}"，已忽略：请核对键名，或删除该行`,
        );
        continue;
      }
      if (cells.has(row.key)) {
        findings.error(
          line.address('key'),
          'plan.duplicate-schedule',
          `日程项"${row.label}"与 ${NAME}!${cells.get(row.key)} 重复：请删除其中一行`,
        );
        continue;
      }
      cells.set(row.key, line.address('value'));
      ctx.places.set(`schedule:${row.key}`, { sheet: NAME, cell: line.address('value') });
      const read = readValue(row, line.value('value'));
      if (read.ok) config[row.key] = read.value;
      else {
        bad = true;
        findings.error(line.address('value'), 'plan.bad-schedule', `日程项"${row.label}"${read.reason}`);
      }
    }
    for (const row of ROWS) {
      if (!cells.has(row.key)) {
        findings.warn(
          'A1',
          'plan.missing-schedule',
          `缺少日程项"${row.label}"，已使用默认值 ${displayValue(row, DEFAULT_SCHEDULE)}：如需修改，请在表末添加一行，“键名”列填 ${row.key}`,
        );
      }
    }
    const schedule = config as unknown as ScheduleConfig;
    const report = (problems: ScheduleProblem[]) => {
      // One finding per setting: a wrong issue day is wrong for every month alike.
      const first = new Map<string, ScheduleProblem>();
      for (const p of problems) if (!first.has(p.field)) first.set(p.field, p);
      for (const p of first.values()) {
        const label = ROWS.find((r) => r.key === p.field)?.label ?? p.field;
        findings.error(cells.get(p.field) ?? 'A1', 'plan.bad-schedule', `日程项"${label}"${p.message}`);
      }
    };
    // Cells that did not read keep the default, so the range checks still cover every other cell.
    const fieldProblems = checkScheduleFields(schedule);
    report(fieldProblems);
    if (bad || fieldProblems.length > 0) return { plan: {}, findings: findings.list };
    const year = ctx.plan.year;
    const deadline = ctx.plan.settings?.returnDeadlineWorkingDay;
    // The order check needs 设置 (read earlier); a broken 设置 is already reported there.
    if (year !== undefined && deadline !== undefined) {
      report(
        checkScheduleOrder({
          year,
          returnDeadlineWorkingDay: deadline,
          config: schedule,
          calendar: planCalendar(ctx.plan),
        }),
      );
    }
    // The default schedule reads back as no schedule, the same as a plan without this sheet.
    const isDefault = ROWS.every((row) => schedule[row.key] === DEFAULT_SCHEDULE[row.key]);
    return { plan: isDefault ? {} : { schedule }, findings: findings.list };
  },
};
