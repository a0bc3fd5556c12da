import path from 'node:path';
import { periodLabel } from '../../core/calendar/index.js';
import { unitsToIssue } from '../../core/contract/unit-rows.js';
import { unitLookup } from '../../core/plan/unit-names.js';
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
  /** `S05,S07`: re-issue just these units' workbooks. */
  unit?: string;
}

/** `--unit S05,市教育局`: unit codes (names and other spellings too) the plan issues workbooks to. */
function unitsOption(plan: Plan, text: string): string[] {
  const lookup = unitLookup(plan.units);
  const due = new Set(unitsToIssue(plan));
  const codes: string[] = [];
  for (const item of text.split(/[,，、\s]+/).filter(Boolean)) {
    const code = lookup(item);
    if (!code)
      throw new UserError(
        `--unit：工作要点中没有单位“${item}”，请用单位代码（如 S05），可用 creditwork plan show 查看。`,
      );
    if (!due.has(code))
      throw new UserError(`--unit：${item}（${code}）在现行工作要点中没有任务或指标，不下发填报表。`);
    if (!codes.includes(code)) codes.push(code);
  }
  if (!codes.length) throw new UserError('--unit 后请写单位代码，多个用逗号分隔，如 --unit S05,S07。');
  return codes;
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
  const units = options.unit === undefined ? undefined : unitsOption(plan, options.unit);
  if (units && options.force)
    throw new UserError(
      '--unit 只重新下发这些单位，其他单位的填报表不动；不能与 --force（整期重新下发）同用。',
    );
  const started = Date.now();
  const result = await issueInWorkspace({
    workspace: ws,
    plan,
    period,
    force: options.force === true,
    baseUrl,
    ...(units ? { units, reissue: true } : {}),
  });
  const prefilled = result.files.filter((f) => f.prefilled).length;
  if (result.movedAside) console.log(`原有文件已移入：${result.movedAside}`);
  console.log(
    `${units ? '已重新下发' : '已下发'}${periodLabel(period)}填报表 ${result.files.length} 份` +
      `${units ? `（${result.files.map((f) => f.unitName).join('、')}，按工作要点第 ${result.recordedVersion ?? plan.version} 版）` : ''}` +
      `（${prefilled} 份按上期已收报送预填），用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`,
  );
  if (result.recordedVersion)
    console.log(
      `注意：工作要点第 ${plan.version} 版下发后，plans/${plan.year}.xlsx 中改动了填报表里的内容，版本号却未改：` +
        `本次填报表按第 ${result.recordedVersion} 版下发并记录（已发出的仍按原版本判断）。` +
        `请在“设置”工作表把“版本号”改为 ${result.recordedVersion}。`,
    );
  console.log(`目录：${result.dir}`);
  console.log(`下发清单：${path.basename(result.index)}`);
  console.log(
    `报送截止：${chineseDate(result.deadline, true)}（下月第${plan.settings.returnDeadlineWorkingDay}个工作日）`,
  );
  console.log(
    baseUrl
      ? `网上报送：每份填报表已写入本单位的专用地址（${baseUrl}/u/…），下发清单中有全部地址。`
      : '未设置门户地址（plans/<年度>.xlsx 设置“门户地址”或 --base-url）：填报表中没有网上报送地址，各单位需另行报送。',
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
  /** Re-issue `units` in a period already issued, leaving the other units' workbooks out. */
  reissue?: boolean;
}): Promise<IssueResult> {
  const { workspace: ws, plan, period, baseUrl } = request;
  const secret = ensureWorkspaceSecret(ws);
  // The database records the plan version and every workbook issued: returns are judged against it.
  const store = (await import('../store/index.js')).openStore(ws);
  try {
    const links = baseUrl ? unitLinksFor(store, plan, baseUrl) : undefined;
    return await issuePeriod({
      plan,
      period,
      outbox: ws.outbox,
      force: request.force === true,
      ...(request.reissue ? { reissue: true } : {}),
      store,
      previous: (unit) => store.lastAcceptedBefore(unit, period),
      secret,
      portalUrl: links ? (unit) => links.get(unit) : undefined,
      now: request.now,
      units: request.units,
    }).catch((error: unknown) => {
      if (error instanceof CalendarError) throw new UserError(error.message);
      throw error;
    });
  } finally {
    store.close();
  }
}
