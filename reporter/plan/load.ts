import type { Plan } from '../../core/plan/model.js';
import { describeSystemError } from '../system-error.js';
import { UserError } from '../user-error.js';
import { requireWorkspace, type Workspace } from '../workspace.js';
import { errorsOf, formatFinding } from './findings.js';
import { readPlanWorkbook } from './workbook.js';

const SHOWN = 20;

/** Reads plan.xlsx, refusing a file the office cannot open (a UserError with the reason). */
export async function readPlanFile(file: string): Promise<Awaited<ReturnType<typeof readPlanWorkbook>>> {
  try {
    return await readPlanWorkbook(file);
  } catch (error) {
    // A locked or unreadable file is not a broken workbook: name the path and the cause (errors on
    // an open file carry no path of their own).
    const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
    const system = describeSystemError({ code, path: path ?? file });
    if (system) throw new UserError(system);
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `无法读取 ${file}：它不是有效的 .xlsx 文件（可能已损坏、正被其他程序写入，或另存成了其他格式）。请在 Excel 中打开后另存为“Excel 工作簿(*.xlsx)”，必要时用 creditwork init --force 重新生成。（技术信息：${reason}）`,
    );
  }
}

/**
 * The workspace's plan for commands that act on it (issue, collect, circular, assess…). A plan with
 * errors is refused with every error listed, so nothing is issued or judged against a broken plan.
 */
export async function loadPlan(workspace: Workspace | string): Promise<Plan> {
  const ws = typeof workspace === 'string' ? requireWorkspace(workspace) : workspace;
  const { plan, findings } = await readPlanFile(ws.plan);
  const errors = errorsOf(findings);
  if (errors.length > 0) {
    const lines = errors.slice(0, SHOWN).map((finding) => `  ${formatFinding(finding)}`);
    if (errors.length > SHOWN) lines.push(`  ……另有 ${errors.length - SHOWN} 个错误`);
    throw new UserError(
      `plan.xlsx 有 ${errors.length} 个错误，请修改后再运行（运行 creditwork plan check --workspace ${JSON.stringify(ws.root)} 查看全部）：\n${lines.join('\n')}`,
    );
  }
  return plan;
}
