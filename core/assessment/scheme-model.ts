import type { UnitKind } from '../plan/unit-kind.js';

/**
 * The year-end scoring scheme (考核办法) as data: the office edits it on the 考核 sheet of plan.xlsx.
 * Base items add up to a 百分制 score; bonus and deduction items adjust it within their caps; a veto
 * item fixes the grade at the lowest band whatever the score.
 */

/** How a category's items count towards the total. */
export type CategoryKind = 'base' | 'bonus' | 'deduction' | 'veto';

export const CATEGORY_KIND_LABELS: Record<CategoryKind, string> = {
  base: '基础分',
  bonus: '加分',
  deduction: '扣分',
  veto: '一票否决',
};

export interface ScoringCategory {
  /** Short code, e.g. `C1`. */
  id: string;
  name: string;
  kind: CategoryKind;
  /** Most points the category gives (base, bonus) or takes (deduction); unused for veto. */
  cap: number;
}

/**
 * on-time: share of the year's months returned on time (a late month counts `factor`).
 * task-completion: mean completion of the unit's tasks (已完成 1, otherwise 完成进度 ÷ 100).
 * indicator-targets: share of the unit's indicators meeting their targets, except those other items score.
 * dual-publicity: mean monthly 双公示 weighted score (0–100), a missing month counting 0.
 * indicator-quantity: reported count ÷ target, at most 1 (e.g. 诚信宣传次数).
 * indicator-deadline: full points when the date meets the target date, else none (e.g. 培训 10月底前).
 * task-done: full points when the task is 已完成 (bonus, e.g. 示范创建).
 * stalled-tasks: `factor` points per task 滞后 or overdue in the unit's last return (deduction).
 * manual: entered by the office in the review column; the computed score is 0.
 * veto-indicator: the unit is vetoed when a yes-no indicator is 是 in any month.
 */
export type ScoringMethod =
  | 'on-time'
  | 'task-completion'
  | 'indicator-targets'
  | 'dual-publicity'
  | 'indicator-quantity'
  | 'indicator-deadline'
  | 'task-done'
  | 'stalled-tasks'
  | 'manual'
  | 'veto-indicator';

export const METHOD_LABELS: Record<ScoringMethod, string> = {
  'on-time': '按时报送',
  'task-completion': '任务完成',
  'indicator-targets': '指标达标',
  'dual-publicity': '双公示得分',
  'indicator-quantity': '数量达标',
  'indicator-deadline': '限期完成',
  'task-done': '任务完成加分',
  'stalled-tasks': '滞后任务扣分',
  manual: '信用办认定',
  'veto-indicator': '否决指标',
};

/** Which parameter each method takes on the 考核 sheet. */
export const METHOD_PARAMETER: Record<ScoringMethod, 'none' | 'factor' | 'indicators' | 'task'> = {
  'on-time': 'factor',
  'task-completion': 'none',
  'indicator-targets': 'none',
  'dual-publicity': 'none',
  'indicator-quantity': 'indicators',
  'indicator-deadline': 'indicators',
  'task-done': 'task',
  'stalled-tasks': 'factor',
  manual: 'none',
  'veto-indicator': 'indicators',
};

export interface ScoringItem {
  /** Short code, e.g. `A1`; the score sheet keys reviews on it, so keep it stable through the year. */
  id: string;
  category: string;
  name: string;
  method: ScoringMethod;
  /** Full marks (base, bonus) or most deducted (deduction); 1 for veto. */
  points: number;
  /** on-time: share for a late month (0–1); stalled-tasks: points per stalled task. */
  factor?: number;
  /** indicator-quantity, indicator-deadline, veto-indicator. */
  indicators?: string[];
  /** task-done. */
  task?: number;
  /** Group ids the item applies to; empty means every group. */
  groups: string[];
  /** The rule in the office's words, printed on the score sheet. */
  description: string;
}

export interface ScoringGroup {
  id: string;
  name: string;
  kinds: UnitKind[];
}

export interface GradeBand {
  name: string;
  /** Lowest total (inclusive) that earns the grade. */
  min: number;
}

export interface ScoringScheme {
  /** Full marks of the base score, usually 100. */
  total: number;
  /**
   * When a unit has no part in an item (no 双公示, no indicator), its base score is its earned share of
   * the points that apply to it, times `total`, so units with fewer duties are not penalised.
   */
  rescale: boolean;
  /**
   * 总分是否封顶: false (the default, as most 年度考核办法 do) adds the bonus on top of the 百分制 base, so
   * a total may exceed `total` (e.g. 102.5) and is shown as such; true caps the total at `total`.
   */
  capTotal: boolean;
  groups: ScoringGroup[];
  categories: ScoringCategory[];
  items: ScoringItem[];
  /** Highest first; the last band is the floor (min 0) and also the grade of a vetoed unit. */
  grades: GradeBand[];
}
