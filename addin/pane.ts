/**
 * Renders a PaneModel into taskpane.html. All workbook text goes through textContent: a returned
 * workbook is untrusted, so nothing from it is ever parsed as HTML.
 */
import type { Finding } from '../core/plan/model.js';
import type { FindingGroup, IndicatorLine, PaneModel, RecognizedPane } from './pane-model.js';

export interface PaneHandlers {
  onSelectFinding(finding: Finding): void;
  onComplete(filler: { name: string; phone: string }): void;
}

const LEVEL_LABEL = { error: '错误', warning: '提醒' } as const;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`taskpane.html lacks #${id}`);
  return node as T;
}

/** Text field value whether it is a <fluent-text-field> or a plain <input>. */
function fieldValue(id: string): string {
  return String((byId(id) as unknown as { value?: string }).value ?? '').trim();
}

export class Pane {
  private fillerTouched = false;
  private readonly collapsed = new Set<string>();
  private handlers: PaneHandlers;

  constructor(handlers: PaneHandlers) {
    this.handlers = handlers;
    for (const id of ['filler-name', 'filler-phone']) {
      byId(id).addEventListener('input', () => (this.fillerTouched = true));
    }
    byId('complete-button').addEventListener('click', () => {
      this.handlers.onComplete({ name: fieldValue('filler-name'), phone: fieldValue('filler-phone') });
    });
  }

  render(model: PaneModel): void {
    byId('loading').hidden = true;
    byId('notice').hidden = model.recognized;
    byId('workbook').hidden = !model.recognized;
    if (!model.recognized) {
      byId('notice-reason').textContent = model.reason;
      return;
    }
    this.renderSummary(model);
    this.renderProblems(model);
    this.renderIndicators(model.indicators);
    this.renderFiller(model);
  }

  /** A one-line status under the action button; `error` colours it red. */
  status(message: string, kind: 'info' | 'success' | 'error' = 'info'): void {
    const node = byId('status');
    node.textContent = message;
    node.dataset.kind = kind;
  }

  busy(on: boolean): void {
    const button = byId('complete-button') as HTMLButtonElement;
    button.disabled = on;
  }

  private renderSummary(m: RecognizedPane): void {
    byId('unit').textContent = `${m.unitName}（${m.unitCode}）`;
    byId('period').textContent = m.periodLabel;
    byId('deadline').textContent = m.deadline;
    const left = byId('deadline-left');
    left.textContent = m.deadlineText;
    left.dataset.overdue = String(m.overdue);
    const { filled, total } = m.progress;
    const percent = total === 0 ? 100 : Math.round((filled / total) * 100);
    byId('progress-text').textContent = `必填项已填 ${filled} / ${total}（${percent}%）`;
    const bar = byId('progress-bar');
    bar.setAttribute('value', String(percent));
    bar.setAttribute('aria-valuenow', String(percent));
  }

  private renderProblems(m: RecognizedPane): void {
    const summary = byId('problems-summary');
    summary.textContent =
      m.errors + m.warnings === 0
        ? '未发现问题。'
        : `${m.errors} 个错误（必须修改），${m.warnings} 个提醒（建议核实）。点击问题可跳到对应单元格。`;
    summary.dataset.kind = m.errors > 0 ? 'error' : m.warnings > 0 ? 'warning' : 'ok';
    byId('problems').replaceChildren(...m.groups.map((g) => this.group(g)));
  }

  private group(g: FindingGroup): HTMLElement {
    const counts = [g.errors ? `${g.errors} 个错误` : '', g.warnings ? `${g.warnings} 个提醒` : '']
      .filter(Boolean)
      .join('，');
    const list = el('ul', { class: 'findings' });
    for (const f of g.findings) {
      const button = el(
        'button',
        { type: 'button', class: `finding finding-${f.level}`, 'data-sheet': f.sheet, 'data-cell': f.cell },
        el('span', { class: 'finding-level' }, LEVEL_LABEL[f.level]),
        el('span', { class: 'finding-cell' }, f.cell),
        el('span', { class: 'finding-message' }, withoutPlace(f)),
      );
      button.title = `跳到 ${f.sheet}!${f.cell}`;
      button.addEventListener('click', () => this.handlers.onSelectFinding(f));
      list.append(el('li', {}, button));
    }
    // <details> lets a long list of blanks fold away; groups start open so nothing is hidden.
    const group = el(
      'details',
      { class: 'group', 'data-sheet': g.sheet },
      el('summary', {}, `${g.sheet}（${counts}）`),
      list,
    );
    group.open = !this.collapsed.has(g.sheet);
    // Re-rendered on every check: remember what the user folded.
    group.addEventListener('toggle', () => {
      if (group.open) this.collapsed.delete(g.sheet);
      else this.collapsed.add(g.sheet);
    });
    return group;
  }

  private renderIndicators(lines: IndicatorLine[]): void {
    byId('indicators-section').hidden = lines.length === 0;
    const rows = lines.map((line) => {
      const state = line.met === null ? 'pending' : line.met ? 'met' : 'unmet';
      const label = line.met === null ? '待填' : line.met ? '达标' : '未达标';
      return el(
        'tr',
        { 'data-code': line.code, 'data-state': state },
        el('td', { class: 'ind-name' }, el('span', { class: 'ind-code' }, line.code), ' ', line.name),
        el('td', { class: 'ind-value' }, line.valueText || '—'),
        el('td', { class: 'ind-target' }, line.targetText),
        el('td', {}, el('span', { class: `badge badge-${state}` }, label)),
      );
    });
    byId('indicators').replaceChildren(...rows);
  }

  private renderFiller(m: RecognizedPane): void {
    if (!this.fillerTouched) {
      (byId('filler-name') as unknown as { value: string }).value = m.filler.name;
      (byId('filler-phone') as unknown as { value: string }).value = m.filler.phone;
    }
    byId('checked-at').textContent = m.filler.checkedAt
      ? `已于 ${formatTimestamp(m.filler.checkedAt)} 由 ${m.filler.name || '（未填姓名）'} 检查并标记完成。`
      : '尚未标记完成。';
  }
}

/** Messages start with `sheet!cell` for receipts; the pane already shows both. */
function withoutPlace(f: Finding): string {
  const prefix = `${f.sheet}!${f.cell}`;
  return f.message.startsWith(prefix) ? f.message.slice(prefix.length).trimStart() : f.message;
}

/** `2024-06-03T02:05:00.000Z` → local `2024-06-03 10:05`. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
