/**
 * The plan (工作要点) as data. Everything the office can edit in plan.xlsx lives here, so that
 * city name, units, targets and settings are never baked into code.
 */
import type { ScoringScheme } from '../assessment/scheme-model.js';
import type { UnitKind } from './unit-kind.js';
import type { OfficeHoliday } from '../calendar/working-days.js';
import type { ScheduleConfig } from '../schedule/model.js';

export { UNIT_KIND_LABELS, type UnitKind } from './unit-kind.js';

export interface Unit {
  /** Stable short code used in file names and the database, e.g. `S01`, `X03`, `K01`. */
  code: string;
  /** Name as the seed writes it, e.g. `市发展改革委`, `河津市`. */
  name: string;
  kind: UnitKind;
  /** Other spellings the seed uses for the same unit, e.g. `市应急管理局` for `市应急局`. */
  aliases: string[];
  /** Whether the unit publishes 双公示 records and is ranked monthly. */
  dualPublicity: boolean;
  /**
   * Set on a unit `plan import` added for a name that matched no unit (with the words it came
   * from), until the office has checked it and cleared the 待核对 cell.
   */
  reviewNote?: string;
}

export type ResponsibilityRole = 'lead' | 'partner';

export const ROLE_LABELS: Record<ResponsibilityRole, string> = { lead: '牵头', partner: '配合' };

export interface Responsibility {
  unit: string; // unit code
  role: ResponsibilityRole;
}

export interface Task {
  /** 1–23 as numbered in the seed. */
  number: number;
  /** Section numeral 一…九 of 二、重点任务. */
  section: string;
  sectionTitle: string;
  title: string;
  /** Full text of the task as in the seed, without the responsibility parenthesis. */
  text: string;
  /** The seed's own responsibility wording, kept verbatim for documents. */
  responsibilityText: string;
  responsibilities: Responsibility[];
  /** ISO date (YYYY-MM-DD) where the seed gives a deadline, e.g. 10月底. */
  deadline?: string;
  /**
   * Set on a task carried over from last year's plan (`plan new`) or imported with something
   * uncertain (`plan import`) until the office has reviewed it and cleared the 待核对 cell; `plan
   * check` reminds them.
   */
  reviewNote?: string;
}

export type Comparator = '>=' | '>' | '<=' | '<';

export const COMPARATOR_SYMBOLS: Record<Comparator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

export type IndicatorKind = 'ratio' | 'percent' | 'count' | 'date' | 'yes-no';

export type IndicatorPeriod = 'monthly' | 'year-to-date' | 'annual';

export type Level = 'error' | 'warning';

export interface Indicator {
  /** e.g. `T07-1`: task number and sequence. */
  code: string;
  task: number;
  name: string;
  definition: string;
  kind: IndicatorKind;
  /** For ratio and percent kinds: what is counted above and below the line. */
  numeratorLabel?: string;
  denominatorLabel?: string;
  comparator: Comparator;
  /**
   * Numeric target. Shares and ratios as fractions (10 % → 0.1), counts as counts, yes-no as 1/0,
   * dates as Excel serial day numbers (so a workbook cell compares directly).
   */
  target: number;
  /** The seed's own words for the target, for documents, e.g. `≥10%`, `10月底前`. */
  targetText: string;
  /** Unit codes that report this indicator. */
  reporters: string[];
  period: IndicatorPeriod;
  /**
   * Severity when the value is left blank or cannot be read: `error` stops acceptance, `warning` is
   * reported. Missing the target is never an error: met/unmet is information for the circular.
   */
  level: Level;
  /**
   * Set on an indicator `plan import` read from the document (with its sentence and what is
   * uncertain), until the office has checked it and cleared the 待核对 cell.
   */
  reviewNote?: string;
}

/** Settings the office can change in plan.xlsx (sheet 设置). Features add keys here. */
export interface PlanSettings {
  /** Return deadline: the Nth working day of the month after the period. */
  returnDeadlineWorkingDay: number;
  /** Rectification deadline in working days after the circular's date. */
  rectificationWorkingDays: number;
  /** 双公示 weights for 合规率, 及时率, 完整率; they sum to 1. */
  dualPublicityWeights: { compliance: number; timeliness: number; completeness: number };
  /** Working days within which a 双公示 record is due. */
  dualPublicityDueWorkingDays: number;
  /** Sheet protection password for issued workbooks; empty means protected without a password. */
  sheetPassword: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  /**
   * The portal's public address (门户地址), e.g. `https://xyk.example.gov.cn/creditwork`; issued
   * workbooks carry each unit's link under it. Empty: workbooks go out without a portal address.
   */
  portalBaseUrl?: string;
  /**
   * 启用期间 `YYYY-MM`: the first period the office runs with creditwork. Nothing before it is
   * issued, due, late, missing, circulated, scheduled or scored. Undefined: January of the plan year.
   */
  firstPeriod?: string;
}

export interface DocumentSettings {
  /** Issuing office for 落款, e.g. `XX市社会信用体系建设联席会议办公室`. */
  issuer: string;
  /** 发文机关代字 for 发文字号, e.g. `X信用办` → `X信用办〔2024〕5号`. */
  numberPrefix: string;
  /** 主送 line. */
  mainRecipients: string;
  /** 抄送 line in 版记. */
  copyTo: string;
  /** 印发机关 in 版记. */
  printer: string;
  /** The 落款 is laid out for a seal (GB/T 9704 7.3.5.1); absent or false: unsealed (7.3.5.2). */
  sealed?: boolean;
  /** Write a PDF beside every document (when LibreOffice is installed). */
  pdf?: boolean;
}

export interface Plan {
  /** e.g. `work-points-2024`. */
  id: string;
  /** Bumped whenever the office edits plan.xlsx in a way that changes the workbook contract. */
  version: number;
  year: number;
  title: string;
  /** City name as the plan writes it, e.g. `运城市`; the seed's `XX市` means not set yet (see city.ts). */
  city: string;
  /** What a bare XX of the seed stands for (XX开发区 → 运城开发区); empty: the city without 市. */
  cityShortName?: string;
  units: Unit[];
  tasks: Task[];
  indicators: Indicator[];
  settings: PlanSettings;
  document: DocumentSettings;
  /** The 考核 sheet; undefined means the built-in default (core/assessment/scheme.ts). */
  scoring?: ScoringScheme;
  /** The 日程 sheet; undefined means the built-in default (core/schedule/model.ts). */
  schedule?: ScheduleConfig;
  /**
   * The office's 节假日 rows (the State Council notice as typed in), which win over chinese-days.
   * Undefined or empty: the library's schedule alone.
   */
  holidays?: OfficeHoliday[];
  /**
   * 节假日 rows of the neighbouring years' plans in the same workspace, set by the workspace loader
   * (never written to this plan's workbook): a notice typed once serves December's deadline in
   * January too. This plan's own rows win over them.
   */
  adjacentHolidays?: OfficeHoliday[];
}

/** A problem found in plan.xlsx or in a returned workbook, named by place. */
export interface Finding {
  level: Level;
  /** File name (not path) when known. */
  file?: string;
  sheet: string;
  /** A1 address, e.g. `G7`. */
  cell: string;
  /** Chinese message that says what is wrong and how to fix it. */
  message: string;
  /** Stable machine code for tests and grouping, e.g. `plan.unknown-unit`. */
  code: string;
}
