import { describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import { isoToExcelSerial, excelSerialToIso } from '../core/values/excel-serial.js';
import { CARRIED_OVER_NOTE, carryOverPlan, shiftDate, shiftYears, yearMentions } from '../core/plan/years.js';

const plan2024 = builtInPlan(2024)!;

describe('carrying a plan over to a new year', () => {
  it('moves the years about the plan’s time and leaves citations alone', () => {
    expect(shiftYears('市社会信用体系建设2024年工作要点', 2024, 2027)).toBe(
      '市社会信用体系建设2027年工作要点',
    );
    expect(shiftYears('控制在全国地级城市平均值（2023年平均值为0.01%）以下', 2024, 2027)).toBe(
      '控制在全国地级城市平均值（2026年平均值为0.01%）以下',
    );
    expect(shiftYears('（运信用办〔2024〕1号）、国办发〔2019〕35号', 2024, 2027)).toBe(
      '（运信用办〔2024〕1号）、国办发〔2019〕35号',
    );
    expect(shiftYears('《山西省社会信用条例》（2019年）', 2024, 2027)).toBe(
      '《山西省社会信用条例》（2019年）',
    );
    expect(shiftYears('work-points-2024', 2024, 2027)).toBe('work-points-2027');
  });

  it('keeps the day of a date, and the last day of a month as the last day', () => {
    expect(shiftDate('2024-10-31', 3)).toBe('2027-10-31');
    expect(shiftDate('2024-02-29', 1)).toBe('2025-02-28');
    expect(shiftDate('2023-02-28', 1)).toBe('2024-02-29');
  });

  it('gives the built-in plan as 2027’s: title, id, deadlines and date targets follow, tasks marked', () => {
    const plan = carryOverPlan(
      { ...plan2024, settings: { ...plan2024.settings, firstPeriod: '2024-09' } },
      2027,
    );
    expect(plan.year).toBe(2027);
    expect(plan.id).toBe('work-points-2027');
    expect(plan.version).toBe(1);
    expect(plan.title).toBe('市社会信用体系建设2027年工作要点');
    expect(plan.tasks.find((t) => t.number === 15)?.deadline).toBe('2027-10-31');
    expect(excelSerialToIso(plan.indicators.find((i) => i.code === 'T15-1')!.target)).toBe('2027-10-31');
    expect(plan.tasks.every((t) => t.reviewNote === CARRIED_OVER_NOTE)).toBe(true);
    expect(plan.settings.firstPeriod).toBeUndefined();
    // What stays: units, responsibilities, targets other than dates, settings, documents.
    expect(plan.units).toEqual(plan2024.units);
    expect(plan.tasks.map((t) => t.responsibilities)).toEqual(plan2024.tasks.map((t) => t.responsibilities));
    expect(plan.indicators.map((i) => i.target).filter((t) => t < 10_000)).toEqual(
      plan2024.indicators.map((i) => i.target).filter((t) => t < 10_000),
    );
    expect(plan.document).toEqual(plan2024.document);
    expect(yearMentions(plan)).toEqual([]);
  });

  it('keeps only the 节假日 rows of the new year and later', () => {
    const plan = carryOverPlan(
      {
        ...plan2024,
        holidays: [
          { date: '2024-10-01', kind: 'off', name: '国庆节' },
          { date: '2025-01-01', kind: 'off', name: '元旦' },
        ],
      },
      2025,
    );
    expect(plan.holidays).toEqual([{ date: '2025-01-01', kind: 'off', name: '元旦' }]);
  });
});

describe('years a plan names outside its own', () => {
  it('the built-in plan names none', () => {
    expect(yearMentions(plan2024)).toEqual([]);
  });

  it('年度 set to 2025 in a 2024 plan: the title, id, deadline and date target still say 2024', () => {
    const places = yearMentions({ ...plan2024, year: 2025 }).map((m) => m.place);
    expect(places).toEqual(
      expect.arrayContaining(['title', 'id', 'task:15:deadline', 'indicator:T15-1:target']),
    );
    const title = yearMentions({ ...plan2024, year: 2025 }).find((m) => m.place === 'title')!;
    expect(title.message).toContain('2024年');
    expect(title.message).toContain('2025年度');
  });

  it('a December matter in January of the next year is fine; February is not', () => {
    const plan = carryOverPlan(plan2024, 2026);
    const withDeadline = (deadline: string) => ({
      ...plan,
      tasks: plan.tasks.map((t) => (t.number === 15 ? { ...t, deadline } : t)),
      indicators: plan.indicators.map((i) =>
        i.code === 'T15-1' ? { ...i, target: isoToExcelSerial(deadline) } : i,
      ),
    });
    expect(yearMentions(withDeadline('2027-01-15'))).toEqual([]);
    expect(yearMentions(withDeadline('2027-02-15')).map((m) => m.place)).toEqual([
      'task:15:deadline',
      'indicator:T15-1:target',
    ]);
  });
});
