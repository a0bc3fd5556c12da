import path from 'node:path';
import { isIsoDate } from '../../core/calendar/index.js';
import { countedMonthsText, LEFT_OUT_LABELS, leftOutText } from '../../core/assessment/year.js';
import { runAssessment, type AssessResult } from '../assess/index.js';
import { officeToday } from '../collect/deadline.js';
import { planTimeZone } from '../../core/schedule/model.js';
import { numberOption } from '../documents/options.js';
import { formatFinding } from '../plan/findings.js';
import { loadYearPlan, openWorkspace, yearOption } from '../plan/years.js';
import { openStore } from '../store/index.js';
import { UserError } from '../user-error.js';

/** What `assess --json` prints: the counted periods, those left out and why, and every unit's result. */
function assessJson(result: AssessResult, date: string) {
  const { assessment } = result;
  return {
    year: assessment.year,
    date,
    periods: assessment.periods,
    leftOut: assessment.leftOut.map((l) => ({ ...l, label: LEFT_OUT_LABELS[l.reason] })),
    units: assessment.groups.flatMap((g) =>
      g.units.map((u) => ({
        code: u.unit.code,
        name: u.unit.name,
        group: g.group.name,
        months: u.months,
        exempt: u.exempt.map((e) => e.period),
        total: u.total,
        grade: u.grade,
        rank: u.rank,
        vetoed: u.vetoed,
      })),
    ),
    reviewsChanged: result.reviewsChanged,
    scoreSheet: result.scoreSheet,
    report: result.report,
    warnings: result.warnings.map((w) => (w.sheet ? formatFinding(w) : w.message)),
  };
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const workspace = await openWorkspace(String(options.workspace));
  const year = await yearOption(workspace, options.year);
  if (options.date !== undefined && !isIsoDate(String(options.date))) {
    throw new UserError(`成文日期“${String(options.date)}”无效：请写成 YYYY-MM-DD，如 --date 2025-01-20`);
  }
  const number = numberOption(options.number);
  const plan = await loadYearPlan(workspace, year);
  const date =
    options.date === undefined ? officeToday(new Date(), planTimeZone(plan)) : String(options.date);
  const store = openStore(workspace);
  try {
    const result = await runAssessment({
      workspace,
      plan,
      store,
      year,
      date,
      reviewFile: options.review === undefined ? undefined : path.resolve(String(options.review)),
      number,
      pdf: options.pdf ? true : undefined,
    });
    for (const warning of result.warnings) {
      console.warn(`提示：${warning.sheet ? formatFinding(warning) : warning.message}`);
    }
    const { assessment } = result;
    if (options.json) {
      console.log(JSON.stringify(assessJson(result, date), null, 2));
      return 0;
    }
    const left = leftOutText(assessment.leftOut);
    console.log(
      `${year}年度考核：${assessment.units.length}个单位，计入${assessment.periods.length}个月` +
        `${left ? `（${countedMonthsText(assessment.periods)}；${left}，不计入）` : ''}。`,
    );
    for (const group of assessment.groups) {
      const counts = new Map<string, number>();
      for (const u of group.units) counts.set(u.grade, (counts.get(u.grade) ?? 0) + 1);
      console.log(
        `  ${group.group.name}：${[...counts].map(([g, n]) => `${g}${n}个`).join('，') || '无单位'}`,
      );
    }
    if (result.reviewsChanged) console.log(`已保存信用办审核分的 ${result.reviewsChanged} 处修改。`);
    console.log(`评分表：${path.relative(process.cwd(), result.scoreSheet)}`);
    console.log(`考核通报：${path.relative(process.cwd(), result.report)}`);
    if (result.pdf) console.log(`PDF：${path.relative(process.cwd(), result.pdf)}`);
    if (result.pages) console.log(`共 ${result.pages} 页，版记在第 ${result.pages} 页。`);
    for (const note of result.notes) console.log(`提示：${note}`);
    if (number === undefined) console.log('提示：未指定 --number，发文字号的序号留空，可打印后手填。');
    return 0;
  } finally {
    store.close();
  }
}
