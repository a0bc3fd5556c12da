import { existsSync } from 'node:fs';
import { periodLabel } from '../../core/calendar/period.js';
import { officeDateTime } from '../../core/calendar/office-time.js';
import type { Indicator, Plan } from '../../core/plan/model.js';
import { planTimeZone } from '../../core/schedule/model.js';
import { versionChanges } from '../../core/plan/versions.js';
import { versionHistory, type VersionRecord } from '../plan/history.js';
import { COMPARATOR_SYMBOLS, formatTarget } from '../plan/labels.js';
import { loadYearPlan, openWorkspace, yearOption } from '../plan/years.js';
import { openStoreForReading } from '../store/index.js';

interface HistoryOptions {
  workspace?: string;
  year?: string;
  json?: boolean;
}

/** `≥95%（目标原文：达到95%）`: the number the rules judge by, and the words documents print. */
const showTarget = (i: Indicator): string => {
  const value = `${COMPARATOR_SYMBOLS[i.comparator]}${formatTarget(i)}`;
  return i.targetText && i.targetText !== value ? `${value}（${i.targetText}）` : value;
};

interface VersionEntry {
  planId: string;
  version: number;
  title: string;
  /** When it was first issued (the snapshot's time). */
  recordedAt: string;
  periods: VersionRecord['periods'];
  /** What changed since the version before it (empty for the first). */
  changes: string[];
}

function entries(history: VersionRecord[]): VersionEntry[] {
  return history.map((record, n) => {
    const before = history[n - 1]?.plan;
    return {
      planId: record.plan.id,
      version: record.plan.version,
      title: record.plan.title,
      recordedAt: record.recordedAt,
      periods: record.periods,
      changes: before ? versionChanges(before, record.plan, showTarget) : [],
    };
  });
}

function listing(year: number, current: Plan, versions: VersionEntry[], pending: string[] | null): string {
  const lines = [
    `${year}年工作要点的版本（已下发的每一版都保存在 creditwork.db 中，收回的填报表按下发它的版本判断）`,
  ];
  if (!versions.length) lines.push('  尚未下发过填报表，没有版本记录。');
  for (const v of versions) {
    const periods = v.periods.map(
      (p) =>
        `${periodLabel(p.period)} ${p.units} 份${p.replaced ? `（其中 ${p.replaced} 份已被重新下发替换）` : ''}`,
    );
    lines.push(
      `第 ${v.version} 版（${v.planId}）首次下发于 ${officeDateTime(v.recordedAt, planTimeZone(current))}；下发：${periods.join('；') || '无'}`,
    );
    for (const change of v.changes) lines.push(`    ${change}`);
  }
  const last = versions[versions.length - 1];
  if (pending === null) lines.push(`现行 plans/${year}.xlsx：第 ${current.version} 版，已下发。`);
  else
    lines.push(
      `现行 plans/${year}.xlsx：第 ${current.version} 版，尚未下发${last && pending.length ? `；与第 ${last.version} 版相比：` : '。'}`,
      ...pending.map((c) => `    ${c}`),
    );
  return lines.join('\n');
}

export async function run(options: HistoryOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const year = await yearOption(ws, options.year);
  const current = await loadYearPlan(ws, year);
  // Looking creates no database: a workspace that never issued has no history.
  const history = existsSync(ws.database)
    ? (() => {
        const store = openStoreForReading(ws);
        try {
          return versionHistory(store, year);
        } finally {
          store.close();
        }
      })()
    : [];
  const versions = entries(history);
  const recorded = history.find((r) => r.plan.id === current.id && r.plan.version === current.version);
  const last = history[history.length - 1]?.plan;
  // Changes not yet issued: what the next issue will record as a new version.
  const pending = recorded ? null : last ? versionChanges(last, current, showTarget) : [];
  if (options.json)
    console.log(
      JSON.stringify(
        {
          year,
          current: {
            planId: current.id,
            version: current.version,
            issued: !!recorded,
            changes: pending ?? [],
          },
          versions,
        },
        null,
        2,
      ),
    );
  else console.log(listing(year, current, versions, pending));
  return 0;
}
