import type { DocumentSettings } from '../../core/plan/model.js';
import type { RenderValue } from './docx.js';
import { cnDate, documentNumber } from './format.js';
import { signatureBlock } from './layout.js';

/**
 * The parts every official document of the office shares — 发文机关标志, 发文字号, 主送, 落款,
 * 成文日期 and 版记 — filled from the plan's 设置 the same way for the circular and the assessment.
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
    // 署名 and 成文日期 placed by GB/T 9704 7.3.5, sealed or not (设置: 落款加盖印章).
    signature: { kind: 'paragraphs', paragraphs: signatureBlock(doc.issuer, cnDate(date), !!doc.sealed) },
    copyToLine: { kind: 'text', text: doc.copyTo ? `抄送：${doc.copyTo}。` : '' },
    printer: { kind: 'text', text: doc.printer },
    printDate: { kind: 'text', text: cnDate(date) },
  };
}

/** What a template exported before {{signature}} existed holds instead: {{issuer}} and {{dateText}}. */
export function frameAlternatives(
  doc: DocumentSettings,
  date: string,
): Record<string, Record<string, RenderValue>> {
  return {
    signature: {
      issuer: { kind: 'text', text: doc.issuer },
      dateText: { kind: 'text', text: cnDate(date) },
    },
  };
}
