/**
 * Renders a PaneModel into taskpane.html. All workbook text goes through textContent: a returned
 * workbook is untrusted, so nothing from it is ever parsed as HTML.
 */
import type { Finding } from '../core/plan/model.js';
import type { FindingGroup, IndicatorLine, PaneModel, PendingGroup, RecognizedPane } from './pane-model.js';
import { formatTimestamp, paneStatus } from './status.js';

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
  /** Fold state the user chose, by group key; re-rendering on every check must not undo it. */
  private readonly open = new Map<string, boolean>();
  private handlers: PaneHandlers;
  private statusStaleWhen: ((m: RecognizedPane) => boolean) | null = null;

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
    if (this.statusStaleWhen?.(model)) this.status('');
  }

  /**
   * A one-line status under the action button; `error` colours it red. `staleWhen` clears it on a
   * later check that makes it untrue (a refusal once the errors are fixed, a success once an edit
   * brings errors back).
   */
  status(
    message: string,
    kind: 'info' | 'success' | 'error' = 'info',
    staleWhen?: (m: RecognizedPane) => boolean,
  ): void {
    const node = byId('status');
    node.textContent = message;
    node.dataset.kind = kind;
    this.statusStaleWhen = staleWhen ?? null;
  }

  /** Brings the overall status and the list under it into view (after a refused completion). */
  showProblems(): void {
    byId('overall').scrollIntoView({ block: 'start' });
  }

  busy(on: boolean): void {
    const button = byId('complete-button') as HTMLButtonElement;
    button.disabled = on;
  }

  private renderSummary(m: RecognizedPane): void {
    byId('unit').textContent = `${m.unitName}（${m.unitCode}）`;
    byId('period').textContent = m.periodLabel;
    byId('deadline').textContent = m.deadlineLabel || '（缺失）';
    const left = byId('deadline-left');
    left.textContent = m.deadlineText;
    left.dataset.overdue = String(m.overdue);
    const { filled, total } = m.progress;
    const percent = total === 0 ? 100 : Math.round((filled / total) * 100);
    byId('progress-text').textContent = `必填项已填 ${filled} / ${total}（${percent}%）`;
    const bar = byId('progress-bar');
    bar.setAttribute('value', String(percent));
    bar.setAttribute('aria-valuenow', String(percent));
    const status = paneStatus(m);
    const box = byId('overall');
    box.dataset.kind = status.kind;
    byId('overall-headline').textContent = status.headline;
    byId('overall-detail').textContent = status.detail;
  }

  private renderProblems(m: RecognizedPane): void {
    const summary = byId('problems-summary');
    summary.textContent =
      m.errors + m.warnings === 0
        ? '未发现填错的内容。'
        : `${[
            m.errors ? `${m.errors} 个错误（必须修改）` : '',
            m.warnings ? `${m.warnings} 个提醒（建议核实）` : '',
          ]
            .filter(Boolean)
            .join('，')}。点击一项可跳到对应单元格。`;
    summary.dataset.kind = m.errors > 0 ? 'error' : m.warnings > 0 ? 'warning' : 'ok';
    const groups: HTMLElement[] = m.groups.map((g) => this.group(g));
    if (m.pendingCount > 0) groups.push(this.pendingGroup(m.pendingCount, m.pending));
    byId('problems').replaceChildren(...groups);
  }

  private group(g: FindingGroup): HTMLElement {
    const counts = [g.errors ? `${g.errors} 个错误` : '', g.warnings ? `${g.warnings} 个提醒` : '']
      .filter(Boolean)
      .join('，');
    const list = el('ul', { class: 'findings' });
    for (const f of g.findings) {
      list.append(
        el(
          'li',
          {},
          this.entry(f, `finding-${f.level}`, el('span', { class: 'finding-level' }, LEVEL_LABEL[f.level])),
        ),
      );
    }
    return this.foldable(
      `sheet:${g.sheet}`,
      true,
      { class: 'group', 'data-sheet': g.sheet },
      `${g.sheet}（${counts}）`,
      [list],
    );
  }

  /** Blank required cells while filling in: one calm, folded group, each entry still jumps to its cell. */
  private pendingGroup(count: number, groups: PendingGroup[]): HTMLElement {
    const body: HTMLElement[] = [
      el('p', { class: 'muted pending-hint' }, '空白的必填项不算错误；点击“检查并标记完成”时会一并检查。'),
    ];
    for (const g of groups) {
      body.push(el('h3', { class: 'pending-sheet' }, `${g.sheet}（${g.findings.length} 项）`));
      const list = el('ul', { class: 'findings' });
      for (const f of g.findings) list.append(el('li', {}, this.entry(f, 'finding-pending')));
      body.push(list);
    }
    return this.foldable(
      'pending',
      false,
      { class: 'group group-pending', id: 'pending' },
      `尚未填写 ${count} 项`,
      body,
    );
  }

  private entry(f: Finding, kind: string, ...lead: HTMLElement[]): HTMLButtonElement {
    const button = el(
      'button',
      { type: 'button', class: `finding ${kind}`, 'data-sheet': f.sheet, 'data-cell': f.cell },
      ...lead,
      el('span', { class: 'finding-cell' }, f.cell),
      el('span', { class: 'finding-message' }, withoutPlace(f)),
    );
    button.title = `跳到 ${f.sheet}!${f.cell}`;
    button.addEventListener('click', () => this.handlers.onSelectFinding(f));
    return button;
  }

  /** A <details> that starts as `openByDefault` and then keeps whatever the user chose. */
  private foldable(
    key: string,
    openByDefault: boolean,
    attrs: Record<string, string>,
    title: string,
    body: HTMLElement[],
  ): HTMLDetailsElement {
    const details = el('details', attrs, el('summary', {}, title), ...body);
    details.open = this.open.get(key) ?? openByDefault;
    details.addEventListener('toggle', () => this.open.set(key, details.open));
    return details;
  }

  /** Two lines per indicator: what it is and its state, then value against target (fits ~320 px). */
  private renderIndicators(lines: IndicatorLine[]): void {
    byId('indicators-section').hidden = lines.length === 0;
    const items = lines.map((line) => {
      const state = line.hasError ? 'invalid' : line.met === null ? 'pending' : line.met ? 'met' : 'unmet';
      const label = { invalid: '有误', pending: '待填', met: '达标', unmet: '未达标' }[state];
      return el(
        'li',
        { class: 'indicator', 'data-code': line.code, 'data-state': state },
        el(
          'div',
          { class: 'ind-head' },
          el('span', { class: 'ind-name' }, el('span', { class: 'ind-code' }, line.code), ' ', line.name),
          el('span', { class: `badge badge-${state}` }, label),
        ),
        el(
          'div',
          { class: 'ind-figures' },
          el('span', {}, '当前 ', el('strong', { class: 'ind-value' }, line.valueText || '—')),
          el('span', { class: 'ind-target' }, `目标 ${line.targetText}`),
        ),
      );
    });
    byId('indicators').replaceChildren(...items);
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
