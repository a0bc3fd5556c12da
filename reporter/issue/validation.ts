import type ExcelJS from 'exceljs';
import { MAX_TEXT_LENGTH, NO_LABEL, YES_LABEL, type InputType } from '../../core/contract/index.js';
import { TASK_STATUS_LABELS } from '../../core/submission.js';

/**
 * Excel's own data validation for an input type: the help people get in WPS, LibreOffice or Excel
 * without the add-in. Titles stay within Excel's 32 characters, texts within 255.
 */
export function nativeValidation(
  type: InputType,
  title: string,
  dates?: { from: string; to: string },
): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showInputMessage: true,
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    promptTitle: title.slice(0, 32),
    errorTitle: `${title}填写有误`.slice(0, 32),
  };
  switch (type) {
    case 'status': {
      const labels = Object.values(TASK_STATUS_LABELS);
      return {
        ...common,
        type: 'list',
        formulae: [`"${labels.join(',')}"`],
        prompt: `请从下拉列表选择：${labels.join('、')}`,
        error: `请从下拉列表中选择：${labels.join('、')}，不要手工输入其他内容。`,
      };
    }
    case 'percent':
      return {
        ...common,
        type: 'decimal',
        operator: 'between',
        formulae: [0, 100],
        prompt: '填写0至100之间的数字，如 60 表示 60%，不要输入%号。',
        error: '请输入0至100之间的数字，如 60（表示60%）。',
      };
    case 'count':
      return {
        ...common,
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        prompt: '填写不小于0的整数，不要输入单位或文字。',
        error: '请输入不小于0的整数，如 1234；不要输入文字、单位或小数。',
      };
    case 'date': {
      const range = dates ?? { from: '1900-01-01', to: '9999-12-31' };
      return {
        ...common,
        type: 'date',
        operator: 'between',
        formulae: [new Date(`${range.from}T00:00:00Z`), new Date(`${range.to}T00:00:00Z`)],
        prompt: `按 2024-05-31 的格式填写日期（${range.from} 至 ${range.to}）。`,
        error: `请输入 ${range.from} 至 ${range.to} 之间的日期，格式如 2024-05-31。`,
      };
    }
    case 'yes-no':
      return {
        ...common,
        type: 'list',
        formulae: [`"${YES_LABEL},${NO_LABEL}"`],
        prompt: `请从下拉列表选择“${YES_LABEL}”或“${NO_LABEL}”。`,
        error: `请从下拉列表中选择“${YES_LABEL}”或“${NO_LABEL}”。`,
      };
    case 'text':
      return {
        ...common,
        type: 'textLength',
        operator: 'lessThanOrEqual',
        formulae: [MAX_TEXT_LENGTH],
        prompt: `填写文字，不超过${MAX_TEXT_LENGTH}字；没有内容请留空。`,
        error: `内容过长，请精简到${MAX_TEXT_LENGTH}字以内。`,
      };
  }
}
