import type { Period, Submission } from '../../core/submission.js';
import type { Store } from '../store/index.js';

/**
 * Every accepted version of every unit's return for the counted months: the current version carries
 * the content, and any version on time keeps the month on time (a correction after the deadline is
 * not lateness). A month with no return for a unit simply has no row: it counts as not submitted.
 */
export function yearSubmissions(store: Store, periods: Period[]): Submission[] {
  const all: Submission[] = [];
  for (const period of periods) {
    for (const current of store.acceptedSubmissions(period)) {
      if (current.version > 1) all.push(...store.submissionHistory(current.unit, period));
      else all.push(current);
    }
  }
  return all;
}

/** Archive path (relative to the workspace) of each stored original, by SHA-256. */
export function archivePaths(store: Store): Map<string, string> {
  const rows = store.db.prepare('SELECT sha256, archive_path AS path FROM files').all() as {
    sha256: string;
    path: string;
  }[];
  return new Map(rows.map((r) => [r.sha256, r.path]));
}
