import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PortalContext } from '../context.js';
import { wantsJson } from '../http.js';
import { canAct, ROLE_LABELS, type Role } from './users.js';

/** Console access: a live session, and for actions a role that may act. */

export const SESSION_COOKIE = 'cw_session';

export function sessionCookieOptions(ctx: PortalContext, request: FastifyRequest) {
  return {
    path: ctx.base || '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
  };
}

/** Finds the request's session (if any) and remembers it on the request. */
export function resolveSession(ctx: PortalContext, request: FastifyRequest): void {
  request.officeSession = ctx.sessions.find(request.cookies[SESSION_COOKIE]);
}

/** The chrome every console page shows: user, role, CSRF token. */
export function chrome(
  ctx: PortalContext,
  request: FastifyRequest,
  reply: FastifyReply,
  title: string,
  nav?: string,
) {
  const user = request.officeSession?.user;
  return {
    base: ctx.base,
    title,
    nav,
    office: ctx.officeName,
    csrf: reply.generateCsrf({ userInfo: request.officeSession?.id ?? 'anonymous' } as never),
    ...(user
      ? {
          user: {
            name: user.name,
            roleLabel: ROLE_LABELS[user.role],
            isAdmin: user.role === 'admin',
            canAct: canAct(user.role),
          },
        }
      : {}),
  };
}

export type Need = 'look' | 'act' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a console route needs of the user's role (default: look). */
    need?: Need;
  }
}

const allowed = (role: Role, need: Need) =>
  need === 'look' ? true : need === 'act' ? canAct(role) : role === 'admin';

/**
 * onRequest hook of the console: no session → the login page (or 401 for scripts). Nothing of the
 * data is read before this passes.
 */
export function requireSession(ctx: PortalContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    resolveSession(ctx, request);
    if (request.officeSession) return;
    if (request.method === 'GET' && !wantsJson(request)) {
      const next = encodeURIComponent(request.raw.url ?? `${ctx.base}/console`);
      return reply.redirect(`${ctx.base}/login?next=${next}`);
    }
    return reply
      .code(401)
      .send({ outcome: 'failed', error: '请先登录', message: '登录已失效，请重新登录。' });
  };
}

/** preHandler of the console: a role that may not do what the route does gets 403 (and a log line). */
export function requireRole(ctx: PortalContext) {
  return async (request: FastifyRequest) => {
    const session = request.officeSession!;
    const need = request.routeOptions.config.need ?? 'look';
    if (allowed(session.user.role, need)) return;
    ctx.audit({
      actor: session.user.name,
      action: 'denied',
      target: `${request.method} ${request.routeOptions.url ?? ''}`,
      address: request.ip,
    });
    throw Object.assign(new Error('forbidden'), { statusCode: 403 });
  };
}
