import { unzipSync } from 'fflate';
import { zipFiles } from '../zip-write.js';
import { withWebExtension } from './web-extension.js';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unitsToIssue } from '../../core/contract/index.js';
import { normalizePeriod, periodLabel } from '../../core/calendar/index.js';
import { UNIT_KIND_LABELS, type Plan } from '../../core/plan/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { officeStamp } from '../collect/deadline.js';
import { writeFileAtomic } from '../write-atomic.js';
import { requirePeriodInPlan } from '../options.js';
import { UserError } from '../user-error.js';
import { buildUnitWorkbook, unitFileName } from './build-workbook.js';
import { chineseDate, returnDeadline } from './deadline.js';
import { workbookDrift } from '../../core/plan/versions.js';
import { currentIssue, planVersion, planVersionsOfYear, recordIssue } from '../plan/history.js';
import type { Store } from '../store/index.js';
import { indexFileName } from './issued.js';
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
  /**
   * Re-issue `units` in a period already issued: only their earlier workbooks are moved aside, the
   * others stay out with their units, and the index lists them all (needs `store`).
   */
  reissue?: boolean;
  /**
   * The workspace database: the plan version and every workbook issued are recorded there, so
   * returns are judged against the version that issued them. Absent for a demo's own outbox.
   */
  store?: Store;
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
  /**
   * The version the workbooks were issued and recorded under when it is not the plan's 版本号: the
   * plan changed after its version was issued and the number was not raised (see versionToIssue).
   */
  recordedVersion?: number;
}

export { indexFileName };

export async function issuePeriod(options: IssueOptions): Promise<IssueResult> {
  const period = normalizePeriod(options.period);
  const { store } = options;
  const plan = store ? versionToIssue(store, options.plan) : options.plan;
  requirePeriodInPlan(plan, period);
  const deadline = returnDeadline(plan, period);
  const dir = path.join(options.outbox, period);
  const now = options.now ?? new Date();
  if (options.reissue && !store) throw new Error('internal: re-issuing units needs the store');
  const movedAside = options.reissue
    ? await setAsideUnits(dir, period, options.units ?? [], now, store!)
    : await clearEarlierIssue(dir, period, options.force === true, now);
  await mkdir(dir, { recursive: true });

  const issuedAt = now.toISOString();
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
    await writeFileAtomic(target, await stampedBytes(workbook, new Date(issuedAt), withWebExtension));
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
  // Recorded before the index is written: the index (which marks the period issued) then never
  // names a workbook the database does not know.
  if (store)
    recordIssue(
      store,
      plan,
      period,
      issuedAt,
      files.map((f) => ({
        unit: f.unitCode,
        file: f.file,
        tasks: f.tasks,
        indicators: f.indicators,
        prefilled: f.prefilled,
        portalUrl: f.portalUrl ?? null,
      })),
    );
  const listed = options.reissue ? issuedFilesOf(store!, plan, period, dir) : files;
  const index = path.join(dir, indexFileName(period));
  await writeFileAtomic(index, await indexWorkbook(plan, period, deadline, listed, new Date(issuedAt)));
  return {
    period,
    dir,
    deadline,
    files,
    index,
    ...(movedAside ? { movedAside } : {}),
    ...(plan.version !== options.plan.version ? { recordedVersion: plan.version } : {}),
  };
}

/**
 * A version already issued is what its workbooks are judged against, so two different workbooks
 * must never claim one version. When the office changed the plan after its version was issued and
 * did not raise 版本号, the changed plan is issued as the next version (or as the later version
 * already recorded for exactly this content); `plan check` and issue tell the office to raise it.
 * The plan file's number stays the office's: a change under one number counts, for documents, as
 * a correction of that version (planInForce).
 */
function versionToIssue(store: Store, plan: Plan): Plan {
  const issued = planVersion(store, plan.id, plan.version);
  if (!issued || !workbookDrift(issued, plan).length) return plan;
  const recorded = planVersionsOfYear(store, plan.year).filter((v) => v.id === plan.id);
  const same = recorded.find((v) => v.version > plan.version && !workbookDrift(v, plan).length);
  const version = same?.version ?? Math.max(...recorded.map((v) => v.version)) + 1;
  return { ...plan, version };
}

/** The period's current workbooks as the store records them, for the index after a partial re-issue. */
function issuedFilesOf(store: Store, plan: Plan, period: string, dir: string): IssuedFile[] {
  const names = new Map(plan.units.map((u) => [u.code, u.name]));
  return currentIssue(store, period).map((w) => ({
    unitCode: w.unit,
    unitName: names.get(w.unit) ?? w.unit,
    file: w.file,
    path: path.join(dir, w.file),
    tasks: w.tasks,
    indicators: w.indicators,
    prefilled: w.prefilled,
    ...(w.portalUrl ? { portalUrl: w.portalUrl } : {}),
  }));
}

/**
 * Moves aside the workbooks of the units re-issued (and the index, which is rewritten), leaving
 * every other unit's workbook where it is.
 */
async function setAsideUnits(
  dir: string,
  period: string,
  units: string[],
  now: Date,
  store: Store,
): Promise<string | undefined> {
  const current = currentIssue(store, period);
  if (!current.length)
    throw new UserError(
      `${periodLabel(period)}的填报表还没有下发记录，不能只重新下发部分单位：请先不带 --unit 下发整期（已有文件时加 --force）。`,
    );
  const files = new Set(current.filter((w) => units.includes(w.unit)).map((w) => w.file));
  const earlier = existsSync(dir)
    ? (await readdir(dir)).filter((f) => files.has(f) || f === indexFileName(period))
    : [];
  if (!earlier.length) return undefined;
  const aside = path.join(dir, `已替换-${officeStamp(now)}`);
  await mkdir(aside, { recursive: true });
  for (const f of earlier) await rename(path.join(dir, f), path.join(aside, f));
  return aside;
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
