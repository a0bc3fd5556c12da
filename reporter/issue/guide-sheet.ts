import { contactClauses } from '../../core/plan/contact.js';
import type ExcelJS from 'exceljs';
import { SHEETS } from '../../core/contract/index.js';
import { periodLabel } from '../../core/calendar/index.js';
import type { Plan } from '../../core/plan/model.js';
import { TASK_STATUS_LABELS } from '../../core/submission.js';
import { chineseDate } from './deadline.js';
import { FONT_NAME, INPUT_FILL, LOCKED_FILL, printSetup } from './styles.js';
import { protect } from './task-sheet.js';

export interface GuideContext {
  plan: Plan;
  unitName: string;
  unitCode: string;
  period: string;
  deadline: string;
  taskCount: number;
  indicatorCount: number;
  fileName: string;
  password: string;
  /** The unit's private portal address, when the office runs the portal. */
  portalUrl?: string;
}

export function contactLine(plan: Plan): string {
  return contactClauses(plan.settings, true).join('，') || '市信用办';
}

export async function writeGuideSheet(wb: ExcelJS.Workbook, ctx: GuideContext): Promise<void> {
  const ws = wb.addWorksheet(SHEETS.guide, { properties: { tabColor: { argb: 'FFC00000' } } });
  ws.columns = [{ width: 16 }, { width: 96 }];
  const n = ctx.plan.settings.returnDeadlineWorkingDay;
  const labels = Object.values(TASK_STATUS_LABELS).join('、');
  const title = ws.getCell('A1');
  ws.mergeCells('A1:B1');
  title.value = `${ctx.plan.title || `${ctx.plan.city}社会信用体系建设${ctx.plan.year}年工作要点`}\n月度进展填报表`;
  title.font = { name: FONT_NAME, size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 48;

  const facts: [string, string][] = [
    ['填报单位', `${ctx.unitName}（单位代码 ${ctx.unitCode}）`],
    ['填报期间', periodLabel(ctx.period)],
    ['报送截止', `${chineseDate(ctx.deadline, true)}，即下月第${n}个工作日（已按法定节假日和调休计算）`],
    ['填报内容', `重点任务进展 ${ctx.taskCount} 项；监测指标 ${ctx.indicatorCount} 项`],
    ['联系方式', contactLine(ctx.plan)],
    ...(ctx.portalUrl
      ? [
          [
            '网上报送',
            `${ctx.portalUrl}\n本单位专用地址，请勿外传。在浏览器中打开，可下载本期填报表、上传报送并立即看到回执；装有填报加载项的 Excel/WPS 可直接点“提交”。`,
          ] as [string, string],
        ]
      : []),
  ];
  const steps = [
    '本工作簿含“任务进展”“监测指标”两张填报表。浅黄色单元格为填报区；灰色单元格为下发内容，已锁定，请勿修改，也不要插入、删除或移动行列。',
    `进展状态请从下拉列表选择：${labels}。`,
    '状态为“已完成”的，完成进度填 100，并在“印证资料”栏写明文件名称、文号或网址。',
    '状态为“滞后”的，须填写“存在问题”，并填写晚于本月的“计划完成时间”。',
    '状态为“不适用”的，须在“本月工作进展”栏说明原因；“推进中”“滞后”的须填写本月工作进展。',
    '完成进度填写 0 至 100 的数字（如 60 表示 60%），不要输入 % 号。日期按 2024-05-31 的格式填写。',
    '监测指标：比值、占比类填写分子和分母，指标值与是否达标由表格自动计算；“本年累计”类填写1月至本月的累计数；数量只填数字，不加单位。',
    '没有内容的单元格请留空，不要填写“无”“—”等。橙色底纹表示必填项尚未填写，红色底纹表示指标未达到目标。',
    '安装了填报加载项（信用工作填报助手）的 Excel 或 WPS 表格会实时检查并在窗格中列出问题，“检查并标记完成”时在表中标红；未安装加载项时，表格自带的数据有效性也会拦截常见错误。',
    `填好后按原格式（.xlsx）保存，不要改名、不要另存为 .xls 或 .et，于截止日期前报送市信用办${ctx.portalUrl ? '（上述网上报送地址，或加载项的“提交”按钮）' : ''}。本文件名：${ctx.fileName}`,
  ];

  let r = 3;
  for (const [label, value] of facts) {
    const a = ws.getCell(`A${r}`);
    const b = ws.getCell(`B${r}`);
    a.value = label;
    b.value = value;
    a.font = { name: FONT_NAME, size: 11, bold: true };
    b.font = {
      name: FONT_NAME,
      size: 11,
      bold: label === '报送截止',
      color: label === '报送截止' ? { argb: 'FFC00000' } : undefined,
    };
    a.fill = LOCKED_FILL;
    a.alignment = { vertical: 'middle' };
    b.alignment = { vertical: 'middle', wrapText: true };
    ws.getRow(r).height = value.includes('\n') ? 36 : 20;
    r++;
  }
  r++;
  ws.getCell(`A${r}`).value = '填报须知';
  ws.getCell(`A${r}`).font = { name: FONT_NAME, size: 12, bold: true };
  r++;
  steps.forEach((step, i) => {
    ws.getCell(`A${r}`).value = `${i + 1}.`;
    ws.getCell(`A${r}`).alignment = { horizontal: 'right', vertical: 'top' };
    const b = ws.getCell(`B${r}`);
    b.value = step;
    b.font = { name: FONT_NAME, size: 11 };
    b.alignment = { vertical: 'top', wrapText: true };
    ws.getRow(r).height = step.length > 46 ? 32 : 18;
    r++;
  });
  r++;
  ws.getCell(`A${r}`).value = '图例';
  ws.getCell(`A${r}`).font = { name: FONT_NAME, size: 11, bold: true };
  const legend = ws.getCell(`B${r}`);
  legend.value = '填报区（浅黄色）';
  legend.fill = INPUT_FILL;
  legend.font = { name: FONT_NAME, size: 11 };

  printSetup(ws, undefined);
  ws.pageSetup.orientation = 'portrait';
  await protect(ws, ctx.password);
}
