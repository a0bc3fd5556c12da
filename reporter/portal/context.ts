import { statSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { Plan } from '../../core/plan/model.js';
import { loadPlanCached } from '../collect/plan-cache.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { recordAudit } from './audit.js';
import { Sessions } from './auth/sessions.js';
import { Users } from './auth/users.js';
import type { PortalIntake } from './intake-port.js';
import type { Jobs } from './jobs.js';
import { UnitLinks } from './unit-links.js';
import type { createViews } from './views.js';

/** Limits against overload and abuse; the defaults suit a city, the bench raises none of them. */
export interface PortalLimits {
  /** Largest upload accepted, in bytes (intake refuses larger workbooks with a reason anyway). */
  uploadBytes: number;
  /** Files in one upload request. */
  uploadFiles: number;
  /** Bytes of all uploads being received or judged at once; beyond it, 503 and try again. */
  uploadsInFlightBytes: number;
  /** Uploads per unit link per minute. */
  uploadsPerLink: number;
  /** Uploads per client address per minute (an office behind one NAT address shares it). */
  uploadsPerAddress: number;
  /** Login attempts per client address per minute (accounts also lock; see auth/users.ts). */
  loginsPerAddress: number;
  /** Any request per client address per minute. */
  requestsPerAddress: number;
}

export const DEFAULT_LIMITS: PortalLimits = {
  uploadBytes: 20 * 1024 * 1024,
  uploadFiles: 10,
  uploadsInFlightBytes: 200 * 1024 * 1024,
  uploadsPerLink: 60,
  uploadsPerAddress: 600,
  loginsPerAddress: 20,
  requestsPerAddress: 1200,
};

export interface PortalContext {
  ws: Workspace;
  store: Store;
  secret: string;
  /** Public base URL (no trailing slash), when the office gave one. */
  baseUrl?: string;
  /** Path prefix of every route ('' at the root). */
  base: string;
  now: () => Date;
  plan: () => Promise<Plan>;
  users: Users;
  sessions: Sessions;
  links: UnitLinks;
  views: ReturnType<typeof createViews>;
  limits: PortalLimits;
  jobs: Jobs;
  /** The office's name for page headers, from the plan last loaded (落款 / 发文机关). */
  officeName?: string;
  /** The intake service every upload goes through (the same one collect uses). */
  intake?: PortalIntake;
  log: FastifyBaseLogger;
  audit(entry: { actor: string; action: string; target?: string; detail?: string; address?: string }): void;
}

/**
 * plan.xlsx as the portal reads it: loaded once and again only when the file changes, so a page
 * costs a stat, not a parse. A plan with errors is not cached: every page says so until fixed.
 */
export function planSource(ws: Workspace): () => Promise<Plan> {
  let key = '';
  let loading: Promise<Plan> | undefined;
  return () => {
    const stat = statSync(ws.plan, { throwIfNoEntry: false });
    const now = stat ? `${stat.mtimeMs}:${stat.size}` : 'missing';
    if (!loading || now !== key) {
      key = now;
      loading = loadPlanCached(ws);
      loading.catch(() => {
        if (key === now) loading = undefined;
      });
    }
    return loading;
  };
}

export function contextServices(store: Store, now: () => Date) {
  return {
    users: new Users(store.db, now),
    sessions: new Sessions(store.db, now),
    links: new UnitLinks(store.db),
    audit: (entry: Parameters<PortalContext['audit']>[0]) => recordAudit(store.db, { ...entry, at: now() }),
  };
}
