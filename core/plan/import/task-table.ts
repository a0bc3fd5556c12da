import { foldWidth } from '../../values/input.js';
import { cellPlace, type Table, type TableCell } from './document.js';
import { chineseNumeral, numberingOf } from './numbering.js';
import { NO_UNITS, splitUnitList } from './unit-list.js';

/**
 * A 任务分工表: columns such as 序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限, with merged
 * cells (one lead for several tasks, a task over several rows, section rows across the table).
 */

export interface TableTask {
  number: number;
  section: string;
  sectionTitle: string;
  /** The task's words (title sentence first), as in the 工作任务 or 任务内容 column. */
  title: string;
  text: string;
  lead: string;
  partner: string;
  /** 责任单位 with no 牵头/配合 split: the first named unit leads. */
  responsible: string;
  deadline: string;
  /** Place of the task's first cell. */
  place: string;
}

type Column = 'number' | 'section' | 'title' | 'text' | 'lead' | 'partner' | 'responsible' | 'deadline';

// Tested in order on a header cell; 牵头 before 责任单位, so `责任单位 牵头单位` (two header rows) leads.
const HEADERS: [Column, RegExp][] = [
  ['number', /^(?:序号|编号|任务序号|序)$/],
  ['lead', /牵头/],
  ['partner', /配合|参与|协办|协助/],
  ['responsible', /责任单位|责任部门|责任主体|承办单位/],
  ['deadline', /时限|时间|进度/],
  ['text', /任务内容|工作内容|具体内容|工作措施|具体措施|主要内容|工作举措|具体举措|目标要求/],
  ['section', /^(?:类别|重点领域|领域|部分|板块|任务类别|方面|工作类别)$/],
  ['title', /任务|重点工作|工作事项|事项|工作名称/],
];

const squash = (text: string) => foldWidth(text).replace(/\s+/g, '');

/** Column roles from one or two header rows (a merged 责任单位 over 牵头 | 配合). */
function headerColumns(table: Table): { columns: Map<Column, number>; dataFrom: number } | undefined {
  for (let r = 0; r < Math.min(3, table.rows.length); r++) {
    const texts = table.rows[r].map((cell) => squash(cell.text));
    const next = table.rows[r + 1]?.map((cell) => squash(cell.text));
    const nextIsHeader =
      next !== undefined &&
      next.some((t, c) => t !== texts[c] && /^(?:牵头|配合|牵头单位|配合单位|责任单位)/.test(t));
    const header = texts.map((text, c) => (nextIsHeader && next[c] !== text ? `${text}${next[c]}` : text));
    const columns = new Map<Column, number>();
    header.forEach((text, c) => {
      if (!text || [...columns.values()].includes(c)) return;
      const found = HEADERS.find(([column, pattern]) => !columns.has(column) && pattern.test(text));
      if (found) columns.set(found[0], c);
    });
    const hasTask = columns.has('title') || columns.has('text');
    const hasUnits = columns.has('lead') || columns.has('responsible') || columns.has('partner');
    if (hasTask && hasUnits) return { columns, dataFrom: r + (nextIsHeader ? 2 : 1) };
  }
  return undefined;
}

const distinctJoin = (values: string[], separator: string) =>
  [...new Set(values.map((v) => v.trim()).filter(Boolean))].join(separator);

/** A row whose cells all say the same (merged across) or only its first cell: a section heading. */
function sectionRow(row: TableCell[]): string | undefined {
  const texts = row.map((cell) => cell.text.trim()).filter(Boolean);
  if (texts.length === 0) return undefined;
  const spans =
    new Set(texts).size === 1 && (row.length === 1 || row.filter((c) => c.text.trim()).length > 1);
  const firstOnly =
    texts.length === 1 && row[0].text.trim() !== '' && numberingOf(row[0].text)?.style !== 'num-dot';
  return spans || firstOnly ? texts[0] : undefined;
}

/** The tasks of a 任务分工表, or undefined when the table is not one. */
export function tableTasks(table: Table): TableTask[] | undefined {
  const header = headerColumns(table);
  if (!header) return undefined;
  const { columns, dataFrom } = header;
  const at = (row: TableCell[], column: Column) => {
    const c = columns.get(column);
    return c === undefined ? undefined : row[c];
  };
  const identity = columns.has('number') ? 'number' : columns.has('title') ? 'title' : 'text';

  const tasks: TableTask[] = [];
  const rowsOf: TableCell[][][] = [];
  let section = { numeral: '', title: '' };
  let sectionCount = 0;
  const setSection = (text: string) => {
    const numbered = numberingOf(text);
    sectionCount++;
    const numeral = numbered
      ? /^\d+$/.test(numbered.numeral)
        ? chineseNumeral(numbered.value)
        : numbered.numeral
      : chineseNumeral(sectionCount);
    section = { numeral, title: (numbered ? numbered.rest : text).replace(/[。:：\s]+$/, '') };
  };

  for (let r = dataFrom; r < table.rows.length; r++) {
    const row = table.rows[r];
    const heading = columns.size > 1 ? sectionRow(row) : undefined;
    if (heading && !at(row, identity)?.merged) {
      setSection(heading);
      continue;
    }
    const sectionCell = at(row, 'section');
    if (sectionCell && sectionCell.text.trim() && !sectionCell.merged) setSection(sectionCell.text);
    const id = at(row, identity);
    if (!id || !row.some((cell) => cell.text.trim())) continue;
    // A row under a merged 序号 (or with it left blank) goes on with the task above.
    if ((id.merged || !id.text.trim()) && rowsOf.length > 0) rowsOf[rowsOf.length - 1].push(row);
    else {
      rowsOf.push([row]);
      tasks.push({
        number: tasks.length + 1,
        section: section.numeral,
        sectionTitle: section.title,
        title: '',
        text: '',
        lead: '',
        partner: '',
        responsible: '',
        deadline: '',
        place: cellPlace(table, r, columns.get(identity) ?? 0),
      });
    }
  }

  tasks.forEach((task, i) => {
    const rows = rowsOf[i];
    const values = (column: Column) => rows.map((row) => at(row, column)?.text ?? '');
    const stripNumber = (text: string) => {
      const numbered = numberingOf(text);
      return numbered && numbered.style !== 'cn-dun' ? numbered.rest : text;
    };
    const titleCell = distinctJoin(values('title').map(stripNumber), '\n');
    const textCell = distinctJoin(values('text').map(stripNumber), '\n');
    task.title = titleCell || textCell;
    task.text = textCell && titleCell ? textCell : titleCell || textCell;
    // Rows of one task may repeat a unit (市发改委 in each row): each named once.
    const units = (column: Column) => {
      const cells = values(column).filter((v) => !NO_UNITS.test(v));
      if (rows.length === 1) return distinctJoin(cells, '、');
      const seen = new Set<string>();
      const items = cells.flatMap(splitUnitList).filter((item) => {
        const name = item.replace(/[(（]\s*(?:牵头|配合|主责)[^()（）]*[)）]$/, '').trim();
        return !seen.has(name) && seen.add(name);
      });
      return items.join('、');
    };
    task.lead = units('lead');
    task.partner = units('partner');
    task.responsible = units('responsible');
    task.deadline = distinctJoin(values('deadline'), '；');
    const number = Number(squash(values('number')[0] ?? ''));
    if (Number.isInteger(number) && number > 0) task.number = number;
  });
  return tasks;
}
