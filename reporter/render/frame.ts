import type { DocumentSettings } from '../../core/plan/model.js';
import type { RenderValue } from './docx.js';
import { cnDate, documentNumber } from './format.js';

/**
 * The parts every official document of the office shares — 发文机关标志, 发文字号, 主送, 落款,
 * 成文日期 and 版记 — filled from plan.xlsx's 设置 the same way for the circular and the assessment.
 */
export function documentFrame(
  doc: DocumentSettings,
  date: string,
  number?: string,
): Record<string, RenderValue> {
  return {
    issuerMark: { kind: 'text', text: doc.issuer },
    docNumber: { kind: 'text', text: documentNumber(doc.numberPrefix, date, number) },
    mainRecipients: { kind: 'text', text: doc.mainRecipients },
    issuer: { kind: 'text', text: doc.issuer },
    dateText: { kind: 'text', text: cnDate(date) },
    copyToLine: { kind: 'text', text: doc.copyTo ? `抄送：${doc.copyTo}。` : '' },
    printer: { kind: 'text', text: doc.printer },
    printDate: { kind: 'text', text: cnDate(date) },
  };
}
