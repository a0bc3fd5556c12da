import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { chrome, requireRole, requireSession } from '../auth/guard.js';
import type { PortalContext } from '../context.js';
import { registerActions } from './console-actions.js';
import { registerAdmin } from './console-admin.js';
import { registerBoard } from './console-board.js';
import { registerCharts } from './console-charts.js';
import { registerFiles } from './console-files.js';
import { registerLinks } from './console-links.js';
import { registerUnits } from './console-units.js';

/** Renders a console page with its chrome (user, CSRF token, navigation). */
export function consolePage(
  ctx: PortalContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  title: string,
  nav: string,
  data: Record<string, unknown>,
) {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .send(ctx.views.render(view, { ...chrome(ctx, request, reply, title, nav), ...data }));
}

/**
 * The office console under /console: every route needs a session (onRequest, before anything is
 * read), the route's role (preHandler), and for every POST a CSRF token bound to the session.
 */
export async function registerConsole(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', requireSession(ctx));
      scope.addHook('preHandler', requireRole(ctx));
      scope.addHook('preHandler', (request, reply, done) => {
        if (request.method === 'GET' || request.method === 'HEAD') {
          done();
          return;
        }
        scope.csrfProtection(request, reply, done);
      });
      scope.get('', async (_request, reply) => reply.redirect(`${ctx.base}/console/period`));
      await registerBoard(scope, ctx);
      await registerUnits(scope, ctx);
      await registerCharts(scope, ctx);
      await registerFiles(scope, ctx);
      await registerActions(scope, ctx);
      await registerLinks(scope, ctx);
      await registerAdmin(scope, ctx);
    },
    { prefix: `${ctx.base}/console` },
  );
}
