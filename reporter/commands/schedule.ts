import { existsSync } from 'node:fs';
import type { Plan } from '../../core/plan/model.js';
import { scheduleOf } from '../../core/schedule/model.js';
import type { ScheduleInputs } from '../../core/schedule/runs.js';
import { UserError } from '../user-error.js';
import { requireWorkspace, workspaceAt, type Workspace } from '../workspace.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateOption(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!ISO_DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    throw new UserError(`${flag} "${text}" 不是日期，请写成 YYYY-MM-DD，如 ${flag} 2024-01-01`);
  }
  return text;
}

/** The workspace's plan, or for `--plan` without a workspace the built-in plan of the --from year. */
async function planFor(ws: Workspace, options: Record<string, unknown>, from?: string): Promise<Plan> {
  if (existsSync(ws.plan) || !options.plan) {
    const { loadPlan } = await import('../plan/load.js');
    return loadPlan(requireWorkspace(ws.root));
  }
  const { builtInPlan, builtInYears } = await import('../../core/plan/built-in.js');
  const year = from ? Number(from.slice(0, 4)) : builtInYears()[builtInYears().length - 1];
  const plan = builtInPlan(year);
  if (!plan) {
    throw new UserError(
      `工作区 ${ws.root} 中没有 plan.xlsx，且没有 ${year} 年的内置工作要点（内置：${builtInYears().join('、')}）。` +
        `请先运行 creditwork init --workspace ${JSON.stringify(ws.root)}`,
    );
  }
  console.error(`（工作区中没有 plan.xlsx，以下按内置的 ${year} 年工作要点和默认日程列出）`);
  return plan;
}

async function inputsOf(plan: Plan): Promise<ScheduleInputs> {
  const { chinaWorkdayCalendar } = await import('../../core/schedule/calendar.js');
  return {
    year: plan.year,
    returnDeadlineWorkingDay: plan.settings.returnDeadlineWorkingDay,
    config: scheduleOf(plan),
    calendar: chinaWorkdayCalendar,
  };
}

async function printPlan(ws: Workspace, options: Record<string, unknown>): Promise<number> {
  const from = dateOption(options.from, '--from');
  const to = dateOption(options.to, '--to');
  const plan = await planFor(ws, options, from);
  const { listing, assessDate } = await import('../../core/schedule/runs.js');
  const { checkSchedule } = await import('../../core/schedule/check.js');
  const inputs = await inputsOf(plan);
  const problems = checkSchedule(inputs);
  if (problems.length > 0) {
    throw new UserError(`日程设置有误：${problems.map((p) => `${p.field}：${p.message}`).join('；')}`);
  }
  const start = from ?? `${plan.year}-01-01`;
  const end = to ?? assessDate(inputs);
  if (end < start) throw new UserError(`--to ${end} 早于 --from ${start}，请交换两者`);
  const lines = listing(inputs, start, end);
  for (const line of lines) {
    process.stdout.write(
      options.json
        ? JSON.stringify(line) + '\n'
        : `${line.date}\t${line.job}\t${line.key}\t${line.description}\n`,
    );
  }
  return 0;
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const ws = workspaceAt(String(options.workspace ?? './creditwork-data'));
  if (options.plan) return printPlan(ws, options);
  if (options.from !== undefined || options.to !== undefined) {
    throw new UserError('--from 和 --to 只用于列出日程，请同时加 --plan');
  }
  requireWorkspace(ws.root);
  const [
    { loadPlan },
    { openStore },
    { chinaWorkdayCalendar },
    cron,
    { createLogger },
    { ScheduleService },
    { realRunners },
  ] = await Promise.all([
    import('../plan/load.js'),
    import('../store/index.js'),
    import('../../core/schedule/calendar.js'),
    import('node-cron'),
    import('../schedule/logger.js'),
    import('../schedule/service.js'),
    import('../schedule/real-runners.js'),
  ]);
  const plan = await loadPlan(ws);
  if (!scheduleOf(plan).enabled) {
    throw new UserError('plan.xlsx 的“日程”工作表中“启用日程服务”为“否”：如需运行，请改为“是”');
  }
  const logger = createLogger({
    json: Boolean(options.json),
    now: () => new Date(),
    write: (l) => process.stdout.write(l),
  });
  const store = openStore(ws);
  const load = () => loadPlan(ws);
  let service: ReturnType<typeof ScheduleService.open>;
  try {
    service = ScheduleService.open({
      workspace: ws,
      db: store.db,
      loadPlan: load,
      calendar: chinaWorkdayCalendar,
      runners: realRunners(ws, load),
      logger,
      now: () => new Date(),
      cron: (expression, fire, { timezone, name }) =>
        cron.schedule(expression, fire, { timezone, name, noOverlap: true, logger: quietCronLogger(logger) }),
    });
  } catch (error) {
    store.close();
    throw error;
  }
  // Handlers go in before the catch-up, which may run for minutes; a second Ctrl-C kills at once.
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => void service.stop(signal).then(resolve);
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  try {
    await service.begin();
  } catch (error) {
    await service.stop('error');
    store.close();
    throw error;
  }
  await stopped;
  store.close();
  return 0;
}

/** node-cron's own warnings (e.g. a missed tick after a suspend) go to our log; its chatter does not. */
function quietCronLogger(logger: { warn(m: string): void; error(m: string): void }) {
  return {
    info: () => undefined,
    debug: () => undefined,
    warn: (m: string) => logger.warn(`node-cron：${m}`),
    error: (m: string | Error) => logger.error(`node-cron：${m instanceof Error ? m.message : m}`),
  };
}
