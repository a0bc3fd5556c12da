import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UserError } from '../../user-error.js';
import { listAudit } from '../audit.js';
import { ROLE_LABELS, ROLES, roleOption } from '../auth/users.js';
import { confirmedOrAsk } from '../confirm.js';
import type { PortalContext } from '../context.js';
import { consolePage } from './console.js';

/** Action codes in the audit log, in the office's words. */
export const AUDIT_LABELS: Record<string, string> = {
  login: '登录',
  'login.failed': '登录失败',
  'login.locked': '登录失败（账户锁定）',
  logout: '退出',
  denied: '无权限的操作被拒绝',
  'links.rotate': '更换报送地址',
  'user.add': '添加账户',
  'user.disable': '停用账户',
  'user.enable': '启用账户',
  'user.password': '重设密码',
  'download.original': '下载原件',
  issue: '下发填报表',
  collect: '收取收件箱',
  exception: '登记例外',
  circular: '生成通报',
  'circular.issued': '通报标记为已印发',
  assess: '年终考核',
  'assess.review': '导入审核后的评分表',
};

const PAGE = 50;

/** /console/admin (管理员): accounts and the audit log. */
export async function registerAdmin(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  // After a change the page says what was done, from a fixed set of texts (nothing from the URL is
  // shown as it came, so a crafted link cannot put words on this page).
  const DONE: Record<string, (name: string) => string> = {
    added: (name) => `已添加账户 ${name}`,
    disabled: (name) => `已停用账户 ${name}，其已登录的会话均已退出`,
    enabled: (name) => `已启用账户 ${name}`,
    self: () => '不能停用自己的账户',
  };

  const adminPage = (
    request: FastifyRequest<{ Querystring: { before?: string; done?: string; who?: string } }>,
    reply: FastifyReply,
    flash?: { kind: 'ok' | 'error'; text: string },
  ) => {
    const before = Number(request.query.before) || undefined;
    const entries = listAudit(ctx.store.db, PAGE + 1, before);
    const now = ctx.now().toISOString();
    return consolePage(ctx, request, reply, 'admin', '账户与操作日志', 'admin', {
      users: ctx.users.list().map((u) => ({
        ...u,
        roleLabel: ROLE_LABELS[u.role],
        stateLabel: u.disabledAt ? '已停用' : u.lockedUntil && u.lockedUntil > now ? '已锁定' : '正常',
        self: u.id === request.officeSession!.user.id,
      })),
      roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
      entries: entries.slice(0, PAGE).map((e) => ({ ...e, actionLabel: AUDIT_LABELS[e.action] ?? e.action })),
      older: entries.length > PAGE ? entries[PAGE - 1].id : undefined,
      flash: flash ?? doneFlash(request.query),
      scripts: ['static/portal.js'],
    });
  };
  const doneFlash = (query: { done?: string; who?: string }) => {
    const text = query.done ? DONE[query.done] : undefined;
    const who = query.who && ctx.users.byName(query.who)?.name;
    return text && (who || query.done === 'self')
      ? { kind: 'ok' as const, text: text(who ?? '') }
      : undefined;
  };
  const done = (reply: FastifyReply, what: string, who = '') =>
    reply.code(303).redirect(`${ctx.base}/console/admin?done=${what}&who=${encodeURIComponent(who)}`);

  app.get<{ Querystring: { before?: string; done?: string; who?: string } }>(
    '/admin',
    { config: { need: 'admin' } },
    async (request, reply) => adminPage(request, reply),
  );

  app.post<{ Body: { name?: string; role?: string; password?: string } }>(
    '/admin/users',
    { config: { need: 'admin' } },
    async (request, reply) => {
      const name = String(request.body?.name ?? '').trim();
      try {
        const role = roleOption(request.body?.role);
        await ctx.users.add(name, role, String(request.body?.password ?? ''));
        ctx.audit({
          actor: request.officeSession!.user.name,
          action: 'user.add',
          target: name,
          detail: ROLE_LABELS[role],
          address: request.ip,
        });
        return done(reply, 'added', name);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        reply.code(400);
        return adminPage(request as never, reply, { kind: 'error', text: error.message });
      }
    },
  );

  app.post<{ Params: { name: string; change: string } }>(
    '/admin/users/:name/:change',
    { config: { need: 'admin' } },
    async (request, reply) => {
      const { name, change } = request.params;
      const user = ctx.users.byName(name);
      if (!user || (change !== 'disable' && change !== 'enable')) return reply.callNotFound();
      if (user.id === request.officeSession!.user.id) {
        return done(reply, 'self');
      }
      const verb = change === 'disable' ? '停用' : '启用';
      if (!confirmedOrAsk(ctx, request, reply, `确定${verb}账户 ${user.name}？`)) return reply;
      ctx.users.setDisabled(user.name, change === 'disable');
      if (change === 'disable') ctx.sessions.endAllOf(user.id);
      ctx.audit({
        actor: request.officeSession!.user.name,
        action: `user.${change}`,
        target: user.name,
        address: request.ip,
      });
      return done(reply, change === 'disable' ? 'disabled' : 'enabled', user.name);
    },
  );
}
