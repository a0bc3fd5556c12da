import { unzipSync } from 'fflate';
import { zipFiles } from '../zip-write.js';
import { withWebExtension } from './web-extension.js';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unitsToIssue } from '../../core/contract/index.js';
import { normalizePeriod, periodLabel } from '../../core/calendar/index.js';
import { UNIT_KIND_LABELS, type Plan } from '../../core/plan/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { officeStamp } from '../collect/deadline.js';
import { requirePeriodInPlan } from '../options.js';
import { UserError } from '../user-error.js';
import { buildUnitWorkbook, unitFileName } from './build-workbook.js';
import { chineseDate, returnDeadline } from './deadline.js';
import { FONT_NAME, HEADER_FILL } from './styles.js';

export interface IssueOptions {
  plan: Plan;
  period: string;
  /** The workspace's outbox; files go to `<outbox>/<period>/`. */
  outbox: string;
  /** Replace an earlier issue of the period; the earlier files are moved aside, never deleted. */
  force?: boolean;
  /** The unit's last accepted submission, for pre-fill (the store's lookup, wired by the caller). */
  previous?: (unitCode: string) => SubmissionContent | undefined;
  now?: Date;
  /** Only these units (default: every unit with a task or an indicator). */
  units?: string[];
  /** The workspace secret: every workbook's metadata is signed with it. */
  secret?: string;
  /** Each unit's portal address (see reporter/portal/unit-links.ts), when the office runs the portal. */
  portalUrl?: (unitCode: string) => string | undefined;
}

export interface IssuedFile {
  unitCode: string;
  unitName: string;
  file: string;
  path: string;
  tasks: number;
  indicators: number;
  prefilled: boolean;
  portalUrl?: string;
}

export interface IssueResult {
  period: string;
  dir: string;
  deadline: string;
  files: IssuedFile[];
  index: string;
  /** Where an earlier issue was moved by --force. */
  movedAside?: string;
}

export const indexFileName = (period: string): string => `下发清单-${period}.xlsx`;

export async function issuePeriod(options: IssueOptions): Promise<IssueResult> {
  const period = normalizePeriod(options.period);
  const { plan } = options;
  requirePeriodInPlan(plan, period);
  const deadline = returnDeadline(plan, period);
  const dir = path.join(options.outbox, period);
  const movedAside = await clearEarlierIssue(dir, period, options.force === true, options.now ?? new Date());
  await mkdir(dir, { recursive: true });

  const issuedAt = (options.now ?? new Date()).toISOString();
  const codes = options.units ?? unitsToIssue(plan);
  const files: IssuedFile[] = [];
  for (const code of codes) {
    const unit = plan.units.find((u) => u.code === code);
    if (!unit) throw new UserError(`plans/${plan.year}.xlsx 中没有单位代码 ${code}。`);
    const file = unitFileName(unit.code, unit.name);
    const previous = options.previous?.(code);
    const portalUrl = options.portalUrl?.(code);
    const { workbook, rows } = await buildUnitWorkbook({
      plan,
      unitCode: code,
      period,
      deadline,
      issuedAt,
      fileName: file,
      previous,
      secret: options.secret,
      portalUrl,
    });
    const target = path.join(dir, file);
    await writeAtomically(target, await stampedBytes(workbook, new Date(issuedAt), withWebExtension));
    files.push({
      unitCode: unit.code,
      unitName: unit.name,
      file,
      path: target,
      tasks: rows.tasks.length,
      indicators: rows.indicators.length,
      prefilled: previous !== undefined,
      ...(portalUrl ? { portalUrl } : {}),
    });
  }
  const index = path.join(dir, indexFileName(period));
  await writeAtomically(index, await indexWorkbook(plan, period, deadline, files, new Date(issuedAt)));
  return { period, dir, deadline, files, index, ...(movedAside ? { movedAside } : {}) };
}

/**
 * Refuse to overwrite an earlier issue unless forced; when forced, move it into a dated subfolder
 * so a workbook already mailed out can still be found.
 */
async function clearEarlierIssue(
  dir: string,
  period: string,
  force: boolean,
  now: Date,
): Promise<string | undefined> {
  if (!existsSync(dir)) return undefined;
  const earlier = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.xlsx'));
  if (earlier.length === 0) return undefined;
  if (!force) {
    throw new UserError(
      `${periodLabel(period)}的填报表已下发过（${dir} 中已有 ${earlier.length} 个文件）。` +
        `如确需重新下发，请加 --force：原有文件将移入该目录下的“已替换-时间”子目录保留，不会删除。`,
    );
  }
  const aside = path.join(dir, `已替换-${officeStamp(now)}`);
  await mkdir(aside, { recursive: true });
  for (const f of earlier) await rename(path.join(dir, f), path.join(aside, f));
  return aside;
}

async function writeAtomically(target: string, data: Buffer): Promise<void> {
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, target);
}

async function indexWorkbook(
  plan: Plan,
  period: string,
  deadline: string,
  files: IssuedFile[],
  issuedAt: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = issuedAt;
  const ws = wb.addWorksheet('下发清单', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells(`A1:${files.some((f) => f.portalUrl) ? 'I' : 'H'}1`);
  ws.getCell('A1').value = `${periodLabel(period)}填报表下发清单（报送截止：${chineseDate(deadline, true)}）`;
  ws.getCell('A1').font = { name: FONT_NAME, size: 14, bold: true };
  const headers = [
    '单位代码',
    '单位名称',
    '单位类别',
    '文件名',
    '重点任务数',
    '监测指标数',
    '报送截止日期',
    '是否预填',
  ];
  const withLinks = files.some((f) => f.portalUrl);
  if (withLinks) headers.push('网上报送地址（各单位专用，请勿外传）');
  ws.columns = [10, 28, 12, 40, 11, 11, 14, 10, ...(withLinks ? [70] : [])].map((width) => ({ width }));
  const head = ws.getRow(2);
  head.values = headers;
  head.eachCell((c) => {
    c.font = { name: FONT_NAME, bold: true };
    c.fill = HEADER_FILL;
  });
  for (const f of files) {
    const kind = plan.units.find((u) => u.code === f.unitCode)?.kind;
    ws.addRow([
      f.unitCode,
      f.unitName,
      kind ? UNIT_KIND_LABELS[kind] : '',
      f.file,
      f.tasks,
      f.indicators,
      deadline,
      f.prefilled ? '是' : '否',
      ...(withLinks ? [f.portalUrl ?? ''] : []),
    ]);
  }
  ws.autoFilter = { from: 'A2', to: `${withLinks ? 'I' : 'H'}${files.length + 2}` };
  return stampedBytes(wb, issuedAt);
}

/** The workbook's bytes with every zip entry dated at issue: the same issue gives the same files. */
async function stampedBytes(
  workbook: ExcelJS.Workbook,
  at: Date,
  parts: (files: Record<string, Uint8Array>) => Record<string, Uint8Array> = (files) => files,
): Promise<Buffer> {
  const written = new Uint8Array(await workbook.xlsx.writeBuffer());
  return Buffer.from(zipFiles(parts(unzipSync(written)), at));
}
