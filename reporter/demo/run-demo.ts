import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatPeriod, nextPeriod, parsePeriod, periodLabel } from '../../core/calendar/index.js';
import { unitRows } from '../../core/contract/index.js';
import { builtInPlan } from '../../core/plan/built-in.js';
import { planCalendar } from '../../core/plan/calendar.js';
import type { Plan } from '../../core/plan/model.js';
import { scheduleOf } from '../../core/schedule/model.js';
import { runAssessment } from '../assess/index.js';
import { publishCircular } from '../circular/service.js';
import { returnDeadline } from '../collect/deadline.js';
import { collectInbox } from '../collect/run.js';
import { nextNumber } from '../documents/register.js';
import { issuePeriod } from '../issue/issue-period.js';
import { loadYearPlan, planFileOf } from '../plan/years.js';
import { documentNumber } from '../render/format.js';
import { ensureWorkspaceSecret } from '../secret.js';
import { writePlanWorkbook } from '../plan/workbook.js';
import { openStore } from '../store/index.js';
import { workspaceAt, type Workspace } from '../workspace.js';
import { fillWorkbook } from './fill-workbook.js';
import { drawPersona, type Persona } from './personas.js';
import { seededRandom, type Random } from './random.js';
import { emptyState, monthlyEntry, type UnitState } from './typing.js';

/**
 * The whole year on the embedded plan: issue, fill as ~50 units would, deliver on simulated days,
 * collect twice a month (the second round picks up late and corrected files), publish the circular,
 * and assess the year. The clock is simulated, so the same seed gives the same outputs.
 */

/**
 * What the office types into plan.xlsx's 设置 before its first month: its city (the seed writes XX;
 * its references place it in 运城), its 发文机关代字, a contact, and PDFs beside the documents. The rest of plan.xlsx keeps the
 * seed's own words, XX included; every generated text says 运城.
 */
export function demoOfficePlan(plan: Plan): Plan {
  return {
    ...plan,
    city: '运城市',
    // A PDF beside each document, for printing (设置 同时生成PDF).
    document: { ...plan.document, numberPrefix: '运信用办', pdf: true },
    settings: { ...plan.settings, contactName: '王敏', contactPhone: '0359-2081234' },
  };
}

export interface DemoOptions {
  dir: string;
  months: number;
  seed: number;
  log: (line: string) => void;
  /**
   * Lay the documents out with LibreOffice (版记 on an even page, a PDF beside; default true).
   * False for tests that look at something else and need not wait for LibreOffice.
   */
  layOut?: boolean;
}

export interface DemoResult {
  workspace: Workspace;
  circulars: string[];
  scoreSheet?: string;
  assessmentReport?: string;
  counts: { issued: number; returned: number; corrected: number; late: number; missing: number };
}

/** 09:00–17:59 China Standard Time on an ISO date, as an instant. */
function officeHours(date: string, random: Random): Date {
  const minutes = random.int(9 * 60, 17 * 60 + 59);
  return new Date(
    `${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`,
  );
}

const morning = (date: string) => new Date(`${date}T08:30:00+08:00`);

interface Delivery {
  unit: string;
  at: Date;
  cellsFrom: 'first' | 'correct';
}

function plannedDeliveries(
  plan: Plan,
  period: string,
  units: string[],
  personas: Map<string, Persona>,
  random: Random,
) {
  const deadline = returnDeadline(plan, period);
  const calendar = planCalendar(plan);
  const next = parsePeriod(nextPeriod(period));
  const deliveries: Delivery[] = [];
  const missing: string[] = [];
  const late: string[] = [];
  for (const unit of units) {
    const persona = personas.get(unit)!;
    if (!random.chance(persona.returns)) {
      missing.push(unit);
      continue;
    }
    const isLate = random.chance(persona.late);
    const day = isLate
      ? calendar.addWorkingDays(deadline, random.int(1, 2))
      : calendar.nthWorkingDayOfMonth(
          next.year,
          next.month,
          random.int(1, plan.settings.returnDeadlineWorkingDay),
        );
    if (isLate) late.push(unit);
    deliveries.push({ unit, at: officeHours(day, random), cellsFrom: 'first' });
  }
  return { deadline, deliveries, missing, late };
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { log } = options;
  const ws = workspaceAt(options.dir);
  if (existsSync(ws.root)) await rm(ws.root, { recursive: true, force: true });
  const { run: init } = await import('../commands/init.js');
  await withQuietConsole(() => init({ workspace: ws.root, year: '2024' }));
  await writePlanWorkbook(demoOfficePlan(builtInPlan(2024)!), planFileOf(ws, 2024));
  const plan = await loadYearPlan(ws, 2024);
  const calendar = planCalendar(plan);
  // The demo's own secret, from the seed: the same seed signs the same workbooks byte for byte.
  rmSync(ws.secret, { force: true });
  const secret = ensureWorkspaceSecret(ws, () =>
    createHash('sha256').update(`creditwork demo secret ${options.seed}`).digest(),
  );
  const random = seededRandom(options.seed);
  const schedule = scheduleOf(plan);
  const personas = new Map(plan.units.map((u) => [u.code, drawPersona(u, random)]));
  const states = new Map<string, UnitState>(plan.units.map((u) => [u.code, emptyState()]));
  const counts = { issued: 0, returned: 0, corrected: 0, late: 0, missing: 0 };
  const circulars: string[] = [];
  log(`工作区：${ws.root}（${plan.city}，${plan.title}，${plan.units.length}个单位）`);

  for (let month = 1; month <= options.months; month++) {
    const period = formatPeriod(plan.year, month);
    const monthRandom = random.fork(period);
    const issueDay = calendar.workingDaysOfMonth(plan.year, month)[schedule.issueWorkingDay - 1];
    const store = existsSync(ws.database) ? openStore(ws) : undefined;
    const issued = await issuePeriod({
      plan,
      period,
      outbox: ws.outbox,
      previous: store ? (unit) => store.lastAcceptedBefore(unit, period) : undefined,
      now: morning(issueDay),
      secret,
    }).finally(() => store?.close());
    counts.issued += issued.files.length;

    const units = issued.files.map((f) => f.unitCode);
    const { deadline, deliveries, missing, late } = plannedDeliveries(
      plan,
      period,
      units,
      personas,
      monthRandom,
    );
    counts.missing += missing.length;
    counts.late += late.length;

    // What each unit types this month, and the mistaken first version some of them send.
    const entries = new Map(
      issued.files.map((f) => [
        f.unitCode,
        monthlyEntry(
          unitRows(plan, f.unitCode),
          period,
          personas.get(f.unitCode)!,
          states.get(f.unitCode)!,
          monthRandom,
        ),
      ]),
    );
    // The office's rhythm is the plan's own schedule: a first collect the day after the deadline,
    // receipts out, a last collect and the circular on the scheduled day.
    const circularDate = calendar.addWorkingDays(deadline, schedule.circularWorkingDaysAfterDeadline);
    const firstRound = calendar.addWorkingDays(deadline, 1);
    const secondRound = circularDate;

    const deliver = async (delivery: Delivery) => {
      const file = issued.files.find((f) => f.unitCode === delivery.unit)!;
      const entry = entries.get(delivery.unit)!;
      const bytes = await fillWorkbook(
        file.path,
        delivery.cellsFrom === 'first' ? entry.first.cells : entry.correct.cells,
        delivery.at,
      );
      await mkdir(ws.inbox, { recursive: true });
      const suffix = delivery.cellsFrom === 'correct' ? '（修改后）' : '';
      const target = path.join(ws.inbox, file.file.replace(/\.xlsx$/, `${suffix}.xlsx`));
      await writeFile(target, bytes);
      await utimes(target, delivery.at, delivery.at);
    };

    for (const d of deliveries.filter((d) => d.at <= morning(firstRound))) await deliver(d);
    const first = await collectInbox({ workspace: ws, plan, period, now: () => morning(firstRound) });
    const rejected = first.files.filter((f) => f.outcome === 'refused' && f.unit).map((f) => f.unit!);

    // Units whose receipt named errors send a corrected workbook within two working days.
    for (const unit of rejected) {
      await deliver({
        unit,
        at: officeHours(calendar.addWorkingDays(firstRound, monthRandom.int(1, 2)), monthRandom),
        cellsFrom: 'correct',
      });
      counts.corrected++;
    }
    for (const d of deliveries.filter((d) => d.at > morning(firstRound))) await deliver(d);
    const second = await collectInbox({ workspace: ws, plan, period, now: () => morning(secondRound) });
    counts.returned += second.periods[0].status.units.filter((u) => u.state !== 'missing').length;

    // Published as the office does it: through the register, with its year's next free 发文字号,
    // laid out so the 版记 ends on an even page.
    const registerStore = openStore(ws);
    const circular = await publishCircular({
      ws,
      store: registerStore,
      plan,
      period,
      date: circularDate,
      number: nextNumber(registerStore, Number(circularDate.slice(0, 4))),
      layOut: options.layOut,
      ...(options.layOut === false ? { pdf: false } : {}),
      now: morning(circularDate),
    }).finally(() => registerStore.close());
    circulars.push(circular.file);
    log(
      `${periodLabel(period)}：下发${issued.files.length}份，收到${circular.returns}份` +
        `（逾期${late.length}、未报${missing.length}、退回修改${rejected.length}），截止${deadline}，` +
        `通报${circularDate}（${documentNumber(plan.document.numberPrefix, circularDate, String(circular.record.number))}${circular.pages ? `，${circular.pages}页` : ''}）`,
    );
  }

  const result: DemoResult = { workspace: ws, circulars, counts };
  if (options.months === 12) {
    const assessDate = calendar.nthWorkingDayOfMonth(plan.year + 1, 1, schedule.assessWorkingDayOfJanuary);
    const store = openStore(ws);
    try {
      const assessment = await runAssessment({
        workspace: ws,
        plan,
        store,
        year: plan.year,
        date: assessDate,
        number: nextNumber(store, Number(assessDate.slice(0, 4))),
        layOut: options.layOut,
        ...(options.layOut === false ? { pdf: false } : {}),
        now: `${assessDate}T09:00:00+08:00`,
      });
      result.scoreSheet = assessment.scoreSheet;
      result.assessmentReport = assessment.report;
      log(`年终考核：${assessment.assessment.units.length}个单位评分，成文日期${assessDate}`);
    } finally {
      store.close();
    }
  }
  return result;
}

async function withQuietConsole<T>(action: () => Promise<T>): Promise<T> {
  const original = console.log;
  console.log = () => undefined;
  try {
    return await action();
  } finally {
    console.log = original;
  }
}
