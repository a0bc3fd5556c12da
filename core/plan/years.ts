/**
 * A plan belongs to one year, and so do its words: the title, the id, the deadlines, date targets
 * and the years its texts name. Carrying a plan over to a new year shifts all of them; checking a
 * plan finds what still names another year.
 */
import { daysInMonth, formatIsoDate, parseIsoDate } from '../calendar/iso-date.js';
import type { Indicator, Plan, Task } from './model.js';
import { isoToExcelSerial, excelSerialToIso } from '../values/excel-serial.js';

/**
 * A four-digit year standing on its own, outside a document number's 〔〕 (国办发〔2019〕35号 cites a
 * document of that year, which stays whatever the plan's year).
 */
const YEAR = /(?<![〔[［\d])(\d{4})(?![〕\]］\d])/g;

/**
 * Moves the years that are about the plan's own time (its year, the year before as the baseline,
 * the year after for a deadline in January) by `to − from`; other years (laws, citations) stay.
 */
export function shiftYears(text: string, from: number, to: number): string {
  if (from === to) return text;
  return text.replace(YEAR, (match) => {
    const year = Number(match);
    return Math.abs(year - from) <= 1 ? String(year + to - from) : match;
  });
}

/** The same day in another year; a month's last day stays the last day (02-29 → 02-28). */
export function shiftDate(iso: string, years: number): string {
  const ymd = parseIsoDate(iso);
  if (!ymd) return iso;
  const year = ymd.year + years;
  const last = ymd.day === daysInMonth(ymd.year, ymd.month);
  return formatIsoDate(
    year,
    ymd.month,
    last ? daysInMonth(year, ymd.month) : Math.min(ymd.day, daysInMonth(year, ymd.month)),
  );
}

/**
 * What the office is asked to do with each task carried over. It names no year: the plan of the
 * new year should hold no word of the old one (plan new prints which year it came from).
 */
export const CARRIED_OVER_NOTE = '由往年工作要点结转：请核对任务内容、责任分工和完成时限，核对后清空本格';

function shiftStrings<T>(value: T, from: number, to: number): T {
  if (typeof value === 'string') return shiftYears(value, from, to) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => shiftStrings(v, from, to)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftStrings(v, from, to)])) as T;
  }
  return value;
}

/** A task moved to another year: its texts' years and its deadline (plan new, plan import). */
export function shiftTaskYears(task: Task, from: number, to: number): Task {
  const shifted: Task = {
    ...task,
    sectionTitle: shiftYears(task.sectionTitle, from, to),
    title: shiftYears(task.title, from, to),
    text: shiftYears(task.text, from, to),
    responsibilityText: shiftYears(task.responsibilityText, from, to),
    responsibilities: task.responsibilities.map((r) => ({ ...r })),
  };
  if (task.deadline) shifted.deadline = shiftDate(task.deadline, to - from);
  return shifted;
}

const carryTask = (task: Task, from: number, to: number): Task => ({
  ...shiftTaskYears(task, from, to),
  reviewNote: CARRIED_OVER_NOTE,
});

/** An indicator moved to another year: its texts' years and a date target (plan new, plan import). */
export function shiftIndicatorYears(indicator: Indicator, from: number, to: number): Indicator {
  const carried: Indicator = {
    ...indicator,
    name: shiftYears(indicator.name, from, to),
    definition: shiftYears(indicator.definition, from, to),
    targetText: shiftYears(indicator.targetText, from, to),
    reporters: [...indicator.reporters],
  };
  for (const key of ['numeratorLabel', 'denominatorLabel'] as const) {
    const label = indicator[key];
    if (label !== undefined) carried[key] = shiftYears(label, from, to);
  }
  // Date targets are Excel serials (10月底 → 2024-10-31): the same day of the new year.
  const due = indicator.kind === 'date' ? excelSerialToIso(indicator.target) : null;
  if (due !== null) carried.target = isoToExcelSerial(shiftDate(due, to - from));
  return carried;
}

/**
 * The plan of `year` carried over from `plan`: units, responsibilities, indicators and targets, the
 * scoring scheme, schedule and settings as they were; everything that names the year moved to the
 * new one; every task marked for the office to review; 启用期间 back to January (a new year starts
 * at its beginning); only the 节假日 rows of the new year and later kept.
 */
export function carryOverPlan(plan: Plan, year: number): Plan {
  const from = plan.year;
  const shiftedId = shiftYears(plan.id, from, year);
  const { firstPeriod: _first, ...settings } = plan.settings;
  const carried: Plan = {
    id: shiftedId !== plan.id || from === year ? shiftedId : `${plan.id}-${year}`,
    version: 1,
    year,
    title: shiftYears(plan.title, from, year),
    city: plan.city,
    units: plan.units.map((u) => ({ ...u, aliases: [...u.aliases] })),
    tasks: plan.tasks.map((t) => carryTask(t, from, year)),
    indicators: plan.indicators.map((i) => shiftIndicatorYears(i, from, year)),
    settings: { ...settings, dualPublicityWeights: { ...settings.dualPublicityWeights } },
    document: { ...plan.document },
  };
  if (plan.scoring) carried.scoring = shiftStrings(plan.scoring, from, year);
  // A start date belongs to the year it was set in.
  if (plan.schedule) carried.schedule = { ...plan.schedule, startDate: '' };
  const holidays = (plan.holidays ?? []).filter((h) => Number(h.date.slice(0, 4)) >= year);
  if (holidays.length) carried.holidays = holidays.map((h) => ({ ...h }));
  return carried;
}

/** Something in a plan that names another year than the plan's, and where (a place key, see below). */
export interface YearMention {
  /**
   * `title`, `id`, `task:<n>:<field>`, `indicator:<code>:<field>`, `schedule:startDate`: the reader
   * turns it into a sheet and cell.
   */
  place: string;
  message: string;
}

/** Dates a plan of `year` may hold: the year itself and January after it (December's deadline). */
export const isDateOfPlanYear = (iso: string, year: number): boolean =>
  iso >= `${year}-01-01` && iso <= `${year + 1}-01-31`;

/**
 * Years and dates in a plan that lie outside its year: a carried-over or edited plan whose title,
 * id, deadlines or texts still name the old year. The year before is allowed in task and indicator
 * texts (a baseline such as 2023年平均值 in the 2024 plan), never in the title or id; citations in
 * 〔〕 are left alone.
 */
export function yearMentions(plan: Plan): YearMention[] {
  const { year } = plan;
  const mentions: YearMention[] = [];
  /** `baseline`: the year before may be named (2023年平均值 in the 2024 plan); not in a title or id. */
  const texts = (place: string, what: string, text: string | undefined, baseline = true) => {
    if (!text) return;
    const others = [...new Set([...text.matchAll(YEAR)].map((m) => Number(m[1])))].filter(
      (y) => y !== year && !(baseline && y === year - 1) && y >= 1990 && y <= 2100,
    );
    if (others.length) {
      mentions.push({
        place,
        message: `${what}提到${others.map((y) => `${y}年`).join('、')}，而本工作要点是${year}年度的：请核对是否应改为${year}年（引用的文件编号写在〔〕中不受影响）`,
      });
    }
  };
  const date = (place: string, what: string, iso: string | undefined) => {
    if (iso && !isDateOfPlanYear(iso, year)) {
      mentions.push({
        place,
        message: `${what} ${iso} 不在${year}年度内：请改为${year}年的日期（12月的事项可以到次年1月）`,
      });
    }
  };
  texts('title', '标题', plan.title, false);
  texts('id', '工作要点编号', plan.id, false);
  for (const task of plan.tasks) {
    texts(`task:${task.number}:title`, `任务 ${task.number} 的名称`, task.title);
    texts(`task:${task.number}:text`, `任务 ${task.number} 的内容`, task.text);
    date(`task:${task.number}:deadline`, `任务 ${task.number} 的完成时限`, task.deadline);
  }
  for (const indicator of plan.indicators) {
    texts(`indicator:${indicator.code}:name`, `指标 ${indicator.code} 的名称`, indicator.name);
    texts(
      `indicator:${indicator.code}:targetText`,
      `指标 ${indicator.code} 的目标原文`,
      indicator.targetText,
    );
    if (indicator.kind === 'date') {
      date(
        `indicator:${indicator.code}:target`,
        `指标 ${indicator.code} 的目标日期`,
        excelSerialToIso(indicator.target) ?? undefined,
      );
    }
  }
  if (plan.schedule?.startDate) date('schedule:startDate', '日程的启用日期', plan.schedule.startDate);
  return mentions;
}
