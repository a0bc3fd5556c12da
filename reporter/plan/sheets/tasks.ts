import type { Task } from '../../../core/plan/model.js';
import { SheetFindings } from '../findings.js';
import { ReviewMarks, reviewColumn } from '../review-column.js';
import { fitRowHeights, readTable, setupTable, validateColumn, type Column } from '../table.js';
import { isoToUtcDate, readInteger, readIsoDate, readText } from '../values.js';
import type { SheetModule } from './types.js';

const NAME = '任务';

const COLUMNS: Column<
  'number' | 'section' | 'sectionTitle' | 'title' | 'text' | 'responsibilityText' | 'deadline' | 'review'
>[] = [
  { key: 'number', header: '序号', width: 7, required: true, note: '任务序号（整数），不可重复。' },
  { key: 'section', header: '部分', width: 7, required: true, note: '重点任务所属部分的序号：一、二……九。' },
  { key: 'sectionTitle', header: '部分标题', width: 22, wrap: true, required: true },
  { key: 'title', header: '任务名称', width: 30, wrap: true, required: true },
  { key: 'text', header: '任务内容', width: 80, wrap: true, required: true },
  {
    key: 'responsibilityText',
    header: '责任单位（原文）',
    width: 45,
    wrap: true,
    note: '工作要点原文中的责任单位表述，用于文件；实际分工以“责任分工”表为准。',
  },
  {
    key: 'deadline',
    header: '完成时限',
    width: 14,
    note: '工作要点给出完成时限的填日期，如 2024-10-31；没有则留空。',
  },
  reviewColumn(
    '由上一年结转或从工作要点导入、需要核对的任务在此注明：请核对任务内容、责任分工和完成时限后清空本格。',
  ),
];

export const tasksSheet: SheetModule = {
  name: NAME,
  purpose: '重点任务：序号、所属部分、名称、内容、责任单位原文、完成时限。',
  guide: [
    '每行一项任务，序号不可重复。任务的牵头、配合单位在“责任分工”表中填写。',
    '完成时限填日期（如 2024-10-31），没有时限的留空。',
  ],

  write(ws, plan) {
    setupTable(ws, COLUMNS, 1);
    for (const task of plan.tasks) {
      const row = ws.addRow({
        number: task.number,
        section: task.section,
        sectionTitle: task.sectionTitle,
        title: task.title,
        text: task.text,
        responsibilityText: task.responsibilityText,
        deadline: task.deadline ? isoToUtcDate(task.deadline) : null,
        review: task.reviewNote ?? null,
      });
      row.getCell('deadline').numFmt = 'yyyy-mm-dd';
    }
    validateColumn(ws, COLUMNS, 'number', {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [1],
      errorStyle: 'stop',
      error: '任务序号应为正整数',
    });
    validateColumn(ws, COLUMNS, 'deadline', {
      type: 'date',
      operator: 'greaterThan',
      formulae: [new Date(Date.UTC(2000, 0, 1))],
      errorStyle: 'warning',
      error: '完成时限应为日期，如 2024-10-31',
    });
    fitRowHeights(ws);
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, NAME);
    const rows = readTable(ws, COLUMNS, findings);
    if (!rows) return { plan: {}, findings: findings.list };

    const tasks: Task[] = [];
    const marks = new ReviewMarks('任务', 'plan.task-review');
    for (const row of rows) {
      const number = readInteger(row.value('number'), 1);
      if (!number.ok) {
        const shown = readText(row.value('number'));
        findings.error(
          row.address('number'),
          shown ? 'plan.bad-number' : 'plan.missing-value',
          shown ? `任务序号"${shown}"${number.reason}：请填写正整数` : '任务序号为空：请填写任务序号',
        );
        continue;
      }
      const place = ctx.places.get(`task:${number.value}`);
      if (place) {
        findings.error(
          row.address('number'),
          'plan.duplicate-task',
          `任务序号 ${number.value} 与 ${place.sheet}!${place.cell} 重复：请修改序号`,
        );
        continue;
      }
      ctx.places.set(`task:${number.value}`, { sheet: NAME, cell: row.address('number') });
      for (const key of ['title', 'text', 'deadline', 'review'] as const) {
        ctx.places.set(`task:${number.value}:${key}`, { sheet: NAME, cell: row.address(key) });
      }

      const required = (key: 'section' | 'sectionTitle' | 'title' | 'text', label: string) => {
        const text = readText(row.value(key));
        if (!text)
          findings.error(
            row.address(key),
            'plan.missing-value',
            `任务 ${number.value} 的${label}为空：请填写`,
          );
        return text;
      };
      const task: Task = {
        number: number.value,
        section: required('section', '所属部分'),
        sectionTitle: required('sectionTitle', '部分标题'),
        title: required('title', '任务名称'),
        text: required('text', '任务内容'),
        responsibilityText: readText(row.value('responsibilityText')),
        responsibilities: [],
      };
      marks.read(row, String(number.value), task);
      const deadlineCell = row.value('deadline');
      if (deadlineCell !== null) {
        const deadline = readIsoDate(deadlineCell);
        if (deadline.ok) task.deadline = deadline.value;
        else
          findings.error(
            row.address('deadline'),
            'plan.bad-date',
            `完成时限"${readText(deadlineCell)}"${deadline.reason}：请填写日期，如 2024-10-31，或留空`,
          );
      }
      tasks.push(task);
    }
    if (tasks.length === 0) findings.error('A2', 'plan.no-tasks', '任务表中没有任务：请至少填写一项任务');
    marks.warn(findings);
    return { plan: { tasks }, findings: findings.list };
  },
};
