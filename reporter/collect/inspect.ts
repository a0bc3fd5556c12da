import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CellGrid } from '../../core/contract/grid.js';
import { SHEETS } from '../../core/contract/layout.js';
import type { Finding, Plan } from '../../core/plan/model.js';
import type { ReceivedSource } from '../../core/received.js';
import type { SubmissionContent } from '../../core/submission.js';
import { archiveBytes, archiveStream } from './archive.js';
import { identify } from './identify.js';
import { leanGrid } from './lean-grid.js';
import { checkBytes, MAX_FILE_BYTES, tooLarge } from './safety.js';
import { validateReturn } from './validate.js';
import { readWorkbook } from './xlsx-read.js';

/** What a worker needs to take in files: no plan, so it can start before the plan is loaded. */
export interface IntakeContext {
  period: string;
  workspaceRoot: string;
  /** SHA-256 of files already recorded for this period: archived and judged, nothing to redo. */
  known: string[];
}

/** What judging needs besides the file: the plan, and each unit's previous month. */
export interface JudgeContext {
  plan: Plan;
  /** Each unit's last accepted submission before the period, for the rules' year-to-date checks. */
  previous: Record<string, SubmissionContent>;
  /** The workspace secret that signed the issued workbooks (reporter/secret.ts); absent if never made. */
  secret?: string;
  /** The plan versions recorded at issue (reporter/plan/history.ts): a return is judged against its own. */
  versions?: Plan[];
  /** `unit|issuedAt` of the period's workbooks since re-issued: such a return is taken, with a warning. */
  replaced?: string[];
}

/** What one worker needs to judge files: plain data, so it crosses thread boundaries. */
export type InspectContext = IntakeContext & JudgeContext;

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
  /** `file-time`, or `collected` when the file's time lay in the future and the collect's time was taken. */
  receivedSource: ReceivedSource;
  /** The file's own time in the inbox, as found. */
  fileTime: string;
  /** Already recorded for this period: nothing else was done. */
  known: boolean;
  unit: string | null;
  findings: Finding[];
  content?: SubmissionContent;
}

const READ_SHEETS = [SHEETS.metadata, SHEETS.tasks, SHEETS.indicators];

type Base = Omit<InspectOutcome, 'known' | 'unit' | 'findings' | 'content'>;

/**
 * A file taken in: archived, checked and read, waiting for the plan to be judged. Holds the parsed
 * workbook, so it stays in the thread that made it.
 */
export type Intake =
  { base: Base; done: Pick<InspectOutcome, 'known' | 'unit' | 'findings'> } | { base: Base; grid: CellGrid };

/** Everything that does not need the plan: archive first, then the safety checks and the read. */
export function intakeFile(job: InspectJob, ctx: IntakeContext, known: Set<string>): Intake {
  const file = path.basename(job.path);
  const fd = openSync(job.path, 'r');
  let archived: { sha256: string; size: number; archivePath: string; mtimeMs: number };
  let bytes: Uint8Array | undefined;
  try {
    // One open for the time and the bytes, so both describe the same file.
    const stat = fstatSync(fd);
    if (stat.size > MAX_FILE_BYTES) {
      // Far over the limit: archived in chunks and refused without ever being held whole.
      const { sha256, relative, size } = archiveStream(ctx.workspaceRoot, file, fd);
      archived = { sha256, size, archivePath: relative, mtimeMs: stat.mtimeMs };
    } else {
      bytes = new Uint8Array(readFileSync(fd));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Before anything else: once archived, nothing that follows can lose the original.
      const archivePath = archiveBytes(ctx.workspaceRoot, sha256, file, bytes);
      archived = { sha256, size: bytes.length, archivePath, mtimeMs: stat.mtimeMs };
    }
  } finally {
    closeSync(fd);
  }
  const { sha256, size, archivePath, mtimeMs } = archived;
  const now = Date.now();
  const receivedAt = new Date(Math.min(mtimeMs, now)).toISOString();
  const receivedSource: ReceivedSource = mtimeMs > now ? 'collected' : 'file-time';
  const fileTime = new Date(mtimeMs).toISOString();
  const base = {
    index: job.index,
    path: job.path,
    file,
    sha256,
    size,
    archivePath,
    receivedAt,
    receivedSource,
    fileTime,
  };
  if (known.has(sha256)) return { base, done: { known: true, unit: null, findings: [] } };
  if (!bytes) return { base, done: { known: false, unit: null, findings: [tooLarge(file, size)] } };
  const safe = checkBytes(file, bytes);
  if (!safe.ok) return { base, done: { known: false, unit: null, findings: [safe.finding] } };
  try {
    return { base, grid: leanGrid(readWorkbook(safe.zip, READ_SHEETS)) };
  } catch {
    return {
      base,
      done: {
        known: false,
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
      },
    };
  }
}

/** Identifies the sender and applies the rules to a file taken in. */
export function judgeIntake(intake: Intake, ctx: JudgeContext, period: string): InspectOutcome {
  if ('done' in intake) return { ...intake.base, ...intake.done };
  const { base, grid } = intake;
  const file = base.file;
  const who = identify(grid, ctx.plan, period, file, ctx.secret, ctx.versions);
  if (!who.ok) return { ...base, known: false, unit: who.unit, findings: who.findings };
  const { findings, content } = validateReturn(
    grid,
    who.rows,
    ctx.plan,
    period,
    file,
    ctx.previous[who.unit],
  );
  if (ctx.replaced?.includes(`${who.unit}|${who.metadata.issuedAt ?? ''}`))
    findings.push({
      level: 'warning',
      sheet: '',
      cell: '',
      code: 'collect.replaced-workbook',
      message: `本单位${period}的填报表已重新下发，这是之前下发的旧表：已按旧表的内容接收；请改用新下发的填报表补充后再报送一次`,
    });
  return { ...base, known: false, unit: who.unit, findings: findings.map((f) => ({ ...f, file })), content };
}

export function inspectFile(job: InspectJob, ctx: InspectContext, known: Set<string>): InspectOutcome {
  return judgeIntake(intakeFile(job, ctx, known), ctx, ctx.period);
}
