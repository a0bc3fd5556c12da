import type { FastifyInstance } from 'fastify';
import { unitsToIssue } from '../../../core/contract/unit-rows.js';
import { UNIT_KIND_LABELS } from '../../../core/plan/model.js';
import { TASK_STATUS_LABELS } from '../../../core/submission.js';
import { formatValue, targetText } from '../../circular/content.js';
import { issuedPeriodsOfYear } from '../board.js';
import { unitCharts, unitYear, yearData } from '../charts.js';
import type { PortalContext } from '../context.js';
import { yearChoices, yearPlan } from '../plans.js';
import { consolePage } from './console.js';

const OUTCOME_LABELS: Record<string, string> = {
  met: '达标',
  unmet: '未达标',
  pending: '进行中',
  missing: '未填',
};

/** /console/units: every unit's year at a glance; /console/units/:code: one unit's whole year. */
export async function registerUnits(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  app.get<{ Querystring: { year?: string } }>('/units', async (request, reply) => {
    const found = await yearPlan(ctx, request.query.year);
    if (!found) return reply.callNotFound();
    const { plan } = found;
    const periods = issuedPeriodsOfYear(ctx.ws, plan.year);
    const data = yearData(plan, ctx.store, periods, ctx.now());
    const due = new Set(unitsToIssue(plan));
    const rows = plan.units
      .filter((u) => due.has(u.code))
      .map((u) => ({
        code: u.code,
        name: u.name,
        kindLabel: UNIT_KIND_LABELS[u.kind],
        cells: periods.map((p) => {
          const row = data.boards.get(p)!.rows.find((r) => r.code === u.code);
          return { state: row?.state ?? 'missing', label: row?.stateLabel ?? '—', period: p };
        }),
        onTime: periods.filter(
          (p) => data.boards.get(p)!.rows.find((r) => r.code === u.code)?.state === 'on-time',
        ).length,
      }));
    return consolePage(ctx, request, reply, 'units', '各单位全年情况', 'units', {
      year: plan.year,
      years: yearChoices(ctx, plan.year),
      months: periods.map((p) => ({ period: p, label: `${Number(p.slice(5))}月` })),
      rows,
    });
  });

  app.get<{ Params: { code: string }; Querystring: { year?: string } }>(
    '/units/:code',
    async (request, reply) => {
      const found = await yearPlan(ctx, request.query.year);
      if (!found) return reply.callNotFound();
      const { plan } = found;
      const unit = plan.units.find((u) => u.code === request.params.code);
      if (!unit) return reply.callNotFound();
      const periods = issuedPeriodsOfYear(ctx.ws, plan.year);
      const data = yearData(plan, ctx.store, periods, ctx.now());
      const months = unitYear(data, unit.code);
      const latest = [...months].reverse().find((m) => m.row?.version);
      const tasks = plan.tasks.filter((t) => t.responsibilities.some((r) => r.unit === unit.code));
      return consolePage(ctx, request, reply, 'unit-year', `${unit.name} · ${plan.year}年`, 'units', {
        year: plan.year,
        unit: {
          code: unit.code,
          name: unit.name,
          kindLabel: UNIT_KIND_LABELS[unit.kind],
          dualPublicity: unit.dualPublicity,
        },
        officeUnit: true,
        months: months.map((m) => ({
          ...m,
          done: m.tasks?.done ?? 0,
          behind: m.tasks?.behind ?? 0,
          inProgress: m.tasks?.['in-progress'] ?? 0,
        })),
        taskCount: tasks.length,
        indicatorChoices: plan.indicators
          .filter((i) => i.reporters.includes(unit.code))
          .map((i) => ({ code: i.code, name: i.name })),
        dataUrl: `${ctx.base}/console/units/${unit.code}/data?year=${plan.year}`,
        scripts: ['static/portal.js', 'vendor/echarts/echarts.min.js', 'static/charts.js'],
        latest: latest
          ? {
              periodLabel: latest.periodLabel,
              tasks: tasks.map((t) => {
                const report =
                  latest.row &&
                  data.scores
                    .get(latest.period)!
                    .units.find((u) => u.unit.code === unit.code)
                    ?.submission?.tasks.find((r) => r.task === t.number);
                return {
                  number: t.number,
                  title: t.title,
                  status: report?.status ? TASK_STATUS_LABELS[report.status] : '未填',
                  percent: report?.percent ?? null,
                  progress: report?.progress ?? '',
                };
              }),
              indicators: latest.indicators.map((i) => ({
                code: i.indicator.code,
                name: i.indicator.name,
                value: i.value === null ? '—' : formatValue(i.indicator, i.value),
                target: targetText(i.indicator),
                outcome: i.outcome,
                outcomeLabel: OUTCOME_LABELS[i.outcome],
              })),
            }
          : undefined,
      });
    },
  );

  app.get<{ Params: { code: string }; Querystring: { year?: string } }>(
    '/units/:code/data',
    async (request, reply) => {
      const found = await yearPlan(ctx, request.query.year);
      const unit = found?.plan.units.find((u) => u.code === request.params.code);
      if (!found || !unit) return reply.callNotFound();
      const data = yearData(found.plan, ctx.store, issuedPeriodsOfYear(ctx.ws, found.plan.year), ctx.now());
      reply.header('cache-control', 'private, no-store');
      return unitCharts(data, unit.code);
    },
  );
}
