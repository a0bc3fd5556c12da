/** The score sheet (年终考核评分表.xlsx): written by assess, edited by the office, read back by --review. */

export const SCORE_SHEET_FILE = '年终考核评分表.xlsx';

export const SCORE_SHEETS = {
  detail: '评分明细',
  summary: '汇总',
  sources: '来源明细',
  guide: '说明',
} as const;

export type DetailKey =
  | 'group'
  | 'unitCode'
  | 'unit'
  | 'itemId'
  | 'category'
  | 'item'
  | 'cap'
  | 'computed'
  | 'rule'
  | 'period'
  | 'file'
  | 'archive'
  | 'sha256'
  | 'sheet'
  | 'cell'
  | 'value'
  | 'sourceCount'
  | 'review'
  | 'reason'
  | 'final';

export interface DetailColumn {
  key: DetailKey;
  header: string;
  width: number;
  /** The office's columns: unlocked, highlighted, read back. */
  review?: boolean;
  /** Within the print area (the printed columns come first). */
  print?: boolean;
}

/**
 * The office reads a row left to right: which unit and item (frozen), the points, its own review
 * columns right after the computed score, then the rule and the cell it came from. Those are the
 * columns printed (`print`, one A4 landscape page wide); the rest of the trace follows. Reading
 * matches columns by header, so sheets written with another order still read back.
 */
export const DETAIL_COLUMNS: DetailColumn[] = [
  { key: 'unitCode', header: '单位编号', width: 7, print: true },
  { key: 'unit', header: '单位', width: 14, print: true },
  { key: 'itemId', header: '项目编号', width: 6, print: true },
  { key: 'item', header: '考核项目', width: 18, print: true },
  { key: 'cap', header: '分值上限', width: 6, print: true },
  { key: 'computed', header: '系统计分', width: 7, print: true },
  { key: 'review', header: '信用办审核分', width: 8, review: true, print: true },
  { key: 'reason', header: '审核理由', width: 16, review: true, print: true },
  { key: 'final', header: '最终得分', width: 7, print: true },
  { key: 'rule', header: '计分规则（实际计算）', width: 44, print: true },
  { key: 'period', header: '来源期间', width: 8, print: true },
  { key: 'sheet', header: '工作表', width: 8, print: true },
  { key: 'cell', header: '单元格', width: 6, print: true },
  { key: 'value', header: '来源值', width: 12, print: true },
  { key: 'file', header: '来源工作簿', width: 22 },
  { key: 'sourceCount', header: '来源数', width: 7 },
  { key: 'category', header: '类别', width: 12 },
  { key: 'group', header: '分组', width: 14 },
  { key: 'archive', header: '存档文件', width: 30 },
  { key: 'sha256', header: '存档SHA-256', width: 20 },
];

/** Columns kept in view while scrolling right: 单位编号 to 考核项目. */
export const DETAIL_FROZEN = 4;

export const detailColumn = (key: DetailKey): number => DETAIL_COLUMNS.findIndex((c) => c.key === key) + 1;

/** Cell B2 of the guide sheet holds the year, so a review file of another year is refused. */
export const YEAR_LABEL = '考核年度';
