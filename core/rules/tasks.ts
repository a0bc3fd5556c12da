import {
  dateWindow,
  SHEETS,
  TASK_COLUMN,
  type CellGrid,
  type TaskColumnKey,
  type TaskRow,
} from '../contract/index.js';
import { TASK_STATUS_LABELS, type TaskReport } from '../submission.js';
import { chineseDate, periodBounds } from '../calendar/index.js';
import { readDate, readPercent, readStatus, readText } from './read.js';
import type { Emit } from './types.js';
import { scaleByPowerOfTen } from '../values/index.js';

const L = TASK_STATUS_LABELS;
const SHEET = SHEETS.tasks;

/** One row of 任务进展: types and ranges, then what the status requires of the other cells. */
export function checkTaskRow(
  grid: CellGrid,
  row: TaskRow,
  period: string,
  planYear: number,
  emit: Emit,
): TaskReport {
  const at = (key: TaskColumnKey) => `${TASK_COLUMN[key].letter}${row.row}`;
  const get = (key: TaskColumnKey) => grid.get(SHEET, at(key));
  const error = (key: TaskColumnKey, code: string, text: string) =>
    emit({ level: 'error', code, sheet: SHEET, cell: at(key), text });
  const warning = (key: TaskColumnKey, code: string, text: string) =>
    emit({ level: 'warning', code, sheet: SHEET, cell: at(key), text });
  const header = (key: TaskColumnKey) => TASK_COLUMN[key].header;

  const statusRead = readStatus(get('status'));
  if (!statusRead.ok) error('status', 'rules.type', statusRead.reason);
  const status = statusRead.ok ? statusRead.value : null;
  if (statusRead.ok && status === null) {
    error('status', 'rules.required', `请选择进展状态（${Object.values(L).join('、')}）`);
  }

  const percentRead = readPercent(get('percent'));
  let percent: number | null = null;
  if (!percentRead.ok) error('percent', 'rules.type', `完成进度：${percentRead.reason}`);
  else if (percentRead.value !== null) {
    const p = percentRead.value;
    if (p < 0 || p > 100) error('percent', 'rules.range', `完成进度为${p}，应在0至100之间，请修改`);
    else {
      percent = p;
      if (p > 0 && p < 1) {
        warning(
          'percent',
          'rules.percent-fraction',
          `完成进度为${p}（即${p}%），如指${scaleByPowerOfTen(p, 2)}%请填写${scaleByPowerOfTen(p, 2)}`,
        );
      }
    }
  }

  const texts = {} as Record<'progress' | 'problems' | 'nextSteps' | 'evidence', string>;
  for (const key of ['progress', 'problems', 'nextSteps', 'evidence'] as const) {
    const read = readText(get(key));
    if (!read.ok) error(key, 'rules.type', `${header(key)}${read.reason}`);
    texts[key] = read.ok ? (read.value ?? '') : '';
  }

  const dateRead = readDate(get('plannedCompletion'));
  let planned: string | null = null;
  const window = dateWindow('plannedCompletion', planYear);
  if (!dateRead.ok) error('plannedCompletion', 'rules.type', dateRead.reason);
  else if (dateRead.value !== null) {
    if (dateRead.value < window.from || dateRead.value > window.to) {
      error(
        'plannedCompletion',
        'rules.range',
        `计划完成时间 ${dateRead.value} 不在 ${window.from} 至 ${window.to} 之间，请修改`,
      );
    } else planned = dateRead.value;
  }

  const periodEnd = periodBounds(period).end;
  const quoted = status ? `状态为"${L[status]}"` : '';
  switch (status) {
    case 'done':
      if (percentRead.ok && percentRead.value === null)
        error('percent', 'rules.done-percent', `${quoted}，请在完成进度填写100`);
      else if (percent !== null && percent !== 100) {
        error(
          'percent',
          'rules.done-percent',
          `${quoted}，完成进度应为100（现为${percent}），请改为100或调整进展状态`,
        );
      }
      if (texts.evidence === '' && readText(get('evidence')).ok) {
        error('evidence', 'rules.done-evidence', `${quoted}，请填写印证资料（文件名称、文号或网址）`);
      }
      break;
    case 'behind':
      if (texts.problems === '' && readText(get('problems')).ok) {
        error('problems', 'rules.behind-problems', `${quoted}，请填写存在问题（滞后的原因）`);
      }
      if (dateRead.ok && dateRead.value === null) {
        error(
          'plannedCompletion',
          'rules.behind-date',
          `${quoted}，请填写计划完成时间（应晚于${chineseDate(periodEnd)}）`,
        );
      } else if (planned !== null && planned <= periodEnd) {
        error(
          'plannedCompletion',
          'rules.behind-date',
          `${quoted}，计划完成时间应晚于本期末${chineseDate(periodEnd)}，请修改`,
        );
      }
      if (percent === 100)
        warning('percent', 'rules.status-percent', `${quoted}但完成进度为100，请核对状态或进度`);
      break;
    case 'not-applicable':
      if (texts.progress === '' && readText(get('progress')).ok) {
        error('progress', 'rules.not-applicable-reason', `${quoted}，请在本月工作进展栏说明不适用的原因`);
      }
      break;
    case 'in-progress':
      if (percent === 100) {
        warning(
          'percent',
          'rules.status-percent',
          `完成进度为100但${quoted}，如已完成请把状态改为"${L.done}"并填写印证资料`,
        );
      }
      if (planned !== null && planned <= periodEnd) {
        warning(
          'plannedCompletion',
          'rules.planned-passed',
          `计划完成时间${chineseDate(planned)}不晚于本期末${chineseDate(periodEnd)}，如未按期完成请把状态改为"${L.behind}"，或更新计划完成时间`,
        );
      }
      break;
    case 'not-started':
      if (percent !== null && percent > 0) {
        warning('percent', 'rules.status-percent', `${quoted}但完成进度为${percent}，请核对状态或进度`);
      }
      break;
  }
  // 滞后 asks for a percent too: the issued sheet highlights it as missing, and the circular shows
  // how far a stalled task got.
  if (status === 'in-progress' || status === 'behind') {
    if (percentRead.ok && percentRead.value === null)
      error('percent', 'rules.required', `${quoted}，请填写完成进度（0至100）`);
    if (texts.progress === '' && readText(get('progress')).ok)
      error('progress', 'rules.required', `${quoted}，请填写本月工作进展`);
  }
  // The return is filed after the period ends, so a deadline within the period has passed by then;
  // month scoring counts such a task as overdue from the same period on.
  if (row.deadline && row.deadline <= periodEnd && (status === 'in-progress' || status === 'not-started')) {
    warning(
      'status',
      'rules.task-deadline',
      `本任务完成时限为${chineseDate(row.deadline)}，已过期仍为"${L[status]}"，如未完成请改为"${L.behind}"并说明问题`,
    );
  }

  return {
    task: row.task,
    role: row.role,
    status,
    percent,
    progress: texts.progress,
    problems: texts.problems,
    nextSteps: texts.nextSteps,
    plannedCompletion: planned,
    evidence: texts.evidence,
  };
}
