import type { FastifyInstance } from 'fastify';
import { planTimeZone } from '../../../core/schedule/model.js';
import { periodLabel } from '../../../core/calendar/index.js';
import { currentPeriod, issuedPeriodsOfYear } from '../board.js';
import { dualPublicity, indicatorsByMonth, onTimeByMonth, returnsTimeline, yearData } from '../charts.js';
import type { PortalContext } from '../context.js';
import { periodPlan } from '../plans.js';
import { consolePage } from './console.js';

/** /console/charts: the page (ECharts served locally) and its data as JSON. */
export async function registerCharts(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  /** The period asked for (its year's plan), else the current period of the default year. */
  const periodsFor = async (wanted: unknown) => {
    const asked = await periodPlan(ctx, wanted);
    const plan = asked?.plan ?? (await ctx.planFor(ctx.defaultYear()));
    const issued = issuedPeriodsOfYear(ctx.ws, plan.year);
    const period = asked && issued.includes(asked.period) ? asked.period : currentPeriod(ctx.ws, plan);
    return { plan, issued, period };
  };

  app.get<{ Querystring: { period?: string } }>('/charts', async (request, reply) => {
    const { plan, issued, period } = await periodsFor(request.query.period);
    return consolePage(ctx, request, reply, 'charts', '图表', 'charts', {
      year: plan.year,
      years: ctx.years().map((y) => ({ value: `${y}-12`, label: `${y}年`, current: y === plan.year })),
      period,
      periodLabel: periodLabel(period),
      periods: issued.map((p) => ({ value: p, label: periodLabel(p), current: p === period })),
      indicators: plan.indicators.map((i) => ({ code: i.code, name: `${i.code} ${i.name}` })),
      dualUnits: plan.units.filter((u) => u.dualPublicity).map((u) => ({ code: u.code, name: u.name })),
      dataUrl: `${ctx.base}/console/charts/data?period=${period}`,
      scripts: ['static/portal.js', 'vendor/echarts/echarts.min.js', 'static/charts.js'],
    });
  });

  app.get<{ Querystring: { period?: string } }>('/charts/data', async (request, reply) => {
    const { plan, issued, period } = await periodsFor(request.query.period);
    const data = yearData(plan, ctx.store, issued, ctx.now());
    reply.header('cache-control', 'private, no-store');
    const board = data.boards.get(period);
    return {
      year: plan.year,
      period,
      timeline: board ? returnsTimeline(ctx.store, board, planTimeZone(plan)) : null,
      onTime: onTimeByMonth(data),
      dualPublicity: dualPublicity(data, period),
      indicators: indicatorsByMonth(data),
    };
  });
}
