import { officeDateTime } from '../../core/calendar/office-time.js';
import { periodLabel } from '../../core/calendar/period.js';
import { CalendarError } from '../../core/calendar/working-days.js';
import {
  EXCEPTION_KIND_LABELS,
  exceptionEffect,
  parseExceptionKind,
  type UnitException,
} from '../../core/exceptions/model.js';
import type { Plan } from '../../core/plan/model.js';
import { planTimeZone } from '../../core/schedule/model.js';
import { grantException, removeException } from '../exceptions/service.js';
import { commandLineActor } from '../portal/audit.js';
import { findExceptions } from '../exceptions/store.js';
import { unitLookup } from '../../core/plan/unit-names.js';
import { loadPeriodPlan, loadYearPlan, openWorkspace, yearOption } from '../plan/years.js';
import { openStore, openStoreForReading } from '../store/index.js';
import { periodOption, receivedAtOption, requirePeriodInPlan } from '../options.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';
import { refreshPeriodReports } from '../collect/period-reports.js';

interface ExceptionCommandOptions {
  workspace?: string;
  period?: string;
  unit?: string;
  kind?: string;
  until?: string;
  receivedAt?: string;
  reason?: string;
  id?: string;
  all?: boolean;
  json?: boolean;
}

function kindOption(text: string | undefined): ReturnType<typeof parseExceptionKind> & {} {
  const kind = parseExceptionKind(text ?? '');
  if (!kind) throw new UserError(`--kind ${JSON.stringify(text ?? '')} 应为 延期、免报 或 纸质。`);
  return kind;
}

async function planFor(ws: Workspace, period: string): Promise<Plan> {
  const plan = await loadPeriodPlan(ws, period);
  requirePeriodInPlan(plan, period);
  return plan;
}

/** The period's 汇总表 and receipts follow the exception at once when they have been written. */
async function refresh(ws: Workspace, plan: Plan, period: string): Promise<void> {
  const written = await refreshPeriodReports(ws, plan, period);
  if (written) console.log(`已按例外更新 ${period} 的汇总表和回执：${written}`);
}

function withCalendar<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CalendarError) throw new UserError(error.message);
    throw error;
  }
}

/** `creditwork exception add --period P --unit CODE --kind 延期|免报|纸质 …`. */
export async function add(options: ExceptionCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const period = periodOption(options.period);
  const kind = kindOption(options.kind);
  const plan = await planFor(ws, period);
  const receivedAt =
    options.receivedAt === undefined ? undefined : receivedAtOption(options.receivedAt, plan);
  const store = openStore(ws);
  let granted: UnitException;
  try {
    granted = withCalendar(() =>
      grantException(store, plan, {
        period,
        unit: options.unit ?? '',
        kind,
        ...(options.until !== undefined ? { until: options.until } : {}),
        ...(receivedAt !== undefined ? { receivedAt } : {}),
        reason: options.reason ?? '',
        actor: commandLineActor(),
      }),
    );
  } finally {
    store.close();
  }
  const unit = plan.units.find((u) => u.code === granted.unit)!;
  const zone = planTimeZone(plan);
  console.log(
    `已登记（编号 ${granted.id}）：${unit.name}（${unit.code}）${periodLabel(period)}${exceptionEffect(granted, zone)}；` +
      `原因：${granted.reason}；登记人 ${granted.grantedBy}，${officeDateTime(granted.grantedAt, zone)}。`,
  );
  await refresh(ws, plan, period);
  return 0;
}

/** `creditwork exception remove --id N --reason TEXT` (or `--period P --unit CODE --kind K`). */
export async function remove(options: ExceptionCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const store = openStore(ws);
  let removed: UnitException;
  try {
    let id = options.id === undefined ? NaN : Number(options.id);
    if (options.id !== undefined && !Number.isInteger(id))
      throw new UserError(
        `--id ${JSON.stringify(options.id)} 应为例外的编号（数字），见 creditwork exception list。`,
      );
    if (options.id === undefined) {
      if (!options.period || !options.unit || !options.kind)
        throw new UserError('请用 --id 指定要撤销的例外，或同时给出 --period、--unit 和 --kind。');
      const period = periodOption(options.period);
      const kind = kindOption(options.kind);
      const plan = await planFor(ws, period);
      const code = unitLookup(plan.units)(options.unit) ?? options.unit;
      const found = findExceptions(store, { period, unit: code }).find((e) => e.kind === kind);
      if (!found)
        throw new UserError(
          `${options.unit} ${periodLabel(period)}没有生效的${EXCEPTION_KIND_LABELS[kind]}。`,
        );
      id = found.id;
    }
    removed = removeException(store, { id, actor: commandLineActor(), reason: options.reason ?? '' });
  } finally {
    store.close();
  }
  console.log(
    `已撤销编号 ${removed.id}：${removed.unit} ${periodLabel(removed.period)}${exceptionEffect(removed)}；` +
      `撤销原因：${removed.removedReason}；操作人 ${removed.removedBy}。`,
  );
  await refresh(ws, await loadPeriodPlan(ws, removed.period), removed.period);
  return 0;
}

/** `creditwork exception list [--period P] [--unit CODE] [--all] [--json]`. */
export async function list(options: ExceptionCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const period = options.period === undefined ? undefined : periodOption(options.period);
  const plan = await loadYearPlan(ws, period ? Number(period.slice(0, 4)) : await yearOption(ws, undefined));
  const unit =
    options.unit === undefined ? undefined : (unitLookup(plan.units)(options.unit) ?? options.unit);
  const store = openStoreForReading(ws);
  let found: UnitException[];
  try {
    found = findExceptions(store, {
      ...(period ? { period } : {}),
      ...(unit ? { unit } : {}),
      withRemoved: options.all === true,
    });
  } finally {
    store.close();
  }
  if (options.json) {
    console.log(
      JSON.stringify(
        found.map((e) => ({
          ...e,
          kindLabel: EXCEPTION_KIND_LABELS[e.kind],
          effect: exceptionEffect(e, planTimeZone(plan)),
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  if (!found.length) {
    console.log(options.all ? '没有登记过例外。' : '没有生效的例外（加 --all 查看已撤销的）。');
    return 0;
  }
  const names = new Map(plan.units.map((u) => [u.code, u.name]));
  const zone = planTimeZone(plan);
  for (const e of found) {
    const removed = e.removedAt
      ? `；已于 ${officeDateTime(e.removedAt, zone)} 由 ${e.removedBy} 撤销（${e.removedReason}）`
      : '';
    console.log(
      `[${e.id}] ${e.period} ${names.get(e.unit) ?? e.unit}（${e.unit}） ${exceptionEffect(e, zone)}；原因：${e.reason}；` +
        `${e.grantedBy} 于 ${officeDateTime(e.grantedAt, zone)} 登记${removed}`,
    );
  }
  return 0;
}
