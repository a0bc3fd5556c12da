import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../reporter/portal/auth/passwords.js';
import { Sessions } from '../reporter/portal/auth/sessions.js';
import { LOCK_AFTER, Users } from '../reporter/portal/auth/users.js';
import { openStore, openStoreAt } from '../reporter/store/index.js';
import { workspaceAt } from '../reporter/workspace.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');
const GOOD = 'Xinyong#2024ok';

function creditwork(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: { ...process.env, CREDITWORK_WORKSPACE: '' },
  });
  return { code: result.status, stdout: result.stdout, output: result.stdout + result.stderr };
}

describe('passwords', () => {
  it('are hashed with scrypt and a salt, and verified in constant time', async () => {
    const a = await hashPassword(GOOD);
    const b = await hashPassword(GOOD);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(GOOD);
    expect(await verifyPassword(GOOD, a)).toBe(true);
    expect(await verifyPassword(GOOD + ' ', a)).toBe(false);
    expect(await verifyPassword(GOOD, 'md5$abc')).toBe(false);
  });

  it('weak ones are refused with the reason in Chinese', () => {
    expect(passwordProblem('short1A!', 'li')).toContain('至少 10 个字符');
    expect(passwordProblem('alllowercaseletters', 'li')).toContain('至少三类');
    expect(passwordProblem('Zhangsan#2024', 'zhangsan')).toContain('不能包含用户名');
    expect(passwordProblem(GOOD, 'li')).toBeUndefined();
  });
});

describe('logins and sessions', () => {
  it('lock an account after repeated failures, whatever the password then', async () => {
    let now = new Date('2024-06-03T01:00:00Z');
    const store = openStoreAt(':memory:');
    const users = new Users(store.db, () => now);
    await users.add('clerk1', 'clerk', GOOD);
    expect((await users.login('nobody', GOOD)).ok).toBe(false);
    for (let i = 1; i < LOCK_AFTER; i++)
      expect(await users.login('clerk1', 'wrong')).toEqual({ ok: false, reason: 'bad-credentials' });
    const locked = await users.login('clerk1', 'wrong');
    expect(locked).toMatchObject({ ok: false, reason: 'locked', justLocked: true });
    expect((await users.login('clerk1', GOOD)).ok).toBe(false);
    now = new Date('2024-06-03T01:16:00Z');
    expect((await users.login('clerk1', GOOD)).ok).toBe(true);
    users.setDisabled('clerk1', true);
    expect(await users.login('clerk1', GOOD)).toEqual({ ok: false, reason: 'disabled' });
  });

  it('end when idle, at their maximum age, on logout and when the account is disabled', async () => {
    let now = new Date('2024-06-03T01:00:00Z');
    const store = openStoreAt(':memory:');
    const users = new Users(store.db, () => now);
    const sessions = new Sessions(store.db, () => now);
    const user = await users.add('viewer1', 'viewer', GOOD);
    const token = sessions.create(user.id, '127.0.0.1');
    expect(sessions.find(token)?.user.name).toBe('viewer1');
    expect(store.db.prepare('SELECT token_hash FROM sessions').pluck().get()).not.toBe(token);
    now = new Date('2024-06-03T02:59:00Z');
    expect(sessions.find(token)).toBeDefined(); // 119 minutes idle
    now = new Date('2024-06-03T05:00:00Z');
    expect(sessions.find(token)).toBeUndefined(); // 121 minutes idle
    const second = sessions.create(user.id, '127.0.0.1');
    for (let hour = 1; hour <= 12; hour++) {
      now = new Date(now.getTime() + 3_600_000);
      if (hour < 12) expect(sessions.find(second), `hour ${hour}`).toBeDefined();
      else expect(sessions.find(second)).toBeUndefined();
    }
    const third = sessions.create(user.id, '127.0.0.1');
    sessions.end(third);
    expect(sessions.find(third)).toBeUndefined();
    const fourth = sessions.create(user.id, '127.0.0.1');
    users.setDisabled('viewer1', true);
    expect(sessions.find(fourth)).toBeUndefined();
  });
});

describe('creditwork user', () => {
  let ws: string;
  beforeAll(async () => {
    ws = await mkdtemp(path.join(os.tmpdir(), 'portal-users-'));
    expect(creditwork(['init', '--workspace', ws, '--year', '2024']).code).toBe(0);
  });
  afterAll(() => rm(ws, { recursive: true, force: true }));

  it('adds, lists, disables and re-enables accounts, each change in the audit log', () => {
    const added = creditwork(
      ['user', 'add', '张三', '--role', 'admin', '--password-stdin', '--workspace', ws],
      `${GOOD}\n`,
    );
    expect(added.code, added.output).toBe(0);
    expect(added.stdout).toContain('已添加用户 张三（管理员）');
    expect(
      creditwork(['user', 'add', '张三', '--role', 'clerk', '--password-stdin', '--workspace', ws], GOOD)
        .output,
    ).toContain('已存在');
    expect(
      creditwork(['user', 'add', 'li', '--role', 'boss', '--password-stdin', '--workspace', ws], GOOD).output,
    ).toContain('admin');
    expect(
      creditwork(['user', 'add', 'li', '--role', 'viewer', '--password-stdin', '--workspace', ws], 'weak')
        .output,
    ).toContain('密码不符合要求');
    expect(creditwork(['user', 'add', 'li', '--role', 'viewer', '--workspace', ws]).output).toContain(
      '--password-stdin',
    );
    expect(
      creditwork(['user', 'add', 'li', '--role', 'viewer', '--password-stdin', '--workspace', ws], GOOD).code,
    ).toBe(0);

    const list = JSON.parse(creditwork(['user', 'list', '--json', '--workspace', ws]).stdout) as {
      name: string;
      role: string;
    }[];
    expect(list.map((u) => [u.name, u.role])).toEqual([
      ['li', 'viewer'],
      ['张三', 'admin'],
    ]);
    expect(JSON.stringify(list)).not.toContain('scrypt');
    expect(creditwork(['user', 'disable', 'li', '--workspace', ws]).stdout).toContain('已停用用户 li');
    expect(creditwork(['user', 'list', '--workspace', ws]).stdout).toMatch(/li\t查看\t已停用/);
    expect(creditwork(['user', 'enable', 'li', '--workspace', ws]).code).toBe(0);
    expect(creditwork(['user', 'disable', 'nobody', '--workspace', ws]).output).toContain('没有用户“nobody”');

    const store = openStore(workspaceAt(ws));
    try {
      const actions = store.db.prepare('SELECT action, target FROM audit_log ORDER BY id').all();
      expect(actions).toEqual([
        { action: 'user.add', target: '张三' },
        { action: 'user.add', target: 'li' },
        { action: 'user.disable', target: 'li' },
        { action: 'user.enable', target: 'li' },
      ]);
    } finally {
      store.close();
    }
  });
});
