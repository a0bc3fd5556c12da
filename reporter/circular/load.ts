import { previousPeriod } from '../../core/calendar/period.js';
import type { UnitException } from '../../core/exceptions/model.js';
import type { Plan } from '../../core/plan/model.js';
import type { Period, Submission } from '../../core/submission.js';
import { planOfPeriod } from '../plan/history.js';
import { findExceptions } from '../exceptions/store.js';
import type { Store } from '../store/index.js';

/**
 * What a month's circular is made from: the plan in force for the month (its targets as issued),
 * every accepted version of the month and the one before, and the exceptions.
 */
export interface MonthReturns {
  plan: Plan;
  submissions: Submission[];
  /** Last month's, for the change since last month; undefined when it has none. */
  previous?: Submission[];
  exceptions: UnitException[];
  /** Units that sent only refused files this month (报送未通过 unless an accepted one came too). */
  refused: string[];
}

export function monthReturns(store: Store, current: Plan, period: Period): MonthReturns {
  const last = previousPeriod(period);
  const previous = store.acceptedVersions(last);
  return {
    plan: planOfPeriod(store, current, period),
    submissions: store.acceptedVersions(period),
    ...(previous.length ? { previous } : {}),
    exceptions: [...findExceptions(store, { period: last }), ...findExceptions(store, { period })],
    refused: [
      ...new Set(
        store
          .returns(period)
          .filter((r) => r.outcome !== 'accepted' && r.unit)
          .map((r) => r.unit!),
      ),
    ],
  };
}
