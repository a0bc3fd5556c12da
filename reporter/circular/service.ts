import path from 'node:path';
import { CalendarError } from '../../core/calendar/working-days.js';
import { returnDeadline } from '../../core/plan/deadlines.js';
import type { Plan } from '../../core/plan/model.js';
import { publishDocuments, type Published } from '../documents/publish.js';
import { cnDate, cnPeriod } from '../render/format.js';
import type { Store } from '../store/index.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import { renderCircular } from './index.js';
import { monthReturns } from './load.js';

/**
 * The month's circular from the store to its file: what `creditwork circular`, the scheduler and
 * the portal's 生成 all call. Refuses a 成文日期 that makes the circular wrong (before the month
 * ends, or before its return deadline — units still within it would be named 未报送 — unless
 * `force`), and a 发文字号 another document holds.
 */

export interface CircularJob {
  ws: Workspace;
  store: Store;
  plan: Plan;
  period: string;
  /** 成文日期, ISO. */
  date: string;
  number?: number;
  /** Dated before the return deadline all the same. */
  force?: boolean;
  /** A PDF beside it; default: the plan's 设置 同时生成PDF. */
  pdf?: boolean;
  /** Lay it out with LibreOffice to put the 版记 on an even page (default true; false for a draft). */
  layOut?: boolean;
  now?: Date;
}

export interface CircularResult extends Published {
  /** Accepted returns the circular counts. */
  returns: number;
}

/** Why a 成文日期 does not fit the month, or null when it does. */
export function circularDateProblem(plan: Plan, period: string, date: string, force = false): string | null {
  if (date.slice(0, 7) <= period) {
    return `成文日期 ${date} 不在 ${period} 之后：月度通报应在该月结束后印发，请用 --date 指定。`;
  }
  const deadline = returnDeadline(plan, period);
  if (date < deadline && !force) {
    return `成文日期 ${cnDate(date)} 早于${cnPeriod(period)}的报送截止日 ${cnDate(deadline)}：截止前各单位仍可报送，此时印发会把尚在期限内的单位列为未报送。请在截止日之后印发；如确需提前，请加 --force。`;
  }
  return null;
}

export async function publishCircular(job: CircularJob): Promise<CircularResult> {
  const { ws, store, plan, period, date } = job;
  try {
    const problem = circularDateProblem(plan, period, date, job.force);
    if (problem) throw new UserError(problem);
    // The period is rendered with the plan in force for it (its targets as issued): month.plan.
    const month = monthReturns(store, plan, period);
    const [published] = await publishDocuments(
      ws,
      store,
      [
        {
          kind: 'circular',
          subject: period,
          date,
          number: job.number,
          numberPrefix: plan.document.numberPrefix,
          dir: path.join(ws.reports, period),
          render: (layout) =>
            renderCircular({
              period,
              ...month,
              date,
              number: job.number === undefined ? undefined : String(job.number),
              workspaceTemplates: ws.templates,
              recordBreaks: layout.recordBreaks,
            }),
        },
      ],
      { pdf: job.pdf ?? !!plan.document.pdf, now: job.now, layOut: job.layOut },
    );
    return { ...published, returns: new Set(month.submissions.map((s) => s.unit)).size };
  } catch (error) {
    if (error instanceof CalendarError) throw new UserError(`无法计算整改期限或报送期限：${error.message}`);
    throw error;
  }
}
