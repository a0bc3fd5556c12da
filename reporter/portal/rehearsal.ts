import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unitRows } from '../../core/contract/unit-rows.js';
import { archivedFile } from '../collect/archive.js';
import { fillWorkbooksInThread } from '../demo/fill-in-thread.js';
import type { Persona } from '../demo/personas.js';
import { seededRandom } from '../demo/random.js';
import { emptyState, monthlyEntry } from '../demo/typing.js';
import { issuedPeriods } from '../issue/issued.js';
import { currentIssue } from '../plan/history.js';
import type { PortalContext } from './context.js';
import { XLSX_TYPE } from './http.js';
import type { UnitLink } from './unit-links.js';

/**
 * Right after it starts, the portal rehearses units' uploads over a connection to itself (sockets,
 * HTTP parsing, routing, multipart, intake, the database, the answer), so that the first units of
 * the day meet code V8 has already compiled: cold, an upload cost the portal 15–16 ms of CPU
 * against 6–7 ms warm, and when 50 units upload at once that is the difference between waiting
 * about a third of a second and half a second.
 *
 * A rehearsal is an ordinary upload request carrying a header with a secret made at start and
 * never shown: it is judged like any file, but nothing is archived or recorded (intake's
 * `rehearsal`), it counts against no rate limit and is not logged.
 */

const HEADER = 'x-creditwork-rehearsal';
/**
 * Each intake thread judges about 200, half of them filled in (and each unit's empty workbook a few
 * times); 4–5 seconds after the portal listens. Measured together with the typed workbooks below (160
 * rounds of empty workbooks before).
 */
const DEFAULT_ROUNDS = 400;
/** Two threads judge; a few requests at once keep both busy. */
const AT_ONCE = 4;

export class Rehearsal {
  private readonly token = randomBytes(32).toString('hex');
  private stopped = false;

  /** `https`: the portal serves TLS itself (--cert/--key), so its rehearsals do too. */
  constructor(private readonly https = false) {}

  /** Whether a request is one of this process's rehearsals. */
  is(request: FastifyRequest): boolean {
    const given = request.headers[HEADER];
    if (typeof given !== 'string' || given.length !== this.token.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(this.token));
  }

  /** No more rehearsals: the portal is closing (those in flight finish like any request). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Uploads every unit's workbook of the latest issued period as issued (refused for its empty
   * cells) and filled ones — the returns accepted most recently (judged again in full, though
   * received before), or workbooks typed in — to their units' links, `rounds` times in all, asking
   * for JSON (the pane) and for the page's fragment in turn, each over a new connection to the
   * portal's own address as a unit's would come (the socket and HTTP parsing code is half of what
   * is cold). Returns how many were rehearsed: none when the portal is not listening or nothing is
   * issued or linked.
   */
  async run(app: FastifyInstance, ctx: PortalContext, rounds = DEFAULT_ROUNDS): Promise<number> {
    const target = listening(app, this.https);
    if (!target) return 0;
    const { empty, filled } = await rehearsalWorkbooks(ctx);
    if (!empty.length && !filled.length) return 0;
    // Empty and filled in turn, so filled cells get half the rounds however many units there are.
    const lists = [empty, filled].filter((list) => list.length);
    const pick = (round: number) => {
      const list = lists[round % lists.length];
      return list[Math.floor(round / lists.length) % list.length];
    };
    let next = 0;
    const rehearse = async () => {
      for (let round = next++; round < rounds && !this.stopped; round = next++) {
        const w = pick(round);
        let status: number;
        try {
          status = await post(target, w.url, w.body, {
            [HEADER]: this.token,
            'content-type': w.type,
            // Switched every other round: the rounds alternate empty and filled, and each of them
            // is asked for both answers (the pane's JSON, the page's fragment).
            ...((round >> 1) % 2 ? { accept: 'application/json' } : { 'x-requested-with': 'XMLHttpRequest' }),
          });
        } catch (error) {
          // A portal closing turns its connections away: that ends the rehearsal, it is no failure.
          if (this.stopped) return;
          throw error;
        }
        if (status >= 500 && !this.stopped) throw new Error(`rehearsal upload answered ${status}`);
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, rehearse));
    return rounds;
  }
}

/** Filled workbooks to rehearse: the latest accepted returns, or as many typed in as are missing. */
const FILLED = 8;

interface RehearsedUpload {
  url: string;
  type: string;
  body: Buffer;
}

/**
 * The upload requests to rehearse: every unit's latest issued workbook (empty, refused) and filled
 * ones — the latest accepted returns and, while there are fewer of those than FILLED, issued
 * workbooks typed in. Every unit, not a few: units differ in what their rows hold (some have no
 * task, some no indicator), and code V8 compiled having seen only some of them was thrown away and
 * compiled again when the others came, in the first minutes of a busy day.
 */
async function rehearsalWorkbooks(
  ctx: PortalContext,
): Promise<{ empty: RehearsedUpload[]; filled: RehearsedUpload[] }> {
  const period = issuedPeriods(ctx.ws.outbox).at(-1);
  const issued: OnDisk[] = period
    ? currentIssue(ctx.store, period).map((w) => ({
        period,
        unit: w.unit,
        file: path.join(ctx.ws.outbox, period, w.file),
        name: w.file,
      }))
    : [];
  const accepted = ctx.store.latestAcceptedOriginals(FILLED).flatMap((r) => {
    const file = archivedFile(ctx.ws, r.archivePath);
    return file ? [{ period: r.period, unit: r.unit, file, name: r.file }] : [];
  });
  const read = (files: OnDisk[]) =>
    Promise.all(files.map(async (f) => ({ ...f, bytes: await readFile(f.file).catch(() => undefined) })));
  const [empty, earlier, typed] = await Promise.all([
    read(issued),
    read(accepted),
    typedWorkbooks(ctx, spread(issued, FILLED - accepted.length)).catch((error: unknown) => {
      ctx.log.warn({ err: error }, 'warm-up: typing workbooks in failed');
      return [];
    }),
  ]);
  const links = new Map<number, Map<string, UnitLink>>();
  const linkOf = (period: string, unit: string | null) => {
    const year = Number(period.slice(0, 4));
    if (!links.has(year)) links.set(year, ctx.links.current(year));
    return unit ? links.get(year)!.get(unit) : undefined;
  };
  const requests = (uploads: { period: string; unit: string | null; name: string; bytes?: Uint8Array }[]) =>
    uploads.flatMap((u) => {
      const link = linkOf(u.period, u.unit);
      return link && u.bytes
        ? [{ url: `${ctx.base}/u/${link.secret}/returns`, ...multipartBody(u.name, u.bytes) }]
        : [];
    });
  return { empty: requests(empty), filled: requests([...earlier, ...typed]) };
}

/** `count` of the list, taken evenly along it (units of every kind, as the list is ordered by code). */
function spread<T>(list: T[], count: number): T[] {
  if (count <= 0) return [];
  if (list.length <= count) return list;
  return Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)]);
}

interface OnDisk {
  period: string;
  unit: string | null;
  file: string;
  name: string;
}

/** A careful typist and a hasty one (`1,234`, `１２３`, `60%`, `2024年5月10日`), taken in turn. */
const TYPISTS: Persona[] = [
  { returns: 1, late: 0, mistakes: 0, pace: 9, stalls: 0.3, messy: false },
  { returns: 1, late: 0, mistakes: 0, pace: 9, stalls: 0.3, messy: true },
];

/**
 * Issued workbooks typed in as the demo's units type them, for a portal with few accepted returns
 * yet (a new year's first month, a new workspace). Rehearsing only empty workbooks, V8 compiled the
 * reader and the rules for empty cells; the first filled ones of the day (numbers, dates, percents)
 * made it throw that code away and compile it again in both intake threads just when fifty units
 * were uploading at once: 9.0–10.2 ms of CPU per upload, 3.0–3.4 ms of it on V8's background
 * threads; 6.2–8.2 ms with these (and the rounds above, and cells of one shape), 1.6–1.8 ms there.
 */
async function typedWorkbooks(
  ctx: PortalContext,
  issued: OnDisk[],
): Promise<{ period: string; unit: string; name: string; bytes: Uint8Array }[]> {
  const period = issued[0]?.period;
  if (!period) return [];
  const plan = await ctx.planFor(Number(period.slice(0, 4)));
  const jobs = issued.flatMap((f, i) => {
    const unit = f.unit;
    if (!unit || !plan.units.some((u) => u.code === unit)) return [];
    const typist = TYPISTS[i % TYPISTS.length];
    const entry = monthlyEntry(unitRows(plan, unit), period, typist, emptyState(), seededRandom(unit));
    return [{ ...f, unit, cells: entry.correct.cells }];
  });
  if (!jobs.length) return [];
  const files = await fillWorkbooksInThread({
    jobs: jobs.map((j) => ({ issuedPath: j.file, cells: j.cells })),
    savedAt: ctx.now(),
  });
  return jobs.map((j, i) => ({ period, unit: j.unit, name: j.name, bytes: files[i] }));
}

interface Target {
  host: string;
  port: number;
  https: boolean;
}

/** Where the portal listens, as a client on this machine reaches it (loopback for any address). */
function listening(app: FastifyInstance, https: boolean): Target | undefined {
  const address = app.server.listening ? app.server.address() : null;
  if (!address || typeof address === 'string') return undefined;
  const any = address.address === '0.0.0.0' || address.address === '::';
  const host = any ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address;
  return { host, port: address.port, https };
}

/**
 * One POST to the portal itself; its status. Over TLS the office's certificate names its public
 * host, not this address, and the peer is this very process: the name is not checked.
 */
function post(target: Target, url: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  const request = (target.https ? httpsRequest : httpRequest)({
    host: target.host,
    port: target.port,
    path: url,
    method: 'POST',
    agent: false,
    rejectUnauthorized: false,
    headers: { ...headers, 'content-length': String(body.length) },
  });
  return new Promise((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A multipart/form-data body with one `file` field, as a browser's form or the pane sends it. */
function multipartBody(name: string, bytes: Uint8Array): { type: string; body: Buffer } {
  const boundary = `----creditwork${randomBytes(12).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(name)}"\r\n` +
    `Content-Type: ${XLSX_TYPE}\r\n\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
