import { officeDateTime } from '../../core/calendar/office-time.js';
import { commandLineActor, recordAudit } from '../portal/audit.js';
import { ROLE_LABELS, roleOption, Users } from '../portal/auth/users.js';
import { Sessions } from '../portal/auth/sessions.js';
import { openStore } from '../store/index.js';
import { UserError } from '../user-error.js';
import { requireWorkspace } from '../workspace.js';

/**
 * `creditwork user add|list|disable|enable|password`: the office's portal accounts, managed on the
 * server by whoever runs it (the first 管理员 is made here). Every change is in the audit log.
 */

interface UserOptions {
  workspace?: string;
  role?: string;
  passwordStdin?: boolean;
}

async function readPassword(options: UserOptions): Promise<string> {
  if (!options.passwordStdin || process.stdin.isTTY) {
    throw new UserError(
      "请通过标准输入提供密码并加 --password-stdin，例如：read -s -p '密码：' PW && printf '%s' \"$PW\" | creditwork user add 张三 --role admin --password-stdin",
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: a trailing newline from echo or a here-string is not part of the password.
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password.includes('\n')) throw new UserError('密码只能有一行。');
  return password;
}

async function withUsers<T>(
  options: UserOptions,
  work: (users: Users, store: ReturnType<typeof openStore>) => T | Promise<T>,
): Promise<T> {
  const ws = requireWorkspace(options.workspace ?? './creditwork-data');
  const store = openStore(ws);
  try {
    return await work(new Users(store.db), store);
  } finally {
    store.close();
  }
}

export async function add(options: UserOptions, name: string): Promise<number> {
  const role = roleOption(options.role);
  const password = await readPassword(options);
  return withUsers(options, async (users, store) => {
    const user = await users.add(name.trim(), role, password);
    recordAudit(store.db, {
      actor: commandLineActor(),
      action: 'user.add',
      target: user.name,
      detail: ROLE_LABELS[role],
    });
    console.log(`已添加用户 ${user.name}（${ROLE_LABELS[role]}）。`);
    return 0;
  });
}

export async function password(options: UserOptions, name: string): Promise<number> {
  const text = await readPassword(options);
  return withUsers(options, async (users, store) => {
    await users.setPassword(name.trim(), text);
    const user = users.byName(name.trim())!;
    new Sessions(store.db).endAllOf(user.id);
    recordAudit(store.db, { actor: commandLineActor(), action: 'user.password', target: user.name });
    console.log(`已重设用户 ${user.name} 的密码，并解除锁定；其已登录的会话均已退出。`);
    return 0;
  });
}

export function list(options: UserOptions & { json?: boolean }): Promise<number> {
  return withUsers(options, (users) => {
    const all = users.list();
    if (options.json) {
      console.log(JSON.stringify(all, null, 2));
      return 0;
    }
    if (!all.length) {
      console.log('还没有用户。添加第一个管理员：creditwork user add 用户名 --role admin --password-stdin');
      return 0;
    }
    const now = new Date().toISOString();
    for (const u of all) {
      const state = u.disabledAt
        ? '已停用'
        : u.lockedUntil && u.lockedUntil > now
          ? `已锁定至 ${officeDateTime(u.lockedUntil)}`
          : '正常';
      const last = u.lastLoginAt ? `最近登录 ${officeDateTime(u.lastLoginAt)}` : '从未登录';
      console.log(`${u.name}\t${ROLE_LABELS[u.role]}\t${state}\t${last}`);
    }
    return 0;
  });
}

function setDisabled(options: UserOptions, name: string, disabled: boolean): Promise<number> {
  return withUsers(options, (users, store) => {
    const user = users.setDisabled(name.trim(), disabled);
    if (disabled) new Sessions(store.db).endAllOf(user.id);
    recordAudit(store.db, {
      actor: commandLineActor(),
      action: disabled ? 'user.disable' : 'user.enable',
      target: user.name,
    });
    console.log(disabled ? `已停用用户 ${user.name}，其已登录的会话均已退出。` : `已启用用户 ${user.name}。`);
    return 0;
  });
}

export const disable = (options: UserOptions, name: string) => setDisabled(options, name, true);
export const enable = (options: UserOptions, name: string) => setDisabled(options, name, false);
