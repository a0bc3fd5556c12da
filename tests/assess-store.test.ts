import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReviews, saveReviews } from '../reporter/assess/review-store.js';
import { migrate, migrations } from '../reporter/store/migrations.js';
import { openStoreAt } from '../reporter/store/index.js';

/** The office's reviews live in a table the store's migrations make, also in workspaces that assess made it in. */

const dir = mkdtempSync(path.join(os.tmpdir(), 'assess-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const review = { unit: 'X01', item: 'B2', score: 3, reason: '经验做法被省里推广' };

describe('assessment_reviews table', () => {
  it('is made by a store migration, so a new workspace can save and load reviews at once', () => {
    const store = openStoreAt(path.join(dir, 'new.db'));
    try {
      const names = migrations.map((m) => m.name);
      expect(names).toContain('year-end assessment reviews');
      const table = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'assessment_reviews'")
        .pluck()
        .get();
      expect(table).toBe('assessment_reviews');
      expect(saveReviews(store.db, 2024, [{ unit: 'X01', item: 'B2', review }], 'a.xlsx', '2025-01-20')).toBe(
        1,
      );
      expect(loadReviews(store.db, 2024)).toEqual([review]);
    } finally {
      store.close();
    }
  });

  it('keeps the reviews of a workspace where assess had already made the table on first use', () => {
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    const before = migrations.filter((m) => m.name !== 'year-end assessment reviews');
    migrate(old, before);
    // What assess did before the table became a migration.
    old.exec(`CREATE TABLE IF NOT EXISTS assessment_reviews (
      year INTEGER NOT NULL, unit TEXT NOT NULL, item TEXT NOT NULL, score REAL,
      reason TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, updated_at TEXT NOT NULL,
      PRIMARY KEY (year, unit, item))`);
    saveReviews(old, 2024, [{ unit: 'X01', item: 'B2', review }], 'a.xlsx', '2025-01-20');
    old.close();

    const store = openStoreAt(file);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(loadReviews(store.db, 2024)).toEqual([review]);
    } finally {
      store.close();
    }
  });
});
