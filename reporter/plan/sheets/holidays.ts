import {
  OFFICE_HOLIDAY_KIND_LABELS,
  SPRING_FESTIVAL,
  type OfficeHoliday,
} from '../../../core/calendar/working-days.js';
import { holidaySchedule } from '../../../core/calendar/holiday-data.js';
import { parseIsoDate, weekdayOfDayNumber, ymdToDayNumber } from '../../../core/calendar/iso-date.js';
import { SheetFindings } from '../findings.js';
import { listValidation, readTable, setupTable, validateColumn, type Column } from '../table.js';
import { isoToUtcDate, readIsoDate, readText, toHalfWidth } from '../values.js';
import type { SheetModule } from './types.js';

export const HOLIDAYS_SHEET = '节假日';

const COLUMNS: Column<'date' | 'kind' | 'name'>[] = [
  {
    key: 'date',
    header: '日期',
    width: 14,
    required: true,
    note: '每行一天，如 2027-02-06。放假的每一天都要填，包括放假期间的周六、周日。',
  },
  {
    key: 'kind',
    header: '类型',
    width: 10,
    required: true,
    note: '“放假”：这一天不上班；“上班”：调休上班（通常是周六或周日）。',
  },
  {
    key: 'name',
    header: '名称',
    width: 18,
    note: '节日名称，如 元旦、春节、清明节、劳动节、端午节、中秋节、国庆节。',
  },
];

/** What people type for the two kinds: the notice says 放假 and 上班; calendars print 休 and 班. */
const KIND_WORDS: Record<string, OfficeHoliday['kind']> = {
  放假: 'off',
  休: 'off',
  休息: 'off',
  休假: 'off',
  上班: 'work',
  班: 'work',
  调休上班: 'work',
  补班: 'work',
};

/** The seven holidays every State Council notice names; a year missing one is probably half typed. */
const NOTICE_HOLIDAYS = ['元旦', '春节', '清明', '劳动', '端午', '中秋', '国庆'];

const isWeekend = (iso: string): boolean => {
  const ymd = parseIsoDate(iso)!;
  const weekday = weekdayOfDayNumber(ymdToDayNumber(ymd.year, ymd.month, ymd.day));
  return weekday === 0 || weekday === 6;
};

export const holidaysSheet: SheetModule = {
  name: HOLIDAYS_SHEET,
  purpose: '本单位（信用办）的节假日安排：放假日和调休上班日，优先于程序内置的国务院节假日数据。',
  guide: [
    '程序内置的国务院节假日数据（chinese-days）只到其发布时已公布的年份。国务院公布下一年的节假日安排后，请把每个放假日和调休上班日逐日填在这里：日期、类型（放假/上班）、名称。',
    '这里填写的日期优先于内置数据；本地另有放假或上班安排时也可以填写。某年只有填了春节的放假日，才算已填入该年的安排。',
    '下一年的安排公布之前，1月至11月照常下发和收取；需要用到下一年日期的计算（如12月填报表的截止日）会提示填写本表。',
  ],
  optional: true,

  write(ws, plan) {
    setupTable(ws, COLUMNS, 1);
    for (const row of plan.holidays ?? []) {
      const added = ws.addRow({
        date: isoToUtcDate(row.date),
        kind: OFFICE_HOLIDAY_KIND_LABELS[row.kind],
        name: row.name,
      });
      added.getCell('date').numFmt = 'yyyy-mm-dd';
    }
    validateColumn(ws, COLUMNS, 'kind', listValidation('"放假,上班"', '请选择“放假”或“上班”'));
    validateColumn(ws, COLUMNS, 'date', {
      type: 'date',
      operator: 'greaterThan',
      formulae: [new Date(Date.UTC(2000, 0, 1))],
      errorStyle: 'stop',
      error: '请填写日期，如 2027-02-06',
    });
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, HOLIDAYS_SHEET);
    const rows = readTable(ws, COLUMNS, findings);
    if (!rows) return { plan: {}, findings: findings.list };
    const holidays: OfficeHoliday[] = [];
    const seen = new Map<string, string>();
    for (const row of rows) {
      const dateCell = row.value('date');
      const date = readIsoDate(dateCell);
      if (!date.ok) {
        findings.error(
          row.address('date'),
          'plan.bad-date',
          dateCell === null
            ? '日期为空：请填写日期，如 2027-02-06，或删除该行'
            : `日期"${readText(dateCell)}"${date.reason}：请填写日期，如 2027-02-06`,
        );
        continue;
      }
      const kindText = toHalfWidth(readText(row.value('kind'))).replace(/\s+/g, '');
      const kind = KIND_WORDS[kindText];
      if (!kind) {
        findings.error(
          row.address('kind'),
          'plan.bad-holiday-kind',
          kindText
            ? `类型"${kindText}"无法识别：请填“放假”或“上班”`
            : `${date.value} 的类型为空：请填“放假”或“上班”`,
        );
        continue;
      }
      const first = seen.get(date.value);
      if (first) {
        findings.error(
          row.address('date'),
          'plan.duplicate-holiday',
          `${date.value} 与 ${HOLIDAYS_SHEET}!${first} 重复：每天只填一行，请删除其中一行`,
        );
        continue;
      }
      seen.set(date.value, row.address('date'));
      const name = readText(row.value('name'));
      if (kind === 'work' && !isWeekend(date.value)) {
        findings.warn(
          row.address('kind'),
          'plan.holiday-workday',
          `${date.value} 本来就是工作日，标为“上班”不改变什么：请核对日期（调休上班一般是周六或周日）`,
        );
      }
      if (kind === 'off' && !name) {
        findings.warn(
          row.address('name'),
          'plan.holiday-name',
          `${date.value} 放假但没有名称：请填写节日名称（如 春节），通报和填报表中会显示`,
        );
      }
      holidays.push({ date: date.value, kind, name });
    }
    holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const library = new Set(holidaySchedule().years);
    for (const [year, names] of namesByYear(holidays)) {
      // Rows for a year the library knows are local changes, not a notice typed in.
      if (library.has(year)) continue;
      if (!names.some((n) => n.includes(SPRING_FESTIVAL))) {
        findings.warn(
          'A1',
          'plan.holiday-year-incomplete',
          `${year}年只填了部分日期，没有春节的放假日：在填入春节之前，${year}年未填写的日期仍按“缺少节假日数据”处理。请按国务院通知补全${year}年的放假和调休上班日期`,
        );
        continue;
      }
      const missing = NOTICE_HOLIDAYS.filter((h) => !names.some((n) => n.includes(h)));
      // A notice that reaches back (12-31 of the year before, for 元旦) is counted under its own year.
      if (missing.length > 0) {
        findings.warn(
          'A1',
          'plan.holiday-year-incomplete',
          `${year}年的放假日中没有${missing.join('、')}：国务院通知每年都有这些节日，请核对是否漏填`,
        );
      }
    }
    return { plan: holidays.length ? { holidays } : {}, findings: findings.list };
  },
};

/** Names of the 放假 rows by the year of the notice they belong to. */
function namesByYear(holidays: OfficeHoliday[]): Map<number, string[]> {
  const byYear = new Map<number, string[]>();
  for (const h of holidays) {
    if (h.kind !== 'off') continue;
    // 12-31 of a New Year break belongs to the next year's notice.
    const year =
      Number(h.date.slice(0, 4)) + (h.date.slice(5) === '12-31' && h.name.includes('元旦') ? 1 : 0);
    byYear.set(year, [...(byYear.get(year) ?? []), h.name]);
  }
  return byYear;
}
