import { isIsoDate } from '../../core/calendar/index.js';
import type { Plan } from '../../core/plan/model.js';
import { publishCircular, type CircularResult } from '../circular/service.js';
import { officeToday } from '../collect/deadline.js';
import { planTimeZone } from '../../core/schedule/model.js';
import { numberOption } from '../documents/options.js';
import { periodOption, requirePeriodInPlan } from '../options.js';
import { loadPeriodPlan, openWorkspace } from '../plan/years.js';
import { openStore } from '../store/index.js';
import { UserError } from '../user-error.js';
import type { Workspace } from '../workspace.js';

interface CircularCommandOptions {
  workspace?: string;
  period?: string;
  date?: string;
  number?: string;
  force?: boolean;
  pdf?: boolean;
}

export async function run(options: CircularCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? '.');
  const period = periodOption(options.period);
  if (options.date !== undefined && !isIsoDate(options.date))
    throw new UserError(
      `--date ${JSON.stringify(options.date)} 不是有效的日期，请写成 YYYY-MM-DD，如 2024-06-07。`,
    );
  const number = numberOption(options.number);
  const plan = await loadPeriodPlan(ws, period);
  const date = options.date ?? officeToday(new Date(), planTimeZone(plan));
  const result = await writeCircular({
    workspace: ws,
    plan,
    period,
    date,
    number,
    force: options.force,
    pdf: options.pdf || undefined,
  });
  console.log(`已生成月度通报：${result.file}`);
  if (result.pdf) console.log(`PDF：${result.pdf}`);
  if (result.pages) console.log(`共 ${result.pages} 页，版记在第 ${result.pages} 页。`);
  for (const note of result.notes) console.log(`提示：${note}`);
  if (!result.submissions) console.log(`提示：${period} 尚无已收取的报送，通报中各单位均列为未报送。`);
  if (number === undefined) console.log('提示：未指定 --number，发文字号的序号留空，可打印后手填。');
  return 0;
}

/**
 * The period's circular from the stored returns into reports/<period>/, through the document
 * register (reporter/circular/service.ts): what the CLI, the scheduler and the portal's console call.
 */
export async function writeCircular(request: {
  workspace: Workspace;
  plan: Plan;
  period: string;
  date: string;
  /** The 发文字号's sequence number, as typed or as a number. */
  number?: string | number;
  force?: boolean;
  pdf?: boolean;
}): Promise<CircularResult & { submissions: number }> {
  const { workspace: ws, plan, period, date } = request;
  requirePeriodInPlan(plan, period);
  const store = openStore(ws);
  try {
    const result = await publishCircular({
      ws,
      store,
      plan,
      period,
      date,
      number: numberOption(request.number),
      force: request.force,
      pdf: request.pdf,
    });
    return { ...result, submissions: result.returns };
  } finally {
    store.close();
  }
}
