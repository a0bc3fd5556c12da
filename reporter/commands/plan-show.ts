import { periodLabel } from '../../core/calendar/period.js';
import type { Plan } from '../../core/plan/model.js';
import { firstPeriodOf } from '../../core/plan/periods.js';
import {
  COMPARATOR_SYMBOLS,
  KIND_LABELS,
  LEVEL_LABELS,
  PERIOD_LABELS,
  UNIT_KIND_LABELS,
  formatTarget,
} from '../plan/labels.js';
import { loadYearPlan, openWorkspace, yearOption } from '../plan/years.js';

interface ShowOptions {
  workspace?: string;
  year?: string;
  json?: boolean;
}

function listing(plan: Plan): string {
  const name = new Map(plan.units.map((unit) => [unit.code, unit.name]));
  const names = (codes: string[]) => codes.map((code) => name.get(code) ?? code).join('、');
  const holidays = plan.holidays ?? [];
  const lines: string[] = [
    `${plan.title}（${plan.city}，${plan.year}年，${plan.id} 第${plan.version}版）`,
    `启用期间：${periodLabel(firstPeriodOf(plan))}；节假日表：${holidays.length ? `${holidays.length}天（${holidays[0].date} 至 ${holidays[holidays.length - 1].date}）` : '未填写（按内置的国务院节假日安排）'}`,
    '',
  ];

  lines.push(`单位（${plan.units.length}个）`);
  for (const unit of plan.units) {
    const extra = [
      unit.dualPublicity ? '双公示' : '',
      unit.aliases.length ? `别名：${unit.aliases.join('、')}` : '',
    ]
      .filter(Boolean)
      .join('；');
    lines.push(
      `  ${unit.code.padEnd(5)} ${unit.name}（${UNIT_KIND_LABELS[unit.kind]}）${extra ? ' ' + extra : ''}`,
    );
  }

  lines.push('', `重点任务（${plan.tasks.length}项）`);
  let section = '';
  for (const task of plan.tasks) {
    if (task.section !== section) {
      section = task.section;
      lines.push(`  （${task.section}）${task.sectionTitle}`);
    }
    const lead = task.responsibilities.filter((r) => r.role === 'lead').map((r) => r.unit);
    const partner = task.responsibilities.filter((r) => r.role === 'partner').map((r) => r.unit);
    lines.push(
      `    ${task.number}. ${task.title}${task.deadline ? `（完成时限 ${task.deadline}）` : ''}${task.reviewNote ? '［待核对］' : ''}`,
    );
    lines.push(`       牵头：${names(lead) || '（无）'}`);
    if (partner.length) lines.push(`       配合：${names(partner)}`);
  }

  lines.push('', `指标（${plan.indicators.length}项）`);
  for (const indicator of plan.indicators) {
    const target = `${COMPARATOR_SYMBOLS[indicator.comparator]} ${formatTarget(indicator)}`;
    const meta = [
      KIND_LABELS[indicator.kind],
      PERIOD_LABELS[indicator.period],
      LEVEL_LABELS[indicator.level],
    ].join('，');
    lines.push(`  ${indicator.code}（任务${indicator.task}）${indicator.name}  目标 ${target}  [${meta}]`);
    if (indicator.numeratorLabel || indicator.denominatorLabel) {
      lines.push(`       ${indicator.numeratorLabel ?? ''} ÷ ${indicator.denominatorLabel ?? ''}`);
    }
    lines.push(`       原文：${indicator.targetText}；报送：${names(indicator.reporters)}`);
  }
  return lines.join('\n');
}

/** `creditwork plan show`: the plan as JSON (for scripts) or as a readable Chinese listing. */
export async function run(options: ShowOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const { adjacentHolidays: _borrowed, ...plan } = await loadYearPlan(ws, await yearOption(ws, options.year));
  console.log(options.json ? JSON.stringify(plan, null, 2) : listing(plan));
  return 0;
}
