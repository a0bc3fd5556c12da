import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { METHOD_LABELS, type CategoryKind, type ScoringScheme } from '../../core/assessment/scheme.js';
import { leftOutText, type YearAssessment } from '../../core/assessment/year.js';
import { PAGE_FOOTER, PRINT_MARGINS, orientationFor, rowHeight } from '../excel-print.js';
import { zipFiles } from '../zip-write.js';
import { writeFileAtomic } from '../write-atomic.js';
import { UserError } from '../user-error.js';
import {
  DETAIL_COLUMNS,
  DETAIL_FROZEN,
  SCORE_SHEETS,
  YEAR_LABEL,
  detailColumn,
  type DetailKey,
} from './sheet-layout.js';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REVIEW_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const REVIEW_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC000' } };
const NOT_APPLICABLE_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFE7E6E6' },
};
const THIN = { style: 'thin', color: { argb: 'FFB4B4B4' } } as const;
const BORDER = { top: THIN, bottom: THIN, left: THIN, right: THIN };

export interface ScoreSheetInput {
  assessment: YearAssessment;
  scheme: ScoringScheme;
  /** Archive path (relative to the workspace) by SHA-256. */
  archive: Map<string, string>;
  /** ISO date of the run, written as the workbook's date. */
  date: string;
}

/**
 * A4, one page wide, the header row on every page, page numbers below; `printed` columns from the
 * left (the rest of the sheet is trace the screen needs and paper does not).
 */
function printSetup(ws: ExcelJS.Worksheet, columns: { width: number }[], printed = columns.length): void {
  const width = columns.slice(0, printed).reduce((s, c) => s + c.width, 0);
  ws.pageSetup = {
    paperSize: 9,
    orientation: orientationFor(width),
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: PRINT_MARGINS,
    printTitlesRow: '1:1',
    ...(printed < columns.length ? { printArea: `A:${ws.getColumn(printed).letter}` } : {}),
  };
  ws.headerFooter = { oddFooter: PAGE_FOOTER };
}

function header(
  ws: ExcelJS.Worksheet,
  columns: { header: string; width: number; review?: boolean; print?: boolean }[],
  frozen: number,
): void {
  ws.columns = columns.map((c) => ({ width: c.width }));
  const row = ws.getRow(1);
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = c.review ? REVIEW_HEADER_FILL : HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  row.height = 30;
  ws.views = [{ state: 'frozen', xSplit: frozen, ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const printed = columns.filter((c) => c.print).length;
  printSetup(ws, columns, printed || columns.length);
}

/** Points as the sheet shows them: two decimals (10.5 → 10.50), whole caps as whole numbers. */
const POINTS = '0.00';

const categoryName = (scheme: ScoringScheme, id: string) =>
  scheme.categories.find((c) => c.id === id)?.name ?? id;

const fmt = (n: number) => String(Math.round(n * 100) / 100);

type DetailItem = YearAssessment['units'][number]['items'][number];

/**
 * What Excel accepts in a review cell, with the reason in Chinese when it refuses: 0 to the item's
 * points (1 or 0 for a veto), nothing at all where the item does not apply. assess checks again on
 * reading, for files edited elsewhere.
 */
function reviewValidation(item: DetailItem, kind: CategoryKind | undefined): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showErrorMessage: true,
    showInputMessage: true,
    errorStyle: 'stop',
    promptTitle: '信用办审核分',
  } as const;
  if (!item.applicable) {
    return {
      ...common,
      type: 'textLength',
      operator: 'equal',
      formulae: [0],
      errorTitle: '本项目不适用',
      error: '本项目对该单位不适用（原因见“计分规则”列），不能填写审核分。请清空该格。',
      prompt: '本项目对该单位不适用，无需审核。',
    };
  }
  if (kind === 'veto') {
    return {
      ...common,
      type: 'whole',
      operator: 'between',
      formulae: [0, 1],
      errorTitle: '否决项目只能填 1 或 0',
      error: '一票否决项目请填 1（否决）或 0（不否决）；留空则采用系统判定。',
      prompt: '填 1 否决、0 不否决；留空采用系统判定。',
    };
  }
  const cap = fmt(item.item.points);
  const what = kind === 'deduction' ? '扣分数' : '审核后的分数';
  return {
    ...common,
    type: 'decimal',
    operator: 'between',
    formulae: [0, item.item.points],
    errorTitle: '审核分超出范围',
    error: `请填写 0 至 ${cap} 之间的数字（本项目分值上限 ${cap} 分）；留空则采用系统计分。`,
    prompt: `填写${what}，0 至 ${cap}；留空采用系统计分。在“审核理由”列写明理由。`,
  };
}

/** Columns of long text, wrapped within their width so the sheet prints one page wide. */
const WRAPPED = new Set((['unit', 'item', 'rule', 'reason', 'value'] as const).map(detailColumn));

function writeDetail(ws: ExcelJS.Worksheet, input: ScoreSheetInput): void {
  header(ws, DETAIL_COLUMNS, DETAIL_FROZEN);
  const { assessment, scheme, archive } = input;
  const letter = (key: DetailKey) => ws.getColumn(detailColumn(key)).letter;
  let r = 2;
  for (const group of assessment.groups) {
    for (const u of [...group.units].sort(
      (a, b) => assessment.units.indexOf(a) - assessment.units.indexOf(b),
    )) {
      for (const item of u.items) {
        // The trace points at the cell that lost points, else at the source the score rests on.
        const primary = item.lost ?? item.sources[item.sources.length - 1];
        const kind = scheme.categories.find((c) => c.id === item.item.category)?.kind;
        const values: Partial<Record<DetailKey, ExcelJS.CellValue>> = {
          group: group.group.name,
          unitCode: u.unit.code,
          unit: u.unit.name,
          itemId: item.item.id,
          category: categoryName(scheme, item.item.category),
          item: `${item.item.name}${kind === 'deduction' ? '（扣分）' : kind === 'veto' ? '（否决：1是0否）' : kind === 'bonus' ? '（加分）' : ''}`,
          cap: item.item.points,
          computed: item.applicable ? item.computed : null,
          rule: item.applicable ? `${METHOD_LABELS[item.item.method]}：${item.rule}` : `不适用：${item.rule}`,
          period: primary?.period ?? null,
          file: primary?.file ?? null,
          archive: primary ? (archive.get(primary.sha256) ?? '') : null,
          sha256: primary?.sha256 ?? null,
          sheet: primary?.sheet || null,
          cell: primary?.cell || null,
          value: primary?.value ?? null,
          sourceCount: item.sources.length || null,
          review: item.review?.score ?? null,
          reason: item.review?.reason || null,
        };
        const row = ws.getRow(r);
        for (const [key, value] of Object.entries(values))
          row.getCell(detailColumn(key as DetailKey)).value = value;
        // The final score follows the review as the office types, before assess runs again.
        row.getCell(detailColumn('final')).value = item.applicable
          ? {
              formula: `IF(${letter('review')}${r}="",${letter('computed')}${r},${letter('review')}${r})`,
              result: item.final,
            }
          : null;
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cell.border = BORDER;
          cell.alignment = { vertical: 'top', wrapText: WRAPPED.has(col) };
          if (!item.applicable) cell.font = { color: { argb: 'FF999999' } };
        });
        for (const key of ['computed', 'review', 'final'] as const)
          row.getCell(detailColumn(key)).numFmt = POINTS;
        // Every wrapped cell fits (a prorated rule says so at length; one line would cut it off).
        row.height = rowHeight(
          [...WRAPPED].map((col) => ({
            text: String(row.getCell(col).value ?? ''),
            width: DETAIL_COLUMNS[col - 1].width,
          })),
        ) as number;
        const review = row.getCell(detailColumn('review'));
        review.dataValidation = reviewValidation(item, kind);
        const reason = row.getCell(detailColumn('reason'));
        reason.alignment = { vertical: 'top', wrapText: true };
        for (const cell of item.applicable ? [review, reason] : [reason]) {
          cell.fill = REVIEW_FILL;
          cell.protection = { locked: false };
        }
        if (!item.applicable) review.fill = NOT_APPLICABLE_FILL;
        r++;
      }
    }
  }
  // The review columns are what the office edits; a note on their headers says how.
  ws.getCell(`${letter('review')}1`).note =
    '信用办填写：审核后的分数（0 至分值上限；扣分项目填扣分数；否决项目填 1 否决、0 不否决），留空则采用系统计分。灰色格为不适用项目，不能填写。';
  ws.getCell(`${letter('reason')}1`).note =
    '信用办填写：审核调整的理由，保存在数据库中，并写入考核通报的失分原因。';
}

/** How the total is made, in the office's words: the score sheet and its 说明 print it. */
export function totalRuleText(scheme: ScoringScheme, year: number): string {
  const cap = (kind: CategoryKind) =>
    scheme.categories.filter((c) => c.kind === kind).reduce((s, c) => s + c.cap, 0);
  const bonus = cap('bonus');
  const deduction = cap('deduction');
  const parts = [
    `总分＝基础分（${fmt(scheme.total)}分制）${bonus ? `＋加分（最多${fmt(bonus)}分）` : ''}${deduction ? `－扣分（最多${fmt(deduction)}分）` : ''}，最低为0分`,
    scheme.capTotal
      ? `总分封顶：超过${fmt(scheme.total)}分的按${fmt(scheme.total)}分计`
      : `总分不封顶：加分后可超过${fmt(scheme.total)}分，按实际得分排名、评定等次`,
  ];
  return `${parts.join('；')}（见 plans/${year}.xlsx“考核”表“总分是否封顶”）。`;
}

function writeSummary(ws: ExcelJS.Worksheet, input: ScoreSheetInput): void {
  const { assessment, scheme } = input;
  const categories = scheme.categories.filter((c) => c.kind === 'base');
  const columns = [
    { header: '分组', width: 16 },
    { header: '排名', width: 6 },
    { header: '单位编号', width: 8 },
    { header: '单位', width: 20 },
    ...categories.map((c) => ({ header: `${c.name}（${c.cap}）`, width: 10 })),
    { header: `基础分（折算为${scheme.total}分）`, width: 12 },
    { header: '加分', width: 7 },
    { header: '扣分', width: 7 },
    { header: '一票否决', width: 8 },
    { header: '总分', width: 8 },
    { header: '等次', width: 8 },
  ];
  header(ws, columns, 4);
  ws.getCell(1, columns.length - 1).note = totalRuleText(scheme, assessment.year);
  for (const group of assessment.groups) {
    for (const u of group.units) {
      const earned = (id: string) => {
        const c = u.categories.find((x) => x.category.id === id);
        return c && c.possible > 0 ? c.earned : '—';
      };
      const row = ws.addRow([
        group.group.name,
        u.rank,
        u.unit.code,
        u.unit.name,
        ...categories.map((c) => earned(c.id)),
        u.base,
        u.bonus,
        u.deduction,
        u.vetoed ? '是' : '',
        u.total,
        u.grade,
      ]);
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.border = BORDER;
        if (col > 4 && typeof cell.value === 'number') cell.numFmt = POINTS;
        if (col === 4) cell.alignment = { wrapText: true, vertical: 'top' };
      });
      if (u.capped) {
        row.getCell(columns.length - 1).note =
          `基础分${fmt(u.base)}＋加分${fmt(u.bonus)}－扣分${fmt(u.deduction)}＝${fmt(u.base + u.bonus - u.deduction)}，按考核办法总分封顶为${fmt(scheme.total)}分。`;
      }
    }
  }
}

function writeSources(ws: ExcelJS.Worksheet, input: ScoreSheetInput): void {
  header(
    ws,
    [
      { header: '单位编号', width: 8 },
      { header: '单位', width: 18 },
      { header: '项目编号', width: 8 },
      { header: '考核项目', width: 18 },
      { header: '期间', width: 9 },
      { header: '工作簿', width: 22 },
      { header: '存档文件', width: 30 },
      { header: 'SHA-256', width: 20 },
      { header: '工作表', width: 9 },
      { header: '单元格', width: 7 },
      { header: '值', width: 16 },
    ],
    4,
  );
  for (const u of input.assessment.units) {
    for (const item of u.items) {
      for (const s of item.sources) {
        ws.addRow([
          u.unit.code,
          u.unit.name,
          item.item.id,
          item.item.name,
          s.period,
          s.file,
          input.archive.get(s.sha256) ?? '',
          s.sha256,
          s.sheet,
          s.cell,
          s.value,
        ]);
      }
    }
  }
}

const GUIDE_TEXT_WIDTH = 80;

function writeGuide(ws: ExcelJS.Worksheet, input: ScoreSheetInput): void {
  ws.columns = [{ width: 12 }, { width: GUIDE_TEXT_WIDTH }];
  // One A4 page wide: the notes print as a column of text, not label and text on separate pages.
  printSetup(ws, ws.columns as { width: number }[]);
  const lines: [string, string | number][] = [
    [
      '说明',
      '年终考核评分表，由 creditwork assess 生成。“汇总”表为各单位得分和等次，“评分明细”表为逐项得分及信用办审核。',
    ],
    [YEAR_LABEL, input.assessment.year],
    [
      '考核期间',
      `${input.assessment.periods[0] ?? ''} 至 ${input.assessment.periods.at(-1) ?? ''}，共${input.assessment.periods.length}个月` +
        (input.assessment.leftOut.length
          ? `；未计入：${leftOutText(input.assessment.leftOut)}。按月计分的项目（按时报送、“双公示”）按计入的月份折算，评分依据中已注明`
          : ''),
    ],
    ['生成日期', input.date],
    ['总分', totalRuleText(input.scheme, input.assessment.year)],
    [
      '如何审核',
      `在“${SCORE_SHEETS.detail}”表紧跟“系统计分”的橙色表头两列填写：“信用办审核分”填审核后的分数（0 至分值上限），“审核理由”写明理由；留空则采用系统计分。“最终得分”随审核分自动变化。`,
    ],
    [
      '',
      '扣分项目填写扣分数（正数）；一票否决项目填 1 表示否决、0 表示不否决。“信用办认定”项目的系统计分为 0，由信用办填写。灰色格为不适用项目，不能填写；超出范围的分数 Excel 会提示并拒绝。',
    ],
    [
      '',
      '可以按“单位”“考核项目”等列筛选、排序，审核分按“单位编号”和“项目编号”读取，与行的顺序无关；请勿修改这两列和表头。',
    ],
    [
      '重新计分',
      `保存后运行：creditwork assess --year ${input.assessment.year} --review <本文件>。审核分保存在工作区数据库中，重新运行 assess 时会保留。`,
    ],
    [
      '来源',
      '“来源期间、来源工作簿、存档文件、工作表、单元格”指向计分所依据的单元格；一个项目有多个来源时，全部列在“来源明细”表中。',
    ],
    [
      '打印',
      '“汇总”“评分明细”“来源明细”按 A4 横向、一页宽排版，每页重复表头。Excel 和 WPS 默认只打印当前工作表：审核时打印“汇总”和“评分明细”即可；“来源明细”是逐个单元格的存档索引，篇幅较长，一般只需在电脑上查阅。',
    ],
  ];
  lines.forEach(([a, b], i) => {
    ws.getCell(`A${i + 1}`).value = a;
    ws.getCell(`A${i + 1}`).font = { bold: true };
    ws.getCell(`A${i + 1}`).alignment = { vertical: 'top' };
    ws.getCell(`B${i + 1}`).value = b;
    ws.getCell(`B${i + 1}`).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    ws.getRow(i + 1).height = rowHeight([{ text: String(b), width: GUIDE_TEXT_WIDTH }]) as number;
  });
}

export function buildScoreWorkbook(input: ScoreSheetInput): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'creditwork';
  wb.created = new Date(`${input.date}T00:00:00Z`);
  wb.modified = wb.created;
  writeSummary(wb.addWorksheet(SCORE_SHEETS.summary), input);
  writeDetail(wb.addWorksheet(SCORE_SHEETS.detail), input);
  writeSources(wb.addWorksheet(SCORE_SHEETS.sources), input);
  writeGuide(wb.addWorksheet(SCORE_SHEETS.guide), input);
  return wb;
}

/**
 * The score sheet as bytes: exceljs stamps zip entries with the current time, so the parts are
 * zipped again at the run's date and equal input gives equal bytes.
 */
export async function scoreSheetBytes(input: ScoreSheetInput): Promise<Uint8Array> {
  const buffer = await buildScoreWorkbook(input).xlsx.writeBuffer();
  const parts = unzipSync(new Uint8Array(buffer));
  for (const [name, bytes] of Object.entries(parts)) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    // Row heights fit the wrapped text for printing, but are not custom (only the header's is), so
    // Excel fits a row again when the office types a long 审核理由.
    const xml = strFromU8(bytes).replace(
      /(<row r="(\d+)"[^>]*?) customHeight="1"/g,
      (m, open: string, row: string) => (row === '1' ? m : open),
    );
    parts[name] = strToU8(xml);
  }
  return zipFiles(parts, new Date(`${input.date}T00:00:00Z`));
}

/** Writes beside the target first, so an interrupted run never leaves half a score sheet. */
export async function writeScoreSheet(file: string, input: ScoreSheetInput): Promise<void> {
  try {
    await writeFileAtomic(file, await scoreSheetBytes(input));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new UserError(`无法写入 ${file}：文件可能正在 Excel 中打开。请关闭后重新运行。`);
    }
    throw error;
  }
}
