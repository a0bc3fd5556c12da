import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Period } from '../../core/submission.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';

/**
 * The unit a workbook's file name is for: `S01-市发展改革委.xlsx` → `S01` (unitFileName). Codes may
 * hold `-`, so the longest code the name starts with wins.
 */
function unitOfFile(name: string, codes: readonly string[]): string | undefined {
  if (!name.toLowerCase().endsWith('.xlsx')) return undefined;
  return codes.filter((code) => name.startsWith(`${code}-`)).sort((a, b) => b.length - a.length)[0];
}

/** Unit codes of the workbooks in a folder and the 已替换-… folders `issue --force` set aside in it. */
function unitsIn(dir: string, codes: readonly string[], out: Set<string>, depth = 0): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (depth === 0) unitsIn(path.join(dir, entry.name), codes, out, 1);
      continue;
    }
    const code = unitOfFile(entry.name, codes);
    if (code) out.add(code);
  }
}

/**
 * Who was sent each period's workbook: the files issue wrote to outbox/<period>/, and any unit whose
 * return for the period is on record (a workbook issued outside this workspace still came back).
 * The assessment holds a month against a unit only if the unit had that month's workbook.
 */
export function issuedUnits(
  ws: Workspace,
  store: Store,
  periods: readonly Period[],
  codes: readonly string[],
): Map<Period, Set<string>> {
  const issued = new Map<Period, Set<string>>();
  for (const period of periods) {
    const units = new Set<string>();
    unitsIn(path.join(ws.outbox, period), codes, units);
    for (const record of store.returns(period)) if (record.unit) units.add(record.unit);
    issued.set(period, units);
  }
  return issued;
}
