/**
 * Wires Excel events to the check: every trigger becomes read once → pure check → write once.
 * Triggers that arrive while a check runs collapse into one follow-up check.
 */
import type { Finding } from '../core/plan/model.js';
import { readWorkbook, selectCell, writeBatch, type WriteOp } from './excel-adapter.js';
import type { WorkbookRead } from './grid.js';
import { marksFor, planMarkWrites, type MarkMap, type MarkRegion } from './marks.js';
import type { PaneModel, RecognizedPane } from './pane-model.js';

export interface Evaluation {
  pane: PaneModel;
  findings: Finding[];
  /** Cells the add-in may colour, with their issued fill, for the first repaint. */
  regions: MarkRegion[];
  originalFill(sheet: string, cell: string): string | null;
}

/**
 * How much a check counts. `full: false` while the unit is filling in (blank required cells are
 * progress); `full: true` once the unit asked for 检查并标记完成 (everything counts, as in collect).
 */
export interface CheckMode {
  full: boolean;
}

/** The pure side: which sheets to read and what they mean. */
export interface CheckEngine {
  sheetsToRead: readonly string[];
  /** Sheets whose edits trigger a check (the unit's data sheets). */
  watchedSheets: readonly string[];
  evaluate(read: WorkbookRead, today: string, mode: CheckMode): Evaluation;
  /** Metadata writes that record a completed check; never touches the unit's data. */
  completionWrites(filler: { name: string; phone: string }, at: string): WriteOp[];
}

export interface ControllerOptions {
  engine: CheckEngine;
  run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  render(pane: PaneModel): void;
  today(): string;
  now(): Date;
}

export type CompletionResult =
  { ok: true; at: string; pane: RecognizedPane } | { ok: false; reason: string; errors?: number };

/** Own writes echo back as change events; remember them briefly to drop the echoes. */
const ECHO_WINDOW_MS = 3000;

export class Controller {
  private previousMarks: MarkMap | null = null;
  private running: Promise<Evaluation | null> | null = null;
  private again = false;
  private ownWrites: { sheet: string; address: string; until: number }[] = [];
  /**
   * Set by the first 检查并标记完成 and kept for the session: the blanks it turned into errors stay
   * errors (and stay marked) while the unit works through the list.
   */
  private full = false;
  last: Evaluation | null = null;

  constructor(private readonly options: ControllerOptions) {}

  /** Runs a check now, or once more after the running one. */
  check(): Promise<Evaluation | null> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.checkLoop().finally(() => (this.running = null));
    return this.running;
  }

  private async checkLoop(): Promise<Evaluation | null> {
    let result: Evaluation | null;
    do {
      this.again = false;
      result = await this.checkOnce();
    } while (this.again);
    return result;
  }

  private checkOnce(): Promise<Evaluation | null> {
    return this.options.run(async (context) => {
      const evaluation = await this.pass(context, () => []);
      this.options.render(evaluation.pane);
      return evaluation;
    });
  }

  /**
   * One check inside one Excel.run: read (sync 1), evaluate, then marks plus `extra` writes in one
   * batch (sync 2, skipped when nothing changes).
   */
  private async pass(
    context: Excel.RequestContext,
    extra: (evaluation: Evaluation) => WriteOp[],
  ): Promise<Evaluation> {
    const { engine, today } = this.options;
    const read = await readWorkbook(context, engine.sheetsToRead);
    const evaluation = engine.evaluate(read, today(), { full: this.full });
    this.last = evaluation;
    if (!evaluation.pane.recognized) return evaluation;
    const next = marksFor(evaluation.findings);
    const writable = new Set([...read.sheets.values()].map((s) => s.name));
    const ops = [
      ...planMarkWrites(this.previousMarks, next, evaluation.regions, evaluation.originalFill, writable),
      ...extra(evaluation),
    ];
    this.remember(ops);
    await writeBatch(context, ops, read);
    this.previousMarks = next;
    return evaluation;
  }

  /**
   * Only value writes raise onChanged (format changes raise onFormatChanged), so only they are
   * remembered: remembering fills would swallow a user's edit of a cell just recoloured.
   */
  private remember(ops: readonly WriteOp[]): void {
    const until = this.options.now().getTime() + ECHO_WINDOW_MS;
    for (const op of ops) {
      if (op.kind === 'text') this.ownWrites.push({ sheet: op.sheet, address: op.address, until });
    }
  }

  /** Whether a change event is the echo of the add-in's own write (consumed once). */
  isEcho(sheet: string, address: string): boolean {
    const now = this.options.now().getTime();
    this.ownWrites = this.ownWrites.filter((w) => w.until >= now);
    const local = address.slice(address.lastIndexOf('!') + 1).replace(/\$/g, '');
    const index = this.ownWrites.findIndex((w) => w.sheet === sheet && w.address === local);
    if (index < 0) return false;
    this.ownWrites.splice(index, 1);
    return true;
  }

  async select(finding: Finding): Promise<void> {
    await this.options.run((context) => selectCell(context, finding.sheet, finding.cell));
  }

  /**
   * 检查并标记完成: re-validate everything; stamp filler and time into the metadata sheet only when
   * no error remains. Read once, write once, like every other check.
   */
  async complete(filler: { name: string; phone: string }): Promise<CompletionResult> {
    const problem = fillerProblem(filler);
    if (problem) return { ok: false, reason: problem };
    if (this.running) await this.running;
    this.full = true;
    const { engine, run, render, now } = this.options;
    const at = now().toISOString();
    return run(async (context): Promise<CompletionResult> => {
      const evaluation = await this.pass(context, (e) =>
        e.pane.recognized && e.pane.errors === 0 ? engine.completionWrites(filler, at) : [],
      );
      const pane = evaluation.pane;
      if (!pane.recognized) {
        render(pane);
        return { ok: false, reason: pane.reason };
      }
      if (pane.errors > 0) {
        render(pane);
        return {
          ok: false,
          errors: pane.errors,
          reason: `还有 ${pane.errors} 个错误，已在表中标红。请按上方“检查结果”逐项修改后再标记完成。`,
        };
      }
      const stamped = { ...pane, filler: { name: filler.name, phone: filler.phone, checkedAt: at } };
      render(stamped);
      return { ok: true, at, pane: stamped };
    });
  }
}

/** Filler details as an office expects to reach someone: a name and a mainland phone number. */
export function fillerProblem(filler: { name: string; phone: string }): string | null {
  if (!filler.name) return '请填写填报人姓名。';
  if (filler.name.length > 20) return '填报人姓名过长，请只填姓名。';
  const digits = filler.phone.replace(/[\s-]/g, '');
  if (!digits) return '请填写联系电话。';
  if (!/^(1\d{10}|0\d{9,11}|\d{7,8})$/.test(digits)) {
    return `联系电话“${filler.phone}”格式不对：请填 11 位手机号或带区号的固定电话，如 0359-1234567。`;
  }
  return null;
}
