import { officeDate, officeDateTime } from './calendar/office-time.js';
import { periodBounds, periodLabel } from './calendar/period.js';

/**
 * Where a return's received time came from. The office decides on-time or late from it, so every
 * return records its source and status, the 汇总表 and receipts show it: a time read from a file
 * saved into the inbox a day late is not the same evidence as a portal upload.
 */

export type ReceivedSource = 'upload' | 'pane' | 'file-time' | 'mail' | 'paper' | 'stated' | 'collected';

export const RECEIVED_SOURCE_LABELS: Record<ReceivedSource, string> = {
  upload: '门户上传',
  pane: '填报助手提交',
  'file-time': '收件目录文件时间',
  mail: '邮件',
  paper: '纸质报送',
  stated: '信用办登记的收到时间',
  // A file time later than the collect itself is not a time the file arrived: the collect's own
  // time is the latest it can have arrived.
  collected: '收取时间',
};

export interface Received {
  /** ISO instant. */
  at: string;
  source: ReceivedSource;
}

export const isReceivedSource = (value: unknown): value is ReceivedSource =>
  typeof value === 'string' && Object.hasOwn(RECEIVED_SOURCE_LABELS, value);

/**
 * Why a received time the office states (a paper return, `collect --received-at`) cannot be right
 * for the period: it lies in the future, or before the period began (nothing for it was issued yet).
 * Without a period (a collect of every period) only the first; each file's period is checked later.
 * Times are read and said in the office's zone (the plan's).
 */
export function statedTimeProblems(
  at: string,
  period: string | null,
  now: string,
  timeZone: string,
): string[] {
  const problems: string[] = [];
  const said = officeDateTime(at, timeZone);
  if (Date.parse(at) > Date.parse(now)) problems.push(`收到时间 ${said} 晚于现在，请核对。`);
  if (period !== null && officeDate(at, timeZone) < periodBounds(period).start)
    problems.push(`收到时间 ${said} 早于${periodLabel(period)}开始，请核对期间和时间。`);
  return problems;
}
