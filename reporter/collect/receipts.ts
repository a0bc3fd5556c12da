import { contactClauses } from '../../core/plan/contact.js';
import type { Plan } from '../../core/plan/model.js';
import type { ReturnRecord } from '../store/index.js';
import { officeDateTime } from '../../core/calendar/office-time.js';
import { UNIT_STATE_LABELS } from '../../core/exceptions/decide.js';
import { exceptionEffect } from '../../core/exceptions/model.js';
import { RECEIVED_SOURCE_LABELS } from '../../core/received.js';
import { planTimeZone } from '../../core/schedule/model.js';
import type { PeriodStatus, UnitStatus } from './period-status.js';
import { writeXlsx } from './xlsx-write.js';

/** A receipt (回执) the office can send back: what arrived, what was decided, every problem by cell. */

export interface Receipt {
  /** File name inside reports/P/回执/. */
  name: string;
  bytes: Uint8Array;
}

export function safeFileName(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_')
      .replace(/^\.+/, '_')
      .slice(0, 80)
  );
}

function receipt(title: string, heading: string[], latest: ReturnRecord | null): Uint8Array {
  const findings = latest?.findings ?? [];
  return writeXlsx([
    {
      name: '回执',
      preamble: [
        title,
        ...heading,
        findings.length
          ? `共 ${findings.length} 个问题，请逐条修改后重新报送（错误必须修改；提示请核实）：`
          : '未发现问题。',
      ],
      columns: [
        { header: '序号', width: 6 },
        { header: '级别', width: 6 },
        { header: '工作表', width: 10 },
        { header: '单元格', width: 8 },
        // Portrait A4 at 100%: the problem wraps within the page.
        { header: '问题及修改方法', width: 62, style: 'wrap' },
      ],
      rows: findings.map((f, i) => [
        i + 1,
        {
          value: f.level === 'error' ? '错误' : '提示',
          style: f.level === 'error' ? ('error' as const) : ('warning' as const),
        },
        f.sheet,
        f.cell,
        f.message,
      ]),
    },
  ]);
}

function unitReceipt(plan: Plan, status: PeriodStatus, u: UnitStatus): Receipt {
  const zone = planTimeZone(plan);
  const latest = u.latest;
  const extended = u.deadline !== status.deadline ? `（经批准延期，原截止 ${status.deadline}）` : '';
  const late = u.state === 'late' && u.daysLate ? `，逾期 ${u.daysLate} 天` : '';
  const lines = [
    `单位：${u.name}（${u.code}）`,
    `填报期间：${status.period}    报送截止：${u.deadline}${extended}`,
    `本期状态：${UNIT_STATE_LABELS[u.state]}${u.version ? `（已接收第 ${u.version} 版，${u.file}）` : ''}`,
  ];
  if (u.received)
    lines.push(
      `计为收到：${officeDateTime(u.received.at, zone)}（依据：${RECEIVED_SOURCE_LABELS[u.received.source]}）${late}`,
    );
  for (const e of [u.exceptions.exemption, u.exceptions.extension, u.exceptions.paper])
    if (e) lines.push(`信用办批准：${exceptionEffect(e, zone)}（原因：${e.reason}）`);
  if (latest) {
    const outcome =
      latest.outcome === 'accepted' ? `已接收（第 ${latest.version} 版）` : '未通过，请修改后重新报送';
    lines.push(
      `最近收到的文件：${latest.file}，${officeDateTime(latest.receivedAt, zone)}（${RECEIVED_SOURCE_LABELS[latest.receivedSource]}），${outcome}`,
    );
  }
  const contact = contactClauses(plan.settings, true);
  if (contact.length) lines.push(contact.join('，'));
  return {
    name: `${safeFileName(`${u.code}-${u.name}`)}-回执.xlsx`,
    bytes: receipt(`${plan.city}社会信用体系建设工作要点 ${status.period} 填报回执`, lines, latest),
  };
}

function unidentifiedReceipt(plan: Plan, status: PeriodStatus, r: ReturnRecord): Receipt {
  const lines = [
    `文件：${r.file}（无法识别报送单位）`,
    `填报期间：${status.period}    报送截止：${status.deadline}`,
    `收到时间：${officeDateTime(r.receivedAt, planTimeZone(plan))}（${RECEIVED_SOURCE_LABELS[r.receivedSource]}），未通过，请使用信用办下发的填报表重新报送`,
    ...[contactClauses(plan.settings, true).join('，')].filter(Boolean),
  ];
  return {
    name: `${safeFileName(`未识别-${r.file}`)}-${r.sha256.slice(0, 8)}-回执.xlsx`,
    bytes: receipt(`${plan.city}社会信用体系建设工作要点 ${status.period} 填报回执`, lines, r),
  };
}

/** One receipt per unit that sent anything this period, and one per file no unit could be tied to. */
export function receipts(plan: Plan, status: PeriodStatus): Receipt[] {
  return [
    ...status.units.filter((u) => u.latest).map((u) => unitReceipt(plan, status, u)),
    ...status.unidentified.map((r) => unidentifiedReceipt(plan, status, r)),
  ];
}
