import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Finding } from '../../core/plan/model.js';
import type { YearAssessment } from '../../core/assessment/year.js';
import { plainValue, readNumber, readText } from '../plan/values.js';
import type { ReviewedRow } from './review-store.js';
import { DETAIL_COLUMNS, SCORE_SHEETS, YEAR_LABEL, type DetailKey } from './sheet-layout.js';

const normalize = (text: string) => text.replace(/\s+/g, '');
const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Reads the office's review columns from a score sheet. Every bad cell is a finding naming sheet and
 * cell; nothing is taken from a file with errors. Rows are matched on 单位编号 and 项目编号, never on
 * position, so sorting or filtering the sheet in Excel is harmless.
 */
export async function readReviewSheet(
  file: string,
  assessment: YearAssessment,
): Promise<{ rows: ReviewedRow[]; findings: Finding[] }> {
  const name = path.basename(file);
  const findings: Finding[] = [];
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (error) {
    findings.push({
      level: 'error',
      file: name,
      sheet: '',
      cell: '',
      code: 'assess.unreadable',
      message: `无法读取评分表（${(error as Error).message}）：请确认它是用 Excel 保存的 .xlsx 文件`,
    });
    return { rows: [], findings };
  }
  const problem = (sheet: string, cell: string, message: string, level: Finding['level'] = 'error') =>
    findings.push({ level, file: name, sheet, cell, code: 'assess.review', message });

  const guide = wb.getWorksheet(SCORE_SHEETS.guide);
  if (guide) {
    for (let r = 1; r <= guide.rowCount; r++) {
      if (readText(plainValue(guide.getCell(`A${r}`).value)) !== YEAR_LABEL) continue;
      const year = plainValue(guide.getCell(`B${r}`).value);
      if (Number(year) !== assessment.year) {
        problem(
          SCORE_SHEETS.guide,
          `B${r}`,
          `这是 ${String(year)} 年度的评分表，不能用于 ${assessment.year} 年度的考核：请选择正确的文件或年度`,
        );
        return { rows: [], findings };
      }
    }
  }
  const ws = wb.getWorksheet(SCORE_SHEETS.detail);
  if (!ws) {
    problem(
      SCORE_SHEETS.detail,
      'A1',
      `找不到工作表“${SCORE_SHEETS.detail}”：请使用 creditwork assess 生成的评分表，不要改动工作表名称`,
    );
    return { rows: [], findings };
  }
  const positions = new Map<DetailKey, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const text = normalize(readText(plainValue(cell.value)));
    const column = DETAIL_COLUMNS.find((c) => normalize(c.header) === text);
    if (column) positions.set(column.key, col);
  });
  for (const key of ['unitCode', 'itemId', 'review', 'reason'] as DetailKey[]) {
    if (!positions.has(key)) {
      const header = DETAIL_COLUMNS.find((c) => c.key === key)!.header;
      problem(
        SCORE_SHEETS.detail,
        'A1',
        `缺少列“${header}”：请恢复该列的表头，或重新运行 creditwork assess 生成评分表`,
      );
    }
  }
  if (findings.length) return { rows: [], findings };

  const items = new Map<string, YearAssessment['units'][number]['items'][number]>();
  for (const u of assessment.units) for (const i of u.items) items.set(`${u.unit.code}|${i.item.id}`, i);
  const rows: ReviewedRow[] = [];
  const seen = new Map<string, string>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const at = (key: DetailKey) => row.getCell(positions.get(key)!);
    const address = (key: DetailKey) => at(key).address;
    const unit = readText(plainValue(at('unitCode').value));
    const itemId = readText(plainValue(at('itemId').value));
    const raw = plainValue(at('review').value);
    const reason = readText(plainValue(at('reason').value));
    if (!unit && !itemId) continue;
    const item = items.get(`${unit}|${itemId}`);
    if (!item) {
      if (raw !== null || reason) {
        problem(
          SCORE_SHEETS.detail,
          address('review'),
          `单位 ${unit} 没有考核项目 ${itemId}（考核办法可能已修改），本行审核分未采用`,
          'warning',
        );
      }
      continue;
    }
    const key = `${unit}|${itemId}`;
    if (seen.has(key)) {
      problem(
        SCORE_SHEETS.detail,
        address('unitCode'),
        `单位 ${unit} 的项目 ${itemId} 与第${seen.get(key)}行重复：请删除其中一行`,
      );
      continue;
    }
    seen.set(key, String(r));
    if (raw === null) {
      rows.push({ unit, item: itemId, review: reason ? { unit, item: itemId, score: null, reason } : null });
      continue;
    }
    const number = readNumber(raw);
    const cap = item.item.points;
    const range =
      item.item.method === 'veto-indicator' ? '1（否决）或 0（不否决）' : `0 至 ${fmt(cap)} 之间的分数`;
    if (!number.ok) {
      problem(
        SCORE_SHEETS.detail,
        address('review'),
        `审核分“${readText(raw)}”不是数字：请填写${range}，或清空该格`,
      );
      continue;
    }
    if (!item.applicable) {
      problem(
        SCORE_SHEETS.detail,
        address('review'),
        `项目 ${itemId} 对 ${unit} 不适用（${item.rule}），不能填写审核分：请清空该格`,
      );
      continue;
    }
    if (number.value < 0 || number.value > cap + 1e-9) {
      problem(
        SCORE_SHEETS.detail,
        address('review'),
        number.value < 0
          ? `审核分 ${fmt(number.value)} 为负数：请填写${range}`
          : `审核分 ${fmt(number.value)} 超过该项分值上限 ${fmt(cap)}：请填写${range}`,
      );
      continue;
    }
    if (item.item.method === 'veto-indicator' && number.value !== 0 && number.value !== 1) {
      problem(SCORE_SHEETS.detail, address('review'), `否决项目只能填写${range}`);
      continue;
    }
    rows.push({ unit, item: itemId, review: { unit, item: itemId, score: number.value, reason } });
  }
  return { rows, findings };
}
