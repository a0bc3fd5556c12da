import type { Period, Submission } from '../../core/submission.js';
import type { Store } from '../store/index.js';

/**
 * Every accepted version of every unit's return for the counted months: the current version carries
 * the content, the first decides timeliness. A month with no return for a unit simply has no row.
 */
export const yearSubmissions = (store: Store, periods: Period[]): Submission[] =>
  periods.flatMap((period) => store.acceptedVersions(period));

/** Archive path (relative to the workspace) of each stored original, by SHA-256. */
export function archivePaths(store: Store): Map<string, string> {
  const rows = store.db.prepare('SELECT sha256, archive_path AS path FROM files').all() as {
    sha256: string;
    path: string;
  }[];
  return new Map(rows.map((r) => [r.sha256, r.path]));
}
