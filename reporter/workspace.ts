import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from './user-error.js';

/** The folders and files of a workspace (DESIGN.md, "Data and safety"). */
export interface Workspace {
  root: string;
  plan: string;
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
    plan: path.join(root, 'plan.xlsx'),
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
  for (const dir of [ws.root, ws.inbox, ws.archive, ws.outbox, ws.reports]) {
    await mkdir(dir, { recursive: true });
  }
}

/** A workspace that commands other than `init` can use: it must have a plan. */
export function requireWorkspace(dir: string): Workspace {
  const ws = workspaceAt(dir);
  if (!existsSync(ws.plan)) {
    throw new UserError(
      `工作区 ${ws.root} 中没有 plan.xlsx。请先运行：creditwork init --workspace ${JSON.stringify(dir)}`,
    );
  }
  return ws;
}
