/**
 * The one sentence at the top of the pane that tells the unit where it stands, and what to do after
 * a successful check. Pure: derived from the PaneModel only.
 */
import type { RecognizedPane } from './pane-model.js';

export type StatusKind = 'error' | 'filling' | 'ready' | 'done';

export interface StatusLine {
  kind: StatusKind;
  headline: string;
  detail: string;
}

/** `2024-06-03T02:05:00.000Z` → local `2024-06-03 10:05`. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * What to do once the workbook is checked: submit it from the pane when it carries its portal
 * address, otherwise save it and return it to the office in time.
 */
export function nextSteps(m: Pick<RecognizedPane, 'deadlineLabel' | 'overdue' | 'portalUrl'>): string {
  const how = m.portalUrl
    ? '点击下方“提交”直接报送市信用办，或保存文件（Ctrl+S）后按通知报送'
    : '保存文件（Ctrl+S），按通知报送市信用办';
  if (!m.deadlineLabel) return `下一步：${how}。`;
  if (m.overdue) return `下一步：${how}，请尽快（报送截止日 ${m.deadlineLabel} 已过）。`;
  return `下一步：${how}，最迟于 ${m.deadlineLabel}。`;
}

function also(m: RecognizedPane, includePending: boolean): string {
  const parts: string[] = [];
  if (includePending && m.pendingCount > 0) parts.push(`另有 ${m.pendingCount} 项尚未填写。`);
  if (m.warnings > 0) parts.push(`另有 ${m.warnings} 个提醒，建议核实。`);
  return parts.join('');
}

export function paneStatus(m: RecognizedPane): StatusLine {
  const checkedAt = m.filler.checkedAt;
  if (m.errors > 0) {
    const how = '请按下方“检查结果”逐项修改。';
    const why = checkedAt
      ? '标记完成后又有修改。'
      : m.mode === 'full'
        ? '全面检查时，空白的必填项也算错误。'
        : '';
    const after = checkedAt ? '改好后请重新点击“检查并标记完成”。' : '';
    return {
      kind: 'error',
      headline: `还有 ${m.errors} 个错误需修改`,
      detail: `${why}${how}${after}${also(m, true)}`,
    };
  }
  if (m.pendingCount > 0) {
    return {
      kind: 'filling',
      headline: `还有 ${m.pendingCount} 项尚未填写`,
      detail: `目前没有填错的内容。填完后请点击下方“检查并标记完成”。${also(m, false)}`,
    };
  }
  if (checkedAt) {
    return {
      kind: 'done',
      headline: `已于 ${formatTimestamp(checkedAt)} 检查完成，可以报送`,
      detail: `${nextSteps(m)}${also(m, false)}`,
    };
  }
  return {
    kind: 'ready',
    headline: '可以报送',
    detail: `已填写完整，未发现错误。请在下方填写填报人，点击“检查并标记完成”后保存报送。${also(m, false)}`,
  };
}
