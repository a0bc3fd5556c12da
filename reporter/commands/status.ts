import { existsSync } from 'node:fs';
import { CalendarError } from '../../core/calendar/working-days.js';
import { localDateTime } from '../collect/deadline.js';
import { periodStatus, UNIT_STATE_LABELS, type PeriodStatus } from '../collect/period-status.js';
import { loadPeriodPlan, openWorkspace } from '../plan/years.js';
import { openStoreForReading } from '../store/index.js';
import { periodOption, requirePeriodInPlan } from '../options.js';
import { UserError } from '../user-error.js';

interface StatusCommandOptions {
  workspace?: string;
  period?: string;
  json?: boolean;
}

/** Pads by display width: a Chinese character takes two columns in a terminal. */
function pad(text: string, width: number): string {
  const w = [...text].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width - w));
}

function table(s: PeriodStatus): string {
  const header = `${pad('代码', 6)}${pad('单位', 28)}${pad('状态', 22)}${pad('报送时间', 18)}${pad('版本', 6)}${pad('错误', 6)}提示`;
  const lines = [`${s.period} 报送情况（截止 ${s.deadline}）`, header];
  for (const u of s.units) {
    lines.push(
      pad(u.code, 6) +
        pad(u.name, 28) +
        pad(UNIT_STATE_LABELS[u.state], 22) +
        pad(u.submittedAt ? localDateTime(u.submittedAt) : '—', 18) +
        pad(u.version ? `v${u.version}` : '—', 6) +
        pad(String(u.errors), 6) +
        String(u.warnings),
    );
  }
  const count = (state: string) => s.units.filter((u) => u.state === state).length;
  lines.push(
    `合计 ${s.units.length} 个单位：按时 ${count('on-time')}，逾期 ${count('late')}，未通过 ${count('rejected')}，未报送 ${count('missing') + count('pending')}`,
  );
  if (s.unidentified.length)
    lines.push(`另有 ${s.unidentified.length} 个无法识别单位的文件未通过，见汇总表“收到的文件”。`);
  return lines.join('\n');
}

/** `creditwork status --period P`: every expected unit with its submission state. Read-only. */
export async function run(options: StatusCommandOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const period = periodOption(options.period);
  const plan = await loadPeriodPlan(ws, period);
  requirePeriodInPlan(plan, period);
  // A workspace that has never collected has no database yet: every unit is simply not in.
  const fresh = !existsSync(ws.database);
  const store = openStoreForReading(ws);
  try {
    let status: PeriodStatus;
    try {
      status = periodStatus(plan, store, period);
    } catch (error) {
      if (error instanceof CalendarError) throw new UserError(error.message);
      throw error;
    }
    if (options.json) {
      const units = status.units.map(({ current: _c, latest, ...u }) => ({
        ...u,
        stateLabel: UNIT_STATE_LABELS[u.state],
        latestFile: latest?.file ?? null,
        latestOutcome: latest?.outcome ?? null,
      }));
      console.log(
        JSON.stringify(
          { period, deadline: status.deadline, units, unidentified: status.unidentified },
          null,
          2,
        ),
      );
    } else {
      if (fresh) console.log('（尚未收取过任何报送）');
      console.log(table(status));
    }
    return 0;
  } finally {
    store.close();
  }
}
