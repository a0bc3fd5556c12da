/**
 * Parses the seed's 二、重点任务 part into tasks: section, number, title, full text and the verbatim
 * responsibility list. Pure text work, so the built-in plan can be derived from the seed itself.
 */

export interface SeedTask {
  number: number;
  section: string;
  sectionTitle: string;
  title: string;
  text: string;
  responsibilityText: string;
  /** The note inside the responsibility parenthesis (task 1 has one), kept for the text. */
  responsibilityNote: string;
}

export interface SeedDocument {
  title: string;
  tasks: SeedTask[];
}

const SECTION_LINE = /^\(([一二三四五六七八九十]+)\)(.+)$/;
const TASK_LINE = /^(\d+)\.(.+)$/;
const RESPONSIBILITY_OPEN = '(责任单位:';

/** Finds the parenthesis that closes the one opening at `start`, honouring nesting like 县(市、区). */
function closingParen(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitResponsibility(body: string): { text: string; responsibilityText: string; note: string } {
  const open = body.indexOf(RESPONSIBILITY_OPEN);
  if (open < 0) return { text: body, responsibilityText: '', note: '' };
  const close = closingParen(body, open);
  if (close < 0) throw new Error(`seed: unbalanced responsibility parenthesis in "${body.slice(0, 30)}…"`);
  const inside = body.slice(open + RESPONSIBILITY_OPEN.length, close);
  const noteAt = inside.indexOf('。注:');
  const responsibilityText = noteAt >= 0 ? inside.slice(0, noteAt) : inside;
  const note = noteAt >= 0 ? inside.slice(noteAt + 1) : '';
  return { text: (body.slice(0, open) + body.slice(close + 1)).trim(), responsibilityText, note };
}

export function parseSeed(seed: string): SeedDocument {
  const lines = seed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const title = lines[0] ?? '';
  const start = lines.findIndex((line) => line.startsWith('二、重点任务'));
  const end = lines.findIndex((line, i) => i > start && /^[三四五六七八九十]、/.test(line));
  if (start < 0) throw new Error('seed: 二、重点任务 not found');

  const tasks: SeedTask[] = [];
  let section = '';
  let sectionTitle = '';
  for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
    const sectionMatch = SECTION_LINE.exec(line);
    if (sectionMatch) {
      section = sectionMatch[1];
      sectionTitle = sectionMatch[2].trim();
      continue;
    }
    const taskMatch = TASK_LINE.exec(line);
    if (taskMatch) {
      const body = taskMatch[2];
      const titleEnd = body.indexOf('。');
      const { text, responsibilityText, note } = splitResponsibility(body);
      tasks.push({
        number: Number(taskMatch[1]),
        section,
        sectionTitle,
        title: titleEnd >= 0 ? body.slice(0, titleEnd) : body,
        text,
        responsibilityText,
        responsibilityNote: note,
      });
      continue;
    }
    // A paragraph that continues the previous task (task 1 lists the five documents on its own line).
    const last = tasks[tasks.length - 1];
    if (!last) throw new Error(`seed: text before the first task: "${line.slice(0, 30)}…"`);
    last.text += '\n' + line;
  }
  return { title, tasks };
}

/** Splits a responsibility list on 、 and ; and drops the "等…有关单位" tail words. */
export function splitUnitNames(responsibilityText: string): string[] {
  return responsibilityText
    .split(/[;；]/)
    .flatMap((part) => splitTopLevel(part, '、'))
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Splits on a separator outside parentheses, so `市城市管理局(供水、供气公司)` stays whole. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}
