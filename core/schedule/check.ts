/**
 * Problems with a schedule, named by setting, so the 日程 sheet reader can point at the cell and the
 * service can refuse to start on a schedule that would run things in the wrong order.
 */
import { TIME_OF_DAY, isKnownTimeZone } from './local-time.js';
import type { ScheduleConfig } from './model.js';
import { CalendarError } from '../calendar/working-days.js';
import { periodLabel } from '../calendar/period.js';
import { assessDate, periodDates, scheduledPeriods, type ScheduleInputs } from './runs.js';

export interface ScheduleProblem {
  field: keyof ScheduleConfig;
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function integerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

const RANGES: [keyof ScheduleConfig, number, number][] = [
  ['issueWorkingDay', 1, 20],
  ['remindWorkingDaysBefore', 0, 15],
  ['pollMinutes', 1, 60],
  ['circularWorkingDaysAfterDeadline', 1, 20],
  ['assessWorkingDayOfJanuary', 1, 20],
  ['maxAttempts', 1, 10],
  ['catchUpPeriods', 1, 12],
];

/** Checks each setting on its own; no calendar needed. */
export function checkScheduleFields(config: ScheduleConfig): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  for (const [field, min, max] of RANGES) {
    if (!integerIn(config[field] as number, min, max)) {
      problems.push({ field, message: `应为 ${min} 到 ${max} 之间的整数，请改正` });
    }
  }
  if (!TIME_OF_DAY.test(config.dailyTime)) {
    problems.push({
      field: 'dailyTime',
      message: `"${config.dailyTime}" 不是时间，请写成 24 小时制的 HH:MM，如 09:00`,
    });
  }
  if (!isKnownTimeZone(config.timeZone)) {
    problems.push({ field: 'timeZone', message: `"${config.timeZone}" 不是时区名称，请写 Asia/Shanghai` });
  }
  if (config.startDate !== '' && !ISO_DATE.test(config.startDate)) {
    problems.push({
      field: 'startDate',
      message: `"${config.startDate}" 不是日期，请写成 YYYY-MM-DD 或留空`,
    });
  }
  return problems;
}

/**
 * Checks the order of the year's runs against the calendar (fields must already be valid). Periods
 * the calendar cannot date yet (a year's holidays not entered) are skipped here: they are gaps the
 * schedule reports on its own (see yearSchedule), not a wrong setting.
 */
export function checkScheduleOrder(inputs: ScheduleInputs): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const dates = (compute: () => void) => {
    try {
      compute();
    } catch (error) {
      if (error instanceof CalendarError && error.missingYear !== undefined) return;
      // Anything else the calendar refuses is a schedule problem, not a crash.
      problems.push({ field: 'enabled', message: `无法按工作日推算日程：${(error as Error).message}` });
    }
  };
  let lastCircular = '';
  // Months before 启用期间 never run: their dates cannot be wrong.
  for (const period of scheduledPeriods(inputs)) {
    dates(() => {
      const d = periodDates(inputs, period);
      const label = periodLabel(period);
      if (d.issue >= d.deadline) {
        problems.push({
          field: 'issueWorkingDay',
          message: `${label}的下发日 ${d.issue} 不早于报送截止日 ${d.deadline}，请把下发日提前`,
        });
      }
      if (d.remind < d.issue) {
        problems.push({
          field: 'remindWorkingDaysBefore',
          message: `${label}的催报日 ${d.remind} 早于下发日 ${d.issue}，请减少截止前的工作日数`,
        });
      }
      if (period.endsWith('-12')) lastCircular = d.circular;
    });
  }
  dates(() => {
    const assess = assessDate(inputs);
    if (lastCircular && assess <= lastCircular) {
      problems.push({
        field: 'assessWorkingDayOfJanuary',
        message: `年终考核日 ${assess} 不晚于12月通报日 ${lastCircular}，请推后考核日`,
      });
    }
  });
  return problems;
}

export function checkSchedule(inputs: ScheduleInputs): ScheduleProblem[] {
  const fields = checkScheduleFields(inputs.config);
  return fields.length > 0 ? fields : checkScheduleOrder(inputs);
}
