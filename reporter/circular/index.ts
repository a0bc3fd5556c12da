import type { UnitException } from '../../core/exceptions/model.js';
import type { Plan } from '../../core/plan/model.js';
import { scoreMonth } from '../../core/scoring/month.js';
import type { Period, Submission } from '../../core/submission.js';
import { renderFromTemplates, type OfficialDocument } from '../render/templates.js';
import { circularData } from './content.js';
import type { RecordBreaks } from '../render/docx.js';

export interface CircularRequest {
  plan: Plan;
  period: Period;
  /** Every accepted version of the month's returns (see monthReturns). */
  submissions: Submission[];
  /** Last month's, for the change since last month. */
  previous?: Submission[];
  /** The office's exceptions for the month and the one before. */
  exceptions?: UnitException[];
  /** Units whose returns were all refused this month (报送未通过). */
  refused?: readonly string[];
  /** 成文日期, ISO. */
  date: string;
  number?: string;
  /** The workspace's templates/ folder: its copies override the built-in templates. */
  workspaceTemplates?: string;
  /**
   * Page breaks before the 版记, to bring it to an even page: 1 puts it on a page of its own, 2 also
   * leaves a blank page before it (GB/T 9704 allows one). Default 0.
   */
  recordBreaks?: RecordBreaks;
}

export type Circular = OfficialDocument;

/** The monthly circular as a .docx: same request, same bytes. */
export async function renderCircular(request: CircularRequest): Promise<Circular> {
  const score = scoreMonth({
    plan: request.plan,
    period: request.period,
    submissions: request.submissions,
    previous: request.previous,
    exceptions: request.exceptions ?? [],
    asOf: request.date,
    refused: request.refused,
  });
  const content = circularData({ plan: request.plan, score, date: request.date, number: request.number });
  return renderFromTemplates('circular', content, request);
}
