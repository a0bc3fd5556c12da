import { foldWidth } from '../../values/input.js';
import type { DUAL_PUBLICITY_INDICATORS } from '../dual-publicity.js';
import type { Comparator, IndicatorKind, IndicatorPeriod, Level } from '../model.js';
import { isoToExcelSerial } from '../../values/excel-serial.js';
import { bracketDepths, oneOf, splitOutsideBrackets } from './brackets.js';
import { findDeadlines } from './deadline-text.js';

/**
 * Quantitative targets in a task's text: every number with a comparator (≥ > ≤ <, 以上/以下/以内,
 * 不低于/不少于/不超过/达到/超过/低于/控制在…), percentages, ‰ and ‱, ratios, counts with their
 * measure word, 为0/清零, ranges, reference values given in brackets, deadlines, graded incidents to
 * prevent and the 双公示 ranking. A number without a comparator (`5个顶层设计文件`) is no target.
 */

export type DualPublicityRate = keyof typeof DUAL_PUBLICITY_INDICATORS;

export interface FoundTarget {
  kind: IndicatorKind;
  comparator: Comparator;
  target: number;
  /** The document's words for the target (`达到10%以上`, `10月底前`). */
  targetText: string;
  name: string;
  numeratorLabel?: string;
  denominatorLabel?: string;
  /** Words naming who reports it (`市有关单位`); absent: the task's units. */
  reporters?: string;
  period: IndicatorPeriod;
  level: Level;
  /** The sentence the target was read from. */
  sentence: string;
  /** What is uncertain beyond the usual check: a range, a reference value, a guessed name. */
  doubts: string[];
  dualPublicity?: DualPublicityRate;
  /** For date targets: the ISO date. */
  date?: string;
  /**
   * A date that only says by when another target of its clause is due (`年底前覆盖率达到80%`):
   * it may set the task's deadline but is no indicator of its own.
   */
  qualifier?: true;
}

export interface TextTargets {
  targets: FoundTarget[];
  /** `7个工作日内` said of 双公示 records. */
  dualPublicityDueDays?: number;
}

export interface TargetContext {
  /** The document's year: dates without one fall in it. */
  year: number;
  /** Length of a phrase naming units at the start of the text (`每县(市、区)、XX开发区`), or 0. */
  reporterAt(text: string): number;
}

type Prefix = Comparator;

// Dates that stand alone in their clause (`到2025年底，覆盖率达到95%`): they belong to the next one.
const ALONE = new WeakSet<FoundTarget>();

// Tested in this order, so `不低于` is not read as `低于` nor `不超过` as `超过`.
const PREFIXES: [Prefix, RegExp][] = [
  [
    '>=',
    /(?:≥|≧|>=|大于等于|大于或等于|不低于|不少于|不小于|至少|力争达到|达到|提高到|提高至|提升到|提升至|增加到|增长到|保持在|稳定在|达)$/,
  ],
  [
    '<=',
    /(?:≤|≦|<=|=<|小于等于|小于或等于|不超过|不高于|不多于|不大于|控制在|降低到|降低至|降至|下降到|压降到|压减到|压缩到)$/,
  ],
  ['>', /(?:>|大于|超过|高于|多于|优于)$/],
  ['<', /(?:<|小于|低于|少于)$/],
];
const SUFFIX = /^\s*(?:及|或)?(以上|以下|以内)/;

const MEASURE =
  '个工作日|个百分点|个月|万元|亿元|个|次|家|项|条|件|人次|人|户|场|篇|份|批|所|名|元|倍|天|小时|周|座|处|台|套|张|笔|类|种|位|起|例|部|本';
const NUMBER = new RegExp(
  `(\\d+(?:\\.\\d+)?)(?:\\s*(?:-|~|—|–|至|到)\\s*(\\d+(?:\\.\\d+)?))?\\s*(%|‰|‱)?\\s*(万|亿)?\\s*(${MEASURE})?`,
  'g',
);
// After a number: a date, a year, a document number, an edition, a grade (2024年, 〔2019〕35号, 3·15, A级).
const NOT_A_QUANTITY_AFTER = /^(?:年|月|日|号|版|届|级|期|季度|·|\.\d|[A-Za-z])/;
const NOT_A_QUANTITY_BEFORE = /(?:第|〔|·|[A-Za-z])$/;

const REFERENCE =
  /(达到|不低于|高于|超过|优于|保持在|控制在|低于|不高于|不超过)([^()\d,]{2,24}?)(以上|以下|以内)?\(([^()]*)\)\s*(以上|以下|以内)?/g;
const ZERO = /(?:为|降为|降至|保持|实现)\s*(?:0|零)(?![.\d])|动态清零|清零|零发生/g;
const INCIDENT =
  /(严格预防|预防|杜绝|严禁|防止|避免|不发生|确保不发生|坚决遏制)(?:发生)?(.*(?:特别重大|重大|较大).*(?:事故|事件))/;

const LEADING_WORDS =
  /^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|第[一二三四五六七八九十]+|并|且|同时|此外|确保|力争|努力|推动|推进|实现|使|将|把|其中|要求|全年|每年|年内)+[,，、:：]?/;
const TRAILING_WORDS =
  /(?:要|应当|应|必须|须|需要|需|均|都|分别|全年|每年|年均|累计|达|的|力争|确保|要求|全部|全面|基本|一律)+$/;
// A count whose subject is an action names what is counted after the number (培育2-3个示范项目).
const ACTION =
  /(?:培育|建设|建立|打造|创建|引进|推出|出台|制定|发布|组织|举办|开展|新增|评选|选树|树立|召开|编制|推广|认定|命名|设立|成立)$/;
const SPREAD_WORDS = /(?:均|都|分别)(?:要|应)?$/;
const RATIO = /^(.+?)(?:与|同)(.+?)(?:的)?(?:比值|之比|比率|比)$/;
const SHARE = /^(.+?)占(.+?)(?:的)?(?:比例|比重|比值|百分比|份额|比)$/;
const SUBJECT_PREFIX = /^(?:企业|个人|全市|域内|本地|市级|县级)/;
const SHARED_TAIL = /信息|数据|条数|数量|企业数|比值|比例|占比|的|率/g;

const DUAL_RATES: {
  rate: DualPublicityRate;
  word: string;
  name: string;
  numerator: (days: number) => string;
}[] = [
  { rate: 'compliance', word: '合规', name: '“双公示”信息合规率', numerator: () => '合规条数' },
  {
    rate: 'timeliness',
    word: '及时',
    name: '“双公示”信息及时率',
    numerator: (days) => `作出决定后${days}个工作日内归集平台的条数`,
  },
  { rate: 'completeness', word: '完整', name: '“双公示”信息完整率', numerator: () => '要素完整的条数' },
];

const scaled = (number: string, exponent: number) => Number(`${number}e${exponent}`);

function valueOf(number: string, percent?: string, large?: string, measure?: string): number {
  const exponent =
    (percent === '%' ? -2 : percent === '‰' ? -3 : percent === '‱' ? -4 : 0) +
    (large === '万' || measure === '万元' ? 4 : large === '亿' || measure === '亿元' ? 8 : 0);
  return scaled(number, exponent);
}

function cleanSubject(text: string): { subject: string; spread: boolean } {
  let subject = text.trim().replace(/^[,，、;；:：\s]+/, '');
  const spread = SPREAD_WORDS.test(subject.replace(/\s+$/, ''));
  let before = '';
  while (before !== subject) {
    before = subject;
    subject = subject.replace(LEADING_WORDS, '').replace(TRAILING_WORDS, '').trim();
  }
  return { subject, spread };
}

/** Brackets that qualify a count (含个体工商户) stay in a name; asides (需向国家系统提供印证资料) go. */
function nameFrom(subject: string, kind: IndicatorKind): string {
  const depths = bracketDepths(subject);
  let name = '';
  let i = 0;
  while (i < subject.length) {
    const char = subject[i];
    if (depths[i] === 0 && /[(（]/.test(char)) {
      let close = i + 1;
      while (close < subject.length && depths[close] > 0) close++;
      const inner = subject.slice(i + 1, close);
      if (/^(?:不含|含|包括|不包括)/.test(inner)) name += subject.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    name += char;
    i++;
  }
  name = name.trim();
  // 领域 → 领域数; a 时限, 金额 or 规模 is already a quantity.
  const quantity = /(?:数|量|次|率|时限|时间|期限|天|周期|额|规模|比|值)$/;
  return kind === 'count' && name && !quantity.test(name) ? `${name}数` : name;
}

function labels(subject: string): { numeratorLabel?: string; denominatorLabel?: string } {
  const bare = subject.trim();
  const match = SHARE.exec(bare) ?? RATIO.exec(bare);
  return match ? { numeratorLabel: match[1].trim(), denominatorLabel: match[2].trim() } : {};
}

/**
 * `企业水费、电费信息条数与城市企业数比值均≥1`: one target for each listed item, named with the
 * shared head (企业) and tail (信息条数与城市企业数比值). An item is about as long as the items
 * between the first and the last (or, with two items, as the first after its head), so the tail
 * starts where a word such as 信息 or 比值 follows an item of that length; `合规率、及时率、完整率`
 * has no tail at all.
 */
function spreadSubjects(subject: string): string[] {
  const pieces = splitOutsideBrackets(subject, oneOf('、'));
  if (pieces.length < 2) return [subject];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1);
  // Two items: a short last one is an item by itself (上报信息合规率、完整率); a long one holds the
  // tail, and the head is a known subject word (企业水费、电费信息条数…).
  const shortLast = middle.length === 0 && last.length <= 4;
  const prefix = middle.length || shortLast ? '' : (SUBJECT_PREFIX.exec(first)?.[0] ?? '');
  const typical = middle.length
    ? Math.round(middle.reduce((sum, piece) => sum + piece.length, 0) / middle.length)
    : shortLast
      ? last.length
      : first.length - prefix.length;
  const head = prefix || first.slice(0, Math.max(0, first.length - typical));
  const candidates = [...last.matchAll(SHARED_TAIL)].map((m) => m.index).filter((at) => at > 0);
  candidates.push(last.length);
  const tailAt = candidates.reduce((best, at) =>
    Math.abs(at - typical) < Math.abs(best - typical) ||
    (Math.abs(at - typical) === Math.abs(best - typical) && at > best)
      ? at
      : best,
  );
  const tail = last.slice(tailAt);
  const items = [first.slice(head.length), ...middle, last.slice(0, tailAt)];
  return items.map((item) => `${item.startsWith(head) ? '' : head}${item}${tail}`);
}

function kindOf(subject: string, number: string): IndicatorKind {
  if (RATIO.test(subject) || SHARE.test(subject) || /比值|比例|比重|之比/.test(subject)) return 'ratio';
  return number.includes('.') ? 'ratio' : 'count';
}

const PERIOD: Record<IndicatorKind, IndicatorPeriod> = {
  percent: 'monthly',
  ratio: 'monthly',
  count: 'year-to-date',
  date: 'annual',
  'yes-no': 'monthly',
};

function comparatorBefore(
  folded: string,
  at: number,
): { comparator: Comparator; length: number } | undefined {
  const before = folded.slice(Math.max(0, at - 10), at).replace(/\s+$/, '');
  const spaces = folded.slice(0, at).length - folded.slice(0, at).trimEnd().length;
  for (const [comparator, pattern] of PREFIXES) {
    const m = pattern.exec(before);
    if (m) return { comparator, length: m[0].length + spaces };
  }
  return undefined;
}

/** The comparator a suffix gives, strict prefixes (超过, 低于) keeping their strictness. */
function combine(prefix: Comparator | undefined, suffix: string | undefined): Comparator | undefined {
  if (!suffix) return prefix;
  if (prefix === '>' || prefix === '<') return prefix;
  return suffix === '以上' ? '>=' : '<=';
}

interface Clause {
  /** The clause after its reporter phrase. */
  text: string;
  reporters?: string;
  ownReporters: boolean;
}

function targetsOfClause(
  clause: Clause,
  sentence: string,
  context: TargetContext,
  previous: string,
): FoundTarget[] {
  const { text } = clause;
  const folded = foldWidth(text);
  const depths = bracketDepths(folded);
  const found: FoundTarget[] = [];
  const taken: [number, number][] = [];
  const deadlines = findDeadlines(text, context.year);
  const targetStarts: number[] = [];
  let subjectFrom = 0;
  let lastSubject = previous;

  /** The clause's words between two places, without the deadlines (年底前) among them. */
  const wordsBetween = (from: number, to: number) => {
    let words = '';
    let at = from;
    for (const d of deadlines) {
      if (d.end <= from || d.start >= to) continue;
      words += text.slice(at, Math.max(at, d.start));
      at = Math.max(at, d.end);
    }
    return words + text.slice(at, Math.max(at, to));
  };

  /** A numeric target whose subject runs from the previous target to `at`. */
  const push = (
    at: number,
    end: number,
    value: { percent: boolean; number: string; comparator: Comparator; target: number; targetText: string },
    doubts: string[],
  ) => {
    const cleaned = cleanSubject(wordsBetween(subjectFrom, at));
    const following = () =>
      cleanSubject(
        text
          .slice(end)
          .replace(/^[的\s]+/, '')
          .split(/[，,；;。]/)[0],
      ).subject;
    // `在20个以上重点领域实施…`: what is counted follows the number; `培育2-3个示范项目`: the
    // action before it and the thing after it.
    const bare = /^(?:[在对于向从为]|)$/.test(cleaned.subject);
    const action = !value.percent && ACTION.test(cleaned.subject);
    const after = bare || action ? following() : '';
    const counted = after && !/^(?:以上|以下|以内)/.test(after) ? after : '';
    const subject =
      (counted && cleaned.subject
        ? action && !bare
          ? `${cleaned.subject}${counted}`
          : counted
        : cleaned.subject) || lastSubject;
    targetStarts.push(at);
    lastSubject = subject;
    subjectFrom = end;
    taken.push([at, end]);
    const subjects = cleaned.spread ? spreadSubjects(subject) : [subject];
    const split =
      subjects.length > 1 ? [`原文“${subject}”含${subjects.length}项，已拆为${subjects.length}项指标`] : [];
    for (const one of subjects) {
      const kind = value.percent ? 'percent' : kindOf(one, value.number);
      const named = nameFrom(one, kind) || '（请填写指标名称）';
      found.push({
        kind,
        comparator: value.comparator,
        target: value.target,
        targetText: value.targetText,
        name: clause.ownReporters && clause.reporters ? `${named}（${clause.reporters}）` : named,
        ...(kind === 'count' ? {} : labels(one)),
        reporters: clause.reporters,
        period: PERIOD[kind],
        level: 'error',
        sentence,
        doubts: [...doubts, ...split],
      });
    }
  };

  // Deadlines: a date target each, named by what is to be done by then.
  for (const deadline of deadlines) {
    const after = cleanSubject(
      text.slice(deadline.end).replace(/^(?:之前|以前|前)?\s*(?:对|完成|全面完成)?/, ''),
    );
    const before = cleanSubject(
      text.slice(subjectFrom, deadline.start).replace(/(?:于|在|到|至|截至|截止到?)\s*$/, ''),
    );
    const action = (after.subject || before.subject).replace(/^(?:对|在|于)/, '');
    const date: FoundTarget = {
      kind: 'date',
      comparator: '<=',
      target: isoToExcelSerial(deadline.date),
      date: deadline.date,
      targetText: deadline.text,
      name: `${nameFrom(action, 'date') || '任务'}完成日期`,
      reporters: clause.reporters,
      period: 'annual',
      level: 'warning',
      sentence,
      doubts: [],
    };
    if (!action) ALONE.add(date);
    found.push(date);
    taken.push([deadline.start, deadline.end]);
  }

  // A value given in brackets after a reference: 达到西部地区平均水平以上(2023年…7.5%).
  for (const m of folded.matchAll(REFERENCE)) {
    if (depths[m.index] !== 0) continue;
    const [, word, reference, suffixBefore, inner, suffixAfter] = m;
    const values = [...inner.matchAll(/(\d+(?:\.\d+)?)\s*(%|‰|‱)?(?!\s*[年号月日\d])/g)];
    const value = values[values.length - 1];
    if (!value) continue;
    const prefix = PREFIXES.find(([, pattern]) => pattern.test(word))?.[0];
    const comparator = combine(prefix, suffixBefore ?? suffixAfter);
    if (!comparator) continue;
    const end = m.index + m[0].length;
    push(
      m.index,
      end,
      {
        percent: Boolean(value[2]),
        number: value[1],
        comparator,
        target: valueOf(value[1], value[2]),
        targetText: text.slice(m.index, end),
      },
      [`目标以“${reference}”表述，已按括号中的${value[0]}导入：请按本年度公布的数值核对`],
    );
  }

  for (const m of folded.matchAll(NUMBER)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some(([a, b]) => start >= a && start < b)) continue;
    if (NOT_A_QUANTITY_AFTER.test(folded.slice(end)) || NOT_A_QUANTITY_BEFORE.test(folded.slice(0, start)))
      continue;
    if (
      depths[start] > 0 &&
      /[《〔]/.test(
        folded
          .slice(0, start)
          .replace(/[^《》〔〕]/g, '')
          .slice(-1),
      )
    )
      continue;
    const [, number, upper, percent, large, measure] = m;
    const before = comparatorBefore(folded, start);
    const suffix = SUFFIX.exec(folded.slice(end));
    const isZero = Number(number) === 0 && /(?:为|是|等于)\s*$/.test(folded.slice(0, start));
    let comparator = combine(before?.comparator, suffix?.[1]);
    const doubts: string[] = [];
    if (isZero) comparator = '<=';
    if (upper !== undefined) {
      if (!percent && !measure && !comparator) continue;
      comparator ??= '>=';
      doubts.push(
        `原文为范围“${m[0].trim()}”，已按下限${number}导入（${comparator === '<=' ? '≤' : '≥'}${number}）：请核对目标值和比较符号`,
      );
    }
    if (!comparator) continue;
    if (measure === '个百分点') doubts.push('原文是相对上年的提高幅度（个百分点），请换算为本年度的目标值');
    const from = start - (before?.length ?? 0);
    const to = end + (suffix?.[0].length ?? 0);
    const bound = upper !== undefined && comparator.startsWith('<') ? upper : number;
    push(
      from,
      to,
      {
        percent: Boolean(percent),
        number: bound,
        comparator,
        target: valueOf(bound, percent, large, measure),
        targetText: text.slice(from, to).trim(),
      },
      doubts,
    );
  }

  for (const m of folded.matchAll(ZERO)) {
    if (taken.some(([a, b]) => m.index < b && a < m.index + m[0].length)) continue;
    const words = text.slice(m.index, m.index + m[0].length);
    push(
      m.index,
      m.index + m[0].length,
      { percent: false, number: '0', comparator: '<=', target: 0, targetText: words },
      [],
    );
  }
  // `年底前覆盖率达到80%`: the date says by when the target after it is due.
  for (const [i, deadline] of deadlines.entries()) {
    const next = deadlines[i + 1]?.start ?? text.length;
    if (!targetStarts.some((at) => at >= deadline.end && at < next)) continue;
    const date = found.find((t) => t.kind === 'date' && t.date === deadline.date && !t.qualifier);
    if (date) date.qualifier = true;
    for (const target of found)
      if (target.kind !== 'date')
        target.doubts.push(`原文限定“${deadline.text}”达到，已作为任务的完成时限：请核对`);
  }
  return found.sort((a, b) => sentence.indexOf(a.targetText) - sentence.indexOf(b.targetText));
}

/** The three 双公示 rates as the product ranks them (core/scoring/dual-publicity.ts). */
function dualPublicityTarget(
  rate: (typeof DUAL_RATES)[number],
  base: FoundTarget,
  days: number,
): FoundTarget {
  return {
    ...base,
    kind: 'percent',
    name: rate.name,
    numeratorLabel: rate.numerator(days),
    denominatorLabel: '报送“双公示”信息总条数',
    period: 'monthly',
    level: 'error',
    dualPublicity: rate.rate,
  };
}

/** `对“双公示”的合规性、及时性、完整性实行逐月考评排名`: the ranking, with no target of its own (100%). */
function dualPublicityRanking(sentence: string): FoundTarget[] {
  const folded = foldWidth(sentence);
  const rates = DUAL_RATES.filter((rate) => folded.includes(rate.word));
  if (!folded.includes('双公示') || rates.length < 2 || !/排名|考评|通报|考核/.test(folded)) return [];
  const base: FoundTarget = {
    kind: 'percent',
    comparator: '>=',
    target: 1,
    targetText: '100%（逐月考评排名）',
    name: '',
    period: 'monthly',
    level: 'error',
    sentence,
    doubts: [
      '原文未写目标值：按“双公示”逐月考评排名的合规率、及时率、完整率导入，目标100%，报送单位为“双公示”单位',
    ],
  };
  return DUAL_RATES.map((rate) => dualPublicityTarget(rate, base, 7));
}

/**
 * A percentage target named “双公示”…合规率 (or a bare 合规率 in a sentence about 双公示), 及时率 or
 * 完整率 is that ranked rate (with the codes the ranking reads); the ranking's 100% stands only for
 * rates given no target.
 */
function settleDualPublicity(targets: FoundTarget[], days: number): FoundTarget[] {
  const explicit = new Set<DualPublicityRate>();
  const settled = targets.map((target) => {
    const named =
      target.name.includes('双公示') ||
      (/^(?:合规|及时|完整)率$/.test(target.name) && target.sentence.includes('双公示'));
    if (target.dualPublicity || target.kind !== 'percent' || !named) return target;
    const rate = DUAL_RATES.find((r) => target.name.includes(`${r.word}率`) && !explicit.has(r.rate));
    if (!rate) return target;
    explicit.add(rate.rate);
    const doubts = [...target.doubts, '按“双公示”逐月考评排名的指标导入，报送单位为“双公示”单位'];
    return dualPublicityTarget(rate, { ...target, doubts }, days);
  });
  return settled
    .filter(
      (t) => !(t.targetText === '100%（逐月考评排名）' && t.dualPublicity && explicit.has(t.dualPublicity)),
    )
    .map((t) =>
      t.dualPublicity === 'timeliness' ? { ...t, numeratorLabel: DUAL_RATES[1].numerator(days) } : t,
    );
}

function incidentTarget(sentence: string): FoundTarget | undefined {
  const m = INCIDENT.exec(foldWidth(sentence));
  if (!m) return undefined;
  // Named by the graded events themselves: 特别重大事故、重大事故或重大失信事件.
  const events = [
    ...new Set(
      [...m[2].matchAll(/(?:特别重大|重大|较大)[^，,、;；“”"'‘’()（）]{0,8}?(?:事故|事件)/g)].map(
        (e) => e[0],
      ),
    ),
  ];
  const short = events.length > 1 ? `${events.slice(0, -1).join('、')}或${events.at(-1)}` : events[0];
  return {
    kind: 'yes-no',
    comparator: '<=',
    target: 0,
    targetText: `${m[1]}（不发生）`,
    name: `本月是否发生${short}`,
    period: 'monthly',
    level: 'error',
    sentence,
    doubts: ['原文要求不发生此类事件：按月报“是否发生”导入（目标为“否”）'],
  };
}

export function findTargets(text: string, context: TargetContext): TextTargets {
  const targets: FoundTarget[] = [];
  let dualPublicityDueDays: number | undefined;
  for (const sentence of splitOutsideBrackets(text, oneOf('。；;！!？?\n'))) {
    const folded = foldWidth(sentence);
    if (folded.includes('双公示')) {
      const days = /(\d+)\s*个工作日内/.exec(folded);
      if (days) dualPublicityDueDays ??= Number(days[1]);
      targets.push(...dualPublicityRanking(sentence));
    }
    const incident = incidentTarget(sentence);
    if (incident) targets.push(incident);

    let reporters: string | undefined;
    let previous = '';
    let alone: FoundTarget[] = [];
    for (const raw of splitOutsideBrackets(sentence, oneOf('，,'))) {
      const lead = LEADING_WORDS.exec(raw)?.[0].length ?? 0;
      const length = context.reporterAt(raw.slice(lead));
      const own = length > 0 ? raw.slice(lead, lead + length) : undefined;
      reporters = own ?? reporters;
      const clause = { text: raw.slice(lead + length), reporters, ownReporters: own !== undefined };
      const found = targetsOfClause(clause, sentence, context, previous);
      // A date alone in the clause before limits this clause's target, or names this clause's action.
      const numeric = found.filter((t) => t.kind !== 'date');
      for (const date of alone) {
        if (numeric.length > 0) {
          date.qualifier = true;
          for (const target of numeric)
            target.doubts.push(`原文限定“${date.targetText}”达到，已作为任务的完成时限：请核对`);
        } else {
          const action = nameFrom(cleanSubject(clause.text).subject, 'date');
          if (action) date.name = `${action}完成日期`;
        }
      }
      alone = found.filter((t) => ALONE.has(t));
      for (const target of found)
        if (target.kind !== 'date') previous = target.name.replace(/（[^（]*）$/, '');
      targets.push(...found);
    }
  }
  const aboutDualPublicity = foldWidth(text).includes('双公示');
  return {
    targets: aboutDualPublicity ? settleDualPublicity(targets, dualPublicityDueDays ?? 7) : targets,
    dualPublicityDueDays,
  };
}
