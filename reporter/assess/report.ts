import type { ScoringScheme } from '../../core/assessment/scheme.js';
import type { YearAssessment } from '../../core/assessment/year.js';
import type { Plan } from '../../core/plan/model.js';
import { renderFromTemplates, type OfficialDocument } from '../render/templates.js';
import { assessmentData } from './content.js';
import type { RecordBreaks } from '../render/docx.js';

export interface AssessmentReportRequest {
  plan: Plan;
  scheme: ScoringScheme;
  assessment: YearAssessment;
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

/** The year-end assessment report as a .docx, built like the monthly circular: same request, same bytes. */
export async function renderAssessmentReport(request: AssessmentReportRequest): Promise<OfficialDocument> {
  return renderFromTemplates('assessment', assessmentData(request), request);
}
