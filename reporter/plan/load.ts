import { describeSystemError } from '../system-error.js';
import { UserError } from '../user-error.js';
import { readPlanWorkbook } from './workbook.js';

/** Reads a plan workbook, refusing a file the office cannot open (a UserError with the reason). */
export async function readPlanFile(file: string): Promise<Awaited<ReturnType<typeof readPlanWorkbook>>> {
  try {
    return await readPlanWorkbook(file);
  } catch (error) {
    // A locked or unreadable file is not a broken workbook: name the path and the cause (errors on
    // an open file carry no path of their own).
    const { code, path: where } = (error ?? {}) as { code?: unknown; path?: unknown };
    const system = describeSystemError({ code, path: where ?? file });
    if (system) throw new UserError(system);
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `无法读取 ${file}：它不是有效的 .xlsx 文件（可能已损坏、正被其他程序写入，或另存成了其他格式）。请在 Excel 中打开后另存为“Excel 工作簿(*.xlsx)”，必要时用 creditwork init --force 重新生成。（技术信息：${reason}）`,
    );
  }
}
