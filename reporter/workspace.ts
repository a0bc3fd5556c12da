import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './user-error.js';

/** The folders and files of a workspace (DESIGN.md, "Data and safety"). */
export interface Workspace {
  root: string;
  /** One plan workbook per year: `plans/<year>.xlsx` (see plan/years.ts). */
  plans: string;
  /** Where workspaces made before plans/ kept their single plan; migrated on first use. */
  legacyPlan: string;
  database: string;
  inbox: string;
  archive: string;
  outbox: string;
  reports: string;
  templates: string;
  logs: string;
  /** The workspace secret that signs issued workbooks (see reporter/secret.ts); never in plan.xlsx. */
  secret: string;
}

export function workspaceAt(dir: string): Workspace {
  const root = path.resolve(dir);
  return {
    root,
    plans: path.join(root, 'plans'),
    legacyPlan: path.join(root, 'plan.xlsx'),
    database: path.join(root, 'creditwork.db'),
    inbox: path.join(root, 'inbox'),
    archive: path.join(root, 'archive'),
    outbox: path.join(root, 'outbox'),
    reports: path.join(root, 'reports'),
    templates: path.join(root, 'templates'),
    logs: path.join(root, 'logs'),
    secret: path.join(root, 'workspace.key'),
  };
}

export async function createWorkspaceFolders(ws: Workspace): Promise<void> {
  for (const dir of [ws.root, ws.plans, ws.inbox, ws.archive, ws.outbox, ws.reports]) {
    await mkdir(dir, { recursive: true });
  }
}

const PLAN_FILE = /^(\d{4})\.xlsx$/;

/** The path of a year's plan, whether or not it exists. */
export const planFileOf = (ws: Workspace, year: number): string => path.join(ws.plans, `${year}.xlsx`);

/** Years with a plan in `plans/`, ascending. */
export function planYears(ws: Workspace): number[] {
  let names: string[];
  try {
    names = readdirSync(ws.plans);
  } catch {
    return [];
  }
  return names
    .map((name) => PLAN_FILE.exec(name)?.[1])
    .filter((year): year is string => year !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** A workspace that commands other than `init` can use: it must have a plan (or a plan.xlsx to migrate). */
export function requireWorkspace(dir: string): Workspace {
  const ws = workspaceAt(dir);
  if (planYears(ws).length === 0 && !existsSync(ws.legacyPlan)) {
    throw new UserError(
      `工作区 ${ws.root} 中没有工作要点（plans/<年度>.xlsx）。请先运行：creditwork init --workspace ${JSON.stringify(dir)}`,
    );
  }
  return ws;
}
