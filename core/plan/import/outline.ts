import { foldWidth } from '../../values/input.js';
import { responsibilityClauses } from './clause.js';
import type { Paragraph } from './document.js';
import { chineseNumeral, numberingOf, STYLE_RANK, type Numbered, type NumberingStyle } from './numbering.js';
import type { ReviewNote } from './review.js';

/**
 * Finds the tasks in a document's paragraphs, whatever its numbering: the part titled 重点任务
 * (or 重点工作…), its sections and its tasks, or — where there is no such part — every part that
 * is not 总体要求, 指导思想, 主要目标, 保障措施 and the like.
 */

export interface DraftTask {
  /** The document's number for the task (numbering may restart in each section). */
  number: number;
  section: string;
  sectionTitle: string;
  /** The heading paragraph after its number, then the paragraphs that follow it. */
  heading: string;
  paragraphs: string[];
  place: string;
  /** The heading is a section heading standing for the task (the section has no numbered tasks). */
  sectionIsTask: boolean;
}

export interface Outline {
  title: string;
  tasks: DraftTask[];
  notes: ReviewNote[];
}

const TASK_PART = /重点任务|重点工作|主要任务|工作任务|任务分工|工作重点|重点举措|主要举措|主要措施|具体任务/;
const NOT_TASKS =
  /^(?:总体要求|指导思想|主要目标|工作目标|总体目标|目标任务|基本原则|工作原则|保障措施|组织保障|组织领导|组织实施|工作要求|有关要求|保障机制|工作保障|工作机制|实施步骤|进度安排|工作安排|(?:加强|强化|切实加强)(?:组织领导|组织保障|工作保障)|附则)/;
const ANNEX = /^附\s*件\s*\d*\s*[:：]?/;
const TITLE_WORDS = /工作要点|工作计划|要点|计划|方案|安排/;

interface Line {
  paragraph: Paragraph;
  numbered?: Numbered;
}

const headingTitle = (rest: string): string => {
  const stop = rest.search(/[。]/);
  return (stop >= 0 ? rest.slice(0, stop) : rest).replace(/[:：;；，,\s]+$/, '').trim();
};

/** The document title: the first paragraph that reads like one (within the opening lines). */
function documentTitle(paragraphs: Paragraph[]): { title: string; index: number } {
  const opening = paragraphs.slice(0, 6);
  const index = Math.max(
    0,
    opening.findIndex((p) => TITLE_WORDS.test(p.text) && !numberingOf(p.text) && p.text.length <= 80),
  );
  const text = paragraphs[index]?.text ?? '';
  const quoted = /《([^》]+)》/.exec(text);
  return { title: (quoted && TITLE_WORDS.test(quoted[1]) ? quoted[1] : text).trim(), index };
}

/** Drops every heading (and what is under it) whose title says it is not about tasks. */
function withoutNonTaskParts(lines: Line[]): Line[] {
  const kept: Line[] = [];
  let skipping: NumberingStyle | undefined;
  for (const line of lines) {
    const style = line.numbered?.style;
    if (skipping && style && STYLE_RANK.indexOf(style) <= STYLE_RANK.indexOf(skipping)) skipping = undefined;
    if (skipping) continue;
    if (line.numbered && NOT_TASKS.test(line.numbered.rest)) {
      skipping = line.numbered.style;
      continue;
    }
    kept.push(line);
  }
  return kept;
}

/**
 * The task level is the numbering level responsibility clauses attach to: of the levels used, the
 * one with about as many headings as there are clauses; on a tie, the level of the headings that
 * carry the clauses themselves, then the higher level. Without clauses, the level below the
 * highest one used, or the only one.
 */
function taskStyle(lines: Line[], present: NumberingStyle[]): NumberingStyle {
  const withClause = lines.filter((line) => responsibilityClauses(line.paragraph.text).length > 0);
  if (withClause.length === 0) return present[Math.min(1, present.length - 1)];
  const score = (style: NumberingStyle) => [
    -Math.abs(lines.filter((line) => line.numbered?.style === style).length - withClause.length),
    withClause.filter((line) => line.numbered?.style === style).length,
  ];
  let best = present[0];
  for (const style of present) {
    const [distance, carried] = score(style);
    const [bestDistance, bestCarried] = score(best);
    if (distance > bestDistance || (distance === bestDistance && carried > bestCarried)) best = style;
  }
  return best;
}

export function outline(paragraphs: Paragraph[]): Outline {
  const notes: ReviewNote[] = [];
  const { title, index: titleIndex } = documentTitle(paragraphs);
  const lines: Line[] = paragraphs
    .slice(titleIndex + 1)
    .map((paragraph) => ({ paragraph, numbered: numberingOf(paragraph.text) }));

  // The region holding the tasks, and the part it belongs to.
  const annex = lines.findIndex((line) => ANNEX.test(foldWidth(line.paragraph.text)));
  const body = annex >= 0 ? lines.slice(0, annex) : lines;
  const partAt = body.findIndex(
    (line) => line.numbered?.style === 'cn-dun' && TASK_PART.test(line.numbered.rest.slice(0, 12)),
  );
  let region: Line[];
  let part = { numeral: '', title: '' };
  if (partAt >= 0) {
    const heading = body[partAt].numbered!;
    part = { numeral: heading.numeral, title: headingTitle(heading.rest) };
    const end = body.findIndex((line, i) => i > partAt && line.numbered?.style === 'cn-dun');
    region = body.slice(partAt + 1, end < 0 ? undefined : end);
  } else {
    region = body;
  }
  region = withoutNonTaskParts(region);

  const present = STYLE_RANK.filter((style) => region.some((line) => line.numbered?.style === style));
  if (present.length === 0) return { title, tasks: unnumberedTasks(region, part, notes), notes };
  const tasksAt = taskStyle(region, present);
  const rank = (style: NumberingStyle) => STYLE_RANK.indexOf(style);
  const sectionStyle = [...present].reverse().find((style) => rank(style) < rank(tasksAt));

  const tasks: DraftTask[] = [];
  let section = part.numeral
    ? { numeral: part.numeral, title: part.title }
    : { numeral: '一', title: '重点任务' };
  let pendingSection: DraftTask | undefined;
  let current: DraftTask | undefined;
  const closeSection = () => {
    if (pendingSection) tasks.push(pendingSection);
    pendingSection = undefined;
  };

  for (const line of region) {
    const style = line.numbered?.style;
    if (style && rank(style) < rank(tasksAt) && style !== sectionStyle) {
      // A part above the sections (一、…) where the document has no 重点任务 heading.
      closeSection();
      current = undefined;
      if (!sectionStyle)
        section = { numeral: line.numbered!.numeral, title: headingTitle(line.numbered!.rest) };
      continue;
    }
    if (style && style === sectionStyle) {
      closeSection();
      current = undefined;
      const numbered = line.numbered!;
      const numeral = /^\d+$/.test(numbered.numeral) ? chineseNumeral(numbered.value) : numbered.numeral;
      section = { numeral, title: headingTitle(numbered.rest) };
      pendingSection = {
        number: numbered.value,
        section: numeral,
        sectionTitle: section.title,
        heading: numbered.rest,
        paragraphs: [],
        place: line.paragraph.place,
        sectionIsTask: true,
      };
      continue;
    }
    if (style === tasksAt) {
      pendingSection = undefined;
      const numbered = line.numbered!;
      // （一）… headings with nothing numbered under them are sections standing for their task.
      const ownSection = !sectionStyle && style === 'cn-paren';
      current = {
        number: numbered.value,
        section: ownSection ? numbered.numeral : section.numeral,
        sectionTitle: ownSection ? headingTitle(numbered.rest) : section.title,
        heading: numbered.rest,
        paragraphs: [],
        place: line.paragraph.place,
        sectionIsTask: ownSection,
      };
      tasks.push(current);
      continue;
    }
    // Unnumbered paragraphs and sub-items ((1)…, ①…) belong to the task above them.
    const owner = current ?? pendingSection;
    if (owner) owner.paragraphs.push(line.paragraph.text);
  }
  closeSection();
  return { title, tasks, notes };
}

/** A document with no numbering at all: each paragraph with a responsibility clause ends a task. */
function unnumberedTasks(
  region: Line[],
  part: { numeral: string; title: string },
  notes: ReviewNote[],
): DraftTask[] {
  const tasks: DraftTask[] = [];
  let open: Line[] = [];
  for (const line of region) {
    open.push(line);
    if (responsibilityClauses(line.paragraph.text).length === 0) continue;
    tasks.push({
      number: tasks.length + 1,
      section: part.numeral || '一',
      sectionTitle: part.title || '重点任务',
      heading: open[0].paragraph.text,
      paragraphs: open.slice(1).map((l) => l.paragraph.text),
      place: open[0].paragraph.place,
      sectionIsTask: false,
    });
    open = [];
  }
  if (tasks.length > 0) {
    notes.push({
      subject: { kind: 'plan' },
      message: `原文任务没有编号，已按“责任单位”所在段落划分为${tasks.length}项任务：请核对任务的划分`,
      source: tasks[0].heading.slice(0, 60),
      place: tasks[0].place,
    });
  }
  return tasks;
}
