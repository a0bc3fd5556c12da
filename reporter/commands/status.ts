import { existsSync } from 'node:fs';
import { officeDateTime } from '../../core/calendar/office-time.js';
import { CalendarError } from '../../core/calendar/working-days.js';
import { UNIT_STATE_LABELS } from '../../core/exceptions/decide.js';
import { exceptionLine } from '../../core/exceptions/model.js';
import { RECEIVED_SOURCE_LABELS } from '../../core/received.js';
import { planTimeZone } from '../../core/schedule/model.js';
import {
  periodStatus,
  stateCounts,
  unitStatusJson,
  type PeriodStatus,
  type UnitStatus,
} from '../collect/period-status.js';
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

function stateText(u: UnitStatus): string {
  const days = u.state === 'late' && u.daysLate ? `${u.daysLate}天` : '';
  return `${UNIT_STATE_LABELS[u.state]}${days}${u.paperPending ? '（纸质待录入）' : ''}`;
}

function table(s: PeriodStatus): string {
  const zone = planTimeZone(s.plan);
  const header =
    pad('代码', 6) +
    pad('单位', 28) +
    pad('状态', 24) +
    pad('截止', 12) +
    pad('计为收到', 18) +
    pad('时间依据', 18) +
    pad('版本', 6) +
    pad('错误', 6) +
    '提示';
  const lines = [`${s.period} 报送情况（截止 ${s.deadline}）`, header];
  for (const u of s.units) {
    lines.push(
      pad(u.code, 6) +
        pad(u.name, 28) +
        pad(stateText(u), 24) +
        pad(u.deadline === s.deadline ? '' : u.deadline, 12) +
        pad(u.received ? officeDateTime(u.received.at, zone) : '—', 18) +
        pad(u.received ? RECEIVED_SOURCE_LABELS[u.received.source] : '', 18) +
        pad(u.version ? `v${u.version}` : '—', 6) +
        pad(String(u.errors), 6) +
        String(u.warnings),
    );
  }
  lines.push(`合计：${stateCounts(s)}`);
  if (s.exceptions.length) {
    const names = new Map(s.units.map((u) => [u.code, u.name]));
    lines.push('信用办批准的例外：');
    for (const e of s.exceptions)
      lines.push(`  [${e.id}] ${names.get(e.unit) ?? e.unit}：${exceptionLine(e, zone)}`);
  }
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
      console.log(
        JSON.stringify(
          {
            period,
            deadline: status.deadline,
            units: status.units.map(unitStatusJson),
            exceptions: status.exceptions,
            unidentified: status.unidentified,
          },
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
