import {
  AlignmentType,
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { SEED_2024 } from '../core/plan/seed-2024.js';

/**
 * 工作要点 documents written by code in the shapes offices issue: the seed as text (half- and
 * full-width), as a Word document with typed or automatic numbering, and as a 任务分工表 with merged
 * cells. The fixtures read the seed with their own small regular expressions, so a test of the
 * importer does not grade the importer with itself.
 */

export const seedLines = (): string[] => SEED_2024.split('\n').filter((line) => line.trim());

/** Half-width brackets and list punctuation to the full-width forms most offices type. */
export const fullWidth = (text: string): string =>
  text.replace(/[():;,]/g, (c) => ({ '(': '（', ')': '）', ':': '：', ';': '；', ',': '，' })[c]!);

export interface SeedTask {
  number: number;
  section: string;
  sectionTitle: string;
  /** Task text without the responsibility parenthesis; extra paragraphs follow on new lines. */
  text: string;
  /** The responsibility list as written (task 1's note left out). */
  units: string;
}

/** Index of the bracket closing the one at `open` (test-local: the seed nests 县(市、区) inside). */
function closeOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return i;
  }
  throw new Error('unbalanced');
}

export function seedTasks(): SeedTask[] {
  const lines = seedLines();
  const from = lines.indexOf('二、重点任务');
  const to = lines.indexOf('三、保障措施');
  const tasks: SeedTask[] = [];
  let section = ['', ''];
  for (const line of lines.slice(from + 1, to)) {
    const sectionMatch = /^\(([一二三四五六七八九])\)(.+)$/.exec(line);
    if (sectionMatch) {
      section = [sectionMatch[1], sectionMatch[2]];
      continue;
    }
    const task = /^(\d+)\.(.+)$/.exec(line);
    if (!task) {
      tasks[tasks.length - 1].text += `\n${line}`;
      continue;
    }
    const open = task[2].indexOf('(责任单位:');
    const close = closeOf(task[2], open);
    const units = task[2].slice(open + '(责任单位:'.length, close).split('。注:')[0];
    tasks.push({
      number: Number(task[1]),
      section: section[0],
      sectionTitle: section[1],
      text: task[2].slice(0, open) + task[2].slice(close + 1),
      units,
    });
  }
  return tasks;
}

/** The first list item (outside brackets) leads; the rest partner, as the seed means them. */
export function leadAndPartners(units: string): { lead: string; partners: string } {
  let depth = 0;
  for (let i = 0; i < units.length; i++) {
    const c = units[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && '、;及'.includes(c)) return { lead: units.slice(0, i), partners: units.slice(i + 1) };
  }
  return { lead: units, partners: '' };
}

const FONT = { ascii: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const text = (line: string) => new Paragraph({ children: [new TextRun({ text: line, font: FONT })] });

/** The lines as Word paragraphs, numbers typed as text. */
export async function docxOfLines(lines: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: lines.map(text) }] });
  return Packer.toBuffer(doc);
}

/**
 * The seed with Word's automatic numbering instead of typed numbers: 一、 and （一） from one
 * outline list, tasks 1.–23. from a second list that runs through all sections, as offices set
 * them up with the 编号 button.
 */
export async function docxAutoNumbered(): Promise<Buffer> {
  const children = seedLines().map((line) => {
    const part = /^[一二三四五六七八九十]+、(.+)$/.exec(line);
    const section = /^\([一二三四五六七八九十]+\)(.+)$/.exec(line);
    const task = /^\d+\.(.+)$/.exec(line);
    const numbered = (body: string, reference: string, level: number) =>
      new Paragraph({ numbering: { reference, level }, children: [new TextRun({ text: body, font: FONT })] });
    if (part) return numbered(part[1], 'outline', 0);
    if (section) return numbered(section[1], 'outline', 1);
    if (task) return numbered(task[1], 'tasks', 0);
    return text(line);
  });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'outline',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.LEFT },
          ],
        },
        {
          reference: 'tasks',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

const COLUMN_WIDTHS = [700, 4200, 1600, 2400, 1000];

const cell = (value: string, options: { rowSpan?: number; columnSpan?: number } = {}) =>
  new TableCell({ children: value.split('\n').map(text), ...options });

/**
 * The seed as a 任务分工表: 序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限, a section row merged
 * across the table before each section, task 1 over two rows (its list of documents in the second),
 * the lead merged down over consecutive tasks that share it, and 完成时限 merged down over runs of
 * the same words.
 */
export async function docxTaskTable(
  options: { withText?: boolean; transform?: (text: string) => string } = {},
): Promise<Buffer> {
  const typed = options.transform ?? ((t: string) => t);
  const tasks = seedTasks();
  interface Row {
    section?: string;
    number?: string;
    task?: string;
    lead?: string;
    partners?: string;
    deadline?: string;
  }
  const rows: Row[] = [];
  let section = '';
  for (const task of tasks) {
    if (task.section !== section) {
      section = task.section;
      rows.push({ section: `（${task.section}）${task.sectionTitle}` });
    }
    const { lead, partners } = leadAndPartners(task.units);
    const [first, ...more] = task.text.split('\n');
    const deadline = task.number === 15 ? '10月底前' : task.number <= 9 ? '全年' : '长期坚持';
    const row = (text: string) => ({
      number: String(task.number),
      task: typed(text),
      lead: typed(lead),
      partners: typed(partners),
      deadline,
    });
    rows.push(row(first));
    for (const paragraph of more) rows.push(row(paragraph));
  }
  // Runs of equal values in a column become one merged cell (rowSpan), as typists merge them.
  const spans = (key: keyof Row, index: number): number => {
    if (rows[index].section) return 1;
    let n = 1;
    while (rows[index + n] && !rows[index + n].section && rows[index + n][key] === rows[index][key]) n++;
    return n;
  };
  const covered = new Map<keyof Row, number>();
  const tableRows = [
    new TableRow({
      tableHeader: true,
      children: ['序号', '工作任务', '牵头单位', '配合单位', '完成时限'].map((h) => cell(h)),
    }),
  ];
  rows.forEach((row, i) => {
    if (row.section) {
      tableRows.push(new TableRow({ children: [cell(row.section, { columnSpan: 5 })] }));
      return;
    }
    const children: TableCell[] = [];
    for (const key of ['number', 'task', 'lead', 'partners', 'deadline'] as const) {
      if ((covered.get(key) ?? -1) >= i) continue;
      const span = key === 'task' ? 1 : spans(key, i);
      covered.set(key, i + span - 1);
      children.push(cell(row[key] ?? '', span > 1 ? { rowSpan: span } : {}));
    }
    tableRows.push(new TableRow({ children }));
  });
  const lines = seedLines();
  const intro = options.withText ? lines : lines.slice(0, 1);
  const doc = new Document({
    sections: [
      {
        children: [
          ...intro.map(text),
          text('附件：XX市社会信用体系建设2024年重点任务分工表'),
          new Table({
            rows: tableRows,
            columnWidths: COLUMN_WIDTHS,
            width: { size: 9900, type: WidthType.DXA },
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
