import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SHEETS } from '../../core/contract/layout.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import type { SubmissionContent } from '../../core/submission.js';
import { archiveBytes } from './archive.js';
import { identify } from './identify.js';
import { leanGrid } from './lean-grid.js';
import { checkBytes } from './safety.js';
import { validateReturn } from './validate.js';
import { readWorkbook } from './xlsx-read.js';

/** What one worker needs to judge files: plain data, so it crosses thread boundaries. */
export interface InspectContext {
  plan: Plan;
  period: string;
  workspaceRoot: string;
  /** SHA-256 of files already recorded for this period: archived and judged, nothing to redo. */
  known: string[];
  /** Each unit's last accepted submission before the period, for the rules' year-to-date checks. */
  previous: Record<string, SubmissionContent>;
}

export interface InspectJob {
  index: number;
  path: string;
}

export interface InspectOutcome {
  index: number;
  path: string;
  file: string;
  sha256: string;
  size: number;
  archivePath: string;
  /** File time in the inbox, not later than now: when the office received it. */
  receivedAt: string;
  /** Already recorded for this period: nothing else was done. */
  known: boolean;
  unit: string | null;
  findings: Finding[];
  content?: SubmissionContent;
}

const READ_SHEETS = [SHEETS.metadata, SHEETS.tasks, SHEETS.indicators];

export function inspectFile(job: InspectJob, ctx: InspectContext, known: Set<string>): InspectOutcome {
  const file = path.basename(job.path);
  const bytes = new Uint8Array(readFileSync(job.path));
  const stat = statSync(job.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Before anything else: once archived, nothing that follows can lose the original.
  const archivePath = archiveBytes(ctx.workspaceRoot, sha256, file, bytes);
  const receivedAt = new Date(Math.min(stat.mtimeMs, Date.now())).toISOString();
  const base = {
    index: job.index,
    path: job.path,
    file,
    sha256,
    size: bytes.length,
    archivePath,
    receivedAt,
  };
  if (known.has(sha256)) return { ...base, known: true, unit: null, findings: [] };
  const judged = judge(file, bytes, ctx);
  return { ...base, known: false, ...judged };
}

function judge(
  file: string,
  bytes: Uint8Array,
  ctx: InspectContext,
): Pick<InspectOutcome, 'unit' | 'findings' | 'content'> {
  const safe = checkBytes(file, bytes);
  if (!safe.ok) return { unit: null, findings: [safe.finding] };
  let grid;
  try {
    grid = leanGrid(readWorkbook(safe.zip, READ_SHEETS));
  } catch {
    return {
      unit: null,
      findings: [
        {
          level: 'error',
          file,
          sheet: '',
          cell: '',
          code: 'collect.corrupt',
          message: `${file}：工作簿内容已损坏，无法读取。请在 Excel/WPS 中打开确认后重新保存并发送。`,
        },
      ],
    };
  }
  const who = identify(grid, ctx.plan, ctx.period, file);
  if (!who.ok) return { unit: who.unit, findings: who.findings };
  const { findings, content } = validateReturn(
    grid,
    who.rows,
    ctx.plan,
    ctx.period,
    file,
    ctx.previous[who.unit],
  );
  return { unit: who.unit, findings: findings.map((f) => ({ ...f, file })), content };
}
