import type ExcelJS from 'exceljs';
import {
  dateWindow,
  FIRST_DATA_ROW,
  HEADER_ROW,
  INDICATOR_COLUMN,
  INDICATOR_COLUMNS,
  indicatorDefinitionText,
  indicatorEntry,
  indicatorMetFormula,
  indicatorValueFormula,
  SHEETS,
  targetText,
  UNMET_LABEL,
  type IndicatorRow,
} from '../../core/contract/index.js';
import {
  FONT_NAME,
  MISSING_FILL,
  NOT_APPLICABLE_FILL,
  printSetup,
  rowHeightFor,
  styleInput,
  styleLocked,
  UNMET_FILL,
} from './styles.js';
import { addDataSheet, protect, type SheetContext } from './task-sheet.js';
import { nativeValidation } from './validation.js';

function valueFormat(row: IndicatorRow): string {
  const entry = indicatorEntry(row);
  if (row.kind === 'percent') return '0.00%';
  if (row.kind === 'ratio') return '0.0000';
  if (entry.numerator === 'date') return 'yyyy-mm-dd';
  if (entry.numerator === 'yes-no') return '"是";"是";"否"';
  return '0';
}

const NUMERATOR_TITLE = {
  count: '分子（或数值）',
  percent: '百分数',
  date: '完成日期',
  'yes-no': '是否',
  status: '',
  text: '',
};

export async function writeIndicatorSheet(wb: ExcelJS.Workbook, ctx: SheetContext): Promise<void> {
  const ws = addDataSheet(wb, SHEETS.indicators, INDICATOR_COLUMNS, 'FF70AD47', ctx);
  const C = INDICATOR_COLUMN;
  const dataWindow = dateWindow('asOf', ctx.planYear);

  for (const ind of ctx.rows.indicators) {
    const r = ind.row;
    const entry = indicatorEntry(ind);
    const at = (key: keyof typeof C) => ws.getCell(`${C[key].letter}${r}`);
    const definition = indicatorDefinitionText(ind);

    styleLocked(Object.assign(at('code'), { value: ind.code }), 'center');
    styleLocked(Object.assign(at('name'), { value: ind.name }));
    styleLocked(Object.assign(at('definition'), { value: definition }));

    const numerator = at('numerator');
    const carried = ctx.prefill.indicators.get(ind.code)?.numerator;
    numerator.value = carried ?? null;
    styleInput(numerator, 'center');
    if (entry.numerator === 'date') numerator.numFmt = 'yyyy-mm-dd';
    const numeratorDates = entry.numerator === 'date' ? dateWindow('indicatorDate', ctx.planYear) : undefined;
    numerator.dataValidation = nativeValidation(
      entry.numerator,
      entry.denominator ? (ind.numeratorLabel ?? '分子') : NUMERATOR_TITLE[entry.numerator],
      numeratorDates,
    );

    const denominator = at('denominator');
    if (entry.denominator) {
      styleInput(denominator, 'center');
      denominator.dataValidation = nativeValidation(entry.denominator, ind.denominatorLabel ?? '分母');
    } else {
      styleLocked(denominator, 'center');
      denominator.fill = NOT_APPLICABLE_FILL;
    }

    const value = at('value');
    value.value = { formula: indicatorValueFormula(ind) };
    styleLocked(value, 'center');
    value.numFmt = valueFormat(ind);

    styleLocked(Object.assign(at('target'), { value: targetText(ind) }), 'center');
    const met = at('met');
    met.value = { formula: indicatorMetFormula(ind) };
    styleLocked(met, 'center');

    const asOf = at('asOf');
    styleInput(asOf, 'center');
    asOf.numFmt = 'yyyy-mm-dd';
    asOf.dataValidation = nativeValidation('date', '数据截至日期', dataWindow);
    styleInput(at('note'));
    at('note').dataValidation = nativeValidation('text', '备注');

    ws.getRow(r).height = rowHeightFor(
      [
        { text: definition, width: C.definition.width },
        { text: ind.name, width: C.name.width },
        { text: targetText(ind), width: C.target.width },
      ],
      2,
    );

    const cf = (key: keyof typeof C, formula: string, fill: ExcelJS.Fill) =>
      ws.addConditionalFormatting({
        ref: `${C[key].letter}${r}`,
        rules: [{ type: 'expression', priority: 1, formulae: [formula], style: { fill } }],
      });
    cf('numerator', `LEN(TRIM(${C.numerator.letter}${r}))=0`, MISSING_FILL);
    if (entry.denominator) cf('denominator', `LEN(TRIM(${C.denominator.letter}${r}))=0`, MISSING_FILL);
  }

  if (ctx.rows.indicators.length > 0) {
    const first = FIRST_DATA_ROW;
    const last = FIRST_DATA_ROW + ctx.rows.indicators.length - 1;
    ws.addConditionalFormatting({
      ref: `${C.value.letter}${first}:${C.met.letter}${last}`,
      rules: [
        {
          type: 'expression',
          priority: 2,
          formulae: [`$${C.met.letter}${first}="${UNMET_LABEL}"`],
          style: { fill: UNMET_FILL, font: { color: { argb: 'FF9C0006' }, bold: true } },
        },
      ],
    });
  } else {
    const note = ws.getCell(`B${FIRST_DATA_ROW}`);
    note.value = '本单位本期无需填报监测指标。';
    note.font = { name: FONT_NAME, size: 10, italic: true };
  }

  printSetup(ws, `${HEADER_ROW}:${HEADER_ROW}`);
  await protect(ws, ctx.password);
}
