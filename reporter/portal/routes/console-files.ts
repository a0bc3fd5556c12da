import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { unitFileName } from '../../issue/build-workbook.js';
import { masterWorkbook } from '../../collect/master.js';
import { periodStatus } from '../../collect/period-status.js';
import { receipts } from '../../collect/receipts.js';
import { SCORE_SHEET_FILE } from '../../assess/sheet-layout.js';
import { archivedFile } from '../../collect/archive.js';
import { zipFiles } from '../../zip-write.js';
import type { PortalContext } from '../context.js';
import { assessmentReportOf, circularOf, scoreSheetOf, type RegisteredDocument } from '../documents.js';
import { DOCX_TYPE, PDF_TYPE, sendDownload, XLSX_TYPE, yearParam } from '../http.js';
import { periodPlan } from '../plans.js';

/**
 * Downloads for the office: the 汇总表 and receipts made from the store at the moment of asking (so
 * they include returns uploaded a minute ago), the circular and assessment files as generated, each
 * unit's issued workbook, and every archived original. File paths come from the workspace, the
 * plan and the database, never from the request.
 */
export async function registerFiles(app: FastifyInstance, ctx: PortalContext): Promise<void> {
  app.get<{ Params: { period: string } }>('/period/:period/files/master.xlsx', async (request, reply) => {
    const found = await periodPlan(ctx, request.params.period);
    if (!found) return reply.callNotFound();
    const { period, plan } = found;
    const status = periodStatus(plan, ctx.store, period, ctx.now());
    const bytes = masterWorkbook(status.plan, status);
    return sendDownload(reply, `汇总表-${period}.xlsx`, XLSX_TYPE, bytes);
  });

  app.get<{ Params: { period: string } }>('/period/:period/files/receipts.zip', async (request, reply) => {
    const found = await periodPlan(ctx, request.params.period);
    if (!found) return reply.callNotFound();
    const { period, plan } = found;
    const status = periodStatus(plan, ctx.store, period, ctx.now());
    const list = receipts(status.plan, status);
    const zip = zipFiles(Object.fromEntries(list.map((r) => [r.name, r.bytes])), ctx.now());
    return sendDownload(reply, `回执-${period}.zip`, 'application/zip', zip);
  });

  app.get<{ Params: { period: string; code: string } }>(
    '/period/:period/files/receipt/:code.xlsx',
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      if (!found) return reply.callNotFound();
      const { period, plan } = found;
      const unit = plan.units.find((u) => u.code === request.params.code);
      const status = unit && periodStatus(plan, ctx.store, period, ctx.now());
      const receipt = status && receipts(status.plan, status).find((r) => r.name.startsWith(`${unit.code}-`));
      if (!receipt) return reply.callNotFound();
      return sendDownload(reply, receipt.name, XLSX_TYPE, receipt.bytes);
    },
  );

  app.get<{ Params: { period: string; code: string } }>(
    '/period/:period/files/workbook/:code.xlsx',
    async (request, reply) => {
      const found = await periodPlan(ctx, request.params.period);
      const unit = found?.plan.units.find((u) => u.code === request.params.code);
      if (!found || !unit) return reply.callNotFound();
      const { period } = found;
      const name = unitFileName(unit.code, unit.name);
      const bytes = await readFile(path.join(ctx.ws.outbox, period, name)).catch(() => undefined);
      if (!bytes) return reply.callNotFound();
      return sendDownload(reply, name, XLSX_TYPE, bytes);
    },
  );

  /** A registered document's .docx or its PDF, as last written (never an edited copy set aside). */
  const sendDocument = async (reply: FastifyReply, found: RegisteredDocument | undefined, ext: string) => {
    const file = ext === 'pdf' ? found?.pdf : ext === 'docx' ? found?.docx : undefined;
    if (!file) return reply.callNotFound();
    return sendDownload(reply, file.name, ext === 'pdf' ? PDF_TYPE : DOCX_TYPE, await readFile(file.path));
  };

  app.get<{ Params: { period: string; ext: string } }>(
    '/period/:period/files/circular.:ext',
    async (request, reply) => {
      const period = (await periodPlan(ctx, request.params.period))?.period;
      return sendDocument(
        reply,
        period ? circularOf(ctx.ws, ctx.store, period) : undefined,
        request.params.ext,
      );
    },
  );

  app.get<{ Params: { year: string; file: string } }>('/year/:year/files/:file', async (request, reply) => {
    const year = yearParam(request.params.year);
    if (!year || !ctx.years().includes(year)) return reply.callNotFound();
    const { file } = request.params;
    if (file === 'report.docx' || file === 'report.pdf')
      return sendDocument(reply, assessmentReportOf(ctx.ws, ctx.store, year), file.slice('report.'.length));
    const sheet = file === 'score-sheet.xlsx' ? scoreSheetOf(ctx.ws, year, SCORE_SHEET_FILE) : undefined;
    if (!sheet) return reply.callNotFound();
    return sendDownload(reply, sheet.name, XLSX_TYPE, await readFile(sheet.path));
  });

  app.get<{ Params: { id: string } }>('/returns/:id/original', async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return reply.callNotFound();
    const row = ctx.store.originalOf(id);
    const file = row && archivedFile(ctx.ws, row.archivePath);
    if (!row || !file) return reply.callNotFound();
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) return reply.callNotFound();
    ctx.audit({
      actor: request.officeSession!.user.name,
      action: 'download.original',
      target: row.file,
      address: request.ip,
    });
    // Whatever the sender called it and whatever it contains, it is offered as a download only.
    return sendDownload(reply, row.file, 'application/octet-stream', bytes);
  });
}
