import { PageBreak, Paragraph, TextRun, type FileChild } from 'docx';
import { ChartRun } from 'docx/charts';
import { STYLE } from '../render/gb9704.js';
import {
  blank,
  bodyEnd,
  buildGbTemplate,
  documentHead,
  p,
  recordBlock,
  rowsTable,
  tableCaption,
  type TableColumn,
} from '../render/gb-template.js';

/**
 * templates/assessment.docx, written from code (GB/T 9704 page, fonts, styles, tables and 版记 shared
 * with the circular) so it is reproducible; the office may restyle it in Word as long as the
 * {{placeholders}} stay.
 */

const TEMPLATE_DATE = '2024-01-01';

export const ASSESSMENT_TABLES = {
  rankingRows: [
    // One merged cell per group (the renderer merges the empty cells under a group's name).
    { header: '分组', field: 'group', chars: 5 },
    { header: '排名', field: 'rank', chars: 2.4 },
    { header: '单位', field: 'unit', chars: 8, grow: true, left: true },
    { header: '基础分', field: 'base', chars: 3.5 },
    { header: '加分', field: 'bonus', chars: 3 },
    { header: '扣分', field: 'deduction', chars: 3 },
    { header: '总分', field: 'total', chars: 3.5 },
    { header: '等次', field: 'grade', chars: 4 },
  ],
  detailRows: [
    { header: '序号', field: 'no', chars: 2 },
    { header: '单位', field: 'unit', chars: 7, left: true },
    { header: '总分', field: 'total', chars: 3.5 },
    { header: '等次', field: 'grade', chars: 3 },
    { header: '主要失分原因', field: 'lost', chars: 16, grow: true, left: true, long: true },
  ],
} as const satisfies Record<string, readonly TableColumn[]>;

export const ASSESSMENT_CHART = 'gradeChart';

function body(): FileChild[] {
  return [
    ...documentHead(),
    blank(),
    p(STYLE.bodyNoIndent, '{{mainRecipients}}：'),
    p(STYLE.body, '{{opening}}'),
    p(STYLE.body, '{{overview}}'),
    p(STYLE.body, '{{ranking}}'),
    tableCaption('表1　{{yearText}}社会信用体系建设工作考核结果'),
    rowsTable('rankingRows', ASSESSMENT_TABLES.rankingRows),
    new Paragraph({
      style: STYLE.table,
      spacing: { before: 240 },
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
          transformation: { width: 560, height: 300 },
          altText: { name: '考核等次分布', description: `{{${ASSESSMENT_CHART}}}` },
        }),
      ],
    }),
    p(STYLE.body, '{{highlights}}'),
    p(STYLE.body, '{{problems}}'),
    p(STYLE.body, '{{nextSteps}}'),
    ...bodyEnd(),
    new Paragraph({ style: STYLE.attachmentLabel, children: [new PageBreak(), new TextRun('附件')] }),
    blank(),
    p(STYLE.title, '{{yearText}}各单位考核得分及主要失分原因'),
    blank(),
    rowsTable('detailRows', ASSESSMENT_TABLES.detailRows),
    ...recordBlock(),
  ];
}

export function buildAssessmentTemplate(): Promise<Uint8Array> {
  return buildGbTemplate({
    title: '年终考核结果通报模板',
    description: '社会信用体系建设工作年终考核结果通报模板（GB/T 9704-2012）。{{…}} 为占位符，请勿删除。',
    children: body(),
    date: TEMPLATE_DATE,
  });
}
