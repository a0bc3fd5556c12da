import type { FastifyBaseLogger } from 'fastify';
import type { Plan } from '../../core/plan/model.js';
import type { IntakePool } from '../intake/pool.js';
import type { IntakeService } from '../intake/service.js';
import { NoPlanForPeriod, type PlanFor } from '../intake/plan-for.js';
import { loadYearPlan } from '../plan/years.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { recordAudit } from './audit.js';
import { Sessions } from './auth/sessions.js';
import { Users } from './auth/users.js';
import type { Jobs } from './jobs.js';
import type { Rehearsal } from './rehearsal.js';
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
  /** The plan of a year (plans/<year>.xlsx); a UserError when the year has none or it has errors. */
  planFor: (year: number) => Promise<Plan>;
  /** Years with a plan, ascending. */
  years: () => number[];
  /** The year pages open on: this year if it has a plan, else the latest. */
  defaultYear: () => number;
  users: Users;
  sessions: Sessions;
  links: UnitLinks;
  views: ReturnType<typeof createViews>;
  limits: PortalLimits;
  jobs: Jobs;
  /** The office's name for page headers, from the plan last loaded (落款 / 发文机关). */
  officeName?: string;
  /** The office's time zone (日程 时区 of the plan last loaded), for times shown outside a plan's page. */
  timeZone: string;
  /** The intake service every upload goes through (the same one collect uses). */
  intake: IntakeService;
  /** The intake's threads, shared by uploads and the console's 收取收件箱. */
  pool: IntakePool;
  log: FastifyBaseLogger;
  /** Tells the portal's own warm-up uploads from units' (see rehearsal.ts). */
  rehearsal: Rehearsal;
  audit(entry: { actor: string; action: string; target?: string; detail?: string; address?: string }): void;
}

/**
 * The plan of a year as the portal's pages read it: the same per-year cache the intake judges
 * uploads by (reporter/intake/plan-for.ts — each year read once, and again when its file or a
 * neighbour's changes), so a page costs three stats, not a parse, and a page and the verdict beside
 * it never see two versions of a plan. A year without a plan is the loader's Chinese UserError.
 */
export function yearPlans(ws: Workspace, periodPlans: PlanFor): (year: number) => Promise<Plan> {
  return (year) =>
    periodPlans(`${year}-01`).catch((error: unknown) =>
      error instanceof NoPlanForPeriod ? loadYearPlan(ws, year) : Promise.reject(error),
    );
}

export function contextServices(store: Store, now: () => Date) {
  return {
    users: new Users(store.db, now),
    sessions: new Sessions(store.db, now),
    links: new UnitLinks(store.db),
    audit: (entry: Parameters<PortalContext['audit']>[0]) => recordAudit(store.db, { ...entry, at: now() }),
  };
}
