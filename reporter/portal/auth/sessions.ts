import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { User } from './users.js';

/**
 * Browser sessions of office staff. The cookie holds a random token; the database holds only its
 * hash. A session ends after IDLE_MINUTES without a request, after MAX_HOURS in any case, on
 * logout, and when its account is disabled.
 */

export const IDLE_MINUTES = 120;
export const MAX_HOURS = 12;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Touching the row on every request would write on every page; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

export interface ActiveSession {
  /** Hash of the cookie's token: stable per session, safe to bind CSRF tokens to. */
  id: string;
  user: User;
}

interface Row {
  token_hash: string;
  user_id: number;
  last_seen_at: string;
  expires_at: string;
  name: string;
  role: User['role'];
  created_at: string;
  disabled_at: string | null;
  locked_until: string | null;
  last_login_at: string | null;
}

export class Sessions {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new session; returns the token for the cookie. */
  create(userId: number, address: string): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        hashOf(token),
        userId,
        now.toISOString(),
        now.toISOString(),
        new Date(now.getTime() + MAX_HOURS * 3_600_000).toISOString(),
        address,
      );
    return token;
  }

  find(token: string | undefined): ActiveSession | undefined {
    if (!token || token.length > 100) return undefined;
    const id = hashOf(token);
    const row = this.db
      .prepare(
        `SELECT s.token_hash, s.user_id, s.last_seen_at, s.expires_at, u.name, u.role, u.created_at,
                u.disabled_at, u.locked_until, u.last_login_at
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      )
      .get(id) as Row | undefined;
    if (!row) return undefined;
    const now = this.now();
    const idleSince = now.getTime() - IDLE_MINUTES * 60_000;
    if (row.disabled_at || row.expires_at <= now.toISOString() || Date.parse(row.last_seen_at) < idleSince) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(id);
      return undefined;
    }
    if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
      this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), id);
    }
    return {
      id,
      user: {
        id: row.user_id,
        name: row.name,
        role: row.role,
        createdAt: row.created_at,
        disabledAt: row.disabled_at,
        lockedUntil: row.locked_until,
        lastLoginAt: row.last_login_at,
      },
    };
  }

  end(token: string | undefined): void {
    if (token) this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashOf(token));
  }

  endAllOf(userId: number): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  /** Drops expired rows (run at start and now and then). */
  sweep(): void {
    const now = this.now();
    this.db
      .prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?')
      .run(now.toISOString(), new Date(now.getTime() - IDLE_MINUTES * 60_000).toISOString());
  }
}
