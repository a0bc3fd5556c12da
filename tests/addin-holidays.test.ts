import { describe, expect, it } from 'vitest';
import { SHEETS_TO_READ, evaluate } from '../addin/engine.js';
import { ruleSet } from '../addin/rule-set.js';
import { libraryCalendar, workingDayCalendar } from '../core/calendar/index.js';
import { builtInPlan } from '../core/plan/built-in.js';
import { returnDeadline } from '../core/plan/deadlines.js';
import type { Plan } from '../core/plan/model.js';
import { carryOverPlan } from '../core/plan/years.js';
import { buildUnitWorkbook } from '../reporter/issue/build-workbook.js';
import { hostRead, officeView } from './browser/office-view.js';
import { OFFICE_2027_HOLIDAYS } from './helpers/year-scenario.js';

/**
 * The pane counts working days to the deadline offline, on the holidays the issued workbook carries:
 * in a year its bundled chinese-days does not know, the office's 节假日 rows are all there is.
 */
async function paneFor(plan: Plan, period: string, today: string) {
  const { workbook } = await buildUnitWorkbook({
    plan,
    unitCode: 'S01',
    period,
    deadline: returnDeadline(plan, period),
    issuedAt: '2027-01-04T01:00:00.000Z',
    fileName: 'S01.xlsx',
  });
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const read = hostRead(await officeView(bytes, 'S01.xlsx'), SHEETS_TO_READ);
  const { pane } = evaluate(read, today, { full: false }, ruleSet);
  if (!pane.recognized) throw new Error('not recognized');
  return pane;
}

describe('working days left in the pane', () => {
  const plan = { ...carryOverPlan(builtInPlan(2024)!, 2027), holidays: OFFICE_2027_HOLIDAYS };

  it('come from the 节假日 rows the workbook carries, in a year the library lacks', async () => {
    expect(libraryCalendar().coverage().years).not.toContain(2027);
    const office = workingDayCalendar(OFFICE_2027_HOLIDAYS);
    const deadline = office.nthWorkingDayOfMonth(2027, 2, 5);
    const pane = await paneFor(plan, '2027-01', '2027-01-25');
    expect(pane.deadline).toBe(deadline);
    expect(pane.deadlineText).toBe(
      `今天之后还有 ${office.workingDaysBetween('2027-01-25', deadline)} 个工作日`,
    );
    // Late after the 春节 break: counted on the office's rows, not on weekdays.
    const late = await paneFor(plan, '2027-01', '2027-02-17');
    expect(late.overdue).toBe(true);
    expect(late.deadlineText).toBe(
      `已逾期 ${-office.workingDaysBetween('2027-02-17', deadline)} 个工作日，请尽快报送`,
    );
  });

  it('a workbook issued without those rows says what is missing instead of guessing', async () => {
    // Issued for November 2026 (known to the library) by a plan without rows; opened in February 2027.
    const bare = carryOverPlan(builtInPlan(2024)!, 2026);
    const pane = await paneFor(bare, '2026-11', '2027-02-17');
    expect(pane.overdue).toBe(false);
    expect(pane.deadlineText).toContain('无法确定');
    expect(pane.deadlineText).toContain('2027');
  });
});
