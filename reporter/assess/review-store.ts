import type Database from 'better-sqlite3';
import type { Review } from '../../core/assessment/year.js';

/**
 * The office's reviewed scores live in the workspace database (table assessment_reviews, store
 * migration 3), so they survive a deleted or moved score sheet and every re-run of assess.
 */
export function loadReviews(db: Database.Database, year: number): Review[] {
  return db
    .prepare('SELECT unit, item, score, reason FROM assessment_reviews WHERE year = ? ORDER BY unit, item')
    .all(year) as Review[];
}

/** A row of a reviewed score sheet: the review it holds, or null when its review cells are blank. */
export interface ReviewedRow {
  unit: string;
  item: string;
  review: Review | null;
}

/**
 * Applies what a score sheet says for each of its rows: a filled row sets the review, a blank row
 * clears it. Rows the sheet does not have are left as they are. Returns how many reviews changed.
 */
export function saveReviews(
  db: Database.Database,
  year: number,
  rows: ReviewedRow[],
  source: string,
  now: string,
): number {
  const current = new Map(loadReviews(db, year).map((r) => [`${r.unit}|${r.item}`, r]));
  const upsert = db.prepare(
    `INSERT INTO assessment_reviews (year, unit, item, score, reason, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (year, unit, item) DO UPDATE SET score = excluded.score, reason = excluded.reason,
       source = excluded.source, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM assessment_reviews WHERE year = ? AND unit = ? AND item = ?');
  let changed = 0;
  db.transaction(() => {
    for (const row of rows) {
      const before = current.get(`${row.unit}|${row.item}`);
      if (!row.review) {
        if (before) {
          remove.run(year, row.unit, row.item);
          changed++;
        }
        continue;
      }
      if (before && before.score === row.review.score && before.reason === row.review.reason) continue;
      upsert.run(year, row.unit, row.item, row.review.score, row.review.reason, source, now);
      changed++;
    }
  })();
  return changed;
}
