import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Period } from '../../core/submission.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';

/** `S01-市发展改革委.xlsx` → `S01` (reporter/issue/build-workbook.ts unitFileName). */
const UNIT_FILE = /^([A-Za-z0-9_]+)-.+\.xlsx$/i;

/** Unit codes of the workbooks in a folder and the 已替换-… folders `issue --force` set aside in it. */
function unitsIn(dir: string, out: Set<string>, depth = 0): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (depth === 0) unitsIn(path.join(dir, entry.name), out, 1);
      continue;
    }
    const code = UNIT_FILE.exec(entry.name)?.[1];
    if (code && !entry.name.startsWith('下发清单')) out.add(code);
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
): Map<Period, Set<string>> {
  const issued = new Map<Period, Set<string>>();
  for (const period of periods) {
    const units = new Set<string>();
    unitsIn(path.join(ws.outbox, period), units);
    for (const record of store.returns(period)) if (record.unit) units.add(record.unit);
    issued.set(period, units);
  }
  return issued;
}
