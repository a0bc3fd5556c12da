import { assessmentSheet } from './assessment.js';
import { guideSheet } from './guide.js';
import { holidaysSheet } from './holidays.js';
import { indicatorsSheet } from './indicators.js';
import { responsibilitiesSheet } from './responsibilities.js';
import { scheduleSheet } from './schedule.js';
import { settingsSheet } from './settings.js';
import { tasksSheet } from './tasks.js';
import type { SheetModule } from './types.js';
import { unitsSheet } from './units.js';

/**
 * The sheets of plan.xlsx in workbook and reading order. Readers may use what earlier sheets
 * produced (units before responsibilities and indicators). A feature adds its sheet (e.g. 日程,
 * 考核) by appending a module here.
 */
export const PLAN_SHEETS: SheetModule[] = [
  guideSheet(() => PLAN_SHEETS),
  unitsSheet,
  tasksSheet,
  responsibilitiesSheet,
  indicatorsSheet,
  settingsSheet,
  holidaysSheet,
  scheduleSheet,
  assessmentSheet,
];

export type { Place, ReadContext, SheetModule, SheetReadResult } from './types.js';
