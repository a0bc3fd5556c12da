import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isIsoDate } from '../../core/calendar/index.js';
import { CalendarError } from '../../core/calendar/working-days.js';
import { officeToday } from '../collect/deadline.js';
import { renderCircular } from '../circular/index.js';
import { monthReturns } from '../circular/load.js';
import { loadPeriodPlan, openWorkspace } from '../plan/years.js';
import { periodOption, requirePeriodInPlan } from '../options.js';
import { openStoreForReading } from '../store/index.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import type { Plan } from '../../core/plan/model.js';

interface CircularCommandOptions {
  workspace?: string;
  period?: string;
  date?: string;
  number?: string;
}

export async function run(options: CircularCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? '.');
  const period = periodOption(options.period);
  const date = options.date ?? officeToday();
  if (!isIsoDate(date))
    throw new UserError(`--date ${JSON.stringify(date)} 不是有效的日期，请写成 YYYY-MM-DD，如 2024-06-07。`);
  if (date.slice(0, 7) <= period) {
    throw new UserError(
      `成文日期 ${date} 不在 ${period} 之后：月度通报应在该月结束后印发，请用 --date 指定。`,
    );
  }
  const number = options.number === undefined ? undefined : String(options.number).trim();
  if (number !== undefined && !/^\d{1,4}$/.test(number)) {
    throw new UserError(`--number ${JSON.stringify(options.number)} 应为发文字号中的序号（数字），如 5。`);
  }

  const plan = await loadPeriodPlan(ws, period);
  const { file, submissions } = await writeCircular({ workspace: ws, plan, period, date, number });
  console.log(`已生成月度通报：${file}`);
  if (!submissions) console.log(`提示：${period} 尚无已收取的报送，通报中所有单位均列为未报送。`);
  return 0;
}

/**
 * Renders the period's circular from the stored returns into reports/<period>/ and returns its
 * path: the one implementation the CLI, the scheduler and the portal's console call.
 */
export async function writeCircular(request: {
  workspace: Workspace;
  plan: Plan;
  period: string;
  date: string;
  number?: string;
}): Promise<{ file: string; submissions: number }> {
  const { workspace: ws, plan, period, date, number } = request;
  requirePeriodInPlan(plan, period);
  const store = openStoreForReading(ws);
  let month;
  try {
    month = monthReturns(store, plan, period);
  } finally {
    store.close();
  }

  let circular;
  try {
    circular = await renderCircular({
      period,
      ...month,
      date,
      number,
      workspaceTemplates: ws.templates,
    });
  } catch (error) {
    if (error instanceof CalendarError) throw new UserError(`无法计算整改期限或报送期限：${error.message}`);
    throw error;
  }
  const dir = path.join(ws.reports, period);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, circular.fileName);
  await writeFile(file, circular.bytes);
  return { file, submissions: month.submissions.length };
}
