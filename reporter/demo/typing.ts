import { parsePeriod } from '../../core/calendar/index.js';
import {
  INDICATOR_COLUMN,
  SHEETS,
  TASK_COLUMN,
  type IndicatorRow,
  type TaskRow,
  type UnitRows,
} from '../../core/contract/index.js';
import type { Persona } from './personas.js';
import type { Random } from './random.js';

/**
 * What a simulated unit types into its workbook for one month. The values are what people type —
 * strings with separators, percents, Chinese dates — so the demo exercises the normalizers, and the
 * simulated mistakes are the kind the receipts must catch.
 */

export interface TypedCell {
  sheet: string;
  address: string;
  /** null clears the cell, as a person deleting a carried-over entry. */
  value: string | number | Date | null;
}

/** What a unit has done so far this year; carried from month to month. */
export interface UnitState {
  percent: Record<number, number>;
  behind: Record<number, boolean>;
  /** Year-to-date counts for cumulative indicators. */
  cumulative: Record<string, number>;
  trainingDate?: string;
}

export const emptyState = (): UnitState => ({ percent: {}, behind: {}, cumulative: {} });

export interface MonthlyEntry {
  cells: TypedCell[];
  /** Set when the entry holds a deliberate mistake; the corrected entry has none. */
  mistake?: string;
}

const PROGRESS_LINES = [
  '召开专题推进会，细化分工，明确责任人和时间节点。',
  '完成本月数据归集与报送，经自查未发现问题。',
  '结合本单位职能出台落实方案，已在部门网站转载宣传。',
  '组织业务培训一次，参训人员{n}人。',
  '配合市信用办开展数据质量核查，整改问题数据{n}条。',
  '开展信用承诺和信用修复政策宣传，发放资料{n}份。',
];
const PROBLEM_LINES = [
  '系统对接进度慢于预期，数据接口尚在联调。',
  '基层人员变动较大，业务衔接不够顺畅。',
  '部分数据口径与省平台不一致，需进一步核对。',
];
const EVIDENCE_LINES = [
  '会议纪要及部门网站转载截图',
  '工作方案文件及报送回执',
  '培训通知、签到表及新闻稿链接',
];

function asTyped(value: number, persona: Persona, random: Random): string | number {
  if (!persona.messy || !random.chance(0.4)) return value;
  const style = random.int(0, 2);
  if (style === 0 && value >= 1000) return value.toLocaleString('en-US'); // 1,234
  if (style === 1) return String(value).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))); // １２３
  return `${value} `; // trailing space
}

function typedDate(iso: string, persona: Persona, random: Random): string | Date {
  const [y, m, d] = iso.split('-').map(Number);
  if (!persona.messy) return new Date(Date.UTC(y, m - 1, d));
  return random.pick([`${y}年${m}月${d}日`, `${y}.${m}.${d}`, `${y}/${m}/${d}`, iso]);
}

function lastDay(period: string): string {
  const { year, month } = parsePeriod(period);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** Typing into one row of a contract sheet, by column key. */
const typer =
  <K extends string>(sheet: string, columns: Record<K, { letter: string }>, row: number) =>
  (key: K, value: TypedCell['value']): TypedCell => ({
    sheet,
    address: `${columns[key].letter}${row}`,
    value,
  });

function taskCells(
  row: TaskRow,
  month: number,
  period: string,
  persona: Persona,
  state: UnitState,
  random: Random,
): TypedCell[] {
  const cell = typer(SHEETS.tasks, TASK_COLUMN, row.row);
  const before = state.percent[row.task] ?? 0;
  const starts = month >= 2 || random.chance(0.6);
  const behind = before < 100 && random.chance(persona.stalls + (state.behind[row.task] ? 0.4 : 0));
  const gain = behind ? random.between(0, 3) : random.between(persona.pace * 0.6, persona.pace * 1.4);
  // Partners move a little faster on their smaller part; December closes what can be closed.
  const pace = row.role === 'partner' ? 1.15 : 1;
  let percent = starts ? Math.min(100, Math.round(before + gain * pace)) : 0;
  if (month === 12 && percent >= 85 && !behind) percent = 100;
  state.percent[row.task] = percent;
  state.behind[row.task] = behind;

  const n = random.int(12, 180);
  const progressLine = random.pick(PROGRESS_LINES).replace('{n}', String(n));
  if (percent === 0)
    return [cell('status', '未启动'), cell('percent', 0), cell('nextSteps', '制定工作方案，下月启动。')];
  if (percent === 100) {
    return [
      cell('status', '已完成'),
      cell('percent', persona.messy && random.chance(0.5) ? '100%' : 100),
      cell('progress', progressLine),
      cell('problems', null),
      cell('plannedCompletion', null),
      cell('evidence', random.pick(EVIDENCE_LINES)),
    ];
  }
  if (behind) {
    // A stalled task gets a new completion date one to three months out, next year if need be.
    const { year, month: m } = parsePeriod(period);
    const ahead = m + random.int(1, 3);
    const planned = new Date(Date.UTC(year, ahead - 1, 28)).toISOString().slice(0, 10);
    return [
      cell('status', '滞后'),
      cell('percent', percent),
      cell('progress', progressLine),
      cell('problems', random.pick(PROBLEM_LINES)),
      cell('nextSteps', '加快推进，确保按期完成。'),
      cell('plannedCompletion', typedDate(planned, persona, random)),
    ];
  }
  return [
    cell('status', '推进中'),
    cell('percent', persona.messy && random.chance(0.3) ? `${percent}%` : percent),
    cell('progress', progressLine),
    cell('problems', null),
    cell('nextSteps', '按计划持续推进。'),
    cell('plannedCompletion', null),
  ];
}

/** Realistic magnitudes for the city's indicators, improving over the year. */
function indicatorValues(
  row: IndicatorRow,
  month: number,
  state: UnitState,
  random: Random,
): { numerator: number; denominator?: number } | { date: string } | { yesNo: boolean } {
  const enterprises = 61_250; // 城市企业数（不含个体工商户）
  const withSole = 312_400; // 存续企业总数（含个体工商户）
  const growth = (from: number, to: number) =>
    from + ((to - from) * month) / 12 + random.between(-0.02, 0.02) * to;
  const share = (denominator: number, from: number, to: number) => ({
    numerator: Math.max(0, Math.round(denominator * growth(from, to))),
    denominator,
  });
  switch (row.code) {
    case 'T04-1':
    case 'T04-2':
    case 'T04-3':
    case 'T04-4': {
      const total = random.int(40, 900);
      const quality = { 'T04-1': 0.985, 'T04-2': 0.95, 'T04-3': 0.99, 'T04-4': 0.99 }[row.code] ?? 0.98;
      const good = Math.min(total, Math.round(total * Math.min(1, quality + random.between(-0.05, 0.02))));
      return { numerator: random.chance(0.35) ? total : good, denominator: total };
    }
    case 'T04-5':
      return { numerator: random.int(0, 45), denominator: 305_000 + month * 900 };
    case 'T07-1':
      return share(enterprises, 0.85, 1.15);
    case 'T07-2':
      return share(enterprises, 0.9, 1.2);
    case 'T07-3':
      return share(enterprises, 0.42, 0.6);
    case 'T07-4':
    case 'T07-5':
    case 'T07-6':
      return share(enterprises, 0.0006, 0.0018);
    case 'T08-1':
      return share(withSole, 0.07, 0.115);
    case 'T08-2':
      return share(withSole, 0.03, 0.046);
    case 'T10-1':
      return share(withSole, 0.38, 0.62);
    case 'T11-1':
      return share(enterprises, 0.085, 0.112);
    case 'T11-2':
      return share(enterprises, 0.026, 0.017);
    case 'T14-1':
      return share(enterprises, 0.068, 0.081);
    case 'T15-1': {
      state.trainingDate ??= random.pick(['2024-09-20', '2024-10-16', '2024-10-29', '2024-11-12']);
      return { date: state.trainingDate };
    }
    case 'T23-1':
      return { yesNo: random.chance(0.004) };
    default: {
      // Cumulative counts (宣传次数, 监管领域数): a few more each month.
      const perMonth = row.target >= 20 ? random.int(0, 4) : random.int(0, 1);
      state.cumulative[row.code] = (state.cumulative[row.code] ?? 0) + perMonth;
      return { numerator: state.cumulative[row.code] };
    }
  }
}

function indicatorCells(
  row: IndicatorRow,
  month: number,
  period: string,
  persona: Persona,
  state: UnitState,
  random: Random,
): TypedCell[] {
  const cell = typer(SHEETS.indicators, INDICATOR_COLUMN, row.row);
  const values = indicatorValues(row, month, state, random);
  const asOf = cell('asOf', typedDate(lastDay(period), persona, random));
  if ('date' in values) {
    // Training is reported once it has happened.
    return values.date <= lastDay(period)
      ? [cell('numerator', typedDate(values.date, persona, random)), asOf]
      : [];
  }
  if ('yesNo' in values) return [cell('numerator', values.yesNo ? '是' : '否'), asOf];
  const cells = [cell('numerator', asTyped(values.numerator, persona, random)), asOf];
  if (values.denominator !== undefined)
    cells.push(cell('denominator', asTyped(values.denominator, persona, random)));
  return cells;
}

/** A mistake people make, the kind the receipt must name with its cell. */
function spoil(entry: TypedCell[], rows: UnitRows, random: Random): string | undefined {
  const done = entry.find((c) => c.sheet === SHEETS.tasks && c.value === '已完成');
  const numerator = entry.find(
    (c) => c.sheet === SHEETS.indicators && c.address.startsWith(INDICATOR_COLUMN.numerator.letter),
  );
  const kinds = [
    'percent-over',
    'text-in-number',
    ...(done ? ['done-without-evidence'] : []),
    ...(numerator ? ['numerator-words'] : []),
  ];
  const kind = random.pick(kinds);
  const firstTask = rows.tasks[0];
  switch (kind) {
    case 'done-without-evidence': {
      const row = done!.address.slice(1);
      const at = entry.findIndex((c) => c.address === `${TASK_COLUMN.evidence.letter}${row}`);
      if (at >= 0) entry.splice(at, 1);
      return `${SHEETS.tasks}!${done!.address} 已完成但未填印证资料`;
    }
    case 'numerator-words':
      numerator!.value = `约${String(numerator!.value).trim()}条`;
      return `${SHEETS.indicators}!${numerator!.address} 填了文字`;
    case 'text-in-number':
    case 'percent-over':
    default: {
      if (!firstTask) return undefined;
      const address = `${TASK_COLUMN.percent.letter}${firstTask.row}`;
      const target = entry.find((c) => c.address === address && c.sheet === SHEETS.tasks);
      const value = kind === 'percent-over' ? 120 : '过半';
      if (target) target.value = value;
      else entry.push({ sheet: SHEETS.tasks, address, value });
      return `${SHEETS.tasks}!${address} 完成进度填为"${value}"`;
    }
  }
}

export function monthlyEntry(
  rows: UnitRows,
  period: string,
  persona: Persona,
  state: UnitState,
  random: Random,
): { correct: MonthlyEntry; first: MonthlyEntry } {
  const { month } = parsePeriod(period);
  const cells = [
    ...rows.tasks.flatMap((row) => taskCells(row, month, period, persona, state, random)),
    ...rows.indicators.flatMap((row) => indicatorCells(row, month, period, persona, state, random)),
  ];
  const correct: MonthlyEntry = { cells };
  if (!random.chance(persona.mistakes)) return { correct, first: correct };
  const spoiled = cells.map((c) => ({ ...c }));
  const mistake = spoil(spoiled, rows, random);
  return mistake ? { correct, first: { cells: spoiled, mistake } } : { correct, first: correct };
}
