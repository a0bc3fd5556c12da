import { DUAL_PUBLICITY_INDICATORS } from '../plan/dual-publicity.js';
import type { Plan } from '../plan/model.js';
import type { GradeBand, ScoringCategory, ScoringItem, ScoringScheme } from './scheme-model.js';

// The scheme's types live in scheme-model.ts, which the plan model can import without importing
// these functions (which take a Plan) back.
export * from './scheme-model.js';

export const DEFAULT_GRADES: GradeBand[] = [
  { name: '优秀', min: 90 },
  { name: '良好', min: 80 },
  { name: '合格', min: 60 },
  { name: '不合格', min: 0 },
];

/**
 * The default scheme, from the seed and common practice: monthly reporting, task completion,
 * indicator targets, the 双公示 ranking (task 4), 诚信宣传 counts (task 22: ≥20 for counties and the zone,
 * ≥3 for city units), 诚信教育培训 by 10月底 (task 15), a 示范创建 bonus (task 20), deductions for stalled
 * tasks, and a veto for a 重大失信事件 (task 23). Codes not in the plan are left out.
 */
export function defaultScoringScheme(plan: Plan): ScoringScheme {
  const hasIndicator = (code: string) => plan.indicators.some((i) => i.code === code);
  const hasTask = (n: number) => plan.tasks.some((t) => t.number === n);
  const indicators = (...codes: string[]) => codes.filter(hasIndicator);
  const items: ScoringItem[] = [
    {
      id: 'A1',
      category: 'C1',
      name: '按月报送工作进展',
      method: 'on-time',
      points: 15,
      factor: 0.5,
      groups: [],
      description: '按月份计分：按时报送得全月分，逾期报送得一半，未报送不得分。',
    },
    {
      id: 'A2',
      category: 'C2',
      name: '重点任务完成情况',
      method: 'task-completion',
      points: 30,
      groups: [],
      description: '按本单位承担任务的完成进度计分：已完成计100%，其余按填报的完成进度，不适用的任务不计。',
    },
    {
      id: 'A3',
      category: 'C3',
      name: '监测指标达标情况',
      method: 'indicator-targets',
      points: 20,
      groups: [],
      description: '按年末本单位报送的监测指标达标个数占比计分（其他项目单独考核的指标除外）。',
    },
  ];
  const dual = Object.values(DUAL_PUBLICITY_INDICATORS);
  if (dual.every(hasIndicator)) {
    items.push({
      id: 'A4',
      category: 'C4',
      name: '“双公示”考评',
      method: 'dual-publicity',
      points: 15,
      groups: [],
      description: '按全年各月“双公示”综合得分（合规率、及时率、完整率加权）的平均值折算，未报月份计0分。',
    });
  }
  const publicity = indicators('T22-1', 'T22-2');
  if (publicity.length) {
    items.push({
      id: 'A5',
      category: 'C5',
      name: '诚信宣传次数',
      method: 'indicator-quantity',
      points: 12,
      indicators: publicity,
      groups: [],
      description: '县(市、区)、开发区全年20次以上，市有关单位3次以上；不足的按完成次数占目标的比例计分。',
    });
  }
  const training = indicators('T15-1');
  if (training.length) {
    items.push({
      id: 'A6',
      category: 'C5',
      name: '诚信教育培训',
      method: 'indicator-deadline',
      points: 8,
      indicators: training,
      groups: [],
      description: '10月底前对本单位公职人员开展诚信教育培训的得满分，逾期或未开展不得分。',
    });
  }
  if (hasTask(20)) {
    items.push({
      id: 'B1',
      category: 'C6',
      name: '信用示范创建',
      method: 'task-done',
      points: 3,
      task: 20,
      groups: [],
      description: '开展信用示范创建（任务20）并已完成的加分。',
    });
  }
  items.push(
    {
      id: 'B2',
      category: 'C6',
      name: '创新做法和典型经验',
      method: 'manual',
      points: 3,
      groups: [],
      description: '创新做法、典型经验被国家或省级推广的，由信用办审核认定加分。',
    },
    {
      id: 'D1',
      category: 'C7',
      name: '任务滞后',
      method: 'stalled-tasks',
      points: 5,
      factor: 1,
      groups: [],
      description: '年末仍滞后或逾期未完成的任务，每项扣1分。',
    },
    {
      id: 'D2',
      category: 'C7',
      name: '通报批评及整改不力',
      method: 'manual',
      points: 10,
      groups: [],
      description: '被上级通报批评、未按期完成整改等，由信用办审核认定扣分。',
    },
  );
  const veto = indicators('T23-1');
  if (veto.length) {
    items.push({
      id: 'V1',
      category: 'C8',
      name: '重大失信事件',
      method: 'veto-indicator',
      points: 1,
      indicators: veto,
      groups: [],
      description:
        '发生“特别重大事故”“重大事故”或涉非法集资诈骗重大失信事件的，实行一票否决，考核等次为不合格。',
    });
  }
  const used = new Set(items.map((i) => i.category));
  const categories: ScoringCategory[] = [
    { id: 'C1', name: '基础工作', kind: 'base', cap: 15 },
    { id: 'C2', name: '重点任务', kind: 'base', cap: 30 },
    { id: 'C3', name: '监测指标', kind: 'base', cap: 20 },
    { id: 'C4', name: '“双公示”', kind: 'base', cap: 15 },
    { id: 'C5', name: '诚信宣传与培训', kind: 'base', cap: 20 },
    { id: 'C6', name: '加分项目', kind: 'bonus', cap: 5 },
    { id: 'C7', name: '扣分项目', kind: 'deduction', cap: 10 },
    { id: 'C8', name: '一票否决', kind: 'veto', cap: 1 },
  ].filter((c) => used.has(c.id)) as ScoringCategory[];
  fitBaseToTotal(categories, items, 100);
  return {
    total: 100,
    rescale: true,
    capTotal: false,
    groups: [
      { id: 'G1', name: '县(市、区)及开发区', kinds: ['county', 'development-zone'] },
      { id: 'G2', name: '市直单位', kinds: ['city-department'] },
    ],
    categories,
    items,
    grades: DEFAULT_GRADES.map((g) => ({ ...g })),
  };
}

/** Whole points in proportion to `weights`, summing to `total` (largest remainder). */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const whole = exact.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - whole[i] })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    whole[i]++;
    left--;
  }
  return whole;
}

/**
 * A plan without some of the seed's indicators drops their items; the base categories left are
 * scaled back to full marks (caps and their items' points), so the default is always 百分制.
 */
function fitBaseToTotal(categories: ScoringCategory[], items: ScoringItem[], total: number): void {
  const base = categories.filter((c) => c.kind === 'base');
  for (const c of base) c.cap = items.filter((i) => i.category === c.id).reduce((s, i) => s + i.points, 0);
  const caps = apportion(
    base.map((c) => c.cap),
    total,
  );
  base.forEach((c, n) => {
    const own = items.filter((i) => i.category === c.id);
    const points = apportion(
      own.map((i) => i.points),
      caps[n],
    );
    own.forEach((i, k) => (i.points = points[k]));
    c.cap = caps[n];
  });
}

/** The plan's scheme, or the default when plan.xlsx has none. */
export function schemeOf(plan: Plan): ScoringScheme {
  return plan.scoring ?? defaultScoringScheme(plan);
}
