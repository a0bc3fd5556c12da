import type { Finding } from '../../core/plan/model.js';
import { fileFinding } from '../collect/safety.js';
import type { Budget } from './pool.js';

/** A file that spent its time or memory budget: refused, archived, and the batch goes on. */
export function budgetFinding(file: string, kind: 'time' | 'memory', budget: Budget): Finding {
  return fileFinding(
    file,
    'collect.over-budget',
    kind === 'time'
      ? `处理时间超过上限（${budget.ms / 1000} 秒）仍未完成，已停止处理并拒收（原文件已存档）。正常填写的填报表只需不到一秒；请使用下发的原表填写，不要在单元格中粘贴大量内容或另行插入对象。`
      : `处理所需内存超过上限（${budget.heapMb} MB），已停止处理并拒收（原文件已存档）。正常填写的填报表远小于此；请使用下发的原表填写，不要在单元格中粘贴大量内容或另行插入对象。`,
  );
}
