import { foldWidth } from '../../values/input.js';
import { DUAL_PUBLICITY_INDICATORS } from '../dual-publicity.js';
import { shiftDate, shiftIndicatorYears, shiftTaskYears, shiftYears } from '../years.js';
import type { Indicator, Task, Unit } from '../model.js';
import { namedUnits, resolveResponsibilities, type ResponsibilityLists } from '../responsibility.js';
import { bracketDepths, indexOutsideBrackets } from './brackets.js';
import { responsibilityClauses, withoutClauses } from './clause.js';
import { deadlineOf, ONGOING } from './deadline-text.js';
import { paragraphsOf, tablesOf, type SourceDocument } from './document.js';
import { outline, type DraftTask } from './outline.js';
import type { ReviewNote } from './review.js';
import { tableTasks, type TableTask } from './task-table.js';
import { findTargets, type DualPublicityRate, type FoundTarget } from './targets.js';
import { UnitDirectory } from './unit-directory.js';

/**
 * Reads a year's 工作要点 into plan tasks, responsibilities, indicators and new units, with a
 * review note for everything the office should check. Pure: the document comes in as paragraphs
 * and tables (see the readers in reporter/), the carried-over units as data.
 */

export interface ImportOptions {
  /** The plan year. The document is read in its own year (its title's) and moved to this one. */
  year: number;
  /** Units carried over (codes, names, aliases, kinds, 双公示). */
  units: readonly Unit[];
}

export interface ImportedPlan {
  title: string;
  /** The year the document's title names, when it names one. */
  documentYear?: number;
  tasks: Task[];
  indicators: Indicator[];
  /** The carried-over units followed by the added ones. */
  units: Unit[];
  addedUnits: Unit[];
  /** `N个工作日内` said of 双公示 records. */
  dualPublicityDueWorkingDays?: number;
  notes: ReviewNote[];
  /** Where the tasks were read from. */
  layout: 'text' | 'table' | 'text-and-table';
}

/** A task as read, before its units are resolved. */
type TaskSource = Pick<
  Task,
  'number' | 'section' | 'sectionTitle' | 'title' | 'text' | 'responsibilityText'
> & {
  lists: ResponsibilityLists;
  deadlineText: string;
  place: string;
};

const hasUnits = (lists: ResponsibilityLists) =>
  lists.lead.length + lists.partner.length + lists.responsible.length > 0;

/** The title is the first sentence; a heading with no full stop is the title by itself. */
function titleAndText(body: string): { title: string; text: string } {
  const lines = body.split('\n');
  const first = lines[0] ?? '';
  const stop = indexOutsideBrackets(first, '。');
  if (stop >= 0) return { title: first.slice(0, stop).trim(), text: body };
  const title = first.replace(/[。:：;；，,\s]+$/, '').trim();
  return { title, text: lines.slice(1).join('\n') || title };
}

function fromDraft(draft: DraftTask): TaskSource {
  const body = [draft.heading, ...draft.paragraphs].join('\n');
  const clauses = responsibilityClauses(body);
  return {
    number: draft.number,
    section: draft.section,
    sectionTitle: draft.sectionTitle,
    ...titleAndText(withoutClauses(body, clauses)),
    responsibilityText: clauses.map((clause) => clause.text).join('；'),
    lists: {
      lead: clauses.flatMap((c) => c.lead),
      partner: clauses.flatMap((c) => c.partner),
      responsible: clauses.flatMap((c) => c.responsible),
    },
    deadlineText: clauses.find((clause) => clause.deadline)?.deadline ?? '',
    place: draft.place,
  };
}

function fromTableRow(row: TableTask): TaskSource {
  const lists: ResponsibilityLists = {
    lead: row.lead ? [row.lead] : [],
    partner: row.partner ? [row.partner] : [],
    responsible: row.responsible ? [row.responsible] : [],
  };
  let body = row.text;
  // The columns as one clause, labelled as the table heads them; a lone column needs no label.
  const columns = [
    ['牵头单位', row.lead],
    ['责任单位', row.responsible],
    ['配合单位', row.partner],
  ].filter(([, units]) => units);
  let responsibilityText =
    columns.length === 1 && !row.partner
      ? columns[0][1]
      : columns.map(([label, units]) => `${label}：${units}`).join('；');
  // A table whose unit columns are empty may still carry the clause inside the task's cell.
  const clauses = hasUnits(lists) ? [] : responsibilityClauses(body);
  if (clauses.length > 0) {
    body = withoutClauses(body, clauses);
    lists.lead = clauses.flatMap((c) => c.lead);
    lists.partner = clauses.flatMap((c) => c.partner);
    lists.responsible = clauses.flatMap((c) => c.responsible);
    responsibilityText = clauses.map((clause) => clause.text).join('；');
  }
  const split = row.title === row.text ? titleAndText(body) : { title: row.title, text: body };
  return {
    number: row.number,
    section: row.section,
    sectionTitle: row.sectionTitle,
    ...split,
    responsibilityText,
    lists,
    deadlineText: row.deadline || (clauses.find((c) => c.deadline)?.deadline ?? ''),
    place: row.place,
  };
}

const titleKey = (title: string) =>
  foldWidth(title)
    .replace(/[\s\p{P}]/gu, '')
    .slice(0, 10);

/**
 * A 任务分工表 and the text side by side: the table says who does what, the text gives sections and
 * the full wording. Tasks of the text the table leaves out are kept, with a note.
 */
function mergeTableAndText(rows: TaskSource[], drafts: TaskSource[], notes: ReviewNote[]): TaskSource[] {
  const unused = new Set(drafts);
  const merged = rows.map((row) => {
    const draft = drafts.find((d) => unused.has(d) && titleKey(d.title) === titleKey(row.title));
    if (!draft) return row;
    unused.delete(draft);
    return {
      ...row,
      section: row.section || draft.section,
      sectionTitle: row.sectionTitle || draft.sectionTitle,
      title: draft.title,
      text: draft.text.length > row.text.length ? draft.text : row.text,
      lists: hasUnits(row.lists) ? row.lists : draft.lists,
      responsibilityText: hasUnits(row.lists) ? row.responsibilityText : draft.responsibilityText,
      deadlineText: row.deadlineText || draft.deadlineText,
    };
  });
  for (const draft of unused) {
    notes.push({
      subject: { kind: 'plan' },
      message: `正文中的任务“${draft.title}”不在任务分工表中，已按正文导入：请核对`,
      source: draft.title,
      place: draft.place,
    });
    merged.push(draft);
  }
  return merged;
}

/** Numbers 1…N in order unless the source already does, with a note when it did not. */
function numberInOrder(tasks: TaskSource[], notes: ReviewNote[]): void {
  if (tasks.every((task, i) => task.number === i + 1)) return;
  tasks.forEach((task, i) => (task.number = i + 1));
  notes.push({
    subject: { kind: 'plan' },
    message: `任务序号不是从1到${tasks.length}依次编排，已按先后顺序重新编为1–${tasks.length}：请核对`,
    source: tasks
      .slice(0, 5)
      .map((task) => task.title)
      .join(' / '),
    place: tasks[0]?.place ?? '',
  });
}

/** Length of the phrase naming units at the start of a clause (`市发改、工信…等部门`), or 0. */
function reporterPhraseLength(text: string, directory: UnitDirectory): number {
  let at = 0;
  let end = 0;
  for (;;) {
    if (!directory.mayStartName(text.slice(at))) return end;
    let found = 0;
    for (let to = Math.min(text.length, at + 24); to >= at + 2; to--) {
      const slice = text.slice(at, to);
      const depths = bracketDepths(slice + ' ');
      if (depths[slice.length] !== 0) continue;
      if (directory.match(slice, { abbreviations: false }).kind !== 'unknown') {
        found = to;
        break;
      }
    }
    if (!found) return end;
    end = found;
    const tail = /^等[^，,；;。]*?(?:单位|部门|机构)/.exec(text.slice(end));
    if (tail) return end + tail[0].length;
    if (!'、和及与'.includes(text[end] ?? '')) return end;
    at = end + 1;
  }
}

const padded = (n: number) => String(n).padStart(2, '0');

export function importWorkPoints(doc: SourceDocument, options: ImportOptions): ImportedPlan {
  const { year } = options;
  const parsed = outline(paragraphsOf(doc));
  const notes = [...parsed.notes];
  const yearInTitle = /(\d{4})\s*年/.exec(parsed.title);
  const documentYear = yearInTitle ? Number(yearInTitle[1]) : undefined;
  // The document is read in its own year; a plan for another year moves with it, as plan new does.
  const docYear = documentYear ?? year;
  const title = shiftYears(parsed.title || `${docYear}年工作要点`, docYear, year);
  if (docYear !== year) {
    notes.push({
      subject: { kind: 'plan' },
      message: `原文是${documentYear}年的工作要点，按${year}年导入：标题、任务和指标中的年份，完成时限和日期目标都已顺延${year - docYear}年：请核对`,
      source: parsed.title,
      place: paragraphsOf(doc)[0]?.place ?? '',
    });
  }

  const drafts = parsed.tasks.map(fromDraft);
  const rows = tablesOf(doc)
    .flatMap((table) => tableTasks(table) ?? [])
    .map(fromTableRow);
  const sources = rows.length > 0 ? mergeTableAndText(rows, drafts, notes) : drafts;
  const layout = rows.length === 0 ? 'text' : drafts.length === 0 ? 'table' : 'text-and-table';
  numberInOrder(sources, notes);
  // A table with no section rows or column: one section, as the text reader gives such a list.
  for (const source of sources)
    if (!source.section) Object.assign(source, { section: '一', sectionTitle: '重点任务' });

  const directory = new UnitDirectory(options.units);
  const tasks: Task[] = [];
  const indicators: Indicator[] = [];
  const pending: { task: number; place: string; target: FoundTarget; reporters: string[] }[] = [];
  const dualRates = new Set<DualPublicityRate>();
  let dualPublicityDueWorkingDays: number | undefined;
  let carried: { lists: ResponsibilityLists; text: string } | undefined;

  for (const source of sources) {
    const place = source.place;
    const taskNote = (
      message: string,
      text: string,
      subject: ReviewNote['subject'] = { kind: 'responsibility', task: source.number },
    ) => notes.push({ subject, message, source: text, place });

    let lists = source.lists;
    let responsibilityText = source.responsibilityText;
    if (!hasUnits(lists) && carried) {
      lists = carried.lists;
      responsibilityText = carried.text;
      taskNote('原文此处未写责任单位，已沿用前文注明“下同”的责任单位：请核对', carried.text);
    }
    const resolved = resolveResponsibilities(lists, directory);
    if (resolved.carriesForward) carried = { lists, text: responsibilityText };
    for (const { unit, name } of resolved.added) {
      notes.push({
        subject: { kind: 'unit', code: unit.code },
        message: `“${name}”与已有单位的名称和别名都不符，已新增为单位 ${unit.code}：如是已有单位的另一种写法，请删去此行，把“${name}”加到该单位的别名中，并改正“责任分工”表`,
        source: responsibilityText,
        place,
      });
    }
    for (const { unit, name } of resolved.abbreviated) {
      notes.push({
        subject: { kind: 'unit', code: unit.code },
        message: `原文“${name}”按全称与简称对应为本单位，已加为别名：如不是同一单位，请删去该别名，并改正“责任分工”表`,
        source: responsibilityText,
        place,
      });
    }
    for (const phrase of new Set(resolved.vague)) {
      taskNote(`“${phrase}”泛指有关单位，已按全部同类单位导入：请删去与本任务无关的单位`, responsibilityText);
    }
    const tails = resolved.tails.filter((tail) => /等/.test(tail));
    if (tails.length > 0) {
      taskNote(
        `责任单位中“${[...new Set(tails)].join('”“')}”未列出具体单位，未导入：如有需要，请在“责任分工”表中补充`,
        responsibilityText,
      );
    }
    if (resolved.responsibilities.length === 0) {
      taskNote('未找到本任务的责任单位：请在“责任分工”表中填写牵头单位和配合单位', source.text.slice(0, 80));
    } else if (resolved.leadGuessed) {
      taskNote('原文未指明牵头单位，已将第一个单位定为牵头：请核对', responsibilityText);
    }

    const task: Task = {
      number: source.number,
      section: source.section,
      sectionTitle: source.sectionTitle,
      title: source.title,
      text: source.text,
      responsibilityText,
      responsibilities: resolved.responsibilities,
    };

    const scope = resolved.responsibilities
      .map((r) => directory.units.find((u) => u.code === r.unit))
      .filter((u): u is Unit => u !== undefined);
    const found = findTargets(source.text, {
      year: docYear,
      reporterAt: (text) => reporterPhraseLength(text, directory),
    });
    if (found.dualPublicityDueDays !== undefined) dualPublicityDueWorkingDays ??= found.dualPublicityDueDays;

    // The 完成时限 the document gives, else the latest deadline its text states.
    // A task over several table rows may give each its own 完成时限: the latest is the task's.
    const stated = source.deadlineText
      .split(/[；;]/)
      .map((text) => deadlineOf(text, docYear))
      .filter((d) => d !== undefined)
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .at(-1);
    const latest = found.targets
      .filter((t) => t.date !== undefined)
      .sort((a, b) => (a.date! < b.date! ? -1 : 1))
      .at(-1);
    const deadline = stated ?? (latest ? { date: latest.date!, text: latest.targetText } : undefined);
    const onTask = { kind: 'task', task: source.number } as const;
    if (deadline) {
      task.deadline = deadline.date;
      const date = shiftDate(deadline.date, year - docYear);
      taskNote(`完成时限按原文“${deadline.text}”定为${date}：请核对`, deadline.text, onTask);
    }
    if (source.deadlineText && !stated && !ONGOING.test(source.deadlineText)) {
      taskNote(
        `完成时限“${source.deadlineText}”不是可识别的日期，未填入：请在“任务”表中填写日期`,
        source.deadlineText,
        onTask,
      );
    }
    tasks.push(task);

    for (const target of found.targets) {
      if (target.qualifier) continue;
      // A document names each 双公示 rate once; a second mention is the same indicator.
      if (target.dualPublicity && dualRates.has(target.dualPublicity)) continue;
      if (target.dualPublicity) dualRates.add(target.dualPublicity);
      pending.push({ task: source.number, place, target, reporters: reportersOf(target, directory, scope) });
    }
  }

  // Codes T<task>-<n> in order, around the fixed codes the 双公示 ranking reads.
  const codes = new Set<string>([...dualRates].map((rate) => DUAL_PUBLICITY_INDICATORS[rate]));
  const sequences = new Map<number, number>();
  for (const { task, place, target, reporters } of pending) {
    let code: string;
    if (target.dualPublicity) code = DUAL_PUBLICITY_INDICATORS[target.dualPublicity];
    else {
      let n = sequences.get(task) ?? 0;
      do code = `T${padded(task)}-${++n}`;
      while (codes.has(code));
      sequences.set(task, n);
      codes.add(code);
    }
    indicators.push(indicatorOf(code, task, target, reporters));
    notes.push({
      subject: { kind: 'indicator', code },
      message: ['从原文识别的指标：请核对名称、口径、比较符号、目标值和报送单位', ...target.doubts].join(
        '；',
      ),
      source: target.sentence,
      place,
    });
  }

  return {
    title,
    documentYear,
    tasks: tasks.map((task) => shiftTaskYears(task, docYear, year)),
    indicators: indicators.map((indicator) => shiftIndicatorYears(indicator, docYear, year)),
    units: directory.units,
    addedUnits: directory.added,
    ...(dualPublicityDueWorkingDays !== undefined ? { dualPublicityDueWorkingDays } : {}),
    notes,
    layout,
  };
}

function reportersOf(target: FoundTarget, directory: UnitDirectory, scope: Unit[]): string[] {
  const codes = (units: readonly Unit[]) => [...new Set(units.map((u) => u.code))];
  if (target.dualPublicity) {
    const dual = directory.units.filter((u) => u.dualPublicity);
    return codes(dual.length > 0 ? dual : scope);
  }
  if (target.reporters) {
    const named = namedUnits(target.reporters, directory, scope);
    if (named.entries.length > 0) return codes(named.entries.map((e) => e.unit));
  }
  return codes(scope);
}

function indicatorOf(code: string, task: number, target: FoundTarget, reporters: string[]): Indicator {
  const twoCounts = target.numeratorLabel && target.denominatorLabel;
  const indicator: Indicator = {
    code,
    task,
    name: target.name,
    definition: twoCounts ? `${target.numeratorLabel} ÷ ${target.denominatorLabel}` : target.sentence,
    kind: target.kind,
    comparator: target.comparator,
    target: target.target,
    targetText: target.targetText,
    reporters,
    period: target.period,
    level: target.level,
  };
  if (twoCounts) {
    indicator.numeratorLabel = target.numeratorLabel;
    indicator.denominatorLabel = target.denominatorLabel;
  }
  return indicator;
}
