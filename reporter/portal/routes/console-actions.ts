import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIsoDate, periodLabel } from '../../../core/calendar/index.js';
import { runAssessment } from '../../assess/index.js';
import { officeStamp, officeToday } from '../../collect/deadline.js';
import { writeCircular } from '../../commands/circular.js';
import { issueInWorkspace } from '../../commands/issue.js';
import { collectInbox } from '../../collect/run.js';
import { UserError } from '../../user-error.js';
import { parseOfficeTime } from '../../../core/calendar/office-time.js';
import { planTimeZone } from '../../../core/schedule/model.js';
import { EXCEPTION_KIND_LABELS, exceptionLine, parseExceptionKind } from '../../../core/exceptions/model.js';
import { refreshPeriodReports } from '../../collect/period-reports.js';
import { grantException, removeException } from '../../exceptions/service.js';
import { exceptionById } from '../../exceptions/store.js';
import { issuedPeriodsOfYear } from '../board.js';
import { confirmedOrAsk } from '../confirm.js';
import type { PortalContext } from '../context.js';
import { assessmentReportOf, circularOf, type RegisteredDocument } from '../documents.js';
import {
  DOCUMENT_KIND_LABELS,
  documentById,
  listDocuments,
  markIssued,
  nextNumber,
} from '../../documents/register.js';
import { yearParam } from '../http.js';
import { periodPlan, yearChoices, yearPlan } from '../plans.js';
import type { JobControl } from '../jobs.js';
import { filesOf } from '../uploads.js';
import { documentNumber } from '../../render/format.js';
import type { Plan } from '../../../core/plan/model.js';
import { consolePage } from './console.js';

type Body = Record<string, string | undefined>;

/**
 * The console's actions: each a POST with a CSRF token, for 经办 and 管理员, confirmed first, run
 * as a job through the same services the CLI commands call, and written to the audit log.
 */
export async function registerActions(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  const actor = (request: FastifyRequest) => request.officeSession!.user.name;

  /** Starts a job, audits it, and sends the browser to its page (or says another job runs). */
  const start = (
    request: FastifyRequest,
    title: string,
    action: string,
    target: string,
    back: string,
    work: (control: JobControl) => Promise<void>,
  ) => {
    const job = ctx.jobs.start(title, actor(request), back, work);
    if (!job) return undefined;
    ctx.audit({ actor: actor(request), action, target, address: request.ip });
    return `${ctx.base}/console/jobs/${job.id}`;
  };
  const busy = (request: FastifyRequest, reply: Parameters<typeof consolePage>[2]) =>
    consolePage(ctx, request, reply.code(409), 'error', '请稍候', '', {
      heading: '另一项操作正在进行',
      message: `“${ctx.jobs.busy?.title ?? ''}”尚未完成，请等它结束后再试。`,
      back: `${ctx.base}/console/jobs/${ctx.jobs.busy?.id ?? ''}`,
    });

  app.post<{ Params: { period: string }; Body: Body }>(
    '/period/:period/issue',
    { config: { need: 'act' } },
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      if (!found) return reply.callNotFound();
      const { period, plan } = found;
      const force = request.body?.force === '1';
      if (
        !confirmedOrAsk(
          ctx,
          request,
          reply,
          `确定下发${periodLabel(period)}的填报表？${force ? '已下发的文件将移入“已替换”子目录。' : ''}`,
        )
      )
        return reply;
      const to = start(
        request,
        `下发${periodLabel(period)}填报表`,
        'issue',
        period,
        `${ctx.base}/console/period/${period}`,
        async (job) => {
          const result = await issueInWorkspace({
            workspace: ctx.ws,
            plan,
            period,
            force,
            baseUrl: ctx.baseUrl,
            now: ctx.now(),
          });
          job.log(
            `已下发 ${result.files.length} 份填报表（${result.files.filter((f) => f.prefilled).length} 份按上期预填）。`,
          );
          job.log(
            ctx.baseUrl
              ? '每份填报表已写入本单位的专用报送地址。'
              : '门户未设置对外网址：填报表中没有网上报送地址。',
          );
          if (result.movedAside) job.log(`原有文件已移入 ${path.relative(ctx.ws.root, result.movedAside)}`);
          job.link('查看报送情况', `${ctx.base}/console/period/${period}`);
        },
      );
      return to ? reply.code(303).redirect(to) : busy(request, reply);
    },
  );

  app.post<{ Params: { period: string }; Body: Body }>(
    '/period/:period/collect',
    { config: { need: 'act' } },
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      if (!found) return reply.callNotFound();
      const { period, plan } = found;
      if (!confirmedOrAsk(ctx, request, reply, `确定收取收件箱中${periodLabel(period)}的文件？`))
        return reply;
      const to = start(
        request,
        `收取${periodLabel(period)}收件箱`,
        'collect',
        period,
        `${ctx.base}/console/period/${period}`,
        async (job) => {
          // The same batch as `creditwork collect --period`, on the portal's intake threads.
          const result = await collectInbox({
            workspace: ctx.ws,
            plan,
            period,
            now: ctx.now,
            pool: ctx.pool,
          });
          const count = (o: string) => result.files.filter((f) => f.outcome === o).length;
          job.log(
            `共 ${result.files.length} 个文件：已接收 ${count('accepted')}，未通过 ${count('refused')}，重复 ${count('duplicate')}` +
              (count('failed') ? `，处理失败 ${count('failed')}` : ''),
          );
          for (const f of result.files.filter((x) => x.outcome === 'refused' || x.outcome === 'failed')) {
            job.log(`  ✗ ${f.findings[0]?.message ?? f.file}`);
          }
          if (result.elsewhere.length)
            job.log(`另有 ${result.elsewhere.length} 个其他期间的文件留在收件箱，请在对应期间收取。`);
          if (result.stopped) job.log(`已停止：${result.stopped.message}`);
          job.link('查看报送情况', `${ctx.base}/console/period/${period}`);
        },
      );
      return to ? reply.code(303).redirect(to) : busy(request, reply);
    },
  );

  // Exceptions are quick: granted at once through the same service as `creditwork exception`, and
  // the period's 汇总表 and receipts rewritten as the CLI does.
  app.post<{ Params: { period: string }; Body: Body }>(
    '/period/:period/exceptions',
    { config: { need: 'act' } },
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      if (!found) return reply.callNotFound();
      const { period, plan } = found;
      const body = request.body ?? {};
      const kind = parseExceptionKind(String(body.kind ?? ''));
      if (!kind) throw new UserError('请选择例外的类型：延期、免报或纸质报送。');
      const unit = plan.units.find((u) => u.code === body.unit);
      const question = `确定为${unit?.name ?? body.unit ?? ''}登记${periodLabel(period)}${EXCEPTION_KIND_LABELS[kind]}？`;
      if (!confirmedOrAsk(ctx, request, reply, question)) return reply;
      let receivedAt: string | undefined;
      if (kind === 'paper') {
        receivedAt =
          parseOfficeTime(String(body.receivedAt ?? '').replace('T', ' '), planTimeZone(plan)) ?? undefined;
        if (!receivedAt) throw new UserError('纸质报送请填写收到的日期和时间。');
      }
      const granted = grantException(ctx.store, plan, {
        period,
        unit: String(body.unit ?? ''),
        kind,
        ...(kind === 'extension' ? { until: String(body.until ?? '') } : {}),
        ...(receivedAt ? { receivedAt } : {}),
        reason: String(body.reason ?? ''),
        actor: request.officeSession!.user.name,
        address: request.ip,
        now: ctx.now(),
      });
      await refreshPeriodReports(ctx.ws, plan, period, ctx.now());
      return reply
        .code(303)
        .redirect(`${ctx.base}/console/period/${period}?granted=${granted.id}#exceptions`);
    },
  );

  app.post<{ Params: { period: string; id: string }; Body: Body }>(
    '/period/:period/exceptions/:id/remove',
    { config: { need: 'act' } },
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      const existing = found ? exceptionById(ctx.store, Number(request.params.id)) : undefined;
      if (!found || !existing || existing.period !== found.period) return reply.callNotFound();
      if (!confirmedOrAsk(ctx, request, reply, `确定撤销这项例外？${exceptionLine(existing)}`)) return reply;
      removeException(ctx.store, {
        id: existing.id,
        actor: request.officeSession!.user.name,
        reason: String(request.body?.reason ?? ''),
        address: request.ip,
        now: ctx.now(),
      });
      await refreshPeriodReports(ctx.ws, found.plan, found.period, ctx.now());
      return reply.code(303).redirect(`${ctx.base}/console/period/${found.period}#exceptions`);
    },
  );

  app.post<{ Params: { period: string }; Body: Body }>(
    '/period/:period/circular',
    { config: { need: 'act' } },
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      if (!found) return reply.callNotFound();
      const { period, plan } = found;
      const date = request.body?.date || officeToday(ctx.now(), planTimeZone(plan));
      const number = sequenceNumber(request.body?.number);
      const force = request.body?.force === 'on';
      if (!isIsoDate(date)) throw new UserError(`成文日期“${date}”无效，请选择日期。`);
      if (
        !confirmedOrAsk(ctx, request, reply, `确定生成${periodLabel(period)}月度通报（成文日期 ${date}）？`)
      )
        return reply;
      const to = start(
        request,
        `生成${periodLabel(period)}月度通报`,
        'circular',
        period,
        `${ctx.base}/console/documents`,
        async (job) => {
          const written = await writeCircular({
            workspace: ctx.ws,
            plan,
            period,
            date,
            number,
            force,
          });
          job.log(
            `已生成：${path.basename(written.file)}（依据 ${written.submissions} 个单位的已接收报送）。`,
          );
          for (const note of written.notes) job.log(`提示：${note}`);
          if (number === undefined) job.log('未填发文字号的序号：打印后手填，或填写序号后重新生成。');
          job.link('下载通报', `${ctx.base}/console/period/${period}/files/circular.docx`);
          if (written.pdf) job.link('下载 PDF', `${ctx.base}/console/period/${period}/files/circular.pdf`);
          job.link('登记为已印发', `${ctx.base}/console/documents?year=${plan.year}#register`);
        },
      );
      return to ? reply.code(303).redirect(to) : busy(request, reply);
    },
  );

  app.post<{ Params: { year: string }; Body: Body }>(
    '/year/:year/assess',
    { config: { need: 'act' } },
    async (request, reply) => {
      const year = yearParam(request.params.year);
      if (!year || !ctx.years().includes(year)) return reply.callNotFound();
      const date = request.body?.date || officeToday(ctx.now(), planTimeZone(await ctx.planFor(year)));
      const number = sequenceNumber(request.body?.number);
      if (!isIsoDate(date)) throw new UserError(`成文日期“${date}”无效，请选择日期。`);
      if (
        !confirmedOrAsk(
          ctx,
          request,
          reply,
          `确定进行${year}年度考核（成文日期 ${date}）？已保存的审核分会保留。`,
        )
      )
        return reply;
      const to = start(
        request,
        `${year}年度考核`,
        'assess',
        String(year),
        `${ctx.base}/console/documents`,
        (job) => assess(ctx, job, year, date, { number }),
      );
      return to ? reply.code(303).redirect(to) : busy(request, reply);
    },
  );

  app.post<{ Params: { year: string }; Body: Body }>(
    '/year/:year/assess/review',
    { config: { need: 'act' } },
    async (request, reply) => {
      const year = yearParam(request.params.year);
      if (!year || !ctx.years().includes(year)) return reply.callNotFound();
      const [sheet] = filesOf(request.body);
      if (!sheet) throw new UserError('请选择审核后的评分表（.xlsx）。');
      const date = request.body?.date || officeToday(ctx.now(), planTimeZone(await ctx.planFor(year)));
      if (!isIsoDate(date)) throw new UserError(`成文日期“${date}”无效，请选择日期。`);
      // Kept in the workspace under a name of ours: the upload's own name is only shown.
      const dir = path.join(ctx.ws.reports, String(year), '审核评分表');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `审核评分表-${officeStamp(ctx.now())}.xlsx`);
      await writeFile(file, sheet.bytes);
      const to = start(
        request,
        `导入${year}年度审核评分表`,
        'assess.review',
        sheet.name,
        `${ctx.base}/console/documents`,
        // The report is written again with the number it was registered under.
        (job) =>
          assess(ctx, job, year, date, {
            reviewFile: file,
            number: assessmentReportOf(ctx.ws, ctx.store, year)?.record.number ?? undefined,
          }),
      );
      return to ? reply.code(303).redirect(to) : busy(request, reply);
    },
  );

  app.get<{ Params: { id: string } }>('/jobs/:id', async (request, reply) => {
    const job = ctx.jobs.get(Number(request.params.id));
    if (!job) return reply.callNotFound();
    return consolePage(ctx, request, reply, 'job', job.title, '', {
      job,
      running: job.status === 'running',
      scripts: ['static/portal.js'],
    });
  });

  app.get<{ Querystring: { year?: string } }>('/documents', async (request, reply) => {
    const found = await yearPlan(ctx, request.query.year);
    if (!found) return reply.callNotFound();
    const { plan } = found;
    const periods = issuedPeriodsOfYear(ctx.ws, plan.year);
    const docView = (doc: RegisteredDocument | undefined) =>
      doc && {
        id: doc.record.id,
        name: doc.docx?.name,
        pdf: !!doc.pdf,
        number: doc.record.number,
        printed: documentNumberText(plan, doc.record),
        issuedAt: doc.record.issuedAt,
        issuedBy: doc.record.issuedBy,
      };
    const report = docView(assessmentReportOf(ctx.ws, ctx.store, plan.year));
    // The register lists documents by the year of their 发文字号: December's circular dated in
    // January is in the next year's list.
    const register = [plan.year, plan.year + 1].flatMap((y) => listDocuments(ctx.store, y));
    const today = officeToday(ctx.now(), planTimeZone(plan));
    return consolePage(ctx, request, reply, 'documents', '通报与考核', 'documents', {
      year: plan.year,
      years: yearChoices(ctx, plan.year),
      today,
      numberPrefix: plan.document.numberPrefix,
      // The number a document dated today would take: its 发文字号 year is today's.
      nextNumber: nextNumber(ctx.store, Number(today.slice(0, 4))),
      circulars: [...periods].reverse().map((p) => ({
        period: p,
        label: periodLabel(p),
        doc: docView(circularOf(ctx.ws, ctx.store, p)),
      })),
      report,
      register: register
        .filter((d) =>
          d.kind === 'circular' ? d.subject.startsWith(`${plan.year}-`) : d.subject === String(plan.year),
        )
        .map((d) => ({
          id: d.id,
          kind: DOCUMENT_KIND_LABELS[d.kind],
          title: d.title,
          date: d.date,
          printed: documentNumberText(plan, d),
          numbered: d.number !== null,
          issuedAt: d.issuedAt,
          issuedBy: d.issuedBy,
          href:
            d.kind === 'circular'
              ? `${ctx.base}/console/period/${d.subject}/files/circular.docx`
              : `${ctx.base}/console/year/${d.subject}/files/report.docx`,
        })),
      jobs: ctx.jobs.recent().slice(0, 8),
      scripts: ['static/portal.js'],
    });
  });

  // Draft → download → sent out: the office marks a numbered document as issued (已印发).
  app.post<{ Params: { id: string }; Body: Body }>(
    '/documents/:id/issued',
    { config: { need: 'act' } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const doc = Number.isSafeInteger(id) && id > 0 ? documentById(ctx.store, id) : undefined;
      if (!doc) return reply.callNotFound();
      const plan = await ctx.planFor(Number(doc.date.slice(0, 4))).catch(() => undefined);
      const printed = plan ? documentNumberText(plan, doc) : '';
      if (!confirmedOrAsk(ctx, request, reply, `确定将《${doc.title}》${printed}登记为已印发？`))
        return reply;
      const marked = markIssued(ctx.store, doc.id, actor(request), ctx.now().toISOString());
      ctx.audit({
        actor: actor(request),
        action: `${doc.kind}.issued`,
        target: `${marked.title} ${printed}`.trim(),
        address: request.ip,
      });
      return reply
        .code(303)
        .redirect(`${ctx.base}/console/documents?year=${doc.subject.slice(0, 4)}#register`);
    },
  );
}

/** 〔2024〕5号 as printed on the document, or what is still missing. */
function documentNumberText(plan: Plan, doc: { date: string; number: number | null }): string {
  return doc.number === null
    ? '（序号待填）'
    : documentNumber(plan.document.numberPrefix, doc.date, String(doc.number));
}

/** The sequence number of a 发文字号 typed in a form: blank is none (written in by hand). */
function sequenceNumber(typed: string | undefined): number | undefined {
  const text = typed?.trim();
  if (!text) return undefined;
  if (!/^\d{1,4}$/.test(text) || Number(text) === 0)
    throw new UserError('发文字号中的序号应为正整数，如 5。');
  return Number(text);
}

async function assess(
  ctx: PortalContext,
  job: JobControl,
  year: number,
  date: string,
  options: { reviewFile?: string; number?: number },
): Promise<void> {
  const plan = await ctx.planFor(year);
  const result = await runAssessment({
    workspace: ctx.ws,
    plan,
    store: ctx.store,
    year,
    date,
    ...options,
    now: ctx.now().toISOString(),
  });
  job.log(
    `${year}年度考核：${result.assessment.units.length} 个单位，计入 ${result.assessment.periods.length} 个月。`,
  );
  if (result.reviewsChanged) job.log(`已保存信用办审核分的 ${result.reviewsChanged} 处修改。`);
  for (const note of result.notes) job.log(`提示：${note}`);
  for (const w of result.warnings.slice(0, 20)) job.log(`提示：${w.message}`);
  job.link('下载评分表', `${ctx.base}/console/year/${year}/files/score-sheet.xlsx`);
  job.link('下载考核通报', `${ctx.base}/console/year/${year}/files/report.docx`);
  if (result.pdf) job.link('下载 PDF', `${ctx.base}/console/year/${year}/files/report.pdf`);
}
