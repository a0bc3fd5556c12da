import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Finding, Plan } from '../../core/plan/model.js';
import { yearMentions } from '../../core/plan/years.js';
import { canonicalWorkbook } from './package.js';
import { writeFileAtomic } from '../write-atomic.js';
import { localizePlan } from '../../core/plan/city.js';
import { PLAN_SHEETS } from './sheets/index.js';
import type { Place, ReadContext, SheetModule } from './sheets/types.js';
import { unitLookup } from '../../core/plan/unit-names.js';

/** Writes plan.xlsx for people to edit. Written to a temporary file first so a crash never leaves half a plan. */
export async function writePlanWorkbook(
  plan: Plan,
  file: string,
  sheets: SheetModule[] = PLAN_SHEETS,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'creditwork';
  workbook.created = new Date();
  workbook.title = plan.title;
  for (const module of sheets) {
    if (module.shouldWrite && !module.shouldWrite(plan)) continue;
    module.write(workbook.addWorksheet(module.name), plan);
  }
  await writeFileAtomic(file, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/** Fills what unreadable cells left out, so callers always get a well-typed plan beside the findings. */
function assemble(parts: Partial<Plan>): Plan {
  return {
    ...parts,
    id: parts.id ?? '',
    version: parts.version ?? 1,
    year: parts.year ?? 0,
    title: parts.title ?? '',
    city: parts.city ?? '',
    units: parts.units ?? [],
    tasks: parts.tasks ?? [],
    indicators: parts.indicators ?? [],
    settings: {
      returnDeadlineWorkingDay: 0,
      rectificationWorkingDays: 0,
      dualPublicityWeights: { compliance: 0, timeliness: 0, completeness: 0 },
      dualPublicityDueWorkingDays: 0,
      sheetPassword: '',
      contactName: '',
      contactPhone: '',
      contactEmail: '',
      ...parts.settings,
    },
    document: {
      issuer: '',
      numberPrefix: '',
      mainRecipients: '',
      copyTo: '',
      printer: '',
      ...parts.document,
    },
  };
}

/** Reads plan.xlsx back, reporting every problem with sheet and cell rather than stopping at the first. */
export async function readPlanWorkbook(
  file: string,
  sheets: SheetModule[] = PLAN_SHEETS,
): Promise<{ plan: Plan; findings: Finding[]; places: Record<string, Place> }> {
  const workbook = new ExcelJS.Workbook();
  // Saved by any editor (Excel, WPS, LibreOffice, openpyxl…): exceljs reads it under its own part names.
  await workbook.xlsx.load(Buffer.from(canonicalWorkbook(await readFile(file))) as unknown as ExcelJS.Buffer);
  const parts: Partial<Plan> = {};
  let lookup: { units: unknown; resolve: (text: string) => string | undefined } | undefined;
  const ctx: ReadContext = {
    file: path.basename(file),
    plan: parts,
    places: new Map(),
    resolveUnit(text) {
      if (!lookup || lookup.units !== parts.units)
        lookup = { units: parts.units, resolve: unitLookup(parts.units ?? []) };
      return lookup.resolve(text);
    },
  };
  const findings: Finding[] = [];
  for (const module of sheets) {
    const ws = workbook.getWorksheet(module.name);
    if (!ws) {
      if (!module.optional) {
        findings.push({
          level: 'error',
          file: ctx.file,
          sheet: module.name,
          cell: 'A1',
          code: 'plan.missing-sheet',
          message: `缺少工作表"${module.name}"：请恢复该表（可从 creditwork plan new 或 init 生成的工作要点文件中复制），或检查工作表名称是否被修改`,
        });
      }
      continue;
    }
    const result = module.read(ws, ctx);
    Object.assign(parts, result.plan);
    findings.push(...result.findings);
  }
  const plan = assemble(parts);
  // Whole-plan checks once every sheet is read: what still names another year than 年度.
  if (plan.year) {
    const placeOf = (key: string) =>
      ctx.places.get(key === 'title' || key === 'id' ? `setting:${key}` : key) ?? {
        sheet: '设置',
        cell: 'A1',
      };
    for (const mention of yearMentions(plan)) {
      const { sheet, cell } = placeOf(mention.place);
      findings.push({
        level: 'warning',
        file: ctx.file,
        sheet,
        cell,
        code: 'plan.other-year',
        message: mention.message,
      });
    }
  }
  // Generated text uses the office's city; the workbook keeps what the office typed.
  return { plan: localizePlan(plan), findings, places: Object.fromEntries(ctx.places) };
}
