import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { officeDateTime } from '../../../core/calendar/office-time.js';
import { chrome, resolveSession, SESSION_COOKIE, sessionCookieOptions } from '../auth/guard.js';
import { LOCK_AFTER, LOCK_MINUTES } from '../auth/users.js';
import type { PortalContext } from '../context.js';
import { safeNext } from '../http.js';

interface LoginBody {
  username?: unknown;
  password?: unknown;
  next?: unknown;
}

/** GET /login (a form), POST /login (→ /console), POST /logout. */
export async function registerLogin(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  const { base } = ctx;

  const page = (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) =>
    reply.type('text/html; charset=utf-8').send(
      ctx.views.render('login', {
        ...chrome(ctx, request, reply, '登录'),
        next: typeof extra.next === 'string' ? extra.next : undefined,
        ...extra,
      }),
    );

  app.get(`${base}/login`, async (request, reply) => {
    resolveSession(ctx, request);
    const next = safeNext((request.query as { next?: unknown }).next, base);
    if (request.officeSession) return reply.redirect(next);
    return page(request, reply, { next });
  });

  app.post<{ Body: LoginBody }>(
    `${base}/login`,
    {
      onRequest: [app.rateLimit({ max: ctx.limits.loginsPerAddress, timeWindow: 60_000 })],
      preHandler: app.csrfProtection,
    },
    async (request, reply) => {
      const name =
        typeof request.body?.username === 'string' ? request.body.username.trim().slice(0, 64) : '';
      const password = typeof request.body?.password === 'string' ? request.body.password : '';
      const next = safeNext(request.body?.next, base);
      const result = name && password ? await ctx.users.login(name, password) : undefined;
      if (result?.ok) {
        const token = ctx.sessions.create(result.user.id, request.ip);
        ctx.audit({ actor: result.user.name, action: 'login', address: request.ip });
        reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(ctx, request));
        return reply.code(303).redirect(next);
      }
      let message = '用户名或密码错误。';
      if (result?.reason === 'locked') {
        message = result.justLocked
          ? `连续 ${LOCK_AFTER} 次登录失败，账户已锁定 ${LOCK_MINUTES} 分钟（至 ${officeDateTime(result.lockedUntil!, ctx.timeZone)}）。如忘记密码，请联系管理员重设。`
          : `账户已锁定至 ${officeDateTime(result.lockedUntil!, ctx.timeZone)}，请届时再试，或联系管理员重设密码。`;
      } else if (result?.reason === 'disabled') {
        message = '账户已停用，请联系管理员。';
      }
      ctx.audit({
        actor: name || '（空）',
        action: result?.reason === 'locked' ? 'login.locked' : 'login.failed',
        detail: result?.reason ?? 'empty',
        address: request.ip,
      });
      reply.code(401);
      return page(request, reply, { message, username: name, next });
    },
  );

  app.post(
    `${base}/logout`,
    { preHandler: [async (request) => resolveSession(ctx, request), app.csrfProtection] },
    async (request, reply) => {
      const session = request.officeSession;
      if (session) {
        ctx.sessions.end(request.cookies[SESSION_COOKIE]);
        ctx.audit({ actor: session.user.name, action: 'logout', address: request.ip });
      }
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(ctx, request));
      return reply.code(303).redirect(`${base}/login`);
    },
  );
}
