/**
 * Issue a unit's workbook and fill it the way a person would, with exceljs: statuses, texts,
 * numbers, and the messy forms people type (`12%`, `１２３`, `1,234`, `2024年6月30日`, trailing
 * spaces, `无`). Shared by the issue, rules, collect and add-in suites.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {
  indicatorEntry,
  INDICATOR_COLUMN,
  metadataValueAddress,
  SHEETS,
  TASK_COLUMN,
  type MetadataKey,
  type UnitRows,
  type WorkbookMetadata,
} from '../../core/contract/index.js';
import type { Plan } from '../../core/plan/model.js';
import { TASK_STATUS_LABELS, type SubmissionContent, type TaskStatus } from '../../core/submission.js';
import { buildUnitWorkbook, unitFileName } from '../../reporter/issue/build-workbook.js';
import { returnDeadline } from '../../reporter/issue/deadline.js';

/** What a person can put in a cell. A `{ formula }` is a user typing a formula. */
export type Typed = string | number | boolean | Date | null | { formula: string };

export interface TaskFill {
  status?: Typed;
  percent?: Typed;
  progress?: Typed;
  problems?: Typed;
  nextSteps?: Typed;
  plannedCompletion?: Typed;
  evidence?: Typed;
}

export interface IndicatorFill {
  numerator?: Typed;
  denominator?: Typed;
  asOf?: Typed;
  note?: Typed;
}

export interface WorkbookFill {
  /** By task number. */
  tasks?: Record<number, TaskFill>;
  /** By indicator code. */
  indicators?: Record<string, IndicatorFill>;
  /** Any other cell, e.g. to tamper with a locked one. */
  cells?: { sheet: string; address: string; value: Typed }[];
  /** Fields the add-in stamps, or a forged period/unit. */
  metadata?: Partial<Record<MetadataKey, string | number>>;
}

export interface IssuedWorkbook {
  file: string;
  rows: UnitRows;
  metadata: WorkbookMetadata;
  deadline: string;
}

export async function tempDir(prefix = 'creditwork-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Issue one unit's workbook into `dir` (a fresh temp dir by default), exactly as `issue` would. */
export async function issueWorkbook(options: {
  plan: Plan;
  unitCode: string;
  period: string;
  dir?: string;
  previous?: SubmissionContent;
  issuedAt?: string;
}): Promise<IssuedWorkbook> {
  const dir = options.dir ?? (await tempDir());
  const unit = options.plan.units.find((u) => u.code === options.unitCode);
  if (!unit) throw new Error(`no unit ${options.unitCode}`);
  const fileName = unitFileName(unit.code, unit.name);
  const deadline = returnDeadline(options.plan, options.period);
  const { workbook, rows, metadata } = await buildUnitWorkbook({
    plan: options.plan,
    unitCode: options.unitCode,
    period: options.period,
    deadline,
    issuedAt: options.issuedAt ?? '2024-06-01T08:00:00.000Z',
    fileName,
    previous: options.previous,
  });
  const file = path.join(dir, fileName);
  await workbook.xlsx.writeFile(file);
  return { file, rows, metadata, deadline };
}

function toCellValue(value: Typed): ExcelJS.CellValue {
  if (value !== null && typeof value === 'object' && !(value instanceof Date))
    return { formula: value.formula } as ExcelJS.CellValue;
  return value;
}

/** Open an issued workbook, type the fill into it and save: to `target` when given; returns the bytes. */
export async function fillWorkbook(
  source: string | Buffer,
  fill: WorkbookFill,
  target?: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (typeof source === 'string') await wb.xlsx.readFile(source);
  else await wb.xlsx.load(source as unknown as ArrayBuffer);
  const sheet = (name: string) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`workbook has no sheet ${name}`);
    return ws;
  };
  const rowOf = (ws: ExcelJS.Worksheet, key: string | number) => {
    for (let r = 4; r <= ws.rowCount; r++) if (String(ws.getCell(`A${r}`).value) === String(key)) return r;
    throw new Error(`no row ${key} in ${ws.name}`);
  };
  const tasks = sheet(SHEETS.tasks);
  for (const [task, cells] of Object.entries(fill.tasks ?? {})) {
    const r = rowOf(tasks, task);
    for (const [key, value] of Object.entries(cells)) {
      tasks.getCell(`${TASK_COLUMN[key as keyof typeof TASK_COLUMN].letter}${r}`).value = toCellValue(
        value as Typed,
      );
    }
  }
  const indicators = sheet(SHEETS.indicators);
  for (const [code, cells] of Object.entries(fill.indicators ?? {})) {
    const r = rowOf(indicators, code);
    for (const [key, value] of Object.entries(cells)) {
      indicators.getCell(`${INDICATOR_COLUMN[key as keyof typeof INDICATOR_COLUMN].letter}${r}`).value =
        toCellValue(value as Typed);
    }
  }
  for (const { sheet: name, address, value } of fill.cells ?? [])
    sheet(name).getCell(address).value = toCellValue(value);
  for (const [key, value] of Object.entries(fill.metadata ?? {})) {
    sheet(SHEETS.metadata).getCell(metadataValueAddress(key as MetadataKey)).value = value;
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  if (target) await writeFile(target, bytes);
  return bytes;
}

/** A tiny seeded generator so fills are varied but reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

const STATUSES: TaskStatus[] = [
  'in-progress',
  'in-progress',
  'done',
  'behind',
  'not-started',
  'not-applicable',
];

function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const isoDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export interface FillOptions {
  seed?: number;
  /** Type values the messy way people do; the rules must read them to the same content. */
  messy?: boolean;
  /** Force one status on every task. */
  status?: TaskStatus;
}

/**
 * A complete fill that passes every rule (no errors): each status with what it requires, counts
 * with numerators within denominators, dates in the plan year.
 */
export function completeFill(rows: UnitRows, period: string, options: FillOptions = {}): WorkbookFill {
  const random = rng(options.seed ?? 2024);
  const messy = options.messy === true;
  const year = Number(period.slice(0, 4));
  const end = lastDay(period);
  const later = `${year}-12-15`;
  const count = (n: number): Typed =>
    messy ? (n >= 1000 ? n.toLocaleString('en-US') : fullWidth(String(n))) : n;
  // Messy forms must not draw from `random`, so a messy fill holds the same values as a clean one.
  let dates = 0;
  const date = (iso: string): Typed => {
    if (!messy) return isoDate(iso);
    const [y, m, d] = iso.split('-').map(Number);
    return dates++ % 2 === 0 ? `${y}年${m}月${d}日` : `${y}.${m}.${d}`;
  };
  const text = (t: string): Typed => (messy ? `${t}  ` : t);
  const pct = (p: number): Typed => (messy ? `${p}%` : p);

  const fill: WorkbookFill = { tasks: {}, indicators: {} };
  rows.tasks.forEach((t, i) => {
    const status = options.status ?? STATUSES[(i + Math.floor(random() * 6)) % STATUSES.length];
    const label = TASK_STATUS_LABELS[status];
    const base: TaskFill = {
      status: messy ? ` ${label} ` : label,
      nextSteps: text(`继续推进第${t.task}项任务`),
    };
    switch (status) {
      case 'in-progress':
        Object.assign(base, {
          percent: pct(10 * (1 + Math.floor(random() * 9))),
          progress: text(`本月召开专题会议，推进第${t.task}项任务`),
          plannedCompletion: date(later),
        });
        break;
      case 'done':
        Object.assign(base, {
          percent: pct(100),
          progress: text('已完成'),
          evidence: text(`X发〔${year}〕${t.task}号文件`),
        });
        break;
      case 'behind':
        Object.assign(base, {
          percent: pct(30),
          progress: text('部分完成'),
          problems: text('系统对接进度慢'),
          plannedCompletion: date(later),
        });
        break;
      case 'not-started':
        Object.assign(base, { percent: messy ? '０' : 0, problems: messy ? '无' : null });
        break;
      case 'not-applicable':
        base.progress = text('本单位无此项职能，不适用');
        break;
    }
    fill.tasks![t.task] = base;
  });
  for (const ind of rows.indicators) {
    const entry = indicatorEntry(ind);
    const f: IndicatorFill = { asOf: date(end), note: messy ? '—' : null };
    if (entry.denominator) {
      const denominator = 1000 + Math.floor(random() * 50000);
      const numerator =
        ind.kind === 'percent' ? Math.floor(denominator * random()) : Math.floor(denominator * 2 * random());
      Object.assign(f, { numerator: count(numerator), denominator: count(denominator) });
    } else if (entry.numerator === 'percent') f.numerator = pct(Math.round(random() * 1000) / 10);
    else if (entry.numerator === 'count') f.numerator = count(Math.floor(random() * 40));
    else if (entry.numerator === 'date')
      f.numerator = date(`${year}-${String(1 + Math.floor(random() * 10)).padStart(2, '0')}-15`);
    else f.numerator = messy ? '无' : '否';
    fill.indicators![ind.code] = f;
  }
  return fill;
}

function fullWidth(text: string): string {
  return text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** Issue and fill in one step; returns the filled file's path. */
export async function issueAndFill(
  options: Parameters<typeof issueWorkbook>[0] & {
    fill?: WorkbookFill | ((rows: UnitRows) => WorkbookFill);
    target?: string;
  },
): Promise<IssuedWorkbook & { filled: string }> {
  const issued = await issueWorkbook(options);
  const fill =
    typeof options.fill === 'function'
      ? options.fill(issued.rows)
      : (options.fill ?? completeFill(issued.rows, options.period));
  const filled = options.target ?? issued.file.replace(/\.xlsx$/, '.filled.xlsx');
  await fillWorkbook(issued.file, fill, filled);
  return { ...issued, filled };
}

/** Read a workbook back with exceljs (tests assert on what a user's Excel would open). */
export async function openWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  return wb;
}

/**
 * A small plan with one indicator of every entry kind (including a percent typed directly and a
 * task with a deadline), for suites that need to reach every rule quickly.
 */
export function smallPlan(): Plan {
  const settings = {
    returnDeadlineWorkingDay: 5,
    rectificationWorkingDays: 10,
    dualPublicityWeights: { compliance: 0.4, timeliness: 0.4, completeness: 0.2 },
    dualPublicityDueWorkingDays: 7,
    sheetPassword: '',
    contactName: '市信用办 张三',
    contactPhone: '0359-1234567',
    contactEmail: '',
  };
  const task = (number: number, units: [string, 'lead' | 'partner'][], deadline?: string) => ({
    number,
    section: '一',
    sectionTitle: '测试',
    title: `测试任务${number}`,
    text: `测试任务${number}。任务正文${number}。`,
    responsibilityText: units.map(([u]) => u).join('、'),
    responsibilities: units.map(([unit, role]) => ({ unit, role })),
    ...(deadline ? { deadline } : {}),
  });
  const indicator = (
    code: string,
    kind: Plan['indicators'][number]['kind'],
    extra: Partial<Plan['indicators'][number]> = {},
  ) => ({
    code,
    task: 2,
    name: `指标${code}`,
    definition: `指标${code}的口径`,
    kind,
    comparator: '>=' as const,
    target: 1,
    targetText: '≥1',
    reporters: ['S01', 'X01'],
    period: 'monthly' as const,
    level: 'error' as const,
    ...extra,
  });
  return {
    id: 'small-test',
    version: 1,
    year: 2024,
    title: '测试市社会信用体系建设2024年工作要点',
    city: '测试市',
    units: [
      { code: 'S01', name: '市发展改革委', kind: 'city-department', aliases: [], dualPublicity: true },
      { code: 'S02', name: '市司法局', kind: 'city-department', aliases: [], dualPublicity: false },
      { code: 'X01', name: '甲县', kind: 'county', aliases: [], dualPublicity: true },
      { code: 'X02', name: '乙县', kind: 'county', aliases: [], dualPublicity: true },
      { code: 'S09', name: '市无关局', kind: 'city-department', aliases: [], dualPublicity: false },
    ],
    tasks: [
      task(1, [
        ['S01', 'lead'],
        ['X01', 'partner'],
        ['X02', 'partner'],
      ]),
      task(2, [
        ['S01', 'lead'],
        ['S02', 'partner'],
      ]),
      task(
        3,
        [
          ['S02', 'lead'],
          ['X01', 'partner'],
          ['X02', 'partner'],
        ],
        '2024-03-31',
      ),
    ],
    indicators: [
      indicator('T02-1', 'ratio', { numeratorLabel: '水费信息条数', denominatorLabel: '企业数' }),
      indicator('T02-2', 'percent', {
        numeratorLabel: '合规条数',
        denominatorLabel: '总条数',
        target: 0.9,
        targetText: '≥90%',
      }),
      indicator('T02-3', 'percent', { comparator: '<', target: 0.02, targetText: '<2%' }),
      indicator('T02-4', 'count', { period: 'year-to-date', target: 20, targetText: '全年20次以上' }),
      indicator('T02-5', 'date', { comparator: '<=', target: 45596, targetText: '10月底前' }),
      indicator('T02-6', 'yes-no', { comparator: '<=', target: 0, targetText: '不发生' }),
    ],
    settings,
    document: { issuer: '测试', numberPrefix: '测信用办', mainRecipients: '', copyTo: '', printer: '' },
  };
}
