import type { ScoringScheme } from '../../core/assessment/scheme.js';
import type { YearAssessment } from '../../core/assessment/year.js';
import type { Plan } from '../../core/plan/model.js';
import { renderDocument } from '../render/docx.js';
import { loadTemplate } from '../render/templates.js';
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
export async function renderAssessmentReport(
  request: AssessmentReportRequest,
): Promise<{ title: string; fileName: string; bytes: Uint8Array }> {
  const { narrative, values, title } = assessmentData(request);
  const template = await loadTemplate('assessment.docx', request.workspaceTemplates);
  const hbs = await loadTemplate('assessment.hbs', request.workspaceTemplates);
  const bytes = await renderDocument({
    template: { bytes: template.bytes, name: template.path },
    narrative: { source: new TextDecoder().decode(hbs.bytes), name: hbs.path, data: narrative },
    values,
    date: request.date,
    title,
  });
  return { title, fileName: `${title}.docx`, bytes };
}
