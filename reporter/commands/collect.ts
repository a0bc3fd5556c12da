import { statSync } from 'node:fs';
import path from 'node:path';
import { CalendarError } from '../../core/calendar/working-days.js';
import { statedTimeProblems } from '../../core/received.js';
import { stateCounts, unitStatusJson } from '../collect/period-status.js';
import { collectInbox, type CollectResult, type PeriodReport } from '../collect/run.js';
import { periodOption, receivedAtOption } from '../options.js';
import { describeSystemError } from '../system-error.js';
import { UserError } from '../user-error.js';
import { defaultPlanYear, loadYearPlan, openWorkspace } from '../plan/years.js';
import type { Workspace } from '../workspace.js';
import { planTimeZone } from '../../core/schedule/model.js';

interface CollectCommandOptions {
  workspace?: string;
  period?: string;
  inbox?: string;
  receivedAt?: string;
  json?: boolean;
}

const OUTCOME_LABELS = {
  accepted: '已接收',
  refused: '未通过',
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

function periodLines(p: PeriodReport, root: string): string[] {
  const lines = [`${p.period} 报送情况（截止 ${p.deadline}）：${stateCounts(p.status)}`];
  const missing = p.status.units.filter((u) => u.state === 'missing' || u.state === 'pending');
  if (missing.length && missing.length <= 20)
    lines.push(`  未报送：${missing.map((u) => u.name).join('、')}`);
  lines.push(`  汇总表：${p.outputs.master}`);
  if (p.outputs.receipts.length)
    lines.push(`  回执：${p.outputs.receipts.length} 份，在 ${root}/reports/${p.period}/回执/`);
  return lines;
}

function summary(r: CollectResult, root: string, only: string | undefined): string {
  const count = (o: string) => r.files.filter((f) => f.outcome === o).length;
  const lines = [
    `收取${only ? ` ${only}` : ''}：共 ${r.files.length} 个文件 —— 已接收 ${count('accepted')}，未通过 ${count('refused')}，重复 ${count('duplicate')}` +
      (count('failed') ? `，处理失败 ${count('failed')}` : '') +
      (r.ignored.length ? `；忽略 ${r.ignored.length} 个临时/隐藏文件` : ''),
  ];
  if (r.elsewhere.length) {
    const periods = [...new Set(r.elsewhere.map((e) => e.period))].sort();
    lines.push(
      `另有 ${r.elsewhere.length} 个其他期间的文件留在收件目录中，本次只收取 ${only}：` +
        `${r.elsewhere.map((e) => `${e.file}（${e.period}）`).join('、')}。` +
        `收取它们请运行 collect 不加 --period，或加 --period ${periods.join(' / ')}。`,
    );
  }
  for (const f of r.files.filter((x) => x.outcome === 'accepted' && x.warnings > 0)) {
    lines.push(`  已接收（有 ${f.warnings} 条提示）：${f.file}`);
  }
  const refused = r.files.filter((f) => f.outcome === 'refused');
  if (refused.length) {
    lines.push('未通过的文件（原文件已存档，回执中有逐条说明）：');
    for (const f of refused) {
      const errors = f.findings.filter((x) => x.level === 'error');
      // Cell messages name sheet and cell but not the file; file-level ones start with it.
      const first = errors[0]?.message;
      lines.push(
        `  ✗ ${!first ? f.file : first.startsWith(f.file) ? first : `${f.file}：${first}`}` +
          (errors.length > 1 ? `（另有 ${errors.length - 1} 个错误）` : ''),
      );
    }
  }
  // Failures are ours, not the units': apart from refusals, the shared reason said once (below).
  const failed = r.files.filter((f) => f.outcome === 'failed');
  if (failed.length) {
    lines.push('未能处理的文件（不是填报单位的问题，文件仍在收件目录中）：');
    for (const f of failed) {
      const reason = f.findings[0]?.message;
      const own = reason && reason !== r.stopped?.message ? reason : undefined;
      lines.push(`  ! ${!own ? f.file : own.startsWith(f.file) ? own : `${f.file}：${own}`}`);
    }
  }
  const stuck = r.files.filter((f) => f.outcome !== 'failed' && f.movedTo === null);
  if (stuck.length) {
    lines.push(
      `${stuck.length} 个文件已存档并登记，但未能移出收件目录（可能正被 Excel/WPS 打开，或收件目录的子文件夹不可写）：` +
        `${stuck.map((f) => f.file).join('、')}。关闭文件或修正权限后重新运行 collect，它们会作为重复文件移走。`,
    );
  }
  for (const p of r.periods) lines.push(...periodLines(p, root));
  if (r.files.length === 0 && r.periods.length === 0) lines.push('收件目录中没有待收取的文件。');
  return lines.join('\n');
}

/**
 * `--received-at` as an instant, refused with the reason when it cannot be an arrival: in the future,
 * or (with --period) before the period began. Without --period each file's own period is checked
 * by the intake (a file of a later period is left in the inbox with the reason).
 */
async function statedReceivedAt(
  ws: Workspace,
  text: string | undefined,
  period: string | undefined,
): Promise<{ at: string; timeZone: string } | undefined> {
  if (text === undefined) return undefined;
  // Read in the office's zone: the period's plan's, or for a collect of every period this year's.
  const plan = await loadYearPlan(ws, period ? Number(period.slice(0, 4)) : defaultPlanYear(ws));
  const timeZone = planTimeZone(plan);
  const at = receivedAtOption(text, plan);
  const problems = statedTimeProblems(at, period ?? null, new Date().toISOString(), timeZone);
  if (problems.length) throw new UserError(`--received-at：${problems.join('')}`);
  return { at, timeZone };
}

/** What was done before a stop, and that the next run completes the batch. */
function stopNote(r: CollectResult): string {
  const done = r.files.filter((f) => f.outcome !== 'failed').length;
  const left = r.stopped!.remaining + r.files.filter((f) => f.outcome === 'failed').length;
  return (
    `已处理的 ${done} 个文件均已存档并登记；其余 ${left} 个文件仍在收件目录中，没有丢失。` +
    `${r.stopped!.reason === 'failure' ? '问题解决后' : ''}再次运行 collect 即可完成本批。`
  );
}

/**
 * `creditwork collect [--period P]`: archive, judge and record every file in the inbox (each for
 * its own period; with --period only that period's), then each period's master workbook and
 * receipts. Exit 0 when every file was accepted (or already known), 2 when some were refused, 1 on
 * a failure of our own (nothing lost; the re-run completes), 130 when interrupted.
 */
export async function run(options: CollectCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const only = options.period === undefined ? undefined : periodOption(options.period);
  // A mistyped --inbox would otherwise read as "no files came in".
  if (options.inbox !== undefined && !statSync(options.inbox, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserError(`收件目录 ${path.resolve(options.inbox)} 不存在或不是文件夹，请检查 --inbox。`);
  }
  const stated = await statedReceivedAt(ws, options.receivedAt, only);
  // Plans are read as files of their year need them (intake/plan-for.ts): files are archived and
  // examined meanwhile, and a plan with errors stops the run before anything of its year is recorded.
  // Ctrl+C: finish the files in hand, record them, say what was done; a second one ends at once.
  const interrupt = new AbortController();
  const onSignal = () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write('\n收到中断信号：完成正在处理的文件后停止（再按一次 Ctrl+C 立即退出）…\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  let result: CollectResult;
  try {
    result = await collectInbox({
      workspace: ws,
      ...(only ? { period: only } : {}),
      inbox: options.inbox,
      ...(stated ? { receivedAt: stated.at, timeZone: stated.timeZone } : {}),
      onProgress: progress(),
      signal: interrupt.signal,
    });
  } catch (error) {
    if (error instanceof CalendarError) throw new UserError(error.message);
    const described = describeSystemError(error);
    if (described)
      throw new UserError(
        `收取未完成：${described} 收件目录中的文件都还在原处，已存档的原件也完好，没有丢失任何文件；问题解决后再次运行 collect 即可。`,
      );
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
  }
  if (options.json) {
    const periods = result.periods.map(({ status, ...p }) => ({
      ...p,
      units: status.units.map(unitStatusJson),
    }));
    // With --period (or when one period was collected) its period, deadline, outputs and units also
    // stand at the top, where a collect of one period has always put them.
    const one = only ? periods.find((p) => p.period === only) : periods.length === 1 ? periods[0] : undefined;
    const json = {
      ...one,
      ...result,
      files: result.files.map((f) => ({ ...f, outcomeLabel: OUTCOME_LABELS[f.outcome] })),
      periods,
    };
    console.log(JSON.stringify(json, null, 2));
  } else {
    console.log(summary(result, ws.root, only));
  }
  if (result.stopped) {
    const what = result.stopped.reason === 'failure' ? `收取中止：${result.stopped.message}` : '收取已中断。';
    console.error(`${what}${stopNote(result)}`);
    return result.stopped.reason === 'failure' ? 1 : 130;
  }
  if (result.files.some((f) => f.outcome === 'failed')) return 1;
  return result.files.some((f) => f.outcome === 'refused') ? 2 : 0;
}
