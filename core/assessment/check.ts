import type { Plan } from '../plan/model.js';
import { METHOD_PARAMETER, type ScoringScheme } from './scheme.js';

/**
 * What is wrong with a scheme as a whole, once each row has been read: the 考核 sheet turns each
 * problem into a finding at the row and field it names.
 */
export interface SchemeProblem {
  /** `item:A1`, `category:C1`, `group:G1`, `grade:优秀` or `scheme`. */
  subject: string;
  field: 'id' | 'category' | 'points' | 'parameter' | 'groups' | 'cap' | 'min' | 'kinds' | 'name';
  level: 'error' | 'warning';
  message: string;
}

export function checkScheme(
  scheme: ScoringScheme,
  plan: Pick<Plan, 'indicators' | 'tasks' | 'units'>,
): SchemeProblem[] {
  const problems: SchemeProblem[] = [];
  const add = (
    subject: string,
    field: SchemeProblem['field'],
    message: string,
    level: SchemeProblem['level'] = 'error',
  ) => problems.push({ subject, field, level, message });
  const categories = new Map(scheme.categories.map((c) => [c.id, c]));
  const groups = new Set(scheme.groups.map((g) => g.id));
  const indicators = new Map(plan.indicators.map((i) => [i.code, i]));

  for (const item of scheme.items) {
    const subject = `item:${item.id}`;
    const category = categories.get(item.category);
    if (!category) {
      add(
        subject,
        'category',
        `考核项目 ${item.id} 的类别“${item.category}”不存在：请填写本表“类别”行中的编号`,
      );
      continue;
    }
    if (category.kind === 'veto' && item.method !== 'veto-indicator' && item.method !== 'manual') {
      add(subject, 'category', `考核项目 ${item.id} 属于一票否决类别，计分方法应为“否决指标”或“信用办认定”`);
    }
    if (item.method === 'veto-indicator' && category.kind !== 'veto') {
      add(subject, 'category', `考核项目 ${item.id} 的计分方法为“否决指标”，请把它放在一票否决类别中`);
    }
    if (item.method === 'stalled-tasks' && category.kind !== 'deduction') {
      add(subject, 'category', `考核项目 ${item.id} 的计分方法为“滞后任务扣分”，请把它放在扣分类别中`);
    }
    if (category.kind !== 'veto' && category.kind !== 'deduction' && item.points > category.cap + 1e-9) {
      add(
        subject,
        'points',
        `考核项目 ${item.id} 的分值 ${item.points} 超过所属类别“${category.name}”的上限 ${category.cap}：请调低分值或调高类别上限`,
        'warning',
      );
    }
    const parameter = METHOD_PARAMETER[item.method];
    if (parameter === 'indicators') {
      if (!item.indicators?.length) {
        add(subject, 'parameter', `考核项目 ${item.id} 需要在“参数”列填写指标编号，如 T22-1`);
      }
      for (const code of item.indicators ?? []) {
        const indicator = indicators.get(code);
        if (!indicator) {
          add(subject, 'parameter', `考核项目 ${item.id} 的指标“${code}”不在“监测指标”表中：请核对指标编号`);
          continue;
        }
        const wanted =
          item.method === 'indicator-quantity'
            ? ['count']
            : item.method === 'indicator-deadline'
              ? ['date']
              : ['yes-no'];
        if (!wanted.includes(indicator.kind)) {
          const label = { count: '数量', date: '日期', 'yes-no': '是/否' }[wanted[0]];
          add(
            subject,
            'parameter',
            `考核项目 ${item.id} 的指标 ${code} 不是${label}类指标，不能用此计分方法`,
          );
        } else if (
          item.method === 'indicator-quantity' &&
          !(indicator.comparator === '>=' || indicator.comparator === '>')
        ) {
          add(subject, 'parameter', `考核项目 ${item.id} 的指标 ${code} 目标不是“≥/＞”，不能按完成比例计分`);
        } else if (item.method === 'indicator-quantity' && indicator.target <= 0) {
          add(subject, 'parameter', `考核项目 ${item.id} 的指标 ${code} 目标值为 0，无法按比例计分`);
        }
      }
    }
    if (parameter === 'task' && !plan.tasks.some((t) => t.number === item.task)) {
      add(
        subject,
        'parameter',
        `考核项目 ${item.id} 的任务编号“${item.task ?? ''}”不在“任务”表中：请填写 1–${plan.tasks.length}`,
      );
    }
    if (item.method === 'on-time' && (item.factor === undefined || item.factor < 0 || item.factor > 1)) {
      add(subject, 'parameter', `考核项目 ${item.id} 的“参数”为逾期月份的得分比例，应为 0%–100%，如 50%`);
    }
    if (item.method === 'stalled-tasks' && (item.factor === undefined || item.factor <= 0)) {
      add(
        subject,
        'parameter',
        `考核项目 ${item.id} 的“参数”为每项滞后任务扣的分数，应为大于 0 的数字，如 1`,
      );
    }
    for (const group of item.groups) {
      if (!groups.has(group))
        add(
          subject,
          'groups',
          `考核项目 ${item.id} 的适用分组“${group}”不存在：请填写本表“分组”行中的编号，或留空表示全部`,
        );
    }
  }
  const seen = new Map<string, string>();
  for (const item of scheme.items) {
    if (seen.has(item.id))
      add(`item:${item.id}`, 'id', `考核项目编号 ${item.id} 重复：编号用于核对审核分，请改为唯一编号`);
    seen.set(item.id, item.id);
  }

  for (const category of scheme.categories) {
    if (category.kind !== 'veto' && !scheme.items.some((i) => i.category === category.id)) {
      add(`category:${category.id}`, 'id', `类别 ${category.id}“${category.name}”下没有考核项目`, 'warning');
    }
  }
  const baseCaps = scheme.categories.filter((c) => c.kind === 'base').reduce((s, c) => s + c.cap, 0);
  if (Math.abs(baseCaps - scheme.total) > 1e-9) {
    const first = scheme.categories.find((c) => c.kind === 'base');
    add(
      first ? `category:${first.id}` : 'scheme',
      'cap',
      `基础分各类别上限之和为 ${round(baseCaps)}，与满分 ${scheme.total} 不一致：请调整类别上限，使之和等于满分`,
    );
  }

  const kinds = new Map<string, string>();
  for (const group of scheme.groups) {
    if (!group.kinds.length)
      add(`group:${group.id}`, 'kinds', `分组 ${group.id} 没有填写单位类型（县(市、区)、开发区、市直单位）`);
    for (const kind of group.kinds) {
      const other = kinds.get(kind);
      if (other)
        add(
          `group:${group.id}`,
          'kinds',
          `单位类型“${kind}”同时属于分组 ${other} 和 ${group.id}：每类单位只能在一个分组中排名`,
        );
      kinds.set(kind, group.id);
    }
  }

  if (!scheme.grades.length) add('scheme', 'min', '没有考核等次：请至少填写一行“等次”');
  const sorted = [...scheme.grades].sort((a, b) => b.min - a.min);
  if (sorted.length && sorted[sorted.length - 1].min > 0) {
    const last = sorted[sorted.length - 1];
    add(
      `grade:${last.name}`,
      'min',
      `最低等次“${last.name}”的最低分为 ${last.min}，低于此分的单位将没有等次：请把最低等次的最低分设为 0`,
    );
  }
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].min === sorted[i - 1].min)
      add(`grade:${sorted[i].name}`, 'min', `等次“${sorted[i - 1].name}”和“${sorted[i].name}”的最低分相同`);
  }
  return problems;
}

const round = (n: number) => Math.round(n * 100) / 100;
