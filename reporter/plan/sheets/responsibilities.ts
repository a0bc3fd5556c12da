import type { Responsibility, Task } from '../../../core/plan/model.js';
import { SheetFindings } from '../findings.js';
import { ROLE_LABELS, dropdown, readRole } from '../labels.js';
import {
  EDIT_ROWS,
  listValidation,
  fitRowHeights,
  readTable,
  setupTable,
  validateColumn,
  type Column,
} from '../table.js';
import { readInteger, readText } from '../values.js';
import type { SheetModule } from './types.js';

const NAME = '责任分工';

const COLUMNS: Column<'task' | 'taskTitle' | 'unit' | 'role'>[] = [
  { key: 'task', header: '任务序号', width: 10, required: true, note: '“任务”表中的序号。' },
  { key: 'taskTitle', header: '任务名称（自动显示）', width: 36, wrap: true, info: true },
  {
    key: 'unit',
    header: '责任单位',
    width: 30,
    required: true,
    note: '“单位”表中的单位名称（也可填编码或别名）。可从下拉列表选择。',
  },
  {
    key: 'role',
    header: '分工',
    width: 9,
    required: true,
    note: '牵头或配合。每项任务至少要有一个牵头单位。',
  },
];

export const responsibilitiesSheet: SheetModule = {
  name: NAME,
  purpose: '每项任务的牵头单位和配合单位，一行一个单位。',
  guide: [
    '每行填一项任务的一个责任单位：任务序号、单位（名称、编码或别名均可）、分工（牵头/配合）。',
    '每项任务至少一个牵头单位。新增行时“任务名称”列可留空，只供查看。',
  ],

  write(ws, plan) {
    setupTable(ws, COLUMNS, 2);
    const names = new Map(plan.units.map((unit) => [unit.code, unit.name]));
    let r = 2;
    for (const task of plan.tasks) {
      for (const responsibility of task.responsibilities) {
        ws.addRow({
          task: task.number,
          taskTitle: {
            formula: `IFERROR(VLOOKUP(A${r},'任务'!A:D,4,FALSE),"")`,
            result: task.title,
          },
          unit: names.get(responsibility.unit) ?? responsibility.unit,
          role: ROLE_LABELS[responsibility.role],
        });
        r++;
      }
    }
    validateColumn(ws, COLUMNS, 'task', {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [1],
      errorStyle: 'stop',
      error: '任务序号应为正整数',
    });
    // A warning, not a stop: codes and aliases are accepted too and are not in the list.
    validateColumn(
      ws,
      COLUMNS,
      'unit',
      listValidation(
        `'单位'!$B$2:$B$${EDIT_ROWS + 1}`,
        '不在单位表的名称中；如填的是编码或别名可以继续',
        'warning',
      ),
    );
    validateColumn(
      ws,
      COLUMNS,
      'role',
      listValidation(dropdown(Object.values(ROLE_LABELS)), '请选择“牵头”或“配合”'),
    );
    fitRowHeights(ws);
  },

  read(ws, ctx) {
    const findings = new SheetFindings(ctx.file, NAME);
    const rows = readTable(ws, COLUMNS, findings);
    const tasks = ctx.plan.tasks;
    if (!rows || !tasks) return { plan: {}, findings: findings.list };

    const byNumber = new Map<number, Responsibility[]>(tasks.map((task) => [task.number, []]));
    const seen = new Map<string, string>();
    for (const row of rows) {
      const taskText = readText(row.value('task'));
      const number = readInteger(row.value('task'), 1);
      const unitText = readText(row.value('unit'));
      const roleText = readText(row.value('role'));
      let ok = true;
      if (!taskText) {
        findings.error(row.address('task'), 'plan.missing-value', '任务序号为空：请填写“任务”表中的任务序号');
        ok = false;
      } else if (!number.ok || !byNumber.has(number.value)) {
        findings.error(
          row.address('task'),
          'plan.unknown-task',
          `任务序号"${taskText}"不在“任务”表中：请填写已有任务的序号`,
        );
        ok = false;
      }
      const unit = unitText ? ctx.resolveUnit(unitText) : undefined;
      if (!unitText) {
        findings.error(
          row.address('unit'),
          'plan.missing-value',
          '责任单位为空：请填写单位表中的单位名称或编码',
        );
        ok = false;
      } else if (!unit) {
        findings.error(
          row.address('unit'),
          'plan.unknown-unit',
          `未知单位"${unitText}"：请填写“单位”表中的单位编码、名称或别名，或先在“单位”表中添加该单位`,
        );
        ok = false;
      }
      const role = roleText ? readRole(roleText) : undefined;
      if (!roleText) {
        findings.error(row.address('role'), 'plan.missing-value', '分工为空：请选择“牵头”或“配合”');
        ok = false;
      } else if (!role) {
        findings.error(
          row.address('role'),
          'plan.bad-role',
          `分工"${roleText}"无法识别：请选择“牵头”或“配合”`,
        );
        ok = false;
      }
      if (!ok || !unit || !role) continue;

      const key = `${number.ok ? number.value : ''}:${unit}`;
      const first = seen.get(key);
      if (first) {
        findings.error(
          row.address('unit'),
          'plan.duplicate-responsibility',
          `任务 ${taskText} 的责任单位"${unitText}"与 ${NAME}!${first} 重复：请删除其中一行`,
        );
        continue;
      }
      seen.set(key, row.address('unit'));
      byNumber.get(number.ok ? number.value : 0)?.push({ unit, role });
    }

    const withResponsibilities: Task[] = tasks.map((task) => ({
      ...task,
      responsibilities: byNumber.get(task.number) ?? [],
    }));
    for (const task of withResponsibilities) {
      if (task.responsibilities.some((r) => r.role === 'lead')) continue;
      const place = ctx.places.get(`task:${task.number}`);
      findings.list.push({
        level: 'error',
        file: ctx.file,
        sheet: place?.sheet ?? NAME,
        cell: place?.cell ?? 'A1',
        code: 'plan.task-without-lead',
        message: `任务 ${task.number}“${task.title}”没有牵头单位：请在“${NAME}”表中为它添加一行分工为“牵头”的单位`,
      });
    }
    return { plan: { tasks: withResponsibilities }, findings: findings.list };
  },
};
