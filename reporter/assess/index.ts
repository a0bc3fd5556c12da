import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { schemeOf } from '../../core/assessment/scheme.js';
import {
  assessYear,
  assessmentPeriods,
  leftOutText,
  type YearAssessment,
} from '../../core/assessment/year.js';
import { firstPeriodOf } from '../../core/plan/periods.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { publishDocuments } from '../documents/publish.js';
import { findExceptions } from '../exceptions/store.js';
import { planOfPeriod } from '../plan/history.js';
import { errorsOf, formatFinding } from '../plan/findings.js';
import type { Store } from '../store/index.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import { issuedUnits } from './issued.js';
import { archivePaths, yearSubmissions } from './load.js';
import { renderAssessmentReport } from './report.js';
import { readReviewSheet } from './review-sheet.js';
import { loadReviews, saveReviews } from './review-store.js';
import { writeScoreSheet } from './score-sheet.js';
import { SCORE_SHEET_FILE } from './sheet-layout.js';

export interface AssessRequest {
  workspace: Workspace;
  plan: Plan;
  store: Store;
  year: number;
  /** 成文日期 and the cut-off for counted months, ISO. */
  date: string;
  /** A reviewed score sheet to take the office's scores from. */
  reviewFile?: string;
  /** Timestamp recorded with saved reviews. */
  now?: string;
  /** The 发文字号's sequence number; absent leaves it blank to be written in by hand. */
  number?: number;
  /** A PDF beside the report; default: the plan's 设置 同时生成PDF. */
  pdf?: boolean;
  /** Lay the report out with LibreOffice to put the 版记 on an even page (default true). */
  layOut?: boolean;
}

export interface AssessResult {
  assessment: YearAssessment;
  scoreSheet: string;
  report: string;
  /** The report's PDF, when asked for and LibreOffice is installed. */
  pdf?: string;
  /** The report's pages as laid out (absent without LibreOffice). */
  pages?: number;
  /** What the office should know about the report (an edited copy kept aside, no PDF…). */
  notes: string[];
  /** Reviews changed by this run (from --review or the previous score sheet). */
  reviewsChanged: number;
  warnings: Finding[];
}

const SHOWN = 30;

function refuse(findings: Finding[], file: string, year: number): never {
  const errors = errorsOf(findings);
  const lines = errors.slice(0, SHOWN).map((f) => `  ${formatFinding(f)}`);
  if (errors.length > SHOWN) lines.push(`  ……另有 ${errors.length - SHOWN} 处错误`);
  throw new UserError(
    `评分表 ${file} 有 ${errors.length} 处错误，审核分未采用，输出未改动。请改正后运行 creditwork assess --year ${year} --review ${JSON.stringify(file)}：\n${lines.join('\n')}`,
  );
}

/**
 * The year-end assessment: scores every unit from the stored returns, takes the office's reviews
 * (from --review, else from the previous score sheet, so edits made in it are never lost; both are
 * saved in the database, which is the record), writes the score sheet and the Word report.
 */
export async function runAssessment(request: AssessRequest): Promise<AssessResult> {
  const { workspace, plan, store, year, date } = request;
  if (plan.year !== year) {
    throw new UserError(
      `plans/${plan.year}.xlsx 是 ${plan.year} 年度的工作要点，不能用于 ${year} 年度的考核：请检查 --year 或工作区`,
    );
  }
  const scheme = schemeOf(plan);
  const all = assessmentPeriods(year).periods;
  const issued = issuedUnits(
    workspace,
    store,
    all,
    plan.units.map((u) => u.code),
  );
  const { periods, leftOut } = assessmentPeriods(year, {
    date,
    firstPeriod: firstPeriodOf(plan),
    issued: (period) => (issued.get(period)?.size ?? 0) > 0,
  });
  if (periods.length === 0) {
    throw new UserError(
      `${year}年度没有可计入考核的月份（${leftOutText(leftOut)}），未生成评分表和通报。` +
        (date < `${year + 1}-01-01`
          ? `年终考核一般在次年1月进行；如要考核上一年度，请用 --year ${year - 1}。`
          : ''),
    );
  }
  const issuedTo = (unit: string, period: string) => issued.get(period)?.has(unit) ?? false;
  const submissions = yearSubmissions(store, periods);
  const exceptions = findExceptions(store, { year });
  const plans = new Map(periods.map((p) => [p, planOfPeriod(store, plan, p)]));
  const outDir = path.join(workspace.reports, String(year));
  const scoreSheet = path.join(outDir, SCORE_SHEET_FILE);

  const warnings: Finding[] = [];
  let reviewsChanged = 0;
  const reviewFile = request.reviewFile ?? (existsSync(scoreSheet) ? scoreSheet : undefined);
  if (request.reviewFile && !existsSync(request.reviewFile)) {
    throw new UserError(`找不到评分表 ${request.reviewFile}：请检查 --review 后的路径`);
  }
  // Reviews are checked against the year's items and caps as they stand before any review.
  const input = { plan, scheme, year, periods, leftOut, issuedTo, submissions, exceptions, plans };
  const unreviewed = assessYear(input);
  if (reviewFile) {
    const { rows, findings } = await readReviewSheet(reviewFile, unreviewed);
    if (errorsOf(findings).length) refuse(findings, reviewFile, year);
    warnings.push(...findings);
    reviewsChanged = saveReviews(
      store.db,
      year,
      rows,
      path.basename(reviewFile),
      request.now ?? new Date().toISOString(),
    );
  }
  const reviews = loadReviews(store.db, year).filter((r) => {
    // A review saved before the scheme changed may no longer fit: it is kept in the database but not applied.
    const item = unreviewed.units
      .find((u) => u.unit.code === r.unit)
      ?.items.find((i) => i.item.id === r.item);
    const fits =
      !!item && (r.score === null || (item.applicable && r.score >= 0 && r.score <= item.item.points + 1e-9));
    if (!fits) {
      warnings.push({
        level: 'warning',
        sheet: '',
        cell: '',
        code: 'assess.stale-review',
        message: `单位 ${r.unit} 项目 ${r.item} 的审核分 ${r.score ?? ''} 与现行考核办法不符（项目已删除、不适用或超过分值上限），本次未采用；如需保留请在评分表中重新填写`,
      });
    }
    return fits;
  });
  const assessment = assessYear({ ...input, reviews });

  await mkdir(outDir, { recursive: true });
  await writeScoreSheet(scoreSheet, { assessment, scheme, archive: archivePaths(store), date });
  const [report] = await publishDocuments(
    workspace,
    store,
    [
      {
        kind: 'assessment',
        subject: String(year),
        date,
        number: request.number,
        numberPrefix: plan.document.numberPrefix,
        dir: outDir,
        render: (layout) =>
          renderAssessmentReport({
            plan,
            scheme,
            assessment,
            date,
            number: request.number === undefined ? undefined : String(request.number),
            workspaceTemplates: workspace.templates,
            recordBreaks: layout.recordBreaks,
          }),
      },
    ],
    {
      pdf: request.pdf ?? !!plan.document.pdf,
      now: request.now ? new Date(request.now) : undefined,
      layOut: request.layOut,
    },
  );
  return {
    assessment,
    scoreSheet,
    report: report.file,
    pdf: report.pdf,
    pages: report.pages,
    notes: report.notes,
    reviewsChanged,
    warnings,
  };
}
