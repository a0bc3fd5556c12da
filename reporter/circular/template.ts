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
 * templates/circular.docx, written from code so it is reproducible. The office may restyle it in
 * Word; what must stay are the {{placeholders}} (the renderer names any that go missing).
 */

/** A fixed date so the built template is byte-identical from run to run. */
const TEMPLATE_DATE = '2024-01-01';

export const CIRCULAR_TABLES = {
  indicatorRows: [
    // 序号 and 完成情况 headers wrap onto two lines so the indicator's name gets the room.
    { header: '序号', field: 'no', chars: 1.5 },
    { header: '监测指标', field: 'name', chars: 11, grow: true, left: true },
    { header: '目标', field: 'target', chars: 6.5 },
    { header: '全市值', field: 'value', chars: 6.5 },
    { header: '报送', field: 'reported', chars: 3 },
    { header: '完成\n情况', field: 'met', chars: 3.2 },
  ],
  rankingRows: [
    { header: '排名', field: 'rank', chars: 2.3 },
    { header: '单位', field: 'unit', chars: 8, grow: true, left: true },
    { header: '合规率', field: 'compliance', chars: 4.5 },
    { header: '及时率', field: 'timeliness', chars: 4.5 },
    { header: '完整率', field: 'completeness', chars: 4.5 },
    { header: '综合得分', field: 'score', chars: 4 },
    { header: '较上月', field: 'move', chars: 3.5 },
  ],
  unitRows: [
    // Two-character headers under their group keep the number columns narrow.
    { header: '序号', field: 'no', chars: 1.5 },
    { header: '单位', field: 'unit', chars: 6, grow: true, left: true },
    // 逾期12个工作日 on two lines.
    { header: '报送情况', field: 'submission', chars: 4.6 },
    { header: '完成', field: 'done', chars: 2.3, group: '任务进展（项次）' },
    { header: '推进', field: 'inProgress', chars: 2.3, group: '任务进展（项次）' },
    { header: '滞后', field: 'behind', chars: 2.3, group: '任务进展（项次）' },
    { header: '未启', field: 'notStarted', chars: 2.3, group: '任务进展（项次）' },
    { header: '达标', field: 'met', chars: 2.3, group: '监测指标（项）' },
    { header: '未达', field: 'unmet', chars: 2.3, group: '监测指标（项）' },
    // Two changes wrap after the 分号: 滞后−1； / 达标+1.
    { header: '较上月', field: 'change', chars: 5.2, left: true },
  ],
  stalledRows: [
    { header: '序号', field: 'no', chars: 1.5 },
    { header: '单位', field: 'unit', chars: 6.2, left: true },
    { header: '任务', field: 'task', chars: 11, grow: true, left: true },
    { header: '存在问题', field: 'problems', chars: 11, grow: true, left: true, long: true },
    { header: '计划完成', field: 'planned', chars: 4.2 },
  ],
  unmetRows: [
    { header: '序号', field: 'no', chars: 1.5 },
    { header: '单位', field: 'unit', chars: 6.2, left: true },
    { header: '监测指标', field: 'indicator', chars: 12, grow: true, left: true },
    { header: '目标', field: 'target', chars: 6.5 },
    { header: '本月值', field: 'value', chars: 5 },
  ],
} as const satisfies Record<string, readonly TableColumn[]>;

export const CIRCULAR_CHART = 'dualPublicityChart';

const attachment = (label: string, title: string): FileChild[] => [
  new Paragraph({ style: STYLE.attachmentLabel, children: [new PageBreak(), new TextRun(label)] }),
  blank(),
  p(STYLE.title, title),
  blank(),
];

function body(): FileChild[] {
  return [
    ...documentHead(),
    // 主体
    blank(),
    p(STYLE.bodyNoIndent, '{{mainRecipients}}：'),
    p(STYLE.body, '{{opening}}'),
    p(STYLE.body, '{{overview}}'),
    p(STYLE.body, '{{tasks}}'),
    p(STYLE.body, '{{indicators}}'),
    tableCaption('表1　{{periodText}}监测指标完成情况'),
    rowsTable('indicatorRows', CIRCULAR_TABLES.indicatorRows),
    p(STYLE.body, '{{ranking}}'),
    tableCaption('表2　{{periodText}}“双公示”考评排名'),
    rowsTable('rankingRows', CIRCULAR_TABLES.rankingRows),
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
          dataLabels: { value: true, numberFormat: '0.00' },
          // Scores are out of 100: an axis running past 100 would read as a scale error.
          valueAxis: { numberFormat: '0', maximum: 100 },
          categoryAxis: { font: { size: 8 } },
          transformation: { width: 560, height: 500 },
          altText: { name: '“双公示”综合得分', description: `{{${CIRCULAR_CHART}}}` },
        }),
      ],
    }),
    p(STYLE.body, '{{problems}}'),
    p(STYLE.body, '{{nextSteps}}'),
    ...bodyEnd(),
    // 附件
    ...attachment('附件1', '{{periodText}}各单位报送及任务进展情况表'),
    rowsTable('unitRows', CIRCULAR_TABLES.unitRows),
    p(STYLE.body, '{{unitNote}}'),
    ...attachment('附件2', '{{periodText}}滞后任务及存在问题明细表'),
    rowsTable('stalledRows', CIRCULAR_TABLES.stalledRows),
    p(STYLE.body, '{{stalledNote}}'),
    ...attachment('附件3', '{{periodText}}监测指标未达标情况明细表'),
    rowsTable('unmetRows', CIRCULAR_TABLES.unmetRows),
    p(STYLE.body, '{{unmetNote}}'),
    ...recordBlock(),
  ];
}

export function buildCircularTemplate(): Promise<Uint8Array> {
  return buildGbTemplate({
    title: '月度通报模板',
    description: '社会信用体系建设工作月度通报模板（GB/T 9704-2012）。{{…}} 为占位符，请勿删除。',
    children: body(),
    date: TEMPLATE_DATE,
  });
}
