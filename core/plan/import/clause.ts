import { foldWidth } from '../../values/input.js';
import {
  bracketDepths,
  closingBracket,
  isCloser,
  isOpener,
  splitOutsideBrackets,
  withoutBrackets,
} from './brackets.js';
import { readUnitList } from './unit-list.js';

/**
 * The responsibility clause of a task as documents write it:
 * - `（责任单位：…）`, `〔责任单位：…〕`, `【牵头单位：…；配合单位：…；完成时限：…】` (labelled);
 * - `（X牵头，Y配合）`, `（X负责）` (roles);
 * - a list of unit names with no label, in brackets at the end, after the last sentence, or as the
 *   task's last paragraph (trailing list).
 * Lists stay text here; they are split and resolved to units later.
 */
export interface ResponsibilityClause {
  form: 'labelled' | 'roles' | 'trailing-list';
  /** The document's own wording, kept for the 任务 sheet (labels dropped where only 责任单位 is given). */
  text: string;
  /** Lists whose units lead, partner, or (responsible) lead if first, partner after. */
  lead: string[];
  partner: string[];
  responsible: string[];
  /** 完成时限 as written. */
  deadline?: string;
  /** A 注 inside the clause, e.g. task 1's definition of 市、县信用办. */
  note?: string;
  /** Span of the clause in the task body, brackets included, to cut from the task text. */
  start: number;
  end: number;
}

type Label = 'lead' | 'partner' | 'responsible' | 'deadline' | 'note';

const LABELS: [RegExp, Label][] = [
  [/^(?:牵头单位|牵头部门|牵头)$/, 'lead'],
  [/^(?:配合单位|配合部门|参与单位|协办单位|协助单位|协同单位)$/, 'partner'],
  [/^(?:责任单位|责任部门|责任主体|主要责任单位|承办单位)$/, 'responsible'],
  [/^(?:完成时限|完成时间|时间节点|时间安排|时限要求|时限)$/, 'deadline'],
  [/^注$/, 'note'],
];
const LABEL_WORDS =
  '牵头单位|牵头部门|配合单位|配合部门|参与单位|协办单位|协助单位|协同单位|主要责任单位|责任单位|责任部门|责任主体|承办单位|完成时限|完成时间|时间节点|时间安排|时限要求|时限|注';
const LABELLED_OPEN = new RegExp(`[(〔【\\[]\\s*(?:${LABEL_WORDS})\\s*:`, 'g');
const LABEL_IN_CLAUSE = new RegExp(`(?:^|[;。,\\s])\\s*(${LABEL_WORDS})\\s*:`, 'g');
const UNBRACKETED_LABEL = new RegExp(`(?:^|\\n|。)\\s*((?:${LABEL_WORDS})\\s*:)`, 'g');

const labelOf = (word: string): Label => LABELS.find(([pattern]) => pattern.test(word))?.[1] ?? 'responsible';

/** Reads `label:list；label:list` inside a clause into lists by role. */
function readLabelled(inner: string, start: number, end: number): ResponsibilityClause {
  const folded = foldWidth(inner);
  const depths = bracketDepths(folded);
  const marks: { label: Label; from: number; to: number }[] = [];
  for (const m of folded.matchAll(LABEL_IN_CLAUSE)) {
    const at = m.index + m[0].indexOf(m[1]);
    if (depths[at] === 0) marks.push({ label: labelOf(m[1]), from: at, to: m.index + m[0].length });
  }
  const clause: ResponsibilityClause = {
    form: 'labelled',
    text: '',
    lead: [],
    partner: [],
    responsible: [],
    start,
    end,
  };
  const trim = (text: string) => text.replace(/^[\s;；。，,]+|[\s;；。，,]+$/g, '');
  let kept = inner.length;
  marks.forEach((mark, i) => {
    const value = trim(inner.slice(mark.to, i + 1 < marks.length ? marks[i + 1].from : inner.length));
    if (mark.label === 'note') {
      clause.note = trim(inner.slice(mark.from));
      kept = Math.min(kept, mark.from);
    } else if (mark.label === 'deadline') {
      clause.deadline = value;
    } else if (value) clause[mark.label].push(value);
  });
  const onlyResponsible = marks.every((m) => m.label === 'responsible' || m.label === 'note');
  clause.text = trim(inner.slice(onlyResponsible && marks.length > 0 ? marks[0].to : 0, kept));
  return clause;
}

/** Every `（责任单位：…）`-style clause, in order (a task may give one per sub-item). */
function labelledClauses(body: string): ResponsibilityClause[] {
  const folded = foldWidth(body);
  const depths = bracketDepths(folded);
  const clauses: ResponsibilityClause[] = [];
  for (const m of folded.matchAll(LABELLED_OPEN)) {
    if (depths[m.index] !== 0 || (clauses.length && m.index < clauses[clauses.length - 1].end)) continue;
    let close = closingBracket(folded, m.index);
    // An unclosed clause runs to the end of its paragraph.
    if (close < 0) {
      const lineEnd = folded.indexOf('\n', m.index);
      close = lineEnd < 0 ? folded.length : lineEnd;
    }
    const inner = body.slice(m.index + 1, close);
    clauses.push(readLabelled(inner, m.index, Math.min(close + 1, body.length)));
  }
  return clauses;
}

const LABEL_LINE = new RegExp(`^\\s*(?:${LABEL_WORDS})\\s*:`);

/**
 * `责任单位：…` with no bracket: the task's last paragraphs when each starts with a label
 * (牵头单位：… / 配合单位：… / 完成时限：… on lines of their own), or after the last sentence.
 */
function unbracketedLabel(body: string): ResponsibilityClause | undefined {
  const lines = body.split('\n');
  let first = lines.length;
  while (first > 1 && LABEL_LINE.test(foldWidth(lines[first - 1]))) first--;
  if (first < lines.length) {
    const start = lines.slice(0, first).join('\n').length + 1;
    const clause = readLabelled(body.slice(start).replace(/\n/g, '；'), start, body.length);
    if (clause.lead.length + clause.partner.length + clause.responsible.length > 0) return clause;
  }
  const folded = foldWidth(body);
  const depths = bracketDepths(folded);
  let last: RegExpExecArray | undefined;
  for (const m of folded.matchAll(UNBRACKETED_LABEL)) {
    const at = m.index + m[0].indexOf(m[1]);
    if (depths[at] === 0) last = m as RegExpExecArray;
  }
  if (!last) return undefined;
  const at = last.index + last[0].indexOf(last[1]);
  // Only when the label starts the task's last part: nothing but the clause follows.
  if (folded.slice(at).includes('\n')) return undefined;
  const clause = readLabelled(body.slice(at), at, body.length);
  return clause.lead.length + clause.partner.length + clause.responsible.length > 0 ? clause : undefined;
}

const ROLE_WORD =
  /(牵头负责|牵头落实|牵头|主责|按职责分工负责|按职责负责|分别负责|共同负责|负责|配合|协助|参与|协办|按职责分工落实)$/;

/** Words a unit name ends with; a list of such names with no label is a responsibility list. */
const UNIT_ENDING =
  /(局|委|办|院|厅|部|会|行|队|所|中心|公司|政府|单位|部门|分局|支队|海关|团市委|法院|检察院|银行|总局|站|处|集团|区|县|室|社|联|协会|办公室|机构)$/;

/** Whether every item of a list reads as a unit name or group (with no verbs or numbers). */
function looksLikeUnitList(text: string): boolean {
  if (!text || text.length > 600 || /[。:：\d]/.test(foldWidth(withoutBrackets(text)))) return false;
  const { items } = readUnitList(text);
  return (
    items.length > 0 &&
    items.every((item) => {
      const bare = withoutBrackets(item).trim();
      return bare.length >= 2 && bare.length <= 30 && (UNIT_ENDING.test(bare) || /^各县$/.test(bare));
    })
  );
}

/** `X牵头，Y配合`: every comma-separated part ends with a role word after a unit list. */
function readRoles(inner: string, start: number, end: number): ResponsibilityClause | undefined {
  const parts = splitOutsideBrackets(inner.replace(/[。.]\s*$/, ''), (t, i) =>
    '，,；;'.includes(t[i]) ? 1 : 0,
  );
  if (parts.length === 0) return undefined;
  const clause: ResponsibilityClause = {
    form: 'roles',
    text: inner.trim(),
    lead: [],
    partner: [],
    responsible: [],
    start,
    end,
  };
  for (const part of parts) {
    const role = ROLE_WORD.exec(part);
    if (!role) return undefined;
    const names = part.slice(0, role.index).trim();
    if (!looksLikeUnitList(names)) return undefined;
    if (/牵头|主责/.test(role[1]) || role[1] === '负责') clause.lead.push(names);
    else clause.partner.push(names);
  }
  return clause;
}

/** The last bracket group, when nothing but a full stop follows it. */
function trailingBracket(body: string): { inner: string; start: number; end: number } | undefined {
  const trimmed = body.replace(/[\s。.]+$/, '');
  if (!isCloser(trimmed[trimmed.length - 1] ?? '')) return undefined;
  const depths = bracketDepths(trimmed);
  let open = trimmed.length - 1;
  while (open >= 0 && !(isOpener(trimmed[open]) && depths[open] === 0)) open--;
  if (open < 0 || closingBracket(trimmed, open) !== trimmed.length - 1) return undefined;
  return { inner: body.slice(open + 1, trimmed.length - 1), start: open, end: body.length };
}

/**
 * After the last full stop, or the last paragraph: a bare list of units, or `X牵头，Y配合`. A bare
 * list is taken only where it is no sentence (no full stop of its own) or a paragraph by itself.
 */
function trailingSentence(body: string): { inner: string; start: number; listAllowed: boolean } | undefined {
  const trimmed = body.replace(/[\s。.]+$/, '');
  const depths = bracketDepths(trimmed);
  let cut = trimmed.length - 1;
  while (cut >= 0 && !((trimmed[cut] === '。' || trimmed[cut] === '\n') && depths[cut] === 0)) cut--;
  if (cut < 0) return undefined;
  const listAllowed = trimmed[cut] === '\n' || trimmed.length === body.trimEnd().length;
  return { inner: body.slice(cut + 1, trimmed.length), start: cut + 1, listAllowed };
}

function listClause(inner: string, start: number, end: number): ResponsibilityClause | undefined {
  if (!looksLikeUnitList(inner)) return undefined;
  return {
    form: 'trailing-list',
    text: inner.trim(),
    lead: [],
    partner: [],
    responsible: [inner.trim()],
    start,
    end,
  };
}

/**
 * The responsibility clauses of a task's body (its paragraphs joined by \n). Labelled clauses may be
 * several (one per sub-item); the other forms are looked for only at the end of the task.
 */
export function responsibilityClauses(body: string): ResponsibilityClause[] {
  const labelled = labelledClauses(body);
  if (labelled.length > 0) return labelled;
  const unbracketed = unbracketedLabel(body);
  if (unbracketed) return [unbracketed];
  const bracket = trailingBracket(body);
  if (bracket) {
    const clause =
      readRoles(bracket.inner, bracket.start, bracket.end) ??
      listClause(bracket.inner, bracket.start, bracket.end);
    if (clause) return [clause];
  }
  const sentence = trailingSentence(body);
  if (sentence) {
    const clause =
      readRoles(sentence.inner, sentence.start, body.length) ??
      (sentence.listAllowed ? listClause(sentence.inner, sentence.start, body.length) : undefined);
    if (clause) return [clause];
  }
  return [];
}

/** The body with the clauses cut out, each line trimmed and empty lines dropped. */
export function withoutClauses(body: string, clauses: ResponsibilityClause[]): string {
  let text = '';
  let at = 0;
  for (const clause of clauses) {
    text += body.slice(at, clause.start);
    at = clause.end;
  }
  text += body.slice(at);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}
