import { existsSync } from 'node:fs';
import path from 'node:path';
import { periodLabel } from '../../core/calendar/index.js';
import { CalendarError } from '../../core/calendar/working-days.js';
import { chineseDate } from '../issue/deadline.js';
import { issuePeriod, type IssueResult } from '../issue/issue-period.js';
import { loadPeriodPlan, openWorkspace } from '../plan/years.js';
import { periodOption } from '../options.js';
import { UserError } from '../user-error.js';
import { portalBaseUrl } from '../portal/base-url.js';
import { unitLinksFor } from '../portal/unit-links.js';
import { ensureWorkspaceSecret } from '../secret.js';
import type { Workspace } from '../workspace.js';
import type { Plan } from '../../core/plan/model.js';

interface IssueCommandOptions {
  workspace?: string;
  period?: string;
  force?: boolean;
  baseUrl?: string;
}

/**
 * `creditwork issue --period P`: one workbook per responsible unit in outbox/P/, pre-filled from
 * each unit's last accepted submission when the workspace has a database.
 */
export async function run(options: IssueCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const period = periodOption(options.period);
  const plan = await loadPeriodPlan(ws, period);
  const baseUrl = portalBaseUrl(options.baseUrl, plan.settings.portalBaseUrl);
  const started = Date.now();
  const result = await issueInWorkspace({
    workspace: ws,
    plan,
    period,
    force: options.force === true,
    baseUrl,
  });
  const prefilled = result.files.filter((f) => f.prefilled).length;
  if (result.movedAside) console.log(`原有文件已移入：${result.movedAside}`);
  console.log(
    `已下发${periodLabel(period)}填报表 ${result.files.length} 份（${prefilled} 份按上期已收报送预填），` +
      `用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`,
  );
  console.log(`目录：${result.dir}`);
  console.log(`下发清单：${path.basename(result.index)}`);
  console.log(
    `报送截止：${chineseDate(result.deadline, true)}（下月第${plan.settings.returnDeadlineWorkingDay}个工作日）`,
  );
  console.log(
    baseUrl
      ? `网上报送：每份填报表已写入本单位的专用地址（${baseUrl}/u/…），下发清单中有全部地址。`
      : '未设置门户地址（plan.xlsx 设置“门户地址”或 --base-url）：填报表中没有网上报送地址，各单位需另行报送。',
  );
  return 0;
}

/**
 * Issues the period from the workspace: pre-filled from each unit's last accepted return, signed
 * with the workspace secret, and with each unit's portal address when the portal's base URL is
 * known. The CLI, the scheduler (through the CLI) and the portal's console all come here.
 */
export async function issueInWorkspace(request: {
  workspace: Workspace;
  plan: Plan;
  period: string;
  force?: boolean;
  baseUrl?: string;
  now?: Date;
  /** Only these units (default: every unit with a task or an indicator). */
  units?: string[];
}): Promise<IssueResult> {
  const { workspace: ws, plan, period, baseUrl } = request;
  const secret = ensureWorkspaceSecret(ws);
  // Opening the store only when it exists or the units' portal links are needed: issuing without a
  // portal must not create an empty database.
  const store =
    existsSync(ws.database) || baseUrl ? (await import('../store/index.js')).openStore(ws) : undefined;
  try {
    const links = baseUrl && store ? unitLinksFor(store, plan, baseUrl) : undefined;
    return await issuePeriod({
      plan,
      period,
      outbox: ws.outbox,
      force: request.force === true,
      previous: store ? (unit) => store.lastAcceptedBefore(unit, period) : undefined,
      secret,
      portalUrl: links ? (unit) => links.get(unit) : undefined,
      now: request.now,
      units: request.units,
    }).catch((error: unknown) => {
      if (error instanceof CalendarError) throw new UserError(error.message);
      throw error;
    });
  } finally {
    store?.close();
  }
}
