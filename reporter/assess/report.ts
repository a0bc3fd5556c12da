import type { ScoringScheme } from '../../core/assessment/scheme.js';
import type { YearAssessment } from '../../core/assessment/year.js';
import type { Plan } from '../../core/plan/model.js';
import { renderFromTemplates, type OfficialDocument } from '../render/templates.js';
import { assessmentData } from './content.js';

export interface AssessmentReportRequest {
  plan: Plan;
  scheme: ScoringScheme;
  assessment: YearAssessment;
  /** 成文日期, ISO. */
  date: string;
  number?: string;
  /** The workspace's templates/ folder: its copies override the built-in templates. */
  workspaceTemplates?: string;
}

/** The year-end assessment report as a .docx, built like the monthly circular: same request, same bytes. */
export async function renderAssessmentReport(request: AssessmentReportRequest): Promise<OfficialDocument> {
  const { narrative, values, title } = assessmentData(request);
  return renderFromTemplates('assessment', { narrative, values, title }, request);
}
