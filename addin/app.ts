/**
 * One pane for every host: wires a Host to the controller and the DOM. The Excel and WPS entries
 * differ only in the Host they pass.
 */
import { Controller } from './controller.js';
import type { Host } from './host.js';
import { Pane } from './pane.js';
import { ruleSet } from './rule-set.js';
import { nextSteps } from './status.js';
import { verdictHeadline } from './submit.js';

/** Local calendar date; a test page may pin it with `window.CREDITWORK_TODAY`. */
export function today(): string {
  const pinned = (window as { CREDITWORK_TODAY?: string }).CREDITWORK_TODAY;
  if (pinned) return pinned;
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Before the pane can run at all (wrong host, no workbook): the notice replaces it. */
export function showNotice(reason: string, help?: string): void {
  document.getElementById('loading')!.hidden = true;
  document.getElementById('notice')!.hidden = false;
  document.getElementById('notice-reason')!.textContent = reason;
  if (help !== undefined) document.getElementById('notice-help')!.textContent = help;
}

/** Tells the ES5 fallback (legacy.js) that the modern pane took over. */
export function markStarted(): void {
  (window as { CREDITWORK_STARTED?: boolean }).CREDITWORK_STARTED = true;
}

export function startPane(host: Host): Controller {
  // The controller renders through the pane, which is made right after it.
  // eslint-disable-next-line prefer-const
  let pane: Pane;
  const controller = new Controller({
    host,
    rules: ruleSet,
    render: (model) => pane.render(model),
    trouble: (message) => pane.trouble(message),
    today,
    now: () => new Date(),
  });
  const act = async <T>(working: string, work: () => Promise<T>): Promise<T | undefined> => {
    pane.busy(true);
    pane.status(working);
    try {
      return await work();
    } catch (error) {
      const failure = host.classify(error);
      pane.status(`操作未完成（${failure.code}），请再试一次。`, 'error');
      return undefined;
    } finally {
      pane.busy(false);
    }
  };
  pane = new Pane({
    onSelect: (place) =>
      controller.select(place).catch((error) => {
        pane.status(`无法跳到 ${place.sheet}!${place.cell}（${host.classify(error).code}）。`, 'error');
      }),
    onComplete: (filler) => {
      void act('正在检查全部内容……', () => controller.complete(filler)).then((result) => {
        if (!result) return;
        if (result.ok) {
          const model = result.pane;
          pane.status(`检查通过，已记录填报人和时间。${nextSteps(model)}`, 'success', (m) => m.errors > 0);
          return;
        }
        pane.status(result.reason, 'error', result.errors ? (m) => m.errors === 0 : undefined);
        if (result.errors) pane.showProblems();
        else if (/填报人|电话/.test(result.reason)) pane.focusFiller();
      });
    },
    onSubmit: (filler) => {
      pane.verdict(null);
      void act('正在检查并提交……', () => controller.submit(filler)).then((result) => {
        if (!result) return;
        if (!result.ok) {
          pane.status(result.reason, 'error');
          if ('errors' in result && result.errors) pane.showProblems();
          return;
        }
        const headline = verdictHeadline(result.verdict);
        pane.verdict(result.verdict, headline);
        pane.status(headline, result.verdict.outcome === 'refused' ? 'error' : 'success');
      });
    },
  });
  controller.start().catch((error) => {
    const failure = host.classify(error);
    showNotice(`助手无法连接到工作簿（${failure.code}）。请保存文件，关闭后重新打开助手。`);
  });
  return controller;
}
