import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { periodLabel } from '../../../core/calendar/index.js';
import { receipts } from '../../collect/receipts.js';
import { contactLine } from '../../issue/guide-sheet.js';
import { periodStatus } from '../../collect/period-status.js';
import type { PortalContext } from '../context.js';
import { sendNotFound } from '../errors.js';
import { periodParam, sendDownload, wantsFragment, wantsJson, XLSX_TYPE } from '../http.js';
import { unitAnswer, type Verdict } from '../../intake/service.js';
import { filesOf } from '../uploads.js';
import { findingItem, issuedWorkbookPath, unitPeriods, unitReturn, unitReturns } from '../unit-page.js';

const OUTCOME_TEXT: Record<Verdict['outcome'], string> = {
  accepted: '已接收',
  refused: '未通过',
  duplicate: '重复文件',
  failed: '未能处理',
};

const FAILED_TEXT =
  '信用办系统暂时未能处理这份文件，请稍后重新上传（文件已收到、未丢失，这不是本单位的错误）。';

/** A verdict as the unit page shows it (the same partial for the page and the script). */
function verdictView(v: Verdict) {
  const errors = v.findings.filter((f) => f.level === 'error').map(findingItem);
  const warnings = v.findings.filter((f) => f.level !== 'error').map(findingItem);
  const duplicateOf = v.outcome === 'duplicate' ? v.recorded : undefined;
  return {
    file: v.file,
    outcome: v.outcome,
    kind:
      v.outcome === 'duplicate'
        ? 'duplicate'
        : v.outcome === 'accepted'
          ? 'accepted'
          : v.outcome === 'failed'
            ? 'failed'
            : 'refused',
    heading:
      v.outcome === 'accepted'
        ? `${OUTCOME_TEXT.accepted}：${v.period ? periodLabel(v.period) : ''}填报表（第 ${v.version} 版）`
        : v.outcome === 'refused'
          ? `${OUTCOME_TEXT.refused}：发现 ${errors.length} 个错误，请修改后重新上传`
          : v.outcome === 'duplicate'
            ? `这份文件已经收到过${duplicateOf === 'accepted' ? '，已接收' : duplicateOf === 'refused' ? '，上次未通过' : ''}`
            : FAILED_TEXT,
    // A failure of ours is told in the unit's words above; its cause goes to the log, not to them.
    errors: v.outcome === 'failed' ? [] : errors,
    warnings,
    message: undefined as string | undefined,
  };
}

/**
 * The units' side: `/u/<secret>` is a unit's page for one year. A secret that is malformed,
 * unknown or rotated gets exactly the 404 any unknown address gets. Everything below reads and
 * writes only the link's own unit.
 */
export async function registerUnit(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest<{ Params: { secret?: string } }>, reply) => {
        const link = ctx.links.find(String(request.params.secret ?? ''));
        if (!link) return sendNotFound(ctx, request, reply);
        request.unitLink = link;
      });

      const unitOf = async (request: FastifyRequest) => {
        const link = request.unitLink!;
        // A link of a year without a plan (or of a unit no longer in it) shows nothing.
        if (!ctx.years().includes(link.year)) return undefined;
        const plan = await ctx.planFor(link.year);
        const unit = plan.units.find((u) => u.code === link.unit);
        return unit ? { plan, unit, link } : undefined;
      };
      const here = (request: FastifyRequest) => `${ctx.base}/u/${request.unitLink!.secret}`;

      const page = async (
        request: FastifyRequest,
        reply: FastifyReply,
        extra: { verdicts?: ReturnType<typeof verdictView>[]; status?: number } = {},
      ) => {
        const found = await unitOf(request);
        if (!found) return sendNotFound(ctx, request, reply);
        const { plan, unit } = found;
        const periods = unitPeriods(ctx.ws, plan, ctx.store, unit.code, ctx.now());
        if (extra.status) reply.code(extra.status);
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .send(
            ctx.views.render('unit', {
              base: ctx.base,
              title: `${unit.name} · 报送`,
              unitPage: true,
              unit: { name: unit.name, code: unit.code },
              office: plan.document.issuer || undefined,
              contact: contactLine(plan) || undefined,
              here: here(request),
              year: plan.year,
              current: periods[0],
              earlier: periods.slice(1),
              returns: unitReturns(ctx.store, unit.code, plan.year),
              verdicts: extra.verdicts,
              maxMb: Math.round(ctx.limits.uploadBytes / 1024 / 1024),
              scripts: ['static/portal.js', 'static/upload.js'],
            }),
          );
      };

      scope.get('/', async (request, reply) => page(request, reply));

      // The WPS add-in installed offline runs from local files (Origin: null) and posts here across
      // origins. The secret address is the only credential (no cookies are sent or read), so any
      // origin may read the answer — every answer, the 404/413/429 included, or the pane would see
      // a network error instead of the reason.
      scope.addHook('onSend', async (request, reply) => {
        if (request.routeOptions.url?.endsWith('/returns') && request.headers.origin)
          reply.header('access-control-allow-origin', '*');
      });
      scope.options('/returns', async (_request, reply) =>
        reply
          .code(204)
          .header('access-control-allow-methods', 'POST')
          .header('access-control-allow-headers', 'accept, content-type, x-requested-with')
          .header('access-control-max-age', '600')
          .send(),
      );

      scope.post(
        '/returns',
        {
          onRequest: [
            scope.rateLimit({
              max: ctx.limits.uploadsPerLink,
              timeWindow: 60_000,
              keyGenerator: (request) => `link:${request.unitLink?.secret ?? ''}`,
              allowList: (request) => ctx.rehearsal.is(request),
            }),
            scope.rateLimit({
              max: ctx.limits.uploadsPerAddress,
              timeWindow: 60_000,
              keyGenerator: (request) => `upload:${request.ip}`,
              allowList: (request) => ctx.rehearsal.is(request),
            }),
          ],
        },
        async (request, reply) => {
          const found = await unitOf(request);
          if (!found) return sendNotFound(ctx, request, reply);
          const files = filesOf(request.body);
          const json = wantsJson(request);
          if (!files.length) {
            const message = '没有收到文件：请选择本单位的填报表（.xlsx）后再上传。';
            if (json) return reply.code(400).send({ outcome: 'failed', message });
            return page(request, reply, {
              status: 400,
              verdicts: [
                {
                  file: '',
                  outcome: 'failed',
                  kind: 'failed',
                  heading: message,
                  errors: [],
                  warnings: [],
                  message: undefined,
                },
              ],
            });
          }
          // The pane asks for JSON (issue 14's contract); the page's own form and script ask for
          // HTML. Received time is the moment the upload arrived, in the office's time zone when shown.
          const source = json ? 'pane' : 'upload';
          const at = ctx.now().toISOString();
          const verdicts: Verdict[] = [];
          for (const file of files) {
            verdicts.push(
              await ctx.intake.submit({
                bytes: file.bytes,
                name: file.name,
                received: { at, source },
                unit: found.unit.code,
                rehearsal: ctx.rehearsal.is(request),
              }),
            );
          }
          const failed = verdicts.some((v) => v.outcome === 'failed');
          for (const v of verdicts.filter((x) => x.outcome === 'failed'))
            request.log.error({ file: v.file, sha256: v.sha256, failure: v.failure }, 'upload not judged');
          if (json) {
            const answers = verdicts.map((v) =>
              v.outcome === 'failed'
                ? { outcome: v.outcome, unit: v.unit, period: v.period, findings: [], message: FAILED_TEXT }
                : unitAnswer(v),
            );
            return reply
              .code(failed ? 500 : 200)
              .send(answers.length === 1 ? answers[0] : { results: answers });
          }
          const views = verdicts.map(verdictView);
          if (wantsFragment(request)) {
            return reply
              .code(failed ? 500 : 200)
              .type('text/html; charset=utf-8')
              .send(views.map((v) => ctx.views.fragment('verdict', v)).join(''));
          }
          return page(request, reply, { verdicts: views, status: failed ? 500 : 200 });
        },
      );

      scope.get<{ Params: { id: string } }>('/returns/:id', async (request, reply) => {
        const found = await unitOf(request);
        const id = Number(request.params.id);
        const record =
          found && Number.isSafeInteger(id) ? unitReturn(ctx.store, found.unit.code, id) : undefined;
        if (!found || !record || Number(record.period.slice(0, 4)) !== found.plan.year)
          return sendNotFound(ctx, request, reply);
        return reply.type('text/html; charset=utf-8').send(
          ctx.views.render('unit-return', {
            base: ctx.base,
            title: `${found.unit.name} · 回执`,
            unitPage: true,
            unit: { name: found.unit.name, code: found.unit.code },
            here: here(request),
            record,
            errors: record.findings.filter((f) => f.level === 'error').map(findingItem),
            warnings: record.findings.filter((f) => f.level !== 'error').map(findingItem),
          }),
        );
      });

      scope.get<{ Params: { period: string } }>('/workbook/:period', async (request, reply) => {
        const found = await unitOf(request);
        const period = periodParam(request.params.period);
        const file =
          found && period && Number(period.slice(0, 4)) === found.plan.year
            ? issuedWorkbookPath(ctx.ws, found.plan, found.unit.code, period)
            : undefined;
        if (!file) return sendNotFound(ctx, request, reply);
        return sendDownload(reply, file.split(/[\\/]/).pop()!, XLSX_TYPE, await readFile(file));
      });

      scope.get<{ Params: { period: string } }>('/receipt/:period', async (request, reply) => {
        const found = await unitOf(request);
        const period = periodParam(request.params.period);
        if (!found || !period || Number(period.slice(0, 4)) !== found.plan.year)
          return sendNotFound(ctx, request, reply);
        const status = periodStatus(found.plan, ctx.store, period, ctx.now());
        const own = status.units.find((u) => u.code === found.unit.code);
        if (!own?.latest) return sendNotFound(ctx, request, reply);
        // Only this unit's receipt is made: the other units' rows never leave the status.
        const receipt = receipts(found.plan, { ...status, units: [own], unidentified: [] })[0];
        return sendDownload(reply, receipt.name, XLSX_TYPE, receipt.bytes);
      });
    },
    { prefix: `${ctx.base}/u/:secret` },
  );
}
