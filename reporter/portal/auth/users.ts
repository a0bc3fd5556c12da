import type Database from 'better-sqlite3';
import { UserError } from '../../user-error.js';
import { hashPassword, passwordProblem, UNUSABLE_HASH, verifyPassword } from './passwords.js';

/** Office accounts (管理员 / 经办 / 查看) and their logins, with lock-out after repeated failures. */

export type Role = 'admin' | 'clerk' | 'viewer';

export const ROLES: readonly Role[] = ['admin', 'clerk', 'viewer'];

export const ROLE_LABELS: Record<Role, string> = { admin: '管理员', clerk: '经办', viewer: '查看' };

/** What each role may do beyond looking: clerks run the month, admins also manage accounts. */
export const canAct = (role: Role): boolean => role === 'admin' || role === 'clerk';

export interface User {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

/** Consecutive failures that lock an account, and for how long. */
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

const NAME = /^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,32}$/;

interface UserRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  lockedUntil: row.locked_until,
  lastLoginAt: row.last_login_at,
});

export type LoginResult =
  | { ok: true; user: User }
  | {
      ok: false;
      reason: 'bad-credentials' | 'locked' | 'disabled';
      lockedUntil?: string;
      justLocked?: boolean;
    };

export function roleOption(value: unknown): Role {
  const role = String(value ?? '').trim() as Role;
  if (!ROLES.includes(role)) {
    throw new UserError(
      `角色“${String(value ?? '')}”无效：请用 admin（管理员）、clerk（经办）或 viewer（查看）。`,
    );
  }
  return role;
}

export class Users {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private row(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  byName(name: string): User | undefined {
    const row = this.row(name);
    return row && toUser(row);
  }

  byId(id: number): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(toUser);
  }

  async add(name: string, role: Role, password: string): Promise<User> {
    if (!NAME.test(name)) {
      throw new UserError(`用户名“${name}”无效：2–32 个字符，可用字母、数字、汉字和 _ . -`);
    }
    const weak = passwordProblem(password, name);
    if (weak) throw new UserError(`密码不符合要求：${weak}。`);
    if (this.row(name)) throw new UserError(`用户“${name}”已存在。`);
    const hash = await hashPassword(password);
    const at = this.now().toISOString();
    const info = this.db
      .prepare(
        'INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(name, role, hash, at, at);
    return this.byId(Number(info.lastInsertRowid))!;
  }

  async setPassword(name: string, password: string): Promise<void> {
    const weak = passwordProblem(password, name);
    if (weak) throw new UserError(`密码不符合要求：${weak}。`);
    const hash = await hashPassword(password);
    const changed = this.db
      .prepare(
        'UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL WHERE name = ?',
      )
      .run(hash, this.now().toISOString(), name).changes;
    if (!changed) throw new UserError(`没有用户“${name}”。`);
  }

  /** Disabled accounts cannot log in and their sessions end (see Sessions). Kept for the audit log. */
  setDisabled(name: string, disabled: boolean): User {
    const changed = this.db
      .prepare('UPDATE users SET disabled_at = ?, failed_logins = 0, locked_until = NULL WHERE name = ?')
      .run(disabled ? this.now().toISOString() : null, name).changes;
    if (!changed) throw new UserError(`没有用户“${name}”。`);
    return this.byName(name)!;
  }

  /**
   * Checks a login. Unknown names cost the same scrypt as real ones; a locked or disabled account
   * is refused whatever the password, and the fifth failure in a row locks it for LOCK_MINUTES.
   */
  async login(name: string, password: string): Promise<LoginResult> {
    const row = NAME.test(name) ? this.row(name) : undefined;
    const matches = await verifyPassword(password, row?.password_hash ?? UNUSABLE_HASH);
    if (!row) return { ok: false, reason: 'bad-credentials' };
    const now = this.now();
    // Read again: another login of the same account may have finished while scrypt ran.
    const current = this.row(name)!;
    if (current.disabled_at) return { ok: false, reason: 'disabled' };
    if (current.locked_until && current.locked_until > now.toISOString()) {
      return { ok: false, reason: 'locked', lockedUntil: current.locked_until };
    }
    if (!matches) {
      const failures = current.failed_logins + 1;
      const lockedUntil =
        failures >= LOCK_AFTER ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
      this.db
        .prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?')
        .run(lockedUntil ? 0 : failures, lockedUntil, current.id);
      return lockedUntil
        ? { ok: false, reason: 'locked', lockedUntil, justLocked: true }
        : { ok: false, reason: 'bad-credentials' };
    }
    this.db
      .prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?')
      .run(now.toISOString(), current.id);
    return { ok: true, user: toUser({ ...current, last_login_at: now.toISOString() }) };
  }
}
