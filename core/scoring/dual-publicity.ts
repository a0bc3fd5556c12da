import { DUAL_PUBLICITY_INDICATORS } from '../plan/dual-publicity.js';
import type { Plan, Unit } from '../plan/model.js';
import type { Submission } from '../submission.js';
import { reportedValue } from './indicator.js';

export interface DualPublicityEntry {
  unit: Unit;
  /** Fractions 0–1 as reported. */
  compliance: number;
  timeliness: number;
  completeness: number;
  /** 0–100: the weighted sum of the three rates. */
  score: number;
  /** Competition ranking: equal scores share a rank, the next rank skips (1, 1, 3). */
  rank: number;
}

export interface DualPublicityRanking {
  ranked: DualPublicityEntry[];
  /** Units that publish but gave no complete set of rates this month (not returned, or rates left empty). */
  unranked: Unit[];
  /** The best units, commended in the circular: up to namedCount, and every unit tied with the last. */
  best: DualPublicityEntry[];
  /** The worst units, named in the circular, ties included; never a unit that ties with the best. */
  worst: DualPublicityEntry[];
}

/** How many units are commended and named: up to 3, and never more than half of those ranked. */
export const namedCount = (ranked: number): number => Math.min(3, Math.floor(ranked / 2));

/** Units the office exempted for the month (`skip`) are neither ranked nor named as unranked. */
export function rankDualPublicity(
  plan: Plan,
  latest: Map<string, Submission>,
  skip: ReadonlySet<string> = new Set(),
): DualPublicityRanking {
  const weights = plan.settings.dualPublicityWeights;
  const indicators = new Map(plan.indicators.map((i) => [i.code, i]));
  const entries: Omit<DualPublicityEntry, 'rank'>[] = [];
  const unranked: Unit[] = [];
  for (const unit of plan.units.filter((u) => u.dualPublicity && !skip.has(u.code))) {
    const submission = latest.get(unit.code);
    const rate = (code: string) => {
      const indicator = indicators.get(code);
      const report = submission?.indicators.find((r) => r.code === code);
      return indicator ? reportedValue(indicator, report) : null;
    };
    const compliance = rate(DUAL_PUBLICITY_INDICATORS.compliance);
    const timeliness = rate(DUAL_PUBLICITY_INDICATORS.timeliness);
    const completeness = rate(DUAL_PUBLICITY_INDICATORS.completeness);
    if (compliance === null || timeliness === null || completeness === null) {
      unranked.push(unit);
      continue;
    }
    const weighted =
      weights.compliance * compliance + weights.timeliness * timeliness + weights.completeness * completeness;
    // Rounded to 0.01 so that ties the reader sees as ties rank as ties.
    entries.push({ unit, compliance, timeliness, completeness, score: Math.round(weighted * 10000) / 100 });
  }
  // Stable sort: equal scores keep the plan's unit order.
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.score - a.e.score || a.i - b.i)
    .map(({ e }) => e);
  const ranked: DualPublicityEntry[] = [];
  sorted.forEach((e, i) => {
    const rank = i > 0 && sorted[i - 1].score === e.score ? ranked[i - 1].rank : i + 1;
    ranked.push({ ...e, rank });
  });
  // Ties at the edge are named too: praising two of three units on 98.50 would be unfair to the third.
  const k = namedCount(ranked.length);
  const best = k ? ranked.filter((e) => e.rank <= ranked[k - 1].rank) : [];
  const top = ranked[0]?.score;
  const lowest = k ? ranked[ranked.length - k].score : undefined;
  const worst =
    lowest === undefined ? [] : ranked.filter((e) => e.score <= lowest && e.score < top && !best.includes(e));
  return { ranked, unranked, best, worst };
}
