/**
 * 提交: the open workbook to the portal that issued it (`<portalUrl>/returns`, multipart field
 * `file`, JSON verdict), as issue 14 spells out. The portal's answer is untrusted input: it is
 * checked for shape and only ever shown as text. Nothing here touches the workbook, so a failed
 * submission loses nothing.
 */
import type { WorkbookFile } from './host.js';

export interface VerdictFinding {
  level: 'error' | 'warning';
  sheet: string;
  cell: string;
  message: string;
}

export interface Verdict {
  outcome: 'accepted' | 'refused' | 'duplicate';
  unit: string;
  period: string;
  findings: VerdictFinding[];
}

export type SubmitResult = { ok: true; verdict: Verdict } | { ok: false; reason: string };

/** An upload of a normal workbook takes well under a second; this covers a slow intranet link. */
export const SUBMIT_TIMEOUT_MS = 60_000;

const OUTCOMES = new Set(['accepted', 'refused', 'duplicate']);

const text = (value: unknown, max = 2000) => (typeof value === 'string' ? value.slice(0, max) : '');

/** The verdict as the portal sends it, or null when the answer is not one. */
export function parseVerdict(body: unknown): Verdict | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.outcome !== 'string' || !OUTCOMES.has(b.outcome)) return null;
  const findings = Array.isArray(b.findings) ? b.findings : [];
  return {
    outcome: b.outcome as Verdict['outcome'],
    unit: text(b.unit, 100),
    period: text(b.period, 20),
    findings: findings
      .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
      .slice(0, 500)
      .map((f) => ({
        level: f.level === 'warning' ? 'warning' : 'error',
        sheet: text(f.sheet, 100),
        cell: text(f.cell, 20),
        message: text(f.message),
      })),
  };
}

const KEEP = '文件仍保存在本机，没有丢失；';

/** What to tell the unit for an answer that carries no verdict. */
export function failureReason(status: number): string {
  if (status === 404)
    return `门户不认识本表的报送地址（可能已更换）。${KEEP}请向市信用办索取新的报送地址，或在门户网页上传。`;
  if (status === 413) return `文件超过门户允许的大小。${KEEP}请删除表中插入的图片或附件后再提交。`;
  if (status === 429) return `提交过于频繁，门户暂时拒收。${KEEP}请一分钟后再试。`;
  if (status >= 500) return `市信用办门户暂时出错（${status}）。${KEEP}请稍后再试，或在门户网页上传。`;
  return `门户未给出审核结果（${status}）。${KEEP}请稍后再试，或在门户网页上传。`;
}

/** Posts the workbook and reads the office's verdict; never throws. */
export async function submitWorkbook(
  portalUrl: string,
  file: WorkbookFile,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = SUBMIT_TIMEOUT_MS,
): Promise<SubmitResult> {
  const form = new FormData();
  const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type }), file.name);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(`${portalUrl}/returns`, {
      method: 'POST',
      body: form,
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      signal: abort.signal,
    });
  } catch {
    return {
      ok: false,
      reason: abort.signal.aborted
        ? `门户长时间没有回应。${KEEP}请检查网络后重试，或在门户网页上传。`
        : `无法连接市信用办门户（${new URL(portalUrl).host}）：可能没有网络或不在单位内网。${KEEP}请联网后重试，或在门户网页上传。`,
    };
  } finally {
    clearTimeout(timer);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const verdict = parseVerdict(body);
  return verdict ? { ok: true, verdict } : { ok: false, reason: failureReason(response.status) };
}

/** One sentence for the pane's status line. */
export function verdictHeadline(v: Verdict): string {
  const errors = v.findings.filter((f) => f.level === 'error').length;
  if (v.outcome === 'accepted') return '市信用办已接收本表。';
  if (v.outcome === 'duplicate') return '市信用办已收到过同一份文件，本次未重复登记。';
  return `市信用办未接收本表：有 ${errors || v.findings.length} 个问题需修改后重新提交。`;
}
