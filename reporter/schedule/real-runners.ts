/**
 * The scheduled jobs wired to the real commands. Each command is imported only when its job runs,
 * exactly as the CLI does, and called with the options a person would type.
 */
import type { Plan } from '../../core/plan/model.js';
import type { Workspace } from '../workspace.js';
import type { JobContext, JobRunners, PendingUnit } from './runners.js';

type Command = { run(options: Record<string, unknown>): Promise<number | void> };

async function call(
  name: string,
  load: () => Promise<Command>,
  options: Record<string, unknown>,
): Promise<void> {
  const { run } = await load();
  const code = await run(options);
  if (typeof code === 'number' && code !== 0) throw new Error(`creditwork ${name} 退出码 ${code}`);
}

export interface RunnerOptions {
  /** The portal's public address, when the scheduler runs inside `creditwork serve --base-url`. */
  baseUrl?: string;
}

export function realRunners(
  ws: Workspace,
  loadPlan: (year: number) => Promise<Plan | undefined>,
  options: RunnerOptions = {},
): JobRunners {
  const workspace = ws.root;
  return {
    issue: (ctx: JobContext) =>
      call('issue', () => import('../commands/issue.js'), {
        workspace,
        period: ctx.period,
        force: ctx.resume === true,
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      }),
    collect: (ctx: JobContext) =>
      call('collect', () => import('../commands/collect.js'), { workspace, period: ctx.period }),
    circular: (ctx: JobContext) =>
      call('circular', () => import('../commands/circular.js'), {
        workspace,
        period: ctx.period,
        date: ctx.date,
      }),
    assess: (ctx: JobContext) =>
      call('assess', () => import('../commands/assess.js'), {
        workspace,
        year: String(ctx.year),
        date: ctx.date,
      }),
    // Exempted units, units on an extension not yet due and paper returns are not reminded.
    async pendingUnits(ctx: JobContext): Promise<PendingUnit[]> {
      const [{ periodStatus }, { openStore }, plan] = await Promise.all([
        import('../collect/period-status.js'),
        import('../store/index.js'),
        loadPlan(ctx.year),
      ]);
      if (!plan) throw new Error(`工作区中没有 ${ctx.year} 年的工作要点`);
      const store = openStore(ws);
      try {
        return periodStatus(plan, store, ctx.period!)
          .units.filter((u) => u.state === 'pending' || u.state === 'missing' || u.state === 'rejected')
          .map((u) => ({ code: u.code, name: u.name }));
      } finally {
        store.close();
      }
    },
  };
}
