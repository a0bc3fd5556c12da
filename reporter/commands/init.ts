import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { builtInPlan, builtInYears } from '../../core/plan/built-in.js';
import { officeStamp } from '../collect/deadline.js';
import { UserError } from '../user-error.js';
import { ensureWorkspaceSecret } from '../secret.js';
import { createWorkspaceFolders, workspaceAt } from '../workspace.js';

interface InitOptions {
  workspace?: string;
  year?: string;
  force?: boolean;
}

const quote = (dir: string) => (/^[\w./\\:-]+$/.test(dir) ? dir : JSON.stringify(dir));

/** `creditwork init`: the workspace folders and plan.xlsx written from the built-in plan of a year. */
export async function run(options: InitOptions): Promise<number> {
  const yearText = String(options.year ?? '2024').trim();
  const year = Number(yearText);
  const available = builtInYears().join('、');
  if (!/^\d{4}$/.test(yearText)) throw new UserError(`年度"${yearText}"无效：请用四位数字，如 --year 2024`);
  const plan = builtInPlan(year);
  if (!plan) {
    throw new UserError(
      `没有 ${year} 年的内置工作要点（内置年度：${available}）。请用 --year 指定内置年度，生成 plan.xlsx 后再在 Excel 中修改为本年度的内容。`,
    );
  }

  const ws = workspaceAt(options.workspace ?? './creditwork-data');
  let backup: string | undefined;
  if (existsSync(ws.plan)) {
    if (!options.force) {
      throw new UserError(
        `${ws.plan} 已存在，未做任何修改。如确要用内置的 ${year} 年工作要点重新生成，请加 --force（原文件会先备份）。`,
      );
    }
    // Excel and WPS keep ~$plan.xlsx beside a workbook they have open: saving there later would
    // overwrite the new plan with the old one.
    const owner = path.join(ws.root, `~$${path.basename(ws.plan)}`);
    if (existsSync(owner)) {
      throw new UserError(
        `${ws.plan} 正在 Excel/WPS 中打开（有 ${path.basename(owner)}），未做任何修改。请先关闭 plan.xlsx 再运行；如确认已关闭，请删除 ${owner} 后重试。`,
      );
    }
    backup = path.join(ws.root, `plan.备份-${officeStamp()}.xlsx`);
    await copyFile(ws.plan, backup);
  }

  await createWorkspaceFolders(ws);
  // Made once and kept: it signs every workbook this workspace issues (reporter/secret.ts).
  ensureWorkspaceSecret(ws);
  // exceljs loads only once the arguments are known to be good.
  const { writePlanWorkbook } = await import('../plan/workbook.js');
  await writePlanWorkbook(plan, ws.plan);

  const lines = [
    `已创建工作区 ${ws.root}`,
    `  plan.xlsx  ${plan.title}：${plan.tasks.length}项任务、${plan.units.length}个单位、${plan.indicators.length}项指标`,
    ...(backup ? [`  原 plan.xlsx 已备份为 ${path.basename(backup)}`] : []),
    `  inbox/     各单位报回的填报表放这里`,
    `  archive/   收取后的原件存档（只增不改）`,
    `  outbox/    下发给各单位的填报表`,
    `  reports/   汇总表、通报和考核文件`,
    `  workspace.key  签发填报表的密钥（请随工作区一同备份，勿外传）`,
    '',
    '下一步：在 Excel 中核对 plan.xlsx（单位、任务、责任分工、指标、设置），然后运行',
    `  creditwork plan check --workspace ${quote(options.workspace ?? ws.root)}`,
  ];
  console.log(lines.join('\n'));
  return 0;
}
