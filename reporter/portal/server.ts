import { randomBytes, createHmac } from 'node:crypto';
import { OFFICE_TIME_ZONE } from '../../core/calendar/office-time.js';
import { planTimeZone } from '../../core/schedule/model.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { IntakePool } from '../intake/pool.js';
import { planForPeriod } from '../intake/plan-for.js';
import { IntakeService } from '../intake/service.js';
import { projectRoot } from '../paths.js';
import { ensureWorkspaceSecret } from '../secret.js';
import { openStore } from '../store/index.js';
import { planYears, type Workspace } from '../workspace.js';
import { defaultPlanYear } from '../plan/years.js';
import { officeToday } from '../collect/deadline.js';
import type { ActiveSession } from './auth/sessions.js';
import { basePathOf } from './base-url.js';
import {
  contextServices,
  DEFAULT_LIMITS,
  yearPlans,
  type PortalContext,
  type PortalLimits,
} from './context.js';
import { sendFailure, sendNotFound } from './errors.js';
import { redactUrl } from './http.js';
import { Jobs } from './jobs.js';
import { onFileWithin, releaseUploads, UploadBudget } from './uploads.js';
import { defaultAddinDir, registerAddin } from './routes/addin.js';
import { registerConsole } from './routes/console.js';
import { registerLogin } from './routes/login.js';
import { registerUnit } from './routes/unit.js';
import type { UnitLink } from './unit-links.js';
import { Rehearsal } from './rehearsal.js';
import { registerSecurityHeaders } from './security-headers.js';
import { createViews, publicDir } from './views.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in office user (console routes). */
    officeSession?: ActiveSession;
    /** The unit link a /u/<secret> request came through. */
    unitLink?: UnitLink;
  }
}

export interface PortalOptions {
  workspace: Workspace;
  /** Public address (e.g. https://xyk.example.gov.cn/creditwork); its path prefixes every route. */
  baseUrl?: string;
  https?: { cert: Buffer; key: Buffer };
  /** Proxies whose X-Forwarded-For/-Proto are believed (default: loopback, for a local reverse proxy). */
  trustProxy?: boolean | string | string[];
  /** The built add-in (default dist/addin). */
  addinDir?: string;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  limits?: Partial<PortalLimits>;
  /**
   * The intake's thread pool, when the caller owns one (the bench shares it with collect); by
   * default the portal starts its own and ends it when it closes.
   */
  pool?: IntakePool;
}

export interface Portal {
  app: FastifyInstance;
  ctx: PortalContext;
  /** Rehearses units' uploads (starting the intake's threads); /healthz says `ready: true` once done. */
  warmUp(): Promise<void>;
  /** Stops taking requests, finishes those in flight and the running job, closes the database. */
  close(): Promise<void>;
}

/**
 * The portal: one Fastify instance over the workspace, for units (their secret links) and the
 * office (the console). Nothing here listens; `creditwork serve` and the tests do.
 */
export async function buildPortal(options: PortalOptions): Promise<Portal> {
  const ws = options.workspace;
  const now = options.now ?? (() => new Date());
  const base = basePathOf(options.baseUrl);
  const secret = ensureWorkspaceSecret(ws);
  const store = openStore(ws);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };

  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    ...(options.https ? { https: options.https } : {}),
    trustProxy: options.trustProxy ?? ['127.0.0.1', '::1'],
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 200 },
    // Slow clients cannot hold a connection for ever; a 20 MB upload on a slow line still fits.
    requestTimeout: 120_000,
    connectionTimeout: 150_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    genReqId: () => randomBytes(6).toString('hex'),
  });

  // Pages show times in the zone of the plan last loaded (the office has one).
  const views = createViews(undefined, () => ctx.timeZone);
  const periodPlans = planForPeriod(ws);
  const loadPlan = yearPlans(ws, periodPlans);
  const pool = options.pool ?? new IntakePool();
  const services = contextServices(store, now);
  const ctx: PortalContext = {
    ws,
    store,
    secret,
    baseUrl: options.baseUrl,
    base,
    now,
    planFor: async (year) => {
      const plan = await loadPlan(year);
      ctx.officeName = plan.document.issuer || undefined;
      ctx.timeZone = planTimeZone(plan);
      return plan;
    },
    years: () => planYears(ws),
    timeZone: OFFICE_TIME_ZONE,
    defaultYear: () => defaultPlanYear(ws, officeToday(now())),
    views,
    limits,
    log: app.log,
    rehearsal: new Rehearsal(Boolean(options.https)),
    intake: new IntakeService({ workspace: ws, store, planFor: periodPlans, pool, now }),
    pool,
    jobs: new Jobs(now, (job, error) => {
      app.log.error({ err: error, job: job.title }, 'job failed');
      return `失败：${describeJobError(error)}`;
    }),
    ...services,
  };

  app.addHook('onResponse', async (request, reply) => {
    if (ctx.rehearsal.is(request)) return;
    request.log.info(
      {
        method: request.method,
        url: redactUrl(request.raw.url ?? ''),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        address: request.ip,
        user: request.officeSession?.user.name,
      },
      'request',
    );
  });

  registerSecurityHeaders(app, { https: Boolean(options.https) });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  const budget = new UploadBudget(limits.uploadsInFlightBytes);
  app.addHook('onResponse', async (request) => releaseUploads(budget, request));
  await app.register(multipart, {
    // Fields and files are parsed before the handler (preValidation), so the CSRF check of a form
    // with a file reads `_csrf` like any other form; files land in `part.value` via onFile.
    attachFieldsToBody: 'keyValues',
    onFile: onFileWithin(
      budget,
      () => new app.multipartErrors.RequestFileTooLargeError(),
      () => Object.assign(new Error('uploads over budget'), { statusCode: 503, code: 'PORTAL_BUSY' }),
    ),
    limits: {
      fileSize: limits.uploadBytes,
      files: limits.uploadFiles,
      fields: 10,
      fieldSize: 4096,
      parts: limits.uploadFiles + 10,
      headerPairs: 200,
    },
  });
  await app.register(csrf, {
    cookieKey: 'cw_csrf',
    cookieOpts: { path: base || '/', sameSite: 'strict', httpOnly: true, secure: 'auto' },
    // Tokens are bound to the session (or to "no session" on the login page), so a token taken
    // from one person's page is worthless in another's.
    getUserInfo: (request) => request.officeSession?.id ?? 'anonymous',
    csrfOpts: { hmacKey: createHmac('sha256', secret).update('portal csrf').digest() },
  });
  await app.register(rateLimit, {
    global: true,
    max: limits.requestsPerAddress,
    timeWindow: 60_000,
    // Static files and health checks are cheap; everything else counts per address.
    allowList: (request) =>
      /\/(static|addin)\//.test(request.url) || request.url.endsWith('/healthz') || ctx.rehearsal.is(request),
  });

  app.setErrorHandler((error, request, reply) => sendFailure(ctx, request, reply, error));
  app.setNotFoundHandler((request, reply) => sendNotFound(ctx, request, reply));

  await app.register(fastifyStatic, {
    root: publicDir(),
    prefix: `${base}/static/`,
    index: false,
    list: false,
    dotfiles: 'deny',
    maxAge: '1h',
  });
  const echarts = path.join(projectRoot(), 'node_modules', 'echarts', 'dist');
  if (existsSync(path.join(echarts, 'echarts.min.js'))) {
    await app.register(fastifyStatic, {
      root: echarts,
      prefix: `${base}/vendor/echarts/`,
      allowedPath: (pathName) => pathName === '/echarts.min.js',
      decorateReply: false,
      index: false,
      maxAge: '7d',
    });
  }

  // `ready` once the portal has rehearsed units' uploads (see warmUp below).
  let ready = false;
  const health = async () => ({ ok: true, ready });
  app.get('/healthz', { config: { rateLimit: false } }, health);
  if (base) app.get(`${base}/healthz`, { config: { rateLimit: false } }, health);
  app.get(base || '/', async (_request, reply) => reply.redirect(`${base}/console`));
  if (base) app.get(`${base}/`, async (_request, reply) => reply.redirect(`${base}/console`));

  await registerLogin(app, ctx);
  await registerConsole(app, ctx);
  await registerUnit(app, ctx);
  await registerAddin(app, ctx, options.addinDir ?? defaultAddinDir());

  ctx.sessions.sweep();
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    /**
     * Rehearses units' uploads in the background of a listening portal (rehearsal.ts), so the
     * first units to upload wait no longer than later ones. Failing to warm up only costs that speed.
     */
    warmUp: async () => {
      try {
        await ctx.rehearsal.run(app, ctx);
      } catch (error) {
        app.log.warn({ err: error }, 'warm-up (rehearsed uploads) failed');
      } finally {
        ready = true;
      }
    },
    close: () =>
      (closing ??= (async () => {
        // Requests in flight (an upload being judged) and the running job finish first.
        ctx.rehearsal.stop();
        await app.close();
        await ctx.jobs.idle();
        if (!options.pool) await pool.close();
        store.close();
      })()),
  };
}

function describeJobError(error: unknown): string {
  if (error instanceof Error && (error.name === 'UserError' || error.name === 'CalendarError'))
    return error.message;
  return '系统内部错误，详情见服务日志。';
}
