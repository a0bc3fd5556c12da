import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Place } from './sheets/types.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import { projectRoot } from '../paths.js';
import type { Workspace } from '../workspace.js';

/**
 * Reading a plan workbook needs exceljs, whose loading alone costs more than collecting a hundred
 * returns. What a read gave (the plan and its findings) is kept as JSON under `.cache/`, one file
 * per year, keyed by the SHA-256 of that year's workbook and by the code that read it, so any change
 * to either reads the workbook again.
 */

const CACHE_FORMAT = 2;

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

export function planCacheFile(ws: Workspace, year: number): string {
  return path.join(ws.root, '.cache', `plan-${year}.json`);
}

export interface PlanRead {
  plan: Plan;
  findings: Finding[];
  /** Where things were read (`setting:city` → 设置!B6), for checks that name a cell later. */
  places?: Record<string, Place>;
}

interface CacheEntry extends PlanRead {
  key: string;
}

/**
 * What reading `file` gives, from the cache when the workbook and the reading code are the ones it
 * was made from; `read` parses the workbook otherwise.
 */
export async function readPlanCached(
  ws: Workspace,
  year: number,
  file: string,
  read: (file: string) => Promise<PlanRead>,
  fingerprint = planReaderFingerprint(),
): Promise<PlanRead> {
  const key = (bytes: Uint8Array) => sha256(`${sha256(bytes)}\n${fingerprint}`);
  const cache = planCacheFile(ws, year);
  let wanted: string | undefined;
  try {
    wanted = key(readFileSync(file));
    const entry = JSON.parse(readFileSync(cache, 'utf8')) as CacheEntry;
    if (entry.key === wanted && entry.plan && Array.isArray(entry.findings)) {
      return { plan: entry.plan, findings: entry.findings, places: entry.places };
    }
  } catch {
    // no workbook (the reader explains), no cache yet, or a damaged one: read the workbook
  }
  const result = await read(file);
  try {
    // Only when the workbook did not change while it was read, so the key names what was parsed.
    if (wanted && key(readFileSync(file)) === wanted) {
      mkdirSync(path.dirname(cache), { recursive: true });
      const temporary = `${cache}.${process.pid}.part`;
      writeFileSync(temporary, JSON.stringify({ key: wanted, ...result } satisfies CacheEntry));
      renameSync(temporary, cache);
    }
  } catch {
    // a read-only workspace still works; it just reads the workbook every time
  }
  return result;
}
