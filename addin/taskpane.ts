/** Task pane entry: boots Fluent, checks the host, wires the controller to Excel and the pane. */
import {
  fluentButton,
  fluentProgress,
  fluentTextField,
  provideFluentDesignSystem,
} from '@fluentui/web-components';
import { Controller } from './controller.js';
import { createEngine } from './engine.js';
import { debounce, registerEvents } from './events.js';
import { Pane } from './pane.js';
import { ISSUED_FILLS, ruleSet } from './rule-set.js';
import { nextSteps } from './status.js';

provideFluentDesignSystem().register(fluentButton(), fluentProgress(), fluentTextField());

/** Local calendar date; a test page may pin it with `window.CREDITWORK_TODAY`. */
function today(): string {
  const pinned = (window as { CREDITWORK_TODAY?: string }).CREDITWORK_TODAY;
  if (pinned) return pinned;
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function showNotice(reason: string): void {
  document.getElementById('loading')!.hidden = true;
  document.getElementById('notice')!.hidden = false;
  document.getElementById('notice-reason')!.textContent = reason;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/protect/i.test(message)) {
    return `无法标记单元格：工作表设置了密码保护。请联系市信用办获取未加密的原表。（${message}）`;
  }
  return `读取或写入工作簿时出错：${message}。请保存文件后关闭并重新打开助手。`;
}

async function start(): Promise<void> {
  if (!Office.context.requirements.isSetSupported('ExcelApi', '1.7')) {
    showNotice(
      '当前 Excel 版本过旧，助手需要 Excel 2019、Microsoft 365 或网页版 Excel。表格自带的下拉列表和输入限制仍可使用。',
    );
    return;
  }
  const engine = createEngine(ruleSet, ISSUED_FILLS);
  let pane: Pane | null = null;
  const controller = new Controller({
    engine,
    run: (batch) => Excel.run(batch),
    render: (model) => pane?.render(model),
    today,
    now: () => new Date(),
  });
  pane = new Pane({
    onSelectFinding: (finding) => {
      controller.select(finding).catch((error) => pane?.status(describe(error), 'error'));
    },
    onComplete: (filler) => {
      pane?.busy(true);
      pane?.status('正在检查全部内容……');
      controller
        .complete(filler)
        .then((result) => {
          if (result.ok) {
            pane?.status(
              `检查通过，已记录填报人和时间。${nextSteps(result.pane)}`,
              'success',
              (m) => m.errors > 0,
            );
            return;
          }
          pane?.status(result.reason, 'error', result.errors ? (m) => m.errors === 0 : undefined);
          if (result.errors) pane?.showProblems();
        })
        .catch((error) => pane?.status(describe(error), 'error'))
        .finally(() => pane?.busy(false));
    },
  });
  const schedule = debounce(() => {
    controller.check().catch((error) => pane?.status(describe(error), 'error'));
  }, 150);
  try {
    await controller.check();
    await Excel.run((context) => registerEvents(context, controller, engine.watchedSheets, schedule));
  } catch (error) {
    // Before the workbook section is shown the status line is hidden with it.
    if (document.getElementById('workbook')!.hidden) showNotice(describe(error));
    else pane.status(describe(error), 'error');
  }
}

Office.onReady((info) => {
  if (info.host !== Office.HostType.Excel) {
    showNotice('本助手只能在 Excel 中使用。请在 Excel 中打开月度填报表。');
    return;
  }
  start().catch((error) => showNotice(describe(error)));
});
