/**
 * A workspace holds one plan per year, `plans/<year>.xlsx`. Every command takes the plan of the
 * period's year (or of `--year`); this module is the one place that finds, migrates, reads, caches
 * and writes them.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePeriod } from '../../core/calendar/period.js';
import type { OfficeHoliday } from '../../core/calendar/working-days.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { officeStamp, officeToday } from '../collect/deadline.js';
import { UserError } from '../user-error.js';
import { planFileOf, planYears, requireWorkspace, type Workspace } from '../workspace.js';
import { readPlanCached, type PlanRead } from './cache.js';
import { refusePlanErrors } from './findings.js';
import { openInEditor, openInEditorText, unsavedEditsWarning } from './open-in-editor.js';

/** How a plan workbook is parsed when its cache is not current (collect does it on a thread). */
export type PlanFileReader = (file: string) => Promise<PlanRead>;

// exceljs loads only when a workbook must really be read (not for a cached plan).
const readPlanFile: PlanFileReader = async (file) => (await import('./load.js')).readPlanFile(file);

export { planFileOf, planYears };

const quote = (dir: string) => (/^[\w./\\:-]+$/.test(dir) ? dir : JSON.stringify(dir));

/** The note left where plan.xlsx was, so someone looking for it finds where it went. */
export const MIGRATION_NOTE = 'plan.xlsx 已迁移.txt';

/**
 * A workspace made before plans/ has one plan.xlsx: it moves, byte for byte, to plans/<its year>.xlsx
 * (a rename, so nothing is rewritten), with a note beside where it was and a line on stderr.
 */
export async function migrateLegacyPlan(
  ws: Workspace,
  note: (line: string) => void = (line) => console.error(line),
): Promise<number | undefined> {
  if (!existsSync(ws.legacyPlan)) return undefined;
  const open = openInEditor(ws.legacyPlan);
  if (open) {
    throw new UserError(
      `${openInEditorText(ws.legacyPlan, open)}。本版本改为每年一个工作要点文件（plans/<年度>.xlsx），需要把 plan.xlsx 移入 plans/：请先关闭 plan.xlsx 再运行。`,
    );
  }
  const { plan } = await readPlanFile(ws.legacyPlan);
  if (!Number.isInteger(plan.year) || plan.year < 2000) {
    throw new UserError(
      `${ws.legacyPlan} 的“设置”工作表中年度无法读取，无法迁移到 plans/<年度>.xlsx：请在 Excel 中填写“年度”（如 2024）后重新运行。`,
    );
  }
  const target = planFileOf(ws, plan.year);
  if (existsSync(target)) {
    throw new UserError(
      `工作区中同时有 plan.xlsx 和 plans/${plan.year}.xlsx，都是 ${plan.year} 年的工作要点。现在每年只用 plans/<年度>.xlsx：请核对两份文件，保留现行的一份在 plans/ 中，把 plan.xlsx 改名或移出工作区后重新运行。`,
    );
  }
  await mkdir(ws.plans, { recursive: true });
  try {
    await rename(ws.legacyPlan, target);
  } catch (error) {
    // Another creditwork process migrated it meanwhile.
    if ((error as { code?: string }).code === 'ENOENT' && existsSync(target)) return plan.year;
    throw error;
  }
  const line = `提示：工作区已改为每年一个工作要点文件：plan.xlsx 已原样移到 plans/${plan.year}.xlsx（内容未改动），今后请在 Excel 中编辑 plans/${plan.year}.xlsx；新的一年用 creditwork plan new --year ${plan.year + 1} 建立。`;
  await writeFile(path.join(ws.root, MIGRATION_NOTE), `${line}\n`).catch(() => undefined);
  note(line);
  return plan.year;
}

/** The workspace at `dir`, its plan.xlsx migrated if it still has one. */
export async function openWorkspace(dir: string): Promise<Workspace> {
  const ws = requireWorkspace(dir);
  await migrateLegacyPlan(ws);
  return ws;
}

function noPlanForYear(ws: Workspace, year: number): UserError {
  const years = planYears(ws);
  const have = years.length ? `工作区已有：${years.map((y) => `${y}年`).join('、')}。` : '';
  const from = years.filter((y) => y < year).pop() ?? years[years.length - 1];
  const how =
    from !== undefined
      ? `请先运行 creditwork plan new --year ${year} --workspace ${quote(ws.root)}（由 ${from} 年结转），在 Excel 中核对后再运行`
      : `请先运行 creditwork init --year ${year} --workspace ${quote(ws.root)}`;
  return new UserError(`工作区中没有 ${year} 年的工作要点（plans/${year}.xlsx）。${have}${how}。`);
}

async function readYear(
  ws: Workspace,
  year: number,
  read: PlanFileReader = readPlanFile,
): Promise<PlanRead & { file: string }> {
  await migrateLegacyPlan(ws);
  const file = planFileOf(ws, year);
  if (!existsSync(file)) throw noPlanForYear(ws, year);
  return { file, ...(await readPlanCached(ws, year, file, read)) };
}

/** Owner files already warned about in this process, so a server or scheduler says it once. */
const warnedOpen = new Set<string>();

/**
 * What reading a year's plan gives (findings included), from the per-year cache when it is current;
 * a plan open in Excel/WPS/LibreOffice adds a warning that unsaved edits are not seen.
 */
export async function readYearPlan(ws: Workspace, year: number): Promise<PlanRead & { file: string }> {
  const read = await readYear(ws, year);
  const open = openInEditor(read.file);
  if (!open) return read;
  warnedOpen.add(open.ownerFile);
  const warning: Finding = {
    level: 'warning',
    file: path.basename(read.file),
    sheet: '',
    cell: '',
    code: 'plan.open-in-editor',
    message: unsavedEditsWarning(`plans/${year}.xlsx`, open),
  };
  return { ...read, findings: [warning, ...read.findings] };
}

/** The office's 节假日 rows of a neighbouring year's plan; none when it is absent or unreadable. */
async function neighbourHolidays(
  ws: Workspace,
  year: number,
  read: PlanFileReader,
): Promise<OfficeHoliday[]> {
  const file = planFileOf(ws, year);
  if (!existsSync(file)) return [];
  try {
    return (await readPlanCached(ws, year, file, read)).plan.holidays ?? [];
  } catch {
    // A broken neighbour is reported when that year is used; it must not stop this one.
    return [];
  }
}

/**
 * A year's plan for commands that act on it: refused with its errors listed, and carrying the
 * neighbouring years' 节假日 rows so one notice typed into plans/2027.xlsx also dates December 2026's
 * deadline in January 2027.
 */
export async function loadYearPlan(
  ws: Workspace,
  year: number,
  note: (line: string) => void = (line) => console.error(line),
  reader: PlanFileReader = readPlanFile,
): Promise<Plan> {
  const read = await readYear(ws, year, reader);
  const open = openInEditor(read.file);
  if (open && !warnedOpen.has(open.ownerFile)) {
    warnedOpen.add(open.ownerFile);
    note(`提示：${unsavedEditsWarning(`plans/${year}.xlsx`, open)}`);
  }
  const plan = refusePlanErrors(
    read,
    `plans/${year}.xlsx`,
    `creditwork plan check --year ${year} --workspace ${quote(ws.root)}`,
  );
  if (plan.year !== year) {
    throw new UserError(
      `plans/${year}.xlsx 的“设置”工作表中年度为 ${plan.year}，与文件名不符：请把年度改为 ${year}，或把文件改名为 ${plan.year}.xlsx。`,
    );
  }
  const adjacent = [
    ...(await neighbourHolidays(ws, year - 1, reader)),
    ...(await neighbourHolidays(ws, year + 1, reader)),
  ];
  return adjacent.length ? { ...plan, adjacentHolidays: adjacent } : plan;
}

/** The plan of a period's year (`2026-12` → plans/2026.xlsx). */
export async function loadPeriodPlan(ws: Workspace, period: string, reader?: PlanFileReader): Promise<Plan> {
  return loadYearPlan(ws, parsePeriod(period).year, undefined, reader);
}

/**
 * The year a command without a period works on: the office's current year if the workspace has its
 * plan, else the latest year it has.
 */
export function defaultPlanYear(ws: Workspace, today: string = officeToday()): number {
  const years = planYears(ws);
  if (years.length === 0) throw noPlanForYear(ws, Number(today.slice(0, 4)));
  const current = Number(today.slice(0, 4));
  return years.includes(current) ? current : years[years.length - 1];
}

/** `--year` as typed, or the default year; a Chinese error for anything but a four-digit year. */
export async function yearOption(ws: Workspace, value: unknown): Promise<number> {
  await migrateLegacyPlan(ws);
  if (value === undefined || value === null || value === '') return defaultPlanYear(ws);
  return parseYear(value);
}

export function parseYear(value: unknown): number {
  const text = String(value).trim();
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 2000 || year > 2100) {
    throw new UserError(`年度"${text}"无效：请用四位数字，如 --year 2027`);
  }
  return year;
}

export interface WrittenPlan {
  file: string;
  /** Where the plan it replaced was copied, when --force replaced one. */
  backup?: string;
}

/**
 * Writes a plan as plans/<plan.year>.xlsx: the one way a year's plan enters a workspace (init,
 * plan new, plan import). An existing plan of that year is replaced only with `force`, after a
 * dated backup beside it, and never while Excel or WPS has it open.
 */
export async function writeYearPlan(
  ws: Workspace,
  plan: Plan,
  options: { force?: boolean; now?: Date } = {},
): Promise<WrittenPlan> {
  const file = planFileOf(ws, plan.year);
  await mkdir(ws.plans, { recursive: true });
  let backup: string | undefined;
  if (existsSync(file)) {
    if (!options.force) {
      throw new UserError(
        `${file} 已存在，未做任何修改。如确要重新生成 ${plan.year} 年的工作要点，请加 --force（原文件会先备份）。`,
      );
    }
    // Saving there later would overwrite the new plan with the old one.
    const open = openInEditor(file);
    if (open) {
      throw new UserError(
        `${openInEditorText(file, open)}，未做任何修改。请先关闭该文件再运行；如确认已关闭，请删除 ${open.ownerFile} 后重试。`,
      );
    }
    backup = path.join(ws.plans, `${plan.year}.备份-${officeStamp(options.now)}.xlsx`);
    await copyFile(file, backup);
  }
  // exceljs loads only once the arguments are known to be good.
  const { writePlanWorkbook } = await import('./workbook.js');
  const { adjacentHolidays: _borrowed, ...own } = plan;
  await writePlanWorkbook(own, file);
  return backup ? { file, backup } : { file };
}
