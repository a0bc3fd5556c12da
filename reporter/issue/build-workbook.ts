import ExcelJS from 'exceljs';
import {
  buildMetadata,
  lockedCells,
  lockedFingerprint,
  metadataCells,
  metadataValueAddress,
  SHEETS,
  unitRows,
  type UnitRows,
  type WorkbookMetadata,
} from '../../core/contract/index.js';
import { periodLabel } from '../../core/calendar/index.js';
import { holidaysForPeriod } from '../../core/plan/calendar.js';
import type { Plan } from '../../core/plan/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { chineseDate } from './deadline.js';
import { writeGuideSheet } from './guide-sheet.js';
import { writeIndicatorSheet } from './indicator-sheet.js';
import { writeMarks } from './marks-sheet.js';
import { prefillFrom } from './prefill.js';
import { writeTaskSheet } from './task-sheet.js';

export interface UnitWorkbookInput {
  plan: Plan;
  unitCode: string;
  period: string;
  deadline: string;
  /** ISO timestamp stamped into the metadata. */
  issuedAt: string;
  fileName: string;
  /** The unit's last accepted submission, to pre-fill from. */
  previous?: SubmissionContent;
  /** The workspace secret that signs the metadata (unsigned without it). */
  secret?: string;
  /** The unit's portal address, written into the metadata and the 填报说明. */
  portalUrl?: string;
}

export interface UnitWorkbook {
  workbook: ExcelJS.Workbook;
  rows: UnitRows;
  metadata: WorkbookMetadata;
}

/** Metadata the add-in writes when a check passes: filler, phone, time. */
const STAMP_KEYS = ['fillerName', 'fillerPhone', 'checkedAt'] as const;

/** Ideographic spaces: the gap Chinese forms use between fields. */
const GAP = '\u3000\u3000';

export const unitFileName = (unitCode: string, unitName: string): string =>
  `${unitCode}-${unitName.replace(/[\\/:*?"<>|]/g, '_')}.xlsx`;

export async function buildUnitWorkbook(input: UnitWorkbookInput): Promise<UnitWorkbook> {
  const { plan, period } = input;
  const rows = unitRows(plan, input.unitCode);
  const metadata = buildMetadata(
    {
      planId: plan.id,
      planVersion: plan.version,
      planYear: plan.year,
      unitCode: rows.unit.code,
      unitName: rows.unit.name,
      period,
      issuedAt: input.issuedAt,
      deadline: input.deadline,
      fingerprint: lockedFingerprint(lockedCells(rows)),
      rows,
      portalUrl: input.portalUrl,
      holidays: holidaysForPeriod(plan, period),
    },
    input.secret,
  );

  const wb = new ExcelJS.Workbook();
  wb.creator = '市信用办';
  wb.title = `${rows.unit.name} ${periodLabel(period)} 工作要点进展填报表`;
  wb.created = new Date(input.issuedAt);
  wb.modified = new Date(input.issuedAt);
  wb.calcProperties.fullCalcOnLoad = true;

  const password = plan.settings.sheetPassword ?? '';
  const prefill = prefillFrom(rows, period, input.previous);
  const subtitle = `填报单位：${rows.unit.name}${GAP}填报期间：${periodLabel(period)}${GAP}报送截止：${chineseDate(input.deadline)}${GAP}浅黄色为填报区，灰色为锁定内容`;
  await writeGuideSheet(wb, {
    plan,
    unitName: rows.unit.name,
    unitCode: rows.unit.code,
    period,
    deadline: input.deadline,
    taskCount: rows.tasks.length,
    indicatorCount: rows.indicators.length,
    fileName: input.fileName,
    password,
    portalUrl: input.portalUrl,
  });
  const ctx = { rows, planYear: plan.year, subtitle, prefill, password };
  await writeTaskSheet(wb, { ...ctx, title: `${rows.unit.name} ${periodLabel(period)} 重点任务进展` });
  await writeIndicatorSheet(wb, { ...ctx, title: `${rows.unit.name} ${periodLabel(period)} 监测指标` });

  const meta = wb.addWorksheet(SHEETS.metadata, { state: 'veryHidden' });
  meta.columns = [{ width: 16 }, { width: 60 }];
  for (const [key, value] of metadataCells(metadata)) {
    const row = meta.addRow([key, value]);
    // Text stays text: a unit code like 0001 or a period must not become a number.
    row.getCell(2).numFmt = typeof value === 'string' ? '@' : 'General';
  }
  // The add-in stamps who checked the workbook into these cells without lifting protection, which
  // would need the office's sheet password.
  for (const key of STAMP_KEYS) meta.getCell(metadataValueAddress(key)).protection = { locked: false };
  await meta.protect(password, { spinCount: 1000 });
  writeMarks(wb, rows);
  wb.views = [
    { activeTab: 0, x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, visibility: 'visible' },
  ];
  return { workbook: wb, rows, metadata };
}
