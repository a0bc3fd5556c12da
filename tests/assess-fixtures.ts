import { nextPeriod } from '../core/calendar/period.js';
import type { Indicator, Plan, Task, Unit } from '../core/plan/model.js';
import { isoToExcelSerial } from '../core/values/excel-serial.js';
import type { IndicatorReport, Submission, TaskReport, TaskStatus } from '../core/submission.js';

/** A small plan for hand-worked assessment examples: two counties, a zone and two city departments. */

const unit = (code: string, name: string, kind: Unit['kind'], dualPublicity: boolean): Unit => ({
  code,
  name,
  kind,
  aliases: [],
  dualPublicity,
});

export const UNITS: Unit[] = [
  unit('X01', '甲县', 'county', true),
  unit('X02', '乙县', 'county', true),
  unit('K01', '丙开发区', 'development-zone', true),
  unit('S01', '市甲局', 'city-department', true),
  unit('S02', '市乙局', 'city-department', false),
];

const all = UNITS.map((u) => u.code);
const local = ['X01', 'X02', 'K01'];

const task = (number: number, title: string, units: string[], deadline?: string): Task => ({
  number,
  section: '一',
  sectionTitle: '重点任务',
  title,
  text: title,
  responsibilityText: '',
  responsibilities: units.map((u, i) => ({ unit: u, role: i === 0 ? 'lead' : 'partner' })),
  ...(deadline ? { deadline } : {}),
});

/** The seed's names, so texts can be checked for names instead of codes. */
const NAMES: Record<string, string> = {
  'T04-1': '“双公示”信息合规率',
  'T04-2': '“双公示”信息及时率',
  'T04-3': '“双公示”信息完整率',
  'T07-1': '企业水费信息条数与城市企业数比值',
  'T15-1': '本单位公职人员诚信教育培训完成日期',
  'T22-1': '诚信宣传次数（县(市、区)、开发区）',
  'T22-2': '诚信宣传次数（市有关单位）',
  'T23-1': '本月是否发生重大事故或重大失信事件',
};

const indicator = (
  code: string,
  fields: Partial<Indicator> & Pick<Indicator, 'kind' | 'comparator' | 'target' | 'reporters'>,
): Indicator => ({
  code,
  task: Number(code.slice(1, 3)),
  name: NAMES[code] ?? `指标${code}`,
  definition: '',
  targetText: String(fields.target),
  period: 'monthly',
  level: 'error',
  ...fields,
});

export function smallPlan(): Plan {
  const dual = UNITS.filter((u) => u.dualPublicity).map((u) => u.code);
  const share = (code: string) =>
    indicator(code, {
      kind: 'percent',
      comparator: '>=',
      target: 1,
      reporters: dual,
      numeratorLabel: '合规',
      denominatorLabel: '总数',
    });
  return {
    id: 'test-plan',
    version: 1,
    year: 2024,
    title: '测试工作要点',
    city: 'XX市',
    units: UNITS,
    tasks: [
      task(1, '贯彻落实', all),
      task(2, '健全制度', ['S01', 'S02']),
      task(15, '诚信教育培训', ['S01', ...local], '2024-10-31'),
      task(20, '示范创建', local),
      task(22, '诚信宣传', all),
      task(23, '舆情监测', local),
    ],
    indicators: [
      share('T04-1'),
      share('T04-2'),
      share('T04-3'),
      indicator('T07-1', {
        kind: 'ratio',
        comparator: '>=',
        target: 1,
        reporters: ['S01', 'S02'],
        numeratorLabel: '条数',
        denominatorLabel: '企业数',
      }),
      indicator('T15-1', {
        kind: 'date',
        comparator: '<=',
        target: isoToExcelSerial('2024-10-31'),
        reporters: ['S01'],
        period: 'annual',
        targetText: '10月底前',
      }),
      indicator('T22-1', {
        kind: 'count',
        comparator: '>=',
        target: 20,
        reporters: local,
        period: 'year-to-date',
        targetText: '全年20次以上',
      }),
      indicator('T22-2', {
        kind: 'count',
        comparator: '>=',
        target: 3,
        reporters: ['S01', 'S02'],
        period: 'year-to-date',
        targetText: '全年3次以上',
      }),
      indicator('T23-1', {
        kind: 'yes-no',
        comparator: '<=',
        target: 0,
        reporters: local,
        targetText: '不发生',
      }),
    ],
    settings: {
      returnDeadlineWorkingDay: 5,
      rectificationWorkingDays: 10,
      dualPublicityWeights: { compliance: 0.4, timeliness: 0.4, completeness: 0.2 },
      dualPublicityDueWorkingDays: 7,
      sheetPassword: '',
      contactName: '',
      contactPhone: '',
      contactEmail: '',
    },
    document: {
      issuer: 'XX市信用办',
      numberPrefix: 'X信用办',
      mainRecipients: '各单位',
      copyTo: '',
      printer: 'XX市信用办',
    },
  };
}

export interface SubmissionSpec {
  onTime?: boolean;
  version?: number;
  tasks?: Record<number, [TaskStatus, number | null]>;
  indicators?: Record<string, number | [number, number]>;
}

/** A submission of `unit` for `period`; tasks and indicators not named are left unreported. */
export function submission(
  plan: Plan,
  unitCode: string,
  period: string,
  spec: SubmissionSpec = {},
): Submission {
  const tasks: TaskReport[] = plan.tasks
    .filter((t) => t.responsibilities.some((r) => r.unit === unitCode))
    .map((t) => {
      const [status, percent] = spec.tasks?.[t.number] ?? [null, null];
      return {
        task: t.number,
        role: t.responsibilities.find((r) => r.unit === unitCode)!.role,
        status,
        percent,
        progress: '',
        problems: '',
        nextSteps: '',
        plannedCompletion: null,
        evidence: '',
      };
    });
  const indicators: IndicatorReport[] = Object.entries(spec.indicators ?? {}).map(([code, v]) =>
    Array.isArray(v)
      ? { code, numerator: v[0], denominator: v[1], value: v[0] / v[1], asOf: null, note: '' }
      : { code, numerator: v, denominator: null, value: v, asOf: null, note: '' },
  );
  return {
    unit: unitCode,
    period,
    tasks,
    indicators,
    // Late is the end of the next month: after any working-day deadline.
    receivedAt: spec.onTime === false ? `${nextPeriod(period)}-28T09:00:00Z` : `${period}-28T09:00:00Z`,
    receivedSource: 'file-time',
    file: `${unitCode}-${period}.xlsx`,
    sha256: `${unitCode}${period}`.padEnd(64, '0'),
    version: spec.version ?? 1,
    onTime: spec.onTime ?? true,
    findings: [],
  };
}

export const months = (year: number, from = 1, to = 12): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);
