import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../../core/plan/model.js';
import { projectRoot } from '../paths.js';
import type { Workspace } from '../workspace.js';

/**
 * Reading plan.xlsx needs exceljs, whose loading alone costs more than collecting a hundred returns.
 * A plan that loaded without errors is kept as JSON under `.cache/`, keyed by the SHA-256 of
 * plan.xlsx and by the code that read it, so any change to either reads the workbook again.
 */

const CACHE_FORMAT = 1;

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function statsOf(dir: string, pattern: RegExp, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) statsOf(full, pattern, out);
    else if (pattern.test(entry.name)) {
      const s = statSync(full);
      out.push(`${full}:${s.size}:${s.mtimeMs}`);
    }
  }
}

let codeKey: string | undefined;

/** Identifies the plan-reading code: the build (rewritten whole on every build) or the sources. */
export function planReaderFingerprint(): string {
  if (codeKey) return codeKey;
  const root = projectRoot();
  const parts: string[] = [`format ${CACHE_FORMAT}`];
  if (fileURLToPath(import.meta.url).endsWith('.ts')) {
    statsOf(path.join(root, 'reporter', 'plan'), /\.ts$/, parts);
    statsOf(path.join(root, 'core'), /\.ts$/, parts);
  } else {
    statsOf(path.join(root, 'dist', 'reporter'), /^cli\.js$/, parts);
  }
  for (const pkg of ['exceljs', 'chinese-days']) {
    try {
      parts.push(`${pkg} ${readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')}`);
    } catch {
      parts.push(`${pkg} ?`);
    }
  }
  codeKey = sha256(parts.join('\n'));
  return codeKey;
}

export function planCacheFile(ws: Workspace): string {
  return path.join(ws.root, '.cache', 'plan.json');
}

interface CacheEntry {
  key: string;
  plan: Plan;
}

/**
 * The workspace's plan as `loadPlan` gives it (refusing a plan with errors), read from the cache
 * when plan.xlsx and the reading code are the ones it was made from.
 */
export async function loadPlanCached(ws: Workspace, fingerprint = planReaderFingerprint()): Promise<Plan> {
  const key = (bytes: Uint8Array) => sha256(`${sha256(bytes)}\n${fingerprint}`);
  const file = planCacheFile(ws);
  let wanted: string | undefined;
  try {
    wanted = key(readFileSync(ws.plan));
    const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
    if (entry.key === wanted && entry.plan) return entry.plan;
  } catch {
    // no plan.xlsx (loadPlan explains), no cache yet, or a damaged one: read the workbook
  }
  const { loadPlan } = await import('../plan/load.js');
  const plan = await loadPlan(ws);
  try {
    // Only when plan.xlsx did not change while it was read, so the key names what was parsed.
    if (wanted && key(readFileSync(ws.plan)) === wanted) {
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.part`;
      writeFileSync(temporary, JSON.stringify({ key: wanted, plan } satisfies CacheEntry));
      renameSync(temporary, file);
    }
  } catch {
    // a read-only workspace still collects; it just reads plan.xlsx every time
  }
  return plan;
}
