import type { Plan } from '../../core/plan/model.js';
import { scoreMonth } from '../../core/scoring/month.js';
import type { Period, Submission } from '../../core/submission.js';
import { renderDocument } from '../render/docx.js';
import { loadTemplate } from '../render/templates.js';
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

export interface Circular {
  title: string;
  fileName: string;
  bytes: Uint8Array;
}

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
  const template = await loadTemplate('circular.docx', request.workspaceTemplates);
  const hbs = await loadTemplate('circular.hbs', request.workspaceTemplates);
  const bytes = await renderDocument({
    template: { bytes: template.bytes, name: template.path },
    narrative: { source: new TextDecoder().decode(hbs.bytes), name: hbs.path, data: narrative },
    values,
    date: request.date,
    title,
  });
  return { title, fileName: `${title}.docx`, bytes };
}
