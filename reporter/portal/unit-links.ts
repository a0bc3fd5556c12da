import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { unitsToIssue } from '../../core/contract/unit-rows.js';
import type { Plan } from '../../core/plan/model.js';

/**
 * Each unit's private portal address for one plan year: `<base>/u/<secret>`. The secret is the
 * unit's only credential, so it is long (192 random bits), looked up by its hash, and replaced on
 * request (a rotated secret answers 404 like one that never existed).
 */

export interface UnitLink {
  year: number;
  unit: string;
  secret: string;
  createdAt: string;
}

/** What a secret in a URL must look like; anything else is a 404 without touching the database. */
export const LINK_SECRET = /^[A-Za-z0-9_-]{32}$/;

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const newLinkSecret = (): string => randomBytes(24).toString('base64url');

/** The unit's address under the portal's base URL (no trailing slash on the base). */
export const unitUrl = (baseUrl: string, secret: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/u/${secret}`;

interface LinkRow {
  year: number;
  unit: string;
  secret: string;
  created_at: string;
}

const toLink = (row: LinkRow): UnitLink => ({
  year: row.year,
  unit: row.unit,
  secret: row.secret,
  createdAt: row.created_at,
});

export class UnitLinks {
  private findStatement: Database.Statement | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly makeSecret: () => string = newLinkSecret,
  ) {}

  /** The current links of a year, by unit code. */
  current(year: number): Map<string, UnitLink> {
    const rows = this.db
      .prepare('SELECT year, unit, secret, created_at FROM unit_links WHERE year = ? AND revoked_at IS NULL')
      .all(year) as LinkRow[];
    return new Map(rows.map((row) => [row.unit, toLink(row)]));
  }

  /** The links of these units for the year, making the missing ones (in one transaction). */
  ensure(year: number, units: readonly string[], now = new Date()): UnitLink[] {
    return this.db
      .transaction(() => {
        const existing = this.current(year);
        return units.map((unit) => existing.get(unit) ?? this.insert(year, unit, now));
      })
      .immediate();
  }

  /** Replaces the unit's link for the year: the old address stops working at once. */
  rotate(year: number, unit: string, now = new Date()): UnitLink {
    return this.db
      .transaction(() => {
        this.db
          .prepare('UPDATE unit_links SET revoked_at = ? WHERE year = ? AND unit = ? AND revoked_at IS NULL')
          .run(now.toISOString(), year, unit);
        return this.insert(year, unit, now);
      })
      .immediate();
  }

  /** The live link a secret belongs to; undefined for a malformed, unknown or rotated secret. */
  find(secret: string): UnitLink | undefined {
    if (!LINK_SECRET.test(secret)) return undefined;
    // Prepared once: every unit request starts here.
    this.findStatement ??= this.db.prepare(
      'SELECT year, unit, secret, created_at FROM unit_links WHERE secret_hash = ? AND revoked_at IS NULL',
    );
    const row = this.findStatement.get(hashOf(secret)) as LinkRow | undefined;
    return row && toLink(row);
  }

  private insert(year: number, unit: string, now: Date): UnitLink {
    const secret = this.makeSecret();
    const createdAt = now.toISOString();
    this.db
      .prepare('INSERT INTO unit_links (year, unit, secret, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(year, unit, secret, hashOf(secret), createdAt);
    return { year, unit, secret, createdAt };
  }
}

/**
 * Every issued unit's address for the plan's year, by unit code, making the links still missing.
 * Issue and `units links` both come here, so a workbook and the list always agree.
 */
export function unitLinksFor(
  store: { db: Database.Database },
  plan: Plan,
  baseUrl: string,
  now = new Date(),
): Map<string, string> {
  const links = new UnitLinks(store.db).ensure(plan.year, unitsToIssue(plan), now);
  return new Map(links.map((link) => [link.unit, unitUrl(baseUrl, link.secret)]));
}
