import path from 'node:path';
import { planCalendar } from '../../core/plan/calendar.js';
import type { Plan } from '../../core/plan/model.js';
import { carryOverPlan } from '../../core/plan/years.js';
import { UserError } from '../user-error.js';
import { loadYearPlan, openWorkspace, parseYear, planYears, writeYearPlan } from '../plan/years.js';

interface PlanNewOptions {
  workspace?: string;
  year?: string;
  from?: string;
  force?: boolean;
}

export const quote = (dir: string): string => (/^[\w./\\:-]+$/.test(dir) ? dir : JSON.stringify(dir));

/** Whether the plan's year and the next have holiday data, and what to do when not. */
export function holidayStatusLines(plan: Plan): string[] {
  const coverage = planCalendar(plan).coverage();
  const missing = [plan.year, plan.year + 1].filter((y) => !coverage.years.includes(y));
  if (missing.length === 0) return [`  节假日：${plan.year}年及${plan.year + 1}年的放假安排均已具备。`];
  const known = `内置的国务院节假日数据只到${coverage.libraryYears[coverage.libraryYears.length - 1]}年`;
  return missing.map((y) =>
    y === plan.year
      ? `  节假日：${y}年的放假安排尚未填入（${known}）。1月至12月的截止日都要用到它：国务院公布后，请把放假和调休上班日期填入 plans/${y}.xlsx 的“节假日”工作表。`
      : `  节假日：${y}年的放假安排尚未填入（${known}）。12月填报表的截止日和年终考核日在${y}年1月，到时需要它；1月至11月照常进行。`,
  );
}

/**
 * `creditwork plan new --year Y [--from X]`: plans/<Y>.xlsx carried over from the latest (or given)
 * year of the workspace, for the office to review in Excel.
 */
export async function run(options: PlanNewOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  if (options.year === undefined) throw new UserError('请用 --year 指定新的年度，如 --year 2027');
  const year = parseYear(options.year);
  const others = planYears(ws).filter((y) => y !== year);
  const from = options.from !== undefined ? parseYear(options.from) : others[others.length - 1];
  if (from === undefined) {
    throw new UserError(
      `工作区中除 ${year} 年外没有其他年度的工作要点可结转：请用 creditwork init --year ${year}`,
    );
  }
  if (from === year) throw new UserError(`--from 与 --year 同为 ${year}：请指定另一年度作为结转来源`);
  const source = await loadYearPlan(ws, from);
  const plan = carryOverPlan(source, year);
  const { file, backup } = await writeYearPlan(ws, plan, { force: options.force });
  const review = plan.tasks.filter((t) => t.reviewNote).length;
  console.log(
    [
      `已建立 ${file}：由 ${from} 年工作要点结转`,
      `  标题：${plan.title}；编号：${plan.id}`,
      `  ${plan.units.length}个单位、${plan.tasks.length}项任务（${review}项标为“待核对”）、${plan.indicators.length}项指标；考核办法、日程和设置照旧`,
      `  任务的完成时限、日期目标和文中的年份已改为 ${year} 年；启用期间为 ${year} 年1月`,
      ...(backup ? [`  原文件已备份为 ${path.basename(backup)}`] : []),
      ...holidayStatusLines(plan),
      '',
      `下一步：在 Excel 中核对 ${file}（任务的“待核对”列、指标目标、节假日），保存后运行`,
      `  creditwork plan check --year ${year} --workspace ${quote(options.workspace ?? ws.root)}`,
    ].join('\n'),
  );
  return 0;
}
