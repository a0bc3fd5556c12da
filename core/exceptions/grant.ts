import { isIsoDate } from '../calendar/iso-date.js';
import { periodLabel } from '../calendar/period.js';
import { statedTimeProblems } from '../received.js';
import { EXCEPTION_KIND_LABELS, type ExceptionKind, type UnitExceptions } from './model.js';

/** What the office asks for, already parsed (dates ISO, the paper's time an ISO instant). */
export interface GrantRequest {
  period: string;
  unit: string;
  kind: ExceptionKind;
  until?: string;
  receivedAt?: string;
  reason: string;
}

export interface GrantContext {
  /** How the unit is named in messages, e.g. `市财政局（S05）`. */
  who: string;
  /** The plan's return deadline for the period. */
  deadline: string;
  /** The unit's exceptions already in force for the period. */
  existing: UnitExceptions;
  /** ISO instant. */
  now: string;
  /** The office's zone (the plan's), in which a paper return's time is checked and said. */
  timeZone: string;
}

export const MAX_REASON_LENGTH = 500;

/**
 * Why the office cannot grant this exception, in Chinese, one line per problem; empty when it can.
 * Pure, so the CLI and the portal refuse the same requests with the same words.
 */
export function grantProblems(request: GrantRequest, context: GrantContext): string[] {
  const { kind, period, until, receivedAt } = request;
  const { who, deadline, existing } = context;
  const label = EXCEPTION_KIND_LABELS[kind];
  const problems: string[] = [];
  const reason = request.reason.trim();
  if (!reason) problems.push('请用 --reason 写明原因（如“机构改革，经分管领导同意”），原因会记入台账。');
  else if (reason.length > MAX_REASON_LENGTH) problems.push(`原因不超过 ${MAX_REASON_LENGTH} 字。`);

  if (kind === 'extension') {
    if (until === undefined) problems.push('延期须用 --until YYYY-MM-DD 写明延至哪一天。');
    else if (!isIsoDate(until))
      problems.push(`--until ${JSON.stringify(until)} 不是有效日期，请写成 YYYY-MM-DD。`);
    else if (until <= deadline)
      problems.push(`延期日期 ${until} 应晚于${periodLabel(period)}的报送截止日期 ${deadline}。`);
  } else if (until !== undefined) problems.push(`${label}不需要 --until（只有延期需要）。`);

  if (kind === 'paper') {
    if (receivedAt === undefined)
      problems.push('纸质报送须用 --received-at 写明纸质材料的收到时间，如 "2026-10-09 15:30"。');
    else problems.push(...statedTimeProblems(receivedAt, period, context.now, context.timeZone));
  } else if (receivedAt !== undefined) problems.push(`${label}不需要 --received-at（只有纸质报送需要）。`);

  const same = existing[kind];
  if (same)
    problems.push(
      `${who}${periodLabel(period)}已有${label}（编号 ${same.id}），如需修改请先 creditwork exception remove --id ${same.id}。`,
    );
  if (kind === 'exemption') {
    for (const other of [existing.extension, existing.paper])
      if (other)
        problems.push(
          `${who}${periodLabel(period)}已有${EXCEPTION_KIND_LABELS[other.kind]}（编号 ${other.id}），与免报矛盾：请先撤销它。`,
        );
  } else if (existing.exemption) {
    problems.push(
      `${who}${periodLabel(period)}已免报（编号 ${existing.exemption.id}），不能再${kind === 'extension' ? '延期' : '登记纸质报送'}：请先撤销免报。`,
    );
  }
  return problems;
}
