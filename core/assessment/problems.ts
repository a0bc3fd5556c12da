import { chineseDate } from '../calendar/iso-date.js';
import type { Indicator } from '../plan/model.js';
import type { ScoringItem, ScoringScheme } from './scheme-model.js';

/**
 * What a unit lost points for, as data: items describe their own shortfalls, and the report joins
 * them per unit, so a task that is both unfinished (task completion) and stalled (deduction) is
 * named once, and a month not returned is not repeated under 双公示.
 */
export type Problem =
  | { kind: 'late'; months: number[] }
  | { kind: 'missing'; months: number[] }
  | {
      kind: 'task';
      task: number;
      title: string;
      /** False when no return of the year gave the task a status. */
      reported: boolean;
      percent: number | null;
      behind: boolean;
      /** Past its deadline and not done. */
      overdue: boolean;
    }
  /** An indicator short of its target (`value` as the workbook shows it), or never reported (null). */
  | { kind: 'indicator'; name: string; value: string | null; target: string }
  | { kind: 'quantity'; name: string; value: number | null; target: string }
  /** A dated duty done late (`date` ISO) or not reported (null). */
  | { kind: 'deadline'; name: string; date: string | null; target: string }
  /** 双公示: months with no ranked data, or a low monthly mean when every month was ranked. */
  | { kind: 'dual-publicity'; months: number[]; mean: number }
  | { kind: 'veto'; name: string; months: number[] };

/** A 双公示 monthly mean below this is worth naming as a problem. */
export const DUAL_PUBLICITY_GOOD = 95;

const round2 = (n: number): number => Math.round((n + Math.sign(n) * 1e-9) * 100) / 100;

// reporter/circular imports this name; the formatting lives in the calendar.

/** `2024-05` → 5. */
export const monthOf = (period: string): number => Number(period.slice(5, 7));

/** `1月、3月、7月`, or `1月、3月、7月等5个月` when longer than `max`. */
export function monthList(months: number[], max = 3): string {
  const shown = months
    .slice(0, max)
    .map((m) => `${m}月`)
    .join('、');
  return months.length > max ? `${shown}等${months.length}个月` : shown;
}

/**
 * An indicator's name as a sentence uses it: a trailing qualifier naming who reports it
 * (`诚信宣传次数（县(市、区)、开发区）`) is the plan's business, not the reader's.
 */
export function indicatorName(indicator: Pick<Indicator, 'name'>): string {
  return indicator.name.replace(/（[^（）]*）$/, '') || indicator.name;
}

/**
 * Quoted names in a list: no 顿号 between bare quotations, a 顿号 once any carries a parenthesis
 * (GB/T 15834-2011 4.5.3.5).
 */
function quotedList(items: string[]): string {
  return items.join(items.some((i) => i.includes('（')) ? '、' : '');
}

/** `AB<short>` up to `max` items, else `AB等N项<long>`. */
function someItems(items: string[], max: number, long: string, short: string): string {
  if (items.length <= max) return `${quotedList(items)}${short}`;
  return `${quotedList(items.slice(0, max))}等${items.length}项${long}`;
}

/** A name in double quotes, its own quotation marks turned single (`“…核查‘一件事’”`). */
export const quote = (name: string): string => `“${name.replace(/“/g, '‘').replace(/”/g, '’')}”`;

const stripDateWords = (name: string) => name.replace(/(完成)?(日期|时间)$/, '') || name;

type TaskProblem = Extract<Problem, { kind: 'task' }>;

function taskClauses(tasks: TaskProblem[]): string[] {
  const clauses: string[] = [];
  const unreported = tasks.filter((t) => !t.reported).map((t) => quote(t.title));
  const stalled = (t: TaskProblem) => t.behind || t.overdue;
  // Stalled tasks first, then the least advanced: the reader sees the worst ones by name.
  const open = tasks
    .filter((t) => t.reported)
    .map((t, i) => ({ t, i }))
    .sort(
      (a, b) =>
        Number(stalled(b.t)) - Number(stalled(a.t)) || (a.t.percent ?? 0) - (b.t.percent ?? 0) || a.i - b.i,
    )
    .map(({ t }) => t);
  if (open.length) {
    const named = open.map((t) => {
      const notes = [
        t.overdue ? '逾期' : t.behind ? '滞后' : '',
        t.percent !== null ? `进度${round2(t.percent)}%` : '',
      ].filter(Boolean);
      return `${quote(t.title)}${notes.length ? `（${notes.join('，')}）` : ''}`;
    });
    const behind = open.filter((t) => t.behind && !t.overdue).length;
    const overdue = open.filter((t) => t.overdue).length;
    const which = behind && overdue ? '滞后或逾期' : behind ? '滞后' : '逾期';
    const more = open.length > 2 && behind + overdue ? `，其中${behind + overdue}项${which}` : '';
    clauses.push(`${someItems(named, 2, '任务年末尚未完成', '年末尚未完成')}${more}`);
  }
  if (unreported.length) clauses.push(someItems(unreported, 2, '任务全年未填报进展', '全年未填报进展'));
  return clauses;
}

/** One problem in words, as the item's own list shows it. */
export function problemText(problem: Problem): string {
  switch (problem.kind) {
    case 'late':
      return `${monthList(problem.months)}逾期报送`;
    case 'missing':
      return `${monthList(problem.months)}未报送`;
    case 'task':
      return taskClauses([problem]).join('，');
    case 'indicator':
      return problem.value === null
        ? `${quote(problem.name)}全年未填报`
        : `${quote(problem.name)}为${problem.value}，未达标（目标：${problem.target}）`;
    case 'quantity': {
      const counted = /次数$/.test(problem.name);
      const subject = counted ? problem.name.replace(/次数$/, '') : quote(problem.name);
      if (problem.value === null) return `${subject}${counted ? '次数' : ''}全年未填报`;
      return `${subject}仅${round2(problem.value)}${counted ? '次' : ''}（要求${problem.target}）`;
    }
    case 'deadline': {
      const subject = stripDateWords(problem.name);
      return problem.date === null
        ? `${subject}未报送完成情况`
        : `${subject}于${chineseDate(problem.date)}完成，晚于规定时限（${problem.target}）`;
    }
    case 'dual-publicity':
      return problem.months.length
        ? `“双公示”${monthList(problem.months)}未报送考评数据`
        : `“双公示”月均综合得分仅${round2(problem.mean)}分`;
    case 'veto':
      return `${monthList(problem.months)}发生${problem.name}，实行一票否决`;
  }
}

/** One item's share of a unit's problems: how many points it cost, and the office's reason if any. */
export interface ProblemSource {
  lost: number;
  problems: Problem[];
  /** The office's review reason: printed instead of the item's own problems. */
  reason?: string;
}

type Bucket =
  | { key: 'reporting'; late: number[]; missing: number[] }
  | { key: 'task'; tasks: Map<number, TaskProblem> }
  | { key: 'indicator'; unmet: Extract<Problem, { kind: 'indicator' }>[] }
  | { key: 'dual'; problem: Extract<Problem, { kind: 'dual-publicity' }> }
  | { key: 'text'; text: string };

function bucketKey(problem: Problem): string {
  switch (problem.kind) {
    case 'late':
    case 'missing':
      return 'reporting';
    case 'task':
      return 'task';
    case 'indicator':
      return 'indicator';
    case 'dual-publicity':
      return 'dual';
    default:
      return `text:${problemText(problem)}`;
  }
}

function bucketText(bucket: Bucket, missingShown: Set<number>): string {
  switch (bucket.key) {
    case 'reporting':
      return [
        bucket.late.length ? `${monthList(bucket.late)}逾期报送` : '',
        bucket.missing.length ? `${monthList(bucket.missing)}未报送` : '',
      ]
        .filter(Boolean)
        .join('，');
    case 'task':
      return taskClauses([...bucket.tasks.values()]).join('，');
    case 'indicator': {
      const unmet = bucket.unmet.filter((p) => p.value !== null);
      const blank = bucket.unmet.filter((p) => p.value === null).map((p) => quote(p.name));
      const parts: string[] = [];
      if (unmet.length === 1) parts.push(problemText(unmet[0]));
      else if (unmet.length)
        parts.push(
          someItems(
            unmet.map((p) => quote(p.name)),
            2,
            '指标未达标',
            '未达标',
          ),
        );
      if (blank.length) parts.push(someItems(blank, 2, '指标全年未填报', '全年未填报'));
      return parts.join('，');
    }
    case 'dual': {
      // A month the unit did not return at all is already said under reporting.
      const months = bucket.problem.months.filter((m) => !missingShown.has(m));
      if (bucket.problem.months.length && !months.length && bucket.problem.mean >= DUAL_PUBLICITY_GOOD)
        return '';
      return problemText({ ...bucket.problem, months });
    }
    case 'text':
      return bucket.text;
  }
}

/**
 * A unit's problems as clauses, costliest first, each subject once: what the report prints
 * (joined with `；`). At most `limit` clauses.
 */
export function describeProblems(sources: ProblemSource[], limit = 3): string[] {
  const buckets = new Map<string, Bucket>();
  const ordered = sources
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.lost > 0 && (s.problems.length || s.reason))
    .sort((a, b) => b.s.lost - a.s.lost || a.i - b.i);
  for (const { s, i } of ordered) {
    if (s.reason) {
      buckets.set(`reason:${i}`, { key: 'text', text: s.reason });
      continue;
    }
    for (const problem of s.problems) {
      const key = bucketKey(problem);
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket =
          key === 'reporting'
            ? { key: 'reporting', late: [], missing: [] }
            : key === 'task'
              ? { key: 'task', tasks: new Map() }
              : key === 'indicator'
                ? { key: 'indicator', unmet: [] }
                : key === 'dual'
                  ? { key: 'dual', problem: problem as Extract<Problem, { kind: 'dual-publicity' }> }
                  : { key: 'text', text: problemText(problem) };
        buckets.set(key, bucket);
      }
      if (bucket.key === 'reporting' && problem.kind === 'late') bucket.late.push(...problem.months);
      if (bucket.key === 'reporting' && problem.kind === 'missing') bucket.missing.push(...problem.months);
      if (bucket.key === 'indicator' && problem.kind === 'indicator') bucket.unmet.push(problem);
      if (bucket.key === 'task' && problem.kind === 'task') {
        const before = bucket.tasks.get(problem.task);
        bucket.tasks.set(
          problem.task,
          before
            ? {
                ...before,
                reported: before.reported || problem.reported,
                percent: before.percent ?? problem.percent,
                behind: before.behind || problem.behind,
                overdue: before.overdue || problem.overdue,
              }
            : problem,
        );
      }
    }
  }
  const chosen = [...buckets.values()].slice(0, limit);
  const reporting = chosen.find((b) => b.key === 'reporting');
  const missingShown = new Set(reporting?.key === 'reporting' ? reporting.missing : []);
  const texts = chosen.map((b) => bucketText(b, missingShown)).filter(Boolean);
  // A dual clause emptied by the dedupe leaves room for the next subject.
  if (texts.length < chosen.length && buckets.size > chosen.length) {
    const more = [...buckets.values()]
      .slice(limit)
      .map((b) => bucketText(b, missingShown))
      .filter(Boolean);
    texts.push(...more.slice(0, chosen.length - texts.length));
  }
  return texts;
}

/** What unitProblems reads of one item of a unit's assessment (year.ts's ItemResult). */
export interface ScoredItem {
  item: Pick<ScoringItem, 'category' | 'points'>;
  applicable: boolean;
  final: number;
  problems: Problem[];
  review?: { reason: string };
}

/** What a unit lost points for, costliest first (a veto before all), each task or month named once. */
export function unitProblems(unit: { items: ScoredItem[] }, scheme: ScoringScheme, limit = 3): string[] {
  const kind = (id: string) => scheme.categories.find((c) => c.id === id)?.kind;
  const lost = (i: ScoredItem): number => {
    switch (kind(i.item.category)) {
      case 'base':
        return i.item.points - i.final;
      case 'deduction':
        return i.final;
      case 'veto':
        return i.final >= 1 ? Number.MAX_SAFE_INTEGER : 0;
      default:
        return 0; // a bonus not earned is not a loss
    }
  };
  return describeProblems(
    unit.items
      .filter((i) => i.applicable)
      .map((i) => ({ lost: lost(i), problems: i.problems, reason: i.review?.reason || undefined })),
    limit,
  );
}
