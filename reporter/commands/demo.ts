import path from 'node:path';
import { UserError } from '../user-error.js';

interface DemoCommandOptions {
  months?: string;
  seed?: string;
}

/** `creditwork demo [dir]`: the whole year on the built-in plan, with a simulated clock. */
export async function run(options: DemoCommandOptions, dir = './demo-output'): Promise<number> {
  const months = Number(options.months ?? 12);
  const seed = Number(options.seed ?? 2024);
  if (!Number.isInteger(months) || months < 1 || months > 12)
    throw new UserError(`--months 应为 1 到 12 的整数，收到"${options.months}"`);
  if (!Number.isInteger(seed)) throw new UserError(`--seed 应为整数，收到"${options.seed}"`);
  const { runDemo } = await import('../demo/run-demo.js');
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);
  const result = await runDemo({ dir, months, seed, log });
  // Paths inside the current folder read best relative; anything else is shown in full.
  const rel = (p: string) => {
    const relative = path.relative(process.cwd(), p);
    return relative === '' ? '.' : relative.startsWith('..') ? p : relative;
  };
  const ws = result.workspace;
  console.log(
    [
      '',
      `演示完成，用时 ${((Date.now() - started) / 1000).toFixed(0)} 秒。共下发 ${result.counts.issued} 份，逾期 ${result.counts.late} 份，未报 ${result.counts.missing} 份，退回修改后重报 ${result.counts.corrected} 份。`,
      '',
      `工作区          ${rel(ws.root)}`,
      `  工作要点      ${rel(ws.plans)}/2024.xlsx`,
      `  下发的填报表  ${rel(ws.outbox)}/<期间>/`,
      `  原件存档      ${rel(ws.archive)}/`,
      `  汇总表与回执  ${rel(ws.reports)}/<期间>/`,
      `  月度通报      ${rel(result.circulars[result.circulars.length - 1] ?? ws.reports)}（共 ${result.circulars.length} 期）`,
      ...(result.scoreSheet ? [`  考核评分表    ${rel(result.scoreSheet)}`] : []),
      ...(result.assessmentReport ? [`  考核结果通报  ${rel(result.assessmentReport)}`] : []),
      '',
      `查看报送情况：npx creditwork status --workspace ${rel(ws.root)} --period 2024-12`,
      `查看发文登记：npx creditwork documents --workspace ${rel(ws.root)}`,
    ].join('\n'),
  );
  return 0;
}
