import type { Plan } from '../../core/plan/model.js';
import { scoreMonth } from '../../core/scoring/month.js';
import type { Period, Submission } from '../../core/submission.js';
import { renderFromTemplates, type OfficialDocument } from '../render/templates.js';
import { circularData } from './content.js';

export interface CircularRequest {
  plan: Plan;
  period: Period;
  /** The month's accepted submissions. */
  submissions: Submission[];
  /** Last month's accepted submissions, for the change since last month. */
  previous?: Submission[];
  /** 成文日期, ISO. */
  date: string;
  number?: string;
  /** The workspace's templates/ folder: its copies override the built-in templates. */
  workspaceTemplates?: string;
}

export type Circular = OfficialDocument;

/** The monthly circular as a .docx: same request, same bytes. */
export async function renderCircular(request: CircularRequest): Promise<Circular> {
  const score = scoreMonth({
    plan: request.plan,
    period: request.period,
    submissions: request.submissions,
    previous: request.previous,
  });
  const { narrative, values, title } = circularData({
    plan: request.plan,
    score,
    date: request.date,
    number: request.number,
  });
  return renderFromTemplates('circular', { narrative, values, title }, request);
}
