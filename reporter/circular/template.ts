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
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type FileChild,
} from 'docx';
import { ChartRun } from 'docx/charts';
import { GB, STYLE, gbFooters, gbSectionProperties, gbStyles, typeAreaWidth } from '../render/gb9704.js';
import { decode, encode, normalizeDocx, readParts } from '../render/zip.js';
import { finishGbStyles } from '../render/gb9704.js';

/**
 * templates/circular.docx, written from code so it is reproducible. The office may restyle it in
 * Word; what must stay are the {{placeholders}} (the renderer names any that go missing).
 */

/** A fixed date so the built template is byte-identical from run to run. */
const TEMPLATE_DATE = '2024-01-01';

const p = (
  style: string,
  text = '',
  options: Partial<ConstructorParameters<typeof Paragraph>[0] & object> = {},
) => new Paragraph({ style, children: text ? [new TextRun(text)] : [], ...options });

const blank = () => p(STYLE.body);

const cellBorders = {
  top: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  left: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  right: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
};

/** A table with a header row and one row of `{{key.field}}` cells that the renderer repeats. */
function rowsTable(
  key: string,
  columns: { header: string; field: string; width: number; left?: boolean }[],
): Table {
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

export const CIRCULAR_TABLES = {
  indicatorRows: [
    { header: '序号', field: 'no', width: 6 },
    { header: '监测指标', field: 'name', width: 33, left: true },
    { header: '目标', field: 'target', width: 14 },
    { header: '全市值', field: 'value', width: 15 },
    { header: '报送', field: 'reported', width: 7 },
    { header: '完成情况', field: 'met', width: 11 },
  ],
  rankingRows: [
    { header: '排名', field: 'rank', width: 6 },
    { header: '单位', field: 'unit', width: 24, left: true },
    { header: '合规率', field: 'compliance', width: 10 },
    { header: '及时率', field: 'timeliness', width: 10 },
    { header: '完整率', field: 'completeness', width: 10 },
    { header: '综合得分', field: 'score', width: 11 },
    { header: '较上月', field: 'move', width: 9 },
  ],
  unitRows: [
    { header: '序号', field: 'no', width: 6 },
    { header: '单位', field: 'unit', width: 19, left: true },
    { header: '报送情况', field: 'submission', width: 14 },
    { header: '已完成', field: 'done', width: 7 },
    { header: '推进中', field: 'inProgress', width: 7 },
    { header: '滞后', field: 'behind', width: 7 },
    { header: '未启动', field: 'notStarted', width: 7 },
    { header: '指标达标', field: 'met', width: 8 },
    { header: '未达标', field: 'unmet', width: 8 },
    { header: '较上月', field: 'change', width: 14, left: true },
  ],
  stalledRows: [
    { header: '序号', field: 'no', width: 6 },
    { header: '单位', field: 'unit', width: 15, left: true },
    { header: '任务', field: 'task', width: 24, left: true },
    { header: '存在问题', field: 'problems', width: 30, left: true },
    { header: '计划完成时间', field: 'planned', width: 14 },
  ],
} as const;

export const CIRCULAR_CHART = 'dualPublicityChart';

function body(): FileChild[] {
  return [
    // 版头
    p(STYLE.issuerMark, '{{issuerMark}}'),
    blank(),
    p(STYLE.docNumber, '{{docNumber}}'),
    blank(),
    // 主体
    p(STYLE.title, '{{title}}'),
    blank(),
    p(STYLE.bodyNoIndent, '{{mainRecipients}}：'),
    p(STYLE.body, '{{opening}}'),
    p(STYLE.body, '{{overview}}'),
    p(STYLE.body, '{{tasks}}'),
    p(STYLE.body, '{{indicators}}'),
    p(STYLE.table, '表1  {{periodText}}监测指标完成情况'),
    rowsTable('indicatorRows', [...CIRCULAR_TABLES.indicatorRows]),
    p(STYLE.body, '{{ranking}}'),
    p(STYLE.table, '表2  {{periodText}}“双公示”考评排名'),
    rowsTable('rankingRows', [...CIRCULAR_TABLES.rankingRows]),
    new Paragraph({
      style: STYLE.table,
      children: [
        new ChartRun({
          type: 'bar',
          title: { text: '“双公示”综合得分', font: { size: 12 } },
          categories: ['单位甲', '单位乙'],
          series: [{ name: '综合得分', values: [98, 95], color: 'C00000' }],
          font: { name: '宋体' },
          legend: false,
          dataLabels: { value: true, numberFormat: '0.0' },
          valueAxis: { numberFormat: '0' },
          categoryAxis: { font: { size: 8 } },
          transformation: { width: 560, height: 520 },
          altText: { name: '“双公示”综合得分', description: `{{${CIRCULAR_CHART}}}` },
        }),
      ],
    }),
    p(STYLE.body, '{{problems}}'),
    p(STYLE.body, '{{nextSteps}}'),
    blank(),
    p(STYLE.body, '{{attachmentNote}}'),
    blank(),
    blank(),
    p(STYLE.signature, '{{issuer}}'),
    p(STYLE.date, '{{dateText}}'),
    // 附件
    new Paragraph({ style: STYLE.attachmentLabel, children: [new PageBreak(), new TextRun('附件1')] }),
    blank(),
    p(STYLE.title, '{{periodText}}各单位报送及任务进展情况表'),
    blank(),
    rowsTable('unitRows', [...CIRCULAR_TABLES.unitRows]),
    new Paragraph({ style: STYLE.attachmentLabel, children: [new PageBreak(), new TextRun('附件2')] }),
    blank(),
    p(STYLE.title, '{{periodText}}滞后任务及存在问题明细表'),
    blank(),
    rowsTable('stalledRows', [...CIRCULAR_TABLES.stalledRows]),
    p(STYLE.body, '{{stalledNote}}'),
    blank(),
    // 版记: first and last rules thick, the one between thin (GB/T 9704 7.4.1).
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
      children: [new TextRun('{{printer}}'), new TextRun({ children: [new Tab(), '{{printDate}}印发'] })],
    }),
  ];
}

export async function buildCircularTemplate(): Promise<Uint8Array> {
  const doc = new Document({
    title: '月度通报模板',
    creator: 'creditwork',
    description: '社会信用体系建设工作月度通报模板（GB/T 9704-2012）。{{…}} 为占位符，请勿删除。',
    evenAndOddHeaderAndFooters: true,
    styles: gbStyles(),
    sections: [{ properties: gbSectionProperties(), footers: gbFooters(), children: body() }],
  });
  const parts = readParts(new Uint8Array(await Packer.toArrayBuffer(doc)));
  parts.set('word/styles.xml', encode(finishGbStyles(decode(parts.get('word/styles.xml')!))));
  return normalizeDocx(parts, TEMPLATE_DATE);
}
