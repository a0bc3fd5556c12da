import type { FastifyInstance } from 'fastify';
import { unitsToIssue } from '../../../core/contract/unit-rows.js';
import { confirmedOrAsk } from '../confirm.js';
import type { PortalContext } from '../context.js';
import { yearChoices, yearPlan } from '../plans.js';
import { unitUrl } from '../unit-links.js';
import { consolePage } from './console.js';

/** /console/links: every unit's private address for the plan's year, to copy or replace. */
export async function registerLinks(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  app.get<{ Querystring: { year?: string } }>(
    '/links',
    { config: { need: 'act' } },
    async (request, reply) => {
      const found = await yearPlan(ctx, request.query.year);
      if (!found) return reply.callNotFound();
      const { plan } = found;
      const codes = unitsToIssue(plan);
      const links = ctx.links.ensure(plan.year, codes, ctx.now());
      const names = new Map(plan.units.map((u) => [u.code, u.name]));
      return consolePage(ctx, request, reply, 'links', '报送地址', 'links', {
        year: plan.year,
        years: yearChoices(ctx, plan.year),
        baseUrl: ctx.baseUrl,
        rows: links.map((link) => ({
          code: link.unit,
          name: names.get(link.unit),
          url: ctx.baseUrl ? unitUrl(ctx.baseUrl, link.secret) : undefined,
          path: `${ctx.base}/u/${link.secret}`,
          createdAt: link.createdAt,
        })),
        scripts: ['static/portal.js'],
      });
    },
  );

  app.post<{ Params: { year: string; code: string } }>(
    '/links/:year/:code/rotate',
    { config: { need: 'act' } },
    async (request, reply) => {
      const found = await yearPlan(ctx, request.params.year);
      if (!found) return reply.callNotFound();
      const { plan } = found;
      const unit = plan.units.find((u) => u.code === request.params.code);
      if (!unit || !unitsToIssue(plan).includes(unit.code)) return reply.callNotFound();
      if (
        !confirmedOrAsk(
          ctx,
          request,
          reply,
          `确定更换${unit.name}的报送地址？旧地址将立即失效，已下发给该单位的填报表中的“提交”将无法使用，需重新下发。`,
        )
      )
        return reply;
      ctx.links.rotate(plan.year, unit.code, ctx.now());
      ctx.audit({
        actor: request.officeSession!.user.name,
        action: 'links.rotate',
        target: `${unit.code} ${unit.name}`,
        detail: `${plan.year}年`,
        address: request.ip,
      });
      return reply.code(303).redirect(`${ctx.base}/console/links?year=${plan.year}#${unit.code}`);
    },
  );
}
