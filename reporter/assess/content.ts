import { contactClauses } from '../../core/plan/contact.js';
import { rectificationDeadline } from '../../core/plan/deadlines.js';
import { unitProblems } from '../../core/assessment/problems.js';
import type { ScoringScheme } from '../../core/assessment/scheme.js';
import { leftOutText, type UnitAssessment, type YearAssessment } from '../../core/assessment/year.js';
import { monthsText } from '../../core/calendar/period.js';
import type { Plan } from '../../core/plan/model.js';
import type { RenderValue } from '../render/docx.js';
import { documentFrame, frameAlternatives } from '../render/frame.js';
import { cnDate, cnNumber, someOf } from '../render/format.js';
import { ASSESSMENT_CHART, ASSESSMENT_TABLES } from './template.js';

/**
 * Turns the year's assessment into the report's narrative data (lists and counts; sentences live in
 * assessment.hbs) and the template's values (text, tables, chart). Reads no files.
 */

export const assessmentTitle = (year: number): string => `关于${year}年度社会信用体系建设工作考核结果的通报`;

/** The title as printed: two lines broken between words (GB/T 9704 7.3.3). */
const assessmentTitleLines = (year: number): string => `关于${year}年度社会信用体系建设\n工作考核结果的通报`;

const score = (n: number): string => n.toFixed(2);
const names = (units: UnitAssessment[]): string[] => units.map((u) => u.unit.name);

export interface AssessmentContentOptions {
  plan: Plan;
  scheme: ScoringScheme;
  assessment: YearAssessment;
  date: string;
  number?: string;
}

export function assessmentData(options: AssessmentContentOptions): {
  title: string;
  narrative: Record<string, unknown>;
  values: Record<string, RenderValue>;
  alternatives: Record<string, Record<string, RenderValue>>;
} {
  const { plan, scheme, assessment, date } = options;
  const year = assessment.year;
  const sortedGrades = [...scheme.grades].sort((a, b) => b.min - a.min);
  const grades = sortedGrades.map((g) => g.name);
  const lowest = grades[grades.length - 1];
  const top = grades[0];
  const first = assessment.periods[0];
  const last = assessment.periods[assessment.periods.length - 1];
  const monthText = first && last ? `${Number(first.slice(5))}—${Number(last.slice(5))}月` : '';

  const groups = assessment.groups
    .filter((g) => g.units.length)
    .map((g) => {
      // Only units above the lowest grade are named as leading.
      const leaders = g.units.filter((u) => u.rank <= 3 && !u.vetoed && u.grade !== lowest);
      const counts = grades.map((name) => ({ name, units: g.units.filter((u) => u.grade === name) }));
      return {
        name: g.group.name,
        count: g.units.length,
        gradeClauses: counts.filter((c) => c.units.length).map((c) => `${c.name}${c.units.length}个`),
        average: score(g.units.reduce((s, u) => s + u.total, 0) / g.units.length),
        // Ties can put many units in the top three; the body names a few, table 1 has them all.
        leaders: [someOf(names(leaders), 5, '个单位', 4)].filter(Boolean),
        leadersTop: leaders.length > 0 && leaders.every((u) => u.grade === top),
        otherExcellent: [
          someOf(names(g.units.filter((u) => u.grade === top && !leaders.includes(u))), 4, '个单位', 3),
        ].filter(Boolean),
      };
    });

  const onTimeItem = scheme.items.find((i) => i.method === 'on-time');
  const fullReporting = assessment.units.filter((u) => {
    const item = u.items.find((i) => i.item.id === onTimeItem?.id);
    return item?.applicable && item.final >= item.item.points;
  });
  const bonusItems = scheme.items
    .filter((i) => scheme.categories.find((c) => c.id === i.category)?.kind === 'bonus')
    .map((item) => ({
      name: item.name,
      units: assessment.units
        .filter((u) => (u.items.find((i) => i.item.id === item.id)?.final ?? 0) > 0)
        .map((u) => u.unit.name),
    }))
    .filter((b) => b.units.length);

  // The body names the units graded lowest (and vetoed) with their problems; the others' lost
  // points are in the attachment.
  const rectify = assessment.units
    .filter((u) => u.vetoed || u.grade === lowest)
    .map((u, i) => ({
      label: `${u.unit.name}（${score(u.total)}分${u.vetoed ? '，一票否决' : ''}）`,
      heading: `（${cnNumber(i + 1)}）${u.unit.name}（${score(u.total)}分${u.vetoed ? '，一票否决' : ''}）`,
      unit: u.unit.name,
      reasons: unitProblems(u, scheme),
    }));
  const nextLowest = grades.length > 1 ? grades[grades.length - 2] : undefined;
  const nearLowest = nextLowest ? assessment.units.filter((u) => !u.vetoed && u.grade === nextLowest) : [];
  const rectificationDays = plan.settings.rectificationWorkingDays;
  const capOf = (kind: string) =>
    scheme.categories.filter((c) => c.kind === kind).reduce((s, c) => s + c.cap, 0);
  const bonusCap = capOf('bonus');
  const deductionCap = capOf('deduction');
  const extras = [
    bonusCap ? `加分项目（最多加${bonusCap}分）` : '',
    deductionCap ? `扣分项目（最多扣${deductionCap}分）` : '',
  ].filter(Boolean);
  // Says how a total above the full marks (e.g. 102.45) comes about, or that there is none.
  const scoringNote = [
    extras.length ? `另设${extras.join('和')}` : '',
    scheme.capTotal
      ? `总分最高为${scheme.total}分`
      : bonusCap
        ? `加分计入总分，总分可超过${scheme.total}分`
        : '',
  ].filter(Boolean);

  // Months the office exempted a unit from are left out of its score; the report says which and why.
  const exempt = assessment.units
    .filter((u) => u.exempt.length)
    .map((u) => ({
      unit: u.unit.name,
      months: u.exempt.map((e) => `${Number(e.period.slice(5))}月`).join('、'),
      reasons: [...new Set(u.exempt.map((e) => e.exception.reason))].join('；'),
    }));

  const narrative = {
    planTitle: plan.title,
    exempt,
    year,
    monthText,
    months: assessment.periods.length,
    // A year not counted whole (启用期间, months not issued): which months and why, said once.
    leftOutNote: assessment.leftOut.length
      ? `${leftOutText(assessment.leftOut)}，不计入考核；按时报送和“双公示”按计入的${assessment.periods.length}个月折算。`
      : '',
    unitCount: assessment.units.length,
    groups,
    total: scheme.total,
    scale: scheme.total === 100 ? '百分制' : `${scheme.total}分制`,
    scoringNote,
    grades: sortedGrades.map((g, i) =>
      i === sortedGrades.length - 1 && i > 0
        ? `${g.name}（${sortedGrades[i - 1].min}分以下）`
        : `${g.name}（${g.min}分及以上）`,
    ),
    fullReporting: names(fullReporting),
    // `全年` only when the whole year was counted; otherwise the counted months (9—12月).
    reportingSpan: assessment.leftOut.length ? monthsText(assessment.periods) : '全年',
    bonusItems,
    top,
    lowest,
    rectify,
    // A lone （一） is no list: one unit is written as a plain paragraph.
    rectifyNumbered: rectify.length > 1,
    rectifyNames: rectify.map((r) => r.unit),
    nextLowest,
    nearLowest: [someOf(names(nearLowest), 6, '个单位', 5)].filter(Boolean),
    rectificationDays,
    deadlineText: cnDate(rectificationDeadline(plan, date)),
    contact: contactClauses(plan.settings),
  };

  const mergeGroups = (key: keyof typeof ASSESSMENT_TABLES, data: Record<string, string>[]): RenderValue => ({
    ...rows(key, data),
    mergeDown: ['group'],
  });
  const rows = (key: keyof typeof ASSESSMENT_TABLES, data: Record<string, string>[]) => ({
    kind: 'rows' as const,
    fields: ASSESSMENT_TABLES[key].map((c) => c.field),
    rows: data.length
      ? data
      : [Object.fromEntries(ASSESSMENT_TABLES[key].map((c, i) => [c.field, i === 0 ? '无考核单位' : '—']))],
  });
  const values: Record<string, RenderValue> = {
    ...documentFrame(plan.document, date, options.number),
    title: { kind: 'text', text: assessmentTitleLines(year) },
    yearText: { kind: 'text', text: `${year}年度` },
    rankingRows: mergeGroups(
      'rankingRows',
      assessment.groups.flatMap((g) =>
        g.units.map((u, i) => ({
          // The group's name only on its first row reads like a merged cell.
          group: i === 0 ? g.group.name : '',
          rank: String(u.rank),
          unit: u.unit.name,
          base: score(u.base),
          bonus: u.bonus ? score(u.bonus) : '—',
          deduction: u.deduction ? score(u.deduction) : '—',
          total: score(u.total),
          grade: u.vetoed ? `${u.grade}（一票否决）` : u.grade,
        })),
      ),
    ),
    detailRows: rows(
      'detailRows',
      assessment.units.map((u, n) => ({
        no: String(n + 1),
        unit: u.unit.name,
        total: score(u.total),
        grade: u.grade,
        lost: unitProblems(u, scheme, 2).join('；') || '—',
      })),
    ),
    [ASSESSMENT_CHART]: {
      kind: 'chart',
      data: assessment.units.length
        ? {
            categories: grades,
            series: assessment.groups.map((g) => ({
              name: g.group.name,
              values: grades.map((name) => g.units.filter((u) => u.grade === name).length),
            })),
            description: `${year}年度考核等次分布：${assessment.groups
              .map(
                (g) =>
                  `${g.group.name}${grades.map((name) => `${name}${g.units.filter((u) => u.grade === name).length}个`).join('、')}`,
              )
              .join('；')}`,
          }
        : null,
    },
  };
  return {
    title: assessmentTitle(year),
    narrative,
    values,
    alternatives: frameAlternatives(plan.document, date),
  };
}
