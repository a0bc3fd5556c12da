import { monthsText } from '../calendar/period.js';
import type { Plan, Unit } from '../plan/model.js';
import { rankDualPublicity, type DualPublicityRanking } from '../scoring/dual-publicity.js';
import type { UnitException } from '../exceptions/model.js';
import { latestByUnit, monthTimeliness, unitsDue } from '../scoring/month.js';
import type { Period, Submission } from '../submission.js';
import { round2, scoreItem, type ItemScore, type UnitYear, type YearContext } from './items.js';
import type { CategoryKind, GradeBand, ScoringCategory, ScoringGroup, ScoringScheme } from './scheme.js';
import { UnitCells } from './sources.js';

/** The office's review of one item of one unit: a score that overrides the computed one, and why. */
export interface Review {
  unit: string;
  item: string;
  /** Null when only a reason was written. */
  score: number | null;
  reason: string;
}

export interface ItemResult extends ItemScore {
  review?: Review;
  /** The review's score when given, else the computed score. */
  final: number;
}

export interface CategoryResult {
  category: ScoringCategory;
  /** Sum of the final item scores, at most the category's cap. */
  earned: number;
  /** Most the unit could earn here: the applicable items' points, at most the cap. */
  possible: number;
}

export interface UnitAssessment {
  unit: Unit;
  group: ScoringGroup;
  /** Counted months the office exempted the unit from: not scored, said so in the report. */
  exempt: { period: Period; exception: UnitException }[];
  /** The counted months this unit was due (issued its workbook, or returned one). */
  months: Period[];
  items: ItemResult[];
  categories: CategoryResult[];
  /** Base score out of scheme.total (rescaled to the applicable points when the scheme says so). */
  base: number;
  bonus: number;
  deduction: number;
  vetoed: boolean;
  /** base + bonus − deduction, at least 0; at most scheme.total when the scheme caps the total. */
  total: number;
  /** True when the cap took points off (the uncapped sum was above scheme.total). */
  capped: boolean;
  grade: string;
  /** Rank within the group: equal totals share a rank (1, 1, 3); vetoed units rank after the rest. */
  rank: number;
}

export interface GroupRanking {
  group: ScoringGroup;
  units: UnitAssessment[];
}

export interface YearAssessment {
  year: number;
  /** The months counted, in order (from 启用期间, issued, ended by the assessment date). */
  periods: Period[];
  /** The year's other months and why each is not counted. */
  leftOut: LeftOutPeriod[];
  groups: GroupRanking[];
  /** Every assessed unit in plan order. */
  units: UnitAssessment[];
  /** Reviews whose unit or item the assessment no longer has (kept, reported). */
  orphanReviews: Review[];
}

export interface YearInput {
  plan: Plan;
  scheme: ScoringScheme;
  year: number;
  /** The months counted, in order. */
  periods: Period[];
  /** The months left out and why (for the record: assess --json, the score sheet). */
  leftOut?: LeftOutPeriod[];
  /**
   * Whether a unit was issued a month's workbook. A month never issued to a unit is not held
   * against it; by default every counted month was issued to every unit due.
   */
  issuedTo?: (unit: string, period: Period) => boolean;
  /** Accepted submissions of the counted months, every version (a later correction keeps on-time status). */
  submissions: Submission[];
  /** The office's exceptions for the year: exempted months are not counted, extensions move deadlines. */
  exceptions?: UnitException[];
  /**
   * The plan in force in each month (responsibilities and targets as that month was issued, see
   * planInForce); a month not in it is judged with `plan`.
   */
  plans?: Map<Period, Plan>;
  reviews?: Review[];
}

export type LeftOutReason = 'before-first-period' | 'not-ended' | 'not-issued';

export const LEFT_OUT_LABELS: Record<LeftOutReason, string> = {
  'before-first-period': '在启用期间之前',
  'not-ended': '截至成文日期尚未结束',
  'not-issued': '未下发填报表',
};

export interface LeftOutPeriod {
  period: Period;
  reason: LeftOutReason;
}

/**
 * The months the assessment counts: from 启用期间 on, ended by the assessment date (a month still
 * under way is not yet due), and issued (a month the office never issued is no unit's failure to
 * report). Every month of the year when nothing says otherwise. The rest are left out, with why.
 */
export function assessmentPeriods(
  year: number,
  options: { date?: string; firstPeriod?: Period; issued?: (period: Period) => boolean } = {},
): { periods: Period[]; leftOut: LeftOutPeriod[] } {
  const periods: Period[] = [];
  const leftOut: LeftOutPeriod[] = [];
  for (let m = 1; m <= 12; m++) {
    const period = `${year}-${String(m).padStart(2, '0')}`;
    const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
    if (options.firstPeriod && period < options.firstPeriod)
      leftOut.push({ period, reason: 'before-first-period' });
    else if (options.date && options.date < next) leftOut.push({ period, reason: 'not-ended' });
    else if (options.issued && !options.issued(period)) leftOut.push({ period, reason: 'not-issued' });
    else periods.push(period);
  }
  return { periods, leftOut };
}

/**
 * How the counted months read in rules and documents when they are not the whole year, e.g.
 * `9—12月共4个月`; empty for a whole year.
 */
export function countedMonthsText(periods: readonly Period[]): string {
  if (periods.length === 0 || periods.length === 12) return '';
  return `${monthsText(periods)}共${periods.length}个月`;
}

/** Why months are left out, e.g. `1—8月在启用期间之前，11月未下发填报表`; empty when none is. */
export function leftOutText(leftOut: readonly LeftOutPeriod[]): string {
  const reasons = [...new Set(leftOut.map((l) => l.reason))];
  return reasons
    .map(
      (reason) =>
        `${monthsText(leftOut.filter((l) => l.reason === reason).map((l) => l.period))}${LEFT_OUT_LABELS[reason]}`,
    )
    .join('，');
}

export const reviewKey = (unit: string, item: string): string => `${unit}|${item}`;

export function groupOf(scheme: ScoringScheme, unit: Unit): ScoringGroup | undefined {
  return scheme.groups.find((g) => g.kinds.includes(unit.kind));
}

export function gradeFor(grades: GradeBand[], total: number, vetoed: boolean): string {
  const sorted = [...grades].sort((a, b) => b.min - a.min);
  if (!sorted.length) return '';
  if (vetoed) return sorted[sorted.length - 1].name;
  // Totals are already rounded to 0.01, so 89.99 stays below a 90 band and 90.00 meets it.
  return (sorted.find((g) => total >= g.min - 1e-9) ?? sorted[sorted.length - 1]).name;
}

function totals(scheme: ScoringScheme, items: ItemResult[]) {
  const sumBy = (kind: CategoryKind) => {
    const results: CategoryResult[] = [];
    for (const category of scheme.categories.filter((c) => c.kind === kind)) {
      const own = items.filter((i) => i.item.category === category.id && i.applicable);
      const earned = Math.min(
        category.cap,
        own.reduce((s, i) => s + i.final, 0),
      );
      const possible = Math.min(
        category.cap,
        own.reduce((s, i) => s + i.item.points, 0),
      );
      results.push({ category, earned: round2(earned), possible: round2(possible) });
    }
    return results;
  };
  const base = sumBy('base');
  const bonus = sumBy('bonus');
  const deduction = sumBy('deduction');
  const earned = base.reduce((s, c) => s + c.earned, 0);
  const possible = base.reduce((s, c) => s + c.possible, 0);
  const baseScore = scheme.rescale ? (possible > 0 ? (earned / possible) * scheme.total : 0) : earned;
  const vetoed = items.some(
    (i) =>
      i.applicable &&
      scheme.categories.find((c) => c.id === i.item.category)?.kind === 'veto' &&
      i.final >= 1,
  );
  const bonusScore = bonus.reduce((s, c) => s + c.earned, 0);
  const deductionScore = deduction.reduce((s, c) => s + c.earned, 0);
  const sum = round2(round2(baseScore) + bonusScore - deductionScore);
  return {
    categories: [...base, ...bonus, ...deduction],
    base: round2(baseScore),
    bonus: round2(bonusScore),
    deduction: round2(deductionScore),
    vetoed,
    total: Math.max(0, scheme.capTotal ? Math.min(scheme.total, sum) : sum),
    capped: scheme.capTotal && sum > scheme.total,
  };
}

function rankGroup(units: UnitAssessment[]): UnitAssessment[] {
  // Stable: equal totals keep plan order.
  const sorted = units
    .map((u, i) => ({ u, i }))
    .sort((a, b) => Number(a.u.vetoed) - Number(b.u.vetoed) || b.u.total - a.u.total || a.i - b.i)
    .map(({ u }) => u);
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    u.rank = prev && prev.total === u.total && prev.vetoed === u.vetoed ? prev.rank : i + 1;
  });
  return sorted;
}

/** Scores the year for every unit in a group, applies the office's reviews, totals, grades and ranks. Pure. */
export function assessYear(input: YearInput): YearAssessment {
  const { plan, scheme, year, periods } = input;
  const latest = new Map(periods.map((p) => [p, latestByUnit(input.submissions, p)]));
  const planOf = (p: Period): Plan => input.plans?.get(p) ?? plan;
  const timeliness = new Map(
    periods.map((p) => [p, monthTimeliness(planOf(p), p, input.submissions, input.exceptions)]),
  );
  const dual = new Map<Period, DualPublicityRanking>(
    periods.map((p) => [
      p,
      rankDualPublicity(
        planOf(p),
        latest.get(p)!,
        new Set(timeliness.get(p)!.exempt.map((e) => e.unit.code)),
      ),
    ]),
  );
  const ctx: YearContext = {
    plan,
    scheme,
    year,
    dualPublicity: dual,
    countedText: countedMonthsText(periods),
    inForce: (period, indicator) =>
      planOf(period).indicators.find((i) => i.code === indicator.code) ?? indicator,
  };
  const reviews = new Map((input.reviews ?? []).map((r) => [reviewKey(r.unit, r.item), r]));
  const used = new Set<string>();

  const units: UnitAssessment[] = [];
  for (const unit of unitsDue(plan)) {
    const group = groupOf(scheme, unit);
    if (!group) continue;
    const unitYear: UnitYear = {
      unit,
      cells: new UnitCells(plan, unit.code),
      months: periods.flatMap((period) => {
        const due = timeliness.get(period)!.due.find((d) => d.unit.code === unit.code);
        if (!due) return [];
        const submission = latest.get(period)!.get(unit.code);
        // A month whose workbook the unit was never sent is not its to report (a return counts anyway).
        if (!submission && input.issuedTo && !input.issuedTo(unit.code, period)) return [];
        const { received, state } = due.verdict;
        return [{ period, submission, received, onTime: state === 'on-time' }];
      }),
      exempt: periods.flatMap((period) =>
        timeliness
          .get(period)!
          .exempt.filter((e) => e.unit.code === unit.code)
          .map((e) => ({ period, exception: e.exception })),
      ),
    };
    const items: ItemResult[] = scheme.items
      .filter((item) => !item.groups.length || item.groups.includes(group.id))
      .map((item) => {
        const score = scoreItem(item, unitYear, ctx);
        const key = reviewKey(unit.code, item.id);
        const review = reviews.get(key);
        if (review) used.add(key);
        const reviewed = review && review.score !== null && score.applicable;
        return {
          ...score,
          ...(review ? { review } : {}),
          final: reviewed ? round2(review.score!) : score.computed,
        };
      });
    units.push({
      unit,
      group,
      months: unitYear.months.map((m) => m.period),
      exempt: unitYear.exempt,
      items,
      ...totals(scheme, items),
      grade: '',
      rank: 0,
    });
  }
  for (const u of units) u.grade = gradeFor(scheme.grades, u.total, u.vetoed);
  const groups = scheme.groups.map((group) => ({
    group,
    units: rankGroup(units.filter((u) => u.group.id === group.id)),
  }));
  return {
    year,
    periods,
    leftOut: input.leftOut ?? [],
    groups,
    units,
    orphanReviews: (input.reviews ?? []).filter((r) => !used.has(reviewKey(r.unit, r.item))),
  };
}
