import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
} from 'docx';
import { ChartRun } from 'docx/charts';
import { GB, STYLE, gbFooters, gbSectionProperties, gbStyles, typeAreaWidth } from '../render/gb9704.js';
import { normalizeDocx, readParts } from '../render/zip.js';

/**
 * templates/assessment.docx, written from code (GB/T 9704 page, fonts and styles shared with the
 * circular) so it is reproducible; the office may restyle it in Word as long as the {{placeholders}} stay.
 */

const TEMPLATE_DATE = '2024-01-01';

const p = (
  style: string,
  text = '',
  options: Partial<ConstructorParameters<typeof Paragraph>[0] & object> = {},
) => new Paragraph({ style, children: text ? [new TextRun(text)] : [], ...options });

const blank = () => p(STYLE.body);

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const cellBorders = { top: line, bottom: line, left: line, right: line };

export interface TableColumn {
  header: string;
  field: string;
  width: number;
  left?: boolean;
}

/** A header row and one row of `{{key.field}}` cells that the renderer repeats per data row. */
function rowsTable(key: string, columns: readonly TableColumn[]): Table {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.floor((c.width / total) * typeAreaWidth));
  const cell = (text: string, style: string, width: number, left = false) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      borders: cellBorders,
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      children: [p(style, text, left ? { alignment: AlignmentType.LEFT } : {})],
    });
  return new Table({
    width: { size: typeAreaWidth, type: WidthType.DXA },
    columnWidths: widths,
    alignment: AlignmentType.CENTER,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell(c.header, STYLE.tableHeader, widths[i])),
      }),
      new TableRow({
        cantSplit: true,
        children: columns.map((c, i) => cell(`{{${key}.${c.field}}}`, STYLE.table, widths[i], c.left)),
      }),
    ],
  });
}

export const ASSESSMENT_TABLES = {
  rankingRows: [
    { header: '分组', field: 'group', width: 13, left: true },
    { header: '排名', field: 'rank', width: 6 },
    { header: '单位', field: 'unit', width: 20, left: true },
    { header: '基础分', field: 'base', width: 9 },
    { header: '加分', field: 'bonus', width: 7 },
    { header: '扣分', field: 'deduction', width: 7 },
    { header: '总分', field: 'total', width: 9 },
    { header: '等次', field: 'grade', width: 13 },
  ],
  detailRows: [
    { header: '序号', field: 'no', width: 6 },
    { header: '单位', field: 'unit', width: 16, left: true },
    { header: '总分', field: 'total', width: 8 },
    { header: '等次', field: 'grade', width: 7 },
    { header: '主要失分原因', field: 'lost', width: 44, left: true },
  ],
} as const satisfies Record<string, readonly TableColumn[]>;

export const ASSESSMENT_CHART = 'gradeChart';

function body(): FileChild[] {
  return [
    p(STYLE.issuerMark, '{{issuerMark}}'),
    blank(),
    p(STYLE.docNumber, '{{docNumber}}'),
    blank(),
    p(STYLE.title, '{{title}}'),
    blank(),
    p(STYLE.bodyNoIndent, '{{mainRecipients}}：'),
    p(STYLE.body, '{{opening}}'),
    p(STYLE.body, '{{overview}}'),
    p(STYLE.body, '{{ranking}}'),
    p(STYLE.table, '表1  {{yearText}}社会信用体系建设工作考核结果'),
    rowsTable('rankingRows', ASSESSMENT_TABLES.rankingRows),
    blank(),
    new Paragraph({
      style: STYLE.table,
      children: [
        new ChartRun({
          type: 'column',
          title: { text: '考核等次分布（个）', font: { size: 12 } },
          categories: ['优秀', '良好', '合格', '不合格'],
          series: [
            { name: '县(市、区)及开发区', values: [3, 6, 4, 1], color: 'C00000' },
            { name: '市直单位', values: [8, 14, 10, 2], color: '2F5597' },
          ],
          font: { name: '宋体' },
          legend: { position: 'bottom' },
          dataLabels: { value: true },
          valueAxis: { minimum: 0, numberFormat: '0' },
          transformation: { width: 560, height: 320 },
          altText: { name: '考核等次分布', description: `{{${ASSESSMENT_CHART}}}` },
        }),
      ],
    }),
    p(STYLE.body, '{{highlights}}'),
    p(STYLE.body, '{{problems}}'),
    p(STYLE.body, '{{nextSteps}}'),
    blank(),
    p(STYLE.body, '{{attachmentNote}}'),
    blank(),
    blank(),
    p(STYLE.signature, '{{issuer}}'),
    p(STYLE.date, '{{dateText}}'),
    new Paragraph({ style: STYLE.attachmentLabel, children: [new PageBreak(), new TextRun('附件')] }),
    blank(),
    p(STYLE.title, '{{yearText}}各单位考核得分及主要失分原因'),
    blank(),
    rowsTable('detailRows', ASSESSMENT_TABLES.detailRows),
    blank(),
    new Paragraph({
      style: STYLE.record,
      border: {
        top: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 },
        bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 },
      },
      children: [new TextRun('{{copyToLine}}')],
    }),
    new Paragraph({
      style: STYLE.record,
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 } },
      tabStops: [{ type: TabStopType.RIGHT, position: typeAreaWidth - 2 * GB.size.si * 10 }],
      children: [new TextRun('{{printer}}'), new TextRun('\t{{printDate}}印发')],
    }),
  ];
}

export async function buildAssessmentTemplate(): Promise<Uint8Array> {
  const doc = new Document({
    title: '年终考核结果通报模板',
    creator: 'creditwork',
    description: '社会信用体系建设工作年终考核结果通报模板（GB/T 9704-2012）。{{…}} 为占位符，请勿删除。',
    evenAndOddHeaderAndFooters: true,
    styles: gbStyles(),
    sections: [{ properties: gbSectionProperties(), footers: gbFooters(), children: body() }],
  });
  const bytes = new Uint8Array(await Packer.toArrayBuffer(doc));
  return normalizeDocx(readParts(bytes), TEMPLATE_DATE);
}
