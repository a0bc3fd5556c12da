import { monthsText } from '../../core/calendar/period.js';
import { planCalendar } from '../../core/plan/calendar.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { firstPeriodOf } from '../../core/plan/periods.js';
import { planTimeZone, scheduleOf } from '../../core/schedule/model.js';
import { yearSchedule, type ScheduleGap } from '../../core/schedule/runs.js';
import { existsSync } from 'node:fs';
import { officeToday } from '../collect/deadline.js';
import { documentSettingFindings } from '../plan/city-check.js';
import { errorsOf, formatFinding, warningsOf } from '../plan/findings.js';
import { historyFindings, outdatedWorkbooks, type OutdatedPeriod } from '../plan/outdated.js';
import { openStoreForReading } from '../store/index.js';
import { HOLIDAYS_SHEET } from '../plan/sheets/holidays.js';
import { UserError } from '../user-error.js';
import { loadYearPlan, openWorkspace, parseYear, planYears, readYearPlan } from '../plan/years.js';
import type { Workspace } from '../workspace.js';

interface CheckOptions {
  workspace?: string;
  year?: string;
  json?: boolean;
}

const counts = (plan: Plan) => ({
  tasks: plan.tasks.length,
  units: plan.units.length,
  indicators: plan.indicators.length,
});

/** One warning per missing year of holidays, naming the deadlines and runs that wait for it. */
export function holidayGapFindings(plan: Plan, file: string): Finding[] {
  const { gaps } = yearSchedule({
    year: plan.year,
    returnDeadlineWorkingDay: plan.settings.returnDeadlineWorkingDay,
    config: scheduleOf(plan),
    calendar: planCalendar(plan),
    firstPeriod: firstPeriodOf(plan),
  });
  const byYear = new Map<number, ScheduleGap[]>();
  for (const gap of gaps) byYear.set(gap.missingYear, [...(byYear.get(gap.missingYear) ?? []), gap]);
  return [...byYear].map(([year, list]) => {
    const periods = list.filter((g) => g.period.includes('-')).map((g) => g.period);
    const what = [
      ...(periods.length
        ? [`${plan.year}年${monthsText(periods)}的报送截止日及下发、催报、收取、通报日程`]
        : []),
      ...(list.some((g) => !g.period.includes('-')) ? [`${plan.year}年度的年终考核日`] : []),
    ];
    return {
      level: 'warning',
      file,
      sheet: HOLIDAYS_SHEET,
      cell: 'A1',
      code: 'plan.missing-holidays',
      message: `缺少${year}年的节假日数据，${what.join('、')}暂无法确定（日程服务到时不会运行这些任务，下发也会被拒绝）。${list[0].message}`,
    };
  });
}

interface YearReport {
  year: number;
  file: string;
  ok: boolean;
  errors: number;
  warnings: number;
  counts: ReturnType<typeof counts>;
  findings: Finding[];
  /** Open periods whose issued workbooks no longer fit the plan, unit by unit. */
  outdated: OutdatedPeriod[];
}

async function checkYear(ws: Workspace, year: number): Promise<YearReport> {
  const { file, plan, findings: read, places } = await readYearPlan(ws, year);
  const name = `${year}.xlsx`;
  // What documents still need from the office (city, 代字, contact): warnings only plan check gives.
  const findings = [...read, ...documentSettingFindings(name, plan, places)];
  if (plan.year && plan.year !== year) {
    findings.push({
      level: 'error',
      file: name,
      sheet: '设置',
      cell: 'A1',
      code: 'plan.year-mismatch',
      message: `年度为 ${plan.year}，与文件名 plans/${year}.xlsx 不符：请把“年度”改为 ${year}；如确是 ${plan.year} 年的工作要点，请把文件改名为 ${plan.year}.xlsx`,
    });
  }
  // Holiday gaps need the plan as commands see it (with the neighbouring years' 节假日 rows).
  let outdated: OutdatedPeriod[] = [];
  if (errorsOf(findings).length === 0) {
    const loaded = await loadYearPlan(ws, year);
    findings.push(...holidayGapFindings(loaded, name));
    // The workbooks already out: only a workspace that has issued has them (looking creates no database).
    if (existsSync(ws.database)) {
      const store = openStoreForReading(ws);
      try {
        outdated = outdatedWorkbooks(store, loaded, officeToday(new Date(), planTimeZone(loaded)));
        findings.push(...historyFindings(store, loaded, outdated, name));
      } finally {
        store.close();
      }
    }
  }
  const errors = errorsOf(findings).length;
  return {
    year,
    file,
    ok: errors === 0,
    errors,
    warnings: warningsOf(findings).length,
    counts: counts(plan),
    findings,
    outdated,
  };
}

/**
 * `creditwork plan check [--year Y]`: every problem in the year's plan (or every year's) with sheet
 * and cell, the years it still names, and the deadlines waiting for holiday data; non-zero exit on
 * any error.
 */
export async function run(options: CheckOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const years = options.year !== undefined ? [parseYear(options.year)] : planYears(ws);
  if (years.length === 0) throw new UserError(`工作区 ${ws.root} 中没有工作要点，请先运行 creditwork init`);
  const reports: YearReport[] = [];
  for (const year of years) reports.push(await checkYear(ws, year));
  const errors = reports.reduce((n, r) => n + r.errors, 0);
  const code = errors > 0 ? 1 : 0;

  if (options.json) {
    const warnings = reports.reduce((n, r) => n + r.warnings, 0);
    const findings = reports.flatMap((r) => r.findings);
    console.log(JSON.stringify({ ok: code === 0, errors, warnings, findings, plans: reports }, null, 2));
    return code;
  }

  for (const report of reports) {
    const shown = [...errorsOf(report.findings), ...warningsOf(report.findings)];
    for (const finding of shown) console.log(formatFinding(finding, true));
    const name = `plans/${report.year}.xlsx`;
    const { tasks, units, indicators } = report.counts;
    if (report.errors > 0) {
      const warned = report.warnings > 0 ? `、${report.warnings}个提示` : '';
      console.log(
        `\n${name} 未通过检查：${report.errors}个错误${warned}。请按上面的位置修改 ${report.file}，保存后重新运行 creditwork plan check。`,
      );
    } else {
      const warned = report.warnings > 0 ? `（${report.warnings}个提示，见上）` : '';
      console.log(`${name} 检查通过：${tasks}项任务、${units}个单位、${indicators}项指标${warned}`);
    }
    if (reports.length > 1) console.log('');
  }
  return code;
}
