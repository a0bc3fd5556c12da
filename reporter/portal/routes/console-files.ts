import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { unitFileName } from '../../issue/build-workbook.js';
import { masterWorkbook } from '../../collect/master.js';
import { periodStatus } from '../../collect/period-status.js';
import { receipts } from '../../collect/receipts.js';
import { SCORE_SHEET_FILE } from '../../assess/sheet-layout.js';
import { zipFiles } from '../../zip-write.js';
import type { PortalContext } from '../context.js';
import { assessmentReportOf, circularOf, scoreSheetOf } from '../documents.js';
import { DOCX_TYPE, sendDownload, XLSX_TYPE, yearParam } from '../http.js';
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

  app.get<{ Params: { period: string } }>('/period/:period/files/circular.docx', async (request, reply) => {
    const period = (await periodPlan(ctx, request.params.period))?.period;
    const found = period ? circularOf(ctx.ws, period) : undefined;
    if (!found) return reply.callNotFound();
    return sendDownload(reply, found.name, DOCX_TYPE, await readFile(found.path));
  });

  app.get<{ Params: { year: string; file: string } }>('/year/:year/files/:file', async (request, reply) => {
    const year = yearParam(request.params.year);
    if (!year || !ctx.years().includes(year)) return reply.callNotFound();
    const found =
      request.params.file === 'score-sheet.xlsx'
        ? scoreSheetOf(ctx.ws, year, SCORE_SHEET_FILE)
        : request.params.file === 'report.docx'
          ? assessmentReportOf(ctx.ws, year)
          : undefined;
    if (!found) return reply.callNotFound();
    const type = found.name.endsWith('.docx') ? DOCX_TYPE : XLSX_TYPE;
    return sendDownload(reply, found.name, type, await readFile(found.path));
  });

  app.get<{ Params: { id: string } }>('/returns/:id/original', async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return reply.callNotFound();
    const row = ctx.store.db
      .prepare(
        'SELECT r.file, f.archive_path FROM returns r JOIN files f ON f.sha256 = r.sha256 WHERE r.id = ?',
      )
      .get(id) as { file: string; archive_path: string } | undefined;
    if (!row) return reply.callNotFound();
    // The database names the archived file; it must still lie inside archive/.
    const file = path.resolve(ctx.ws.root, row.archive_path);
    if (!file.startsWith(ctx.ws.archive + path.sep)) return reply.callNotFound();
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
