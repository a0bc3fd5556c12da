import { statSync } from 'node:fs';
import path from 'node:path';
import { CalendarError } from '../../core/calendar/working-days.js';
import { statedTimeProblems } from '../../core/received.js';
import { stateCounts, unitStatusJson } from '../collect/period-status.js';
import { collectPeriod, type CollectResult } from '../collect/run.js';
import { loadPeriodPlan, openWorkspace } from '../plan/years.js';
import { periodOption, receivedAtOption } from '../options.js';
import { UserError } from '../user-error.js';

interface CollectCommandOptions {
  workspace?: string;
  period?: string;
  inbox?: string;
  receivedAt?: string;
  json?: boolean;
}

const OUTCOME_LABELS = {
  accepted: '已接收',
  rejected: '未通过',
  duplicate: '重复（已收过）',
  failed: '处理失败',
};

function progress(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r收取中 [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write('\n');
  };
}

function summary(r: CollectResult, root: string): string {
  const count = (o: string) => r.files.filter((f) => f.outcome === o).length;
  const lines = [
    `收取 ${r.period}：共 ${r.files.length} 个文件 —— 已接收 ${count('accepted')}，未通过 ${count('rejected')}，重复 ${count('duplicate')}` +
      (count('failed') ? `，处理失败 ${count('failed')}` : '') +
      (r.ignored.length ? `；忽略 ${r.ignored.length} 个临时/隐藏文件` : ''),
  ];
  for (const f of r.files.filter((x) => x.outcome === 'accepted' && x.warnings > 0)) {
    lines.push(`  已接收（有 ${f.warnings} 条提示）：${f.file}`);
  }
  const bad = r.files.filter((f) => f.outcome === 'rejected' || f.outcome === 'failed');
  if (bad.length) {
    lines.push('未通过的文件（原文件已存档，回执中有逐条说明）：');
    for (const f of bad) {
      const errors = f.findings.filter((x) => x.level === 'error');
      // Cell messages name sheet and cell but not the file; file-level ones start with it.
      const first = errors[0]?.message;
      lines.push(
        `  ✗ ${!first ? f.file : first.startsWith(f.file) ? first : `${f.file}：${first}`}` +
          (errors.length > 1 ? `（另有 ${errors.length - 1} 个错误）` : ''),
      );
    }
  }
  const stuck = r.files.filter((f) => f.outcome !== 'failed' && f.movedTo === null);
  if (stuck.length) {
    lines.push(
      `${stuck.length} 个文件已存档并登记，但未能移出收件目录（可能正被 Excel/WPS 打开，或收件目录的子文件夹不可写）：` +
        `${stuck.map((f) => f.file).join('、')}。关闭文件或修正权限后重新运行 collect，它们会作为重复文件移走。`,
    );
  }
  lines.push(`报送情况（截止 ${r.deadline}）：${stateCounts(r.status)}`);
  const missing = r.status.units.filter((u) => u.state === 'missing' || u.state === 'pending');
  if (missing.length && missing.length <= 20)
    lines.push(`  未报送：${missing.map((u) => u.name).join('、')}`);
  lines.push(`汇总表：${r.outputs.master}`);
  if (r.outputs.receipts.length)
    lines.push(`回执：${r.outputs.receipts.length} 份，在 ${root}/reports/${r.period}/回执/`);
  return lines.join('\n');
}

/** `--received-at` as an instant, refused with the reason when it cannot be an arrival for the period. */
function statedReceivedAt(text: string | undefined, period: string): string | undefined {
  if (text === undefined) return undefined;
  const at = receivedAtOption(text);
  const problems = statedTimeProblems(at, period, new Date().toISOString());
  if (problems.length) throw new UserError(`--received-at：${problems.join('')}`);
  return at;
}

/**
 * `creditwork collect --period P`: archive, judge and record every file in the inbox, then write the
 * master workbook and receipts. Exit 0 when every file was accepted (or already known), 2 when
 * some were refused, so a scheduler can tell.
 */
export async function run(options: CollectCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const period = periodOption(options.period);
  // A mistyped --inbox would otherwise read as "no files came in".
  if (options.inbox !== undefined && !statSync(options.inbox, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserError(`收件目录 ${path.resolve(options.inbox)} 不存在或不是文件夹，请检查 --inbox。`);
  }
  const receivedAt = statedReceivedAt(options.receivedAt, period);
  // Not awaited here: collect starts taking files in while the period's plan is read, and awaits it
  // where judging needs it (a plan with errors still stops the run before anything is recorded).
  const plan = loadPeriodPlan(ws, period);
  plan.catch(() => undefined);
  let result: CollectResult;
  try {
    result = await collectPeriod({
      workspace: ws,
      plan,
      period,
      inbox: options.inbox,
      ...(receivedAt ? { receivedAt } : {}),
      onProgress: progress(),
    });
  } catch (error) {
    if (error instanceof CalendarError) throw new UserError(error.message);
    throw error;
  }
  if (options.json) {
    const { status, ...rest } = result;
    const json = {
      ...rest,
      files: rest.files.map((f) => ({ ...f, outcomeLabel: OUTCOME_LABELS[f.outcome] })),
      units: status.units.map(unitStatusJson),
    };
    console.log(JSON.stringify(json, null, 2));
  } else {
    console.log(summary(result, ws.root));
  }
  return result.files.some((f) => f.outcome === 'rejected' || f.outcome === 'failed') ? 2 : 0;
}
