import type { FastifyInstance } from 'fastify';
import { chineseDate } from '../../issue/deadline.js';
import { UNIT_KIND_LABELS } from '../../../core/plan/model.js';
import {
  BOARD_STATE_LABELS,
  buildBoard,
  currentPeriod,
  issuedPeriodsOfYear,
  STATE_GROUPS,
  type Board,
} from '../board.js';
import type { PortalContext } from '../context.js';
import { wantsJson } from '../http.js';
import { periodPlan } from '../plans.js';
import { consolePage } from './console.js';
import { runPeriods } from '../../../core/plan/periods.js';

interface BoardQuery {
  /** Set after granting: the id of the exception just recorded. */
  granted?: string;
  state?: string;
  q?: string;
  kind?: string;
  p?: string;
}

/** The rows the filters keep: the page filters again in the browser as the user types. */
function filtered(board: Board, query: BoardQuery) {
  const q = String(query.q ?? '')
    .trim()
    .toLowerCase();
  return board.rows.filter(
    (r) =>
      (!query.state || r.group === query.state) &&
      (!query.kind || r.kind === query.kind) &&
      (!q || r.search.includes(q)),
  );
}

/** /console/period/:period — the board; …/board for the live table (fragment, or JSON). */
export async function registerBoard(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  app.get<{ Querystring: BoardQuery }>('/period', async (request, reply) => {
    const wanted = await periodPlan(ctx, request.query.p);
    if (wanted) return reply.redirect(`${ctx.base}/console/period/${wanted.period}`);
    const year = ctx.defaultYear();
    return reply.redirect(`${ctx.base}/console/period/${currentPeriod(ctx.ws, await ctx.planFor(year))}`);
  });

  app.get<{ Params: { period: string }; Querystring: BoardQuery }>(
    '/period/:period',
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      if (!found) return reply.callNotFound();
      const { period, plan } = found;
      const board = buildBoard(plan, ctx.store, period, ctx.now());
      const issued = issuedPeriodsOfYear(ctx.ws, plan.year);
      const state = STATE_GROUPS.includes(request.query.state as never) ? request.query.state : '';
      const filter = { state, q: String(request.query.q ?? '').slice(0, 50), kind: request.query.kind ?? '' };
      const rows = filtered(board, filter);
      const exceptions = board.rows.flatMap((r) =>
        r.exceptions.map((e) => ({ ...e, unit: `${r.code} ${r.name}` })),
      );
      const granted = exceptions.find((e) => String(e.id) === request.query.granted)?.line;
      return consolePage(ctx, request, reply, 'board', `${board.periodLabel}报送情况`, 'board', {
        board,
        rows,
        exceptions,
        granted,
        period,
        year: plan.year,
        filter,
        issued: issued.includes(period),
        deadlineText: chineseDate(board.deadline, true),
        periods: runPeriods(plan).map((p) => ({
          value: p,
          label: `${Number(p.slice(5))}月`,
          current: p === period,
          issued: issued.includes(p),
        })),
        tiles: STATE_GROUPS.map((g) => ({
          group: g,
          label: BOARD_STATE_LABELS[g],
          count: board.counts[g],
          active: state === g,
        })),
        kinds: [...new Set(board.rows.map((r) => r.kind))].map((k) => ({
          value: k,
          label: UNIT_KIND_LABELS[k as keyof typeof UNIT_KIND_LABELS],
          selected: k === filter.kind,
        })),
        scripts: ['static/portal.js', 'static/board.js'],
      });
    },
  );

  app.get<{ Params: { period: string }; Querystring: BoardQuery }>(
    '/period/:period/board',
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      if (!found) return reply.callNotFound();
      const { period, plan } = found;
      const board = buildBoard(plan, ctx.store, period, ctx.now());
      const etag = `"${board.version}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      if (wantsJson(request)) {
        return {
          period,
          deadline: board.deadline,
          counts: board.counts,
          units: board.rows,
          version: board.version,
        };
      }
      return reply.type('text/html; charset=utf-8').send(
        ctx.views.fragment('board-table', {
          base: ctx.base,
          rows: filtered(board, request.query),
          period,
          year: plan.year,
          counts: board.counts,
        }),
      );
    },
  );
}
