import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PortalContext } from './context.js';
import { consolePage } from './routes/console.js';

/**
 * Every console action asks before it acts. With script, the button's form asks (portal.js) and
 * posts `confirmed=1`; without, the server answers a first post with a page that asks, carrying the
 * form's fields into a second post.
 */
export function confirmedOrAsk(
  ctx: PortalContext,
  request: FastifyRequest,
  reply: FastifyReply,
  question: string,
): boolean {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (body.confirmed === '1') return true;
  const fields = Object.entries(body)
    .filter(([key, value]) => key !== '_csrf' && key !== 'confirmed' && typeof value === 'string')
    .map(([name, value]) => ({ name, value }));
  void consolePage(ctx, request, reply, 'confirm', '请确认', '', {
    question,
    action: request.raw.url,
    fields,
  });
  return false;
}
