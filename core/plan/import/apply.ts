import { checkScheme } from '../../assessment/check.js';
import type { Plan } from '../model.js';
import type { ImportedPlan } from './import.js';
import { reviewTexts, type ReviewNote } from './review.js';

/**
 * A year's plan from its document: what the document says — title, tasks, responsibilities,
 * deadlines, indicators, the units it adds, the 双公示 due days — over the plan carried over from
 * the year before (units with their codes and aliases, settings, document settings, scoring scheme,
 * schedule, holidays), with every note in the 待核对 cell of the task, indicator or unit it is about.
 * Notes about the document as a whole, and scoring items that name indicators or tasks the
 * document no longer has, come back to be shown with the summary.
 */
export function applyImport(carried: Plan, imported: ImportedPlan): { plan: Plan; planNotes: ReviewNote[] } {
  const texts = reviewTexts(imported.notes);
  // A task or indicator is the document's own, noted afresh; a unit keeps a note it still carries.
  const withNote = <T extends { reviewNote?: string }>(item: T, key: string, keep = false): T => {
    const { reviewNote: earlier, ...rest } = item;
    const note = texts.get(key) ?? (keep ? earlier : undefined);
    return (note ? { ...rest, reviewNote: note } : rest) as T;
  };
  const plan: Plan = {
    ...carried,
    title: imported.title,
    units: imported.units.map((unit) => withNote(unit, `unit:${unit.code}`, true)),
    tasks: imported.tasks.map((task) => withNote(task, `task:${task.number}`)),
    indicators: imported.indicators.map((indicator) => withNote(indicator, `indicator:${indicator.code}`)),
    settings: {
      ...carried.settings,
      dualPublicityDueWorkingDays:
        imported.dualPublicityDueWorkingDays ?? carried.settings.dualPublicityDueWorkingDays,
    },
  };
  const planNotes = imported.notes.filter((note) => note.subject.kind === 'plan');
  if (plan.scoring) {
    for (const problem of checkScheme(plan.scoring, plan)) {
      if (problem.level !== 'error') continue;
      planNotes.push({
        subject: { kind: 'plan' },
        message: `结转的考核办法与导入的任务或指标不符：${problem.message}（在“考核”工作表中修改）`,
        source: problem.subject,
        place: '考核',
      });
    }
  }
  return { plan, planNotes };
}
