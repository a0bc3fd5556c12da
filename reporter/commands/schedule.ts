import type { Plan } from '../../core/plan/model.js';
import { scheduleOf } from '../../core/schedule/model.js';
import type { ScheduleInputs } from '../../core/schedule/runs.js';
import type Database from 'better-sqlite3';
import type { RunnerOptions } from '../schedule/real-runners.js';
import type { ScheduleService } from '../schedule/service.js';
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

/** The plans whose runs fall in [from, to]: a year's runs reach into January of the next. */
async function plansFor(ws: Workspace, first: number, last: number): Promise<Plan[]> {
  const { loadYearPlan, planYears, migrateLegacyPlan } = await import('../plan/years.js');
  await migrateLegacyPlan(ws);
  const years = planYears(ws);
  if (years.length > 0) {
    const wanted = years.filter((y) => y >= first - 1 && y <= last);
    if (wanted.length === 0) {
      throw new UserError(
        `工作区中没有 ${first === last ? first : `${first}—${last}`} 年的工作要点（已有：${years.join('、')}年），请检查 --year、--from、--to`,
      );
    }
    const plans: Plan[] = [];
    for (const y of wanted) plans.push(await loadYearPlan(ws, y));
    return plans;
  }
  // `--plan` on a folder without plans: the built-in plan of the year, to see what a schedule looks like.
  const { builtInPlan, builtInYears } = await import('../../core/plan/built-in.js');
  const plan = builtInPlan(last) ?? builtInPlan(first);
  if (!plan) {
    throw new UserError(
      `工作区 ${ws.root} 中没有工作要点，且没有 ${last} 年的内置工作要点（内置：${builtInYears().join('、')}）。` +
        `请先运行 creditwork init --workspace ${JSON.stringify(ws.root)}`,
    );
  }
  console.error(`（工作区中没有工作要点，以下按内置的 ${plan.year} 年工作要点和默认日程列出）`);
  return [plan];
}

async function inputsOf(plan: Plan): Promise<ScheduleInputs> {
  const [{ planCalendar }, { firstPeriodOf }] = await Promise.all([
    import('../../core/plan/calendar.js'),
    import('../../core/plan/periods.js'),
  ]);
  return {
    year: plan.year,
    returnDeadlineWorkingDay: plan.settings.returnDeadlineWorkingDay,
    config: scheduleOf(plan),
    calendar: planCalendar(plan),
    firstPeriod: firstPeriodOf(plan),
  };
}

async function printPlan(ws: Workspace, options: Record<string, unknown>): Promise<number> {
  const from = dateOption(options.from, '--from');
  const to = dateOption(options.to, '--to');
  const { parseYear, defaultPlanYear } = await import('../plan/years.js');
  const year =
    options.year !== undefined
      ? parseYear(options.year)
      : from
        ? Number(from.slice(0, 4))
        : to
          ? Number(to.slice(0, 4))
          : (requireOrNull(() => defaultPlanYear(ws)) ?? Number(new Date().toISOString().slice(0, 4)));
  const start = from ?? `${year}-01-01`;
  // Without --to: to the last run of the year's plan (its assessment in January).
  const end = to ?? '9999-12-31';
  if (end < start) throw new UserError(`--to ${end} 早于 --from ${start}，请交换两者`);
  const plans = await plansFor(ws, Number(start.slice(0, 4)), Number((to ?? start).slice(0, 4)));
  const { listing, yearSchedule } = await import('../../core/schedule/runs.js');
  const { checkSchedule } = await import('../../core/schedule/check.js');
  const lines = [];
  for (const plan of plans) {
    const inputs = await inputsOf(plan);
    const problems = checkSchedule(inputs);
    if (problems.length > 0) {
      throw new UserError(
        `${plan.year}年的日程设置有误：${problems.map((p) => `${p.field}：${p.message}`).join('；')}`,
      );
    }
    lines.push(...listing(inputs, start, end));
    for (const gap of yearSchedule(inputs).gaps) {
      console.error(`（${gap.keys.join('、')} 暂无法排期：${gap.message}）`);
    }
  }
  lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const line of lines) {
    process.stdout.write(
      options.json
        ? JSON.stringify(line) + '\n'
        : `${line.date}\t${line.job}\t${line.key}\t${line.description}\n`,
    );
  }
  return 0;
}

function requireOrNull<T>(get: () => T): T | null {
  try {
    return get();
  } catch {
    return null;
  }
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const ws = workspaceAt(String(options.workspace ?? './creditwork-data'));
  if (options.plan) return printPlan(ws, options);
  if (options.from !== undefined || options.to !== undefined || options.year !== undefined) {
    throw new UserError('--from、--to 和 --year 只用于列出日程，请同时加 --plan');
  }
  requireWorkspace(ws.root);
  const { openStore } = await import('../store/index.js');
  const store = openStore(ws);
  let service: ScheduleService;
  try {
    service = (await openScheduleService(ws, store.db, {
      json: Boolean(options.json),
      write: (l) => process.stdout.write(l),
      whenDisabled: 'refuse',
    }))!;
  } catch (error) {
    store.close();
    throw error;
  }
  const running = service;
  // Handlers go in before the catch-up, which may run for minutes; a second Ctrl-C kills at once.
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => void running.stop(signal).then(resolve);
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  try {
    await running.begin();
  } catch (error) {
    await running.stop('error');
    store.close();
    throw error;
  }
  await stopped;
  store.close();
  return 0;
}

/**
 * The scheduler over the workspace with the real jobs and node-cron, locked and ready to begin():
 * `creditwork schedule` runs it alone, `creditwork serve` beside the portal. When the latest plan
 * turns the schedule off, the command refuses and the portal runs without it (undefined).
 */
export async function openScheduleService(
  ws: Workspace,
  db: Database.Database,
  options: {
    json: boolean;
    write: (line: string) => void;
    whenDisabled: 'refuse' | 'skip';
    runners?: RunnerOptions;
  },
): Promise<ScheduleService | undefined> {
  const [
    { loadYearPlan, migrateLegacyPlan, planYears },
    cron,
    { createLogger },
    { ScheduleService },
    { realRunners },
  ] = await Promise.all([
    import('../plan/years.js'),
    import('node-cron'),
    import('../schedule/logger.js'),
    import('../schedule/service.js'),
    import('../schedule/real-runners.js'),
  ]);
  await migrateLegacyPlan(ws);
  const load = async (year: number) => (planYears(ws).includes(year) ? loadYearPlan(ws, year) : undefined);
  const latest = await load(planYears(ws)[planYears(ws).length - 1]);
  if (latest && !scheduleOf(latest).enabled) {
    if (options.whenDisabled === 'skip') return undefined;
    throw new UserError(
      `plans/${latest.year}.xlsx 的“日程”工作表中“启用日程服务”为“否”：如需运行，请改为“是”`,
    );
  }
  // The log's time zone is the running schedule's, known once the service exists.
  const current: { service?: ScheduleService } = {};
  const logger = createLogger({
    json: options.json,
    now: () => new Date(),
    write: options.write,
    timeZone: () => current.service?.scheduler.currentConfig().timeZone ?? scheduleOf(latest ?? {}).timeZone,
  });
  current.service = ScheduleService.open({
    workspace: ws,
    db,
    loadPlan: load,
    runners: realRunners(ws, load, options.runners),
    logger,
    now: () => new Date(),
    cron: (expression, fire, { timezone, name }) =>
      cron.schedule(expression, fire, { timezone, name, noOverlap: true, logger: quietCronLogger(logger) }),
  });
  return current.service;
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
