import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Which periods the office has issued: `issue` writes every period's workbooks with an index
 * (下发清单) into outbox/<period>/, and moves an earlier issue aside rather than deleting it, so
 * the index is there for every period ever issued. Light on purpose: intake asks per file.
 */

export const indexFileName = (period: string): string => `下发清单-${period}.xlsx`;

const PERIOD_DIR = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isIssued(outbox: string, period: string): boolean {
  return PERIOD_DIR.test(period) && existsSync(path.join(outbox, period, indexFileName(period)));
}

/** Every issued period, oldest first. */
export function issuedPeriods(outbox: string): string[] {
  let names: string[];
  try {
    names = readdirSync(outbox);
  } catch {
    return [];
  }
  return names.filter((name) => isIssued(outbox, name)).sort();
}
