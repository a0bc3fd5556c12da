/**
 * The one controller of the pane, for Excel and WPS alike: host events become checks, and the
 * unit's actions (检查并标记完成, 提交, jumping to a cell) become host calls.
 *
 * Never in the user's way: a live check only reads (one round trip) and never writes, so typing
 * keeps Excel's undo history and an untouched workbook stays unchanged. Marks and the completion
 * stamp are written when the unit asks for a check, in one round trip, and only what changed.
 */
import type { Finding } from '../core/plan/model.js';
import {
  SHEETS_TO_READ,
  WATCHED_SHEETS,
  completionWrites,
  evaluate,
  fillerProblem,
  type Evaluation,
  type RuleSet,
} from './engine.js';
import type { Host, HostEvent, HostFailure } from './host.js';
import type { PaneModel, RecognizedPane } from './pane-model.js';
import { submitWorkbook, type SubmitResult } from './submit.js';

export interface ControllerOptions {
  host: Host;
  rules: RuleSet;
  render(pane: PaneModel): void;
  /** A passing problem (the workbook could not be read just now), or null once it is over. */
  trouble(message: string | null): void;
  today(): string;
  now(): Date;
  /** Quiet time after the last event before a check (typing, arrow keys). */
  debounceMs?: number;
  /** After a transient failure, when to try again if no event comes first. */
  retryMs?: number;
  fetch?: typeof fetch;
}

export type CheckResult =
  { ok: true; pane: RecognizedPane; stamped: boolean } | { ok: false; reason: string; errors?: number };

const MAX_RETRIES = 5;

export type SubmitOutcome = SubmitResult | { ok: false; reason: string; errors?: number };

export class Controller {
  private queue: Promise<unknown> = Promise.resolve();
  private queuedCheck: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Set by the first 检查 of the session: the blanks it turned into errors stay errors while the
   * unit works through the list.
   */
  private full = false;
  /** Consecutive live checks that failed; timed retries stop after MAX_RETRIES. */
  private failures = 0;

  constructor(private readonly options: ControllerOptions) {}

  /**
   * Registers for events first, so a failure of the first read (Excel busy, a cell in edit mode)
   * cannot leave the session without live checking; then checks once.
   */
  async start(): Promise<void> {
    await this.options.host.listen(WATCHED_SHEETS, (event) => this.onEvent(event));
    await this.check();
  }

  private onEvent(event: HostEvent): void {
    if (event.kind === 'workbook') {
      // WPS: the one pane now looks at another workbook; its session state does not carry over.
      this.full = false;
    }
    this.schedule(this.options.debounceMs ?? 150);
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, ms);
  }

  /** Host work runs one piece at a time, in order. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * A live check: read once, evaluate, render; writes nothing. Triggers that arrive before a
   * queued check starts join it. Failures are retried, never thrown.
   */
  check(): Promise<void> {
    if (this.queuedCheck) return this.queuedCheck;
    const queued = this.exclusive(async () => {
      this.queuedCheck = null;
      await this.liveOnce();
    });
    this.queuedCheck = queued;
    return queued;
  }

  private async liveOnce(): Promise<void> {
    const { host, rules, render, today, trouble } = this.options;
    try {
      const read = await host.read(SHEETS_TO_READ);
      const evaluation = evaluate(read, today(), { full: this.full }, rules);
      this.failures = 0;
      trouble(null);
      render(evaluation.pane);
    } catch (error) {
      const failure = host.classify(error);
      // Retried on the next event anyway; a few timed retries cover a unit who stops typing.
      if (failure.kind === 'transient' && ++this.failures <= MAX_RETRIES) {
        trouble('暂时读不到工作簿（可能正在编辑单元格），稍后自动重试。');
        this.schedule(this.options.retryMs ?? 2000);
        return;
      }
      trouble(explain(failure));
    }
  }

  /**
   * 检查并标记完成: everything counts as collect counts it; marks and, when no error remains and
   * the filler is given, the completion stamp are written together in one round trip.
   */
  complete(filler: { name: string; phone: string }): Promise<CheckResult> {
    return this.exclusive(() => this.fullCheck(filler));
  }

  private async fullCheck(filler: { name: string; phone: string } | null): Promise<CheckResult> {
    const { host, rules, render, today, now } = this.options;
    this.full = true;
    let evaluation: Evaluation;
    let stamped = false;
    try {
      const read = await host.read(SHEETS_TO_READ);
      evaluation = evaluate(read, today(), { full: true }, rules);
      const pane = evaluation.pane;
      const writes = [...evaluation.markWrites];
      const fillerOk = filler !== null && fillerProblem(filler) === null;
      const at = now().toISOString();
      if (pane.recognized && pane.errors === 0 && filler && fillerOk) {
        writes.push(...completionWrites(filler, at));
        evaluation = {
          ...evaluation,
          pane: { ...pane, filler: { name: filler.name, phone: filler.phone, checkedAt: at } },
        };
        stamped = true;
      }
      await host.write(writes);
    } catch (error) {
      const failure = host.classify(error);
      return { ok: false, reason: explain(failure) };
    }
    this.options.trouble(null);
    const pane = evaluation.pane;
    render(pane);
    if (!pane.recognized) return { ok: false, reason: pane.reason };
    const marked = pane.marksSheet ? '已在表中标红，' : '';
    if (pane.errors > 0) {
      return {
        ok: false,
        errors: pane.errors,
        reason: `还有 ${pane.errors} 个错误，${marked}请按“检查结果”逐项修改后再检查。`,
      };
    }
    const problem = filler ? fillerProblem(filler) : null;
    if (problem) return { ok: false, reason: `未发现错误。${problem}然后再点“检查并标记完成”。` };
    return { ok: true, pane, stamped };
  }

  async select(finding: Pick<Finding, 'sheet' | 'cell'>): Promise<void> {
    await this.exclusive(() => this.options.host.select(finding.sheet, finding.cell));
  }

  /**
   * 提交: after a full check with no error, the workbook goes to the portal that issued it and
   * the office's verdict comes back. A check with errors sends nothing.
   */
  submit(filler: { name: string; phone: string }): Promise<SubmitOutcome> {
    return this.exclusive(async (): Promise<SubmitOutcome> => {
      // The filler is recorded when given; sending does not wait for it.
      const checked = await this.fullCheck(fillerProblem(filler) === null ? filler : null);
      if (!checked.ok) return checked;
      const portal = checked.pane.portalUrl;
      if (!portal)
        return {
          ok: false,
          reason: '本表没有写入门户地址，不能从这里提交。请保存后在门户网页上传，或按通知报送。',
        };
      const { host } = this.options;
      let file;
      try {
        file = await host.file();
      } catch (error) {
        const failure = host.classify(error);
        return { ok: false, reason: failure.message ?? `无法取得工作簿文件：${explain(failure)}` };
      }
      return submitWorkbook(portal, file, this.options.fetch ?? fetch.bind(globalThis));
    });
  }
}

/** What the unit reads for a failure the host reported, by its kind. */
export function explain({ kind, code, message }: HostFailure): string {
  if (message) return message;
  switch (kind) {
    case 'transient':
      return `工作簿正忙（${code}），请结束单元格编辑后再试一次。`;
    case 'protected':
      return `工作表受保护，无法写入（${code}）。请使用信用办本期下发的原表；如已自行加密码，请先撤销工作表保护。`;
    case 'unsupported':
      return `当前版本不支持这一操作（${code}）。请升级 Excel/WPS，或保存后在门户网页上传。`;
    default:
      return `读取或写入工作簿时出错（${code}）。请保存文件，关闭后重新打开助手。`;
  }
}
