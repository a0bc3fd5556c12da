import { periodLabel } from '../../core/calendar/period.js';
import { CalendarError } from '../../core/calendar/working-days.js';
import { returnDeadline } from '../../core/plan/deadlines.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { outdatedUnits, workbookDrift, type UnitDrift } from '../../core/plan/versions.js';
import { findExceptions } from '../exceptions/store.js';
import type { Store } from '../store/index.js';
import { currentIssue, issuedPeriodsInStore, planVersion } from './history.js';

/** What `plan check` says about the workbooks already out when the plan has changed. */

export interface OutdatedPeriod {
  period: string;
  units: (UnitDrift & { name: string })[];
}

/**
 * A period is open while workbooks are still expected back: its deadline, or an extension granted
 * in it, has not passed (a deadline the holidays cannot date yet counts as not passed).
 */
function isOpen(store: Store, plan: Plan, period: string, today: string): boolean {
  let deadline: string;
  try {
    deadline = returnDeadline(plan, period);
  } catch (error) {
    if (error instanceof CalendarError) return true;
    throw error;
  }
  return (
    deadline >= today ||
    findExceptions(store, { period }).some((e) => e.kind === 'extension' && (e.until ?? '') >= today)
  );
}

/** For each open period of the plan's year, the units whose issued workbook no longer fits the plan. */
export function outdatedWorkbooks(store: Store, plan: Plan, today: string): OutdatedPeriod[] {
  const names = new Map(plan.units.map((u) => [u.code, u.name]));
  const out: OutdatedPeriod[] = [];
  for (const period of issuedPeriodsInStore(store)) {
    if (!period.startsWith(`${plan.year}-`) || !isOpen(store, plan, period, today)) continue;
    const issued = currentIssue(store, period);
    const byVersion = new Map<number, Set<string>>();
    for (const w of issued.filter((w) => w.planId === plan.id))
      byVersion.set(w.planVersion, (byVersion.get(w.planVersion) ?? new Set()).add(w.unit));
    const units = new Map<string, UnitDrift>();
    for (const [version, have] of byVersion) {
      const snapshot = planVersion(store, plan.id, version);
      if (!snapshot) continue;
      for (const d of outdatedUnits(snapshot, plan)) {
        // A unit newly responsible is outdated only if no version gave it a workbook.
        if (have.has(d.unit) || !issued.some((w) => w.unit === d.unit)) units.set(d.unit, d);
      }
    }
    if (units.size)
      out.push({
        period,
        units: [...units.values()]
          .sort((a, b) => a.unit.localeCompare(b.unit))
          .map((d) => ({ ...d, name: names.get(d.unit) ?? d.unit })),
      });
  }
  return out;
}

/** Findings for plan check: outdated workbooks per open period, and a changed plan under an issued version. */
export function historyFindings(
  store: Store,
  plan: Plan,
  outdated: OutdatedPeriod[],
  file: string,
): Finding[] {
  const findings: Finding[] = [];
  const issued = planVersion(store, plan.id, plan.version);
  if (issued) {
    const drift = workbookDrift(issued, plan);
    if (drift.length)
      findings.push({
        level: 'warning',
        file,
        sheet: '设置',
        cell: 'A1',
        code: 'plan.version-unchanged',
        message: `第 ${plan.version} 版已经下发过，此后改动了填报表中的内容（${drift.length} 个单位的填报表会不同）：下次下发前请把“版本号”改为 ${plan.version + 1}。已发出的填报表仍按第 ${plan.version} 版判断，不受影响`,
      });
  }
  for (const o of outdated) {
    const list = o.units.map((u) => `${u.name}（${u.unit}）：${u.changes.join('、')}`);
    findings.push({
      level: 'warning',
      file,
      sheet: '',
      cell: '',
      code: 'plan.outdated-workbooks',
      message: `${periodLabel(o.period)}已下发的填报表中，${o.units.length} 个单位的与现行工作要点不符：${list.join('；')}。请重新下发这些单位：creditwork issue --period ${o.period} --unit ${o.units.map((u) => u.unit).join(',')}（原文件移入“已替换-时间”保留）`,
    });
  }
  return findings;
}
