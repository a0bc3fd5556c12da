import type { Worksheet } from 'exceljs';
import type { Finding, Plan } from '../../../core/plan/model.js';

/** Where something was read from, so later sheets can point back at it (e.g. a task without a lead). */
export interface Place {
  sheet: string;
  cell: string;
}

/** What a sheet reader knows while it reads: the plan assembled from the sheets read before it. */
export interface ReadContext {
  /** File name for findings, e.g. `plan.xlsx`. */
  file: string;
  /** Parts of the plan produced by the sheets read earlier (modules run in PLAN_SHEETS order). */
  plan: Partial<Plan>;
  /** Unit code for a code, name or alias typed by a person; undefined when unknown. */
  resolveUnit(text: string): string | undefined;
  /** Places of things read so far, keyed like `task:7`, `unit:S01`, `indicator:T07-1`. */
  places: Map<string, Place>;
}

export interface SheetReadResult {
  plan: Partial<Plan>;
  findings: Finding[];
}

/**
 * One sheet of plan.xlsx. Features add a sheet by adding a module to PLAN_SHEETS; no other module
 * changes. Modules are written and read in list order.
 */
export interface SheetModule {
  /** Sheet name as people see it, e.g. `单位`. */
  name: string;
  /** One-line purpose, shown on the 说明 sheet. */
  purpose: string;
  /** Lines for the 说明 sheet on how to edit this sheet. */
  guide: string[];
  /** A missing optional sheet is not a finding (e.g. 日程 in a plan written before it existed). */
  optional?: boolean;
  /** Whether to write this sheet for the plan (default: always). */
  shouldWrite?(plan: Plan): boolean;
  write(ws: Worksheet, plan: Plan): void;
  read(ws: Worksheet, ctx: ReadContext): SheetReadResult;
}
