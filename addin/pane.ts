/**
 * Renders a PaneModel into taskpane.html. All workbook and portal text goes through textContent:
 * both are untrusted, so nothing from them is ever parsed as HTML. Re-rendering keeps what the
 * user had: folded or open groups, and keyboard focus on the same entry.
 */
import type { EntryGroup, FindingItem, ListEntry } from './finding-view.js';
import type { IndicatorLine, PaneModel, RecognizedPane } from './pane-model.js';
import { formatTimestamp, paneStatus } from './status.js';
import type { Verdict } from './submit.js';

export interface Place {
  sheet: string;
  cell: string;
}

export interface PaneHandlers {
  onSelect(place: Place): Promise<void>;
  onComplete(filler: { name: string; phone: string }): void;
  onSubmit(filler: { name: string; phone: string }): void;
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

const fieldValue = (id: string) => byId<HTMLInputElement>(id).value.trim();

export type StatusKind = 'info' | 'success' | 'error';

export class Pane {
  private fillerTouched = false;
  /** Fold state the user chose, by entry key; re-rendering on every check must not undo it. */
  private readonly open = new Map<string, boolean>();
  private statusStaleWhen: ((m: RecognizedPane) => boolean) | null = null;

  constructor(private readonly handlers: PaneHandlers) {
    for (const id of ['filler-name', 'filler-phone']) {
      byId(id).addEventListener('input', () => (this.fillerTouched = true));
    }
    byId('complete-button').addEventListener('click', () => handlers.onComplete(this.filler()));
    byId('submit-button').addEventListener('click', () => handlers.onSubmit(this.filler()));
  }

  private filler() {
    return { name: fieldValue('filler-name'), phone: fieldValue('filler-phone') };
  }

  render(model: PaneModel): void {
    byId('loading').hidden = true;
    byId('notice').hidden = model.recognized;
    byId('workbook').hidden = !model.recognized;
    byId('actions').hidden = !model.recognized;
    if (!model.recognized) {
      byId('notice-reason').textContent = model.reason;
      return;
    }
    // The entry that had focus is rebuilt below; give focus back to its successor.
    const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
    this.renderSummary(model);
    this.renderProblems(model);
    this.renderIndicators(model.indicators);
    this.renderFiller(model);
    byId('submit-button').hidden = model.portalUrl === null;
    if (this.statusStaleWhen?.(model)) this.status('');
    if (focusedKey) document.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
  }

  /** A notice the workbook itself cannot be read (the host is busy); null clears it. */
  trouble(message: string | null): void {
    const node = byId('trouble');
    node.hidden = message === null;
    node.textContent = message ?? '';
  }

  /** The one-line status above the buttons; `staleWhen` clears it on a later check that makes it untrue. */
  status(message: string, kind: StatusKind = 'info', staleWhen?: (m: RecognizedPane) => boolean): void {
    const node = byId('status');
    node.textContent = message;
    node.dataset.kind = kind;
    this.statusStaleWhen = staleWhen ?? null;
  }

  /** The office's verdict after 提交, each finding jumping to its cell; null hides it. */
  verdict(verdict: Verdict | null, headline = ''): void {
    const card = byId('verdict');
    card.hidden = verdict === null;
    if (!verdict) return;
    card.dataset.outcome = verdict.outcome;
    byId('verdict-headline').textContent = headline;
    byId('verdict-findings').replaceChildren(
      ...verdict.findings.map((f, i) =>
        el(
          'li',
          {},
          this.button(
            `verdict|${i}`,
            `finding finding-${f.level}`,
            { sheet: f.sheet, cell: f.cell },
            el(
              'span',
              { class: 'finding-head' },
              el('span', { class: 'finding-level' }, LEVEL_LABEL[f.level]),
              el('span', { class: 'finding-cell' }, [f.sheet, f.cell].filter(Boolean).join('!')),
            ),
            el('span', { class: 'finding-message' }, withoutPlace(f)),
          ),
        ),
      ),
    );
    card.scrollIntoView({ block: 'start' });
  }

  busy(on: boolean): void {
    for (const id of ['complete-button', 'submit-button']) byId<HTMLButtonElement>(id).disabled = on;
  }

  /** Brings the overall status and the list under it into view (after a refused check). */
  showProblems(): void {
    byId('overall').scrollIntoView({ block: 'start' });
  }

  focusFiller(): void {
    const name = byId<HTMLInputElement>('filler-name');
    (name.value ? byId<HTMLInputElement>('filler-phone') : name).focus();
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
    byId<HTMLProgressElement>('progress-bar').value = percent;
    const status = paneStatus(m);
    byId('overall').dataset.kind = status.kind;
    byId('overall-headline').textContent = status.headline;
    byId('overall-detail').textContent = status.detail;
  }

  private renderProblems(m: RecognizedPane): void {
    const summary = byId('problems-summary');
    const parts = [
      m.errors ? `${m.errors} 个错误（必须修改）` : '',
      m.warnings ? `${m.warnings} 个提醒（建议核实）` : '',
    ].filter(Boolean);
    summary.textContent =
      parts.length === 0
        ? '未发现填错的内容。'
        : `${parts.join('，')}。点击一项可跳到对应单元格${m.marksSheet ? '' : '（本表为旧版，表中不标色）'}。`;
    summary.dataset.kind = m.errors > 0 ? 'error' : m.warnings > 0 ? 'warning' : 'ok';
    const sections: HTMLElement[] = m.groups.map((g) => this.group(g));
    if (m.pendingCount > 0) sections.push(this.pendingGroup(m.pendingCount, m.pending));
    byId('problems').replaceChildren(...sections);
  }

  private group(g: EntryGroup): HTMLElement {
    const counts = [g.errors ? `${g.errors} 个错误` : '', g.warnings ? `${g.warnings} 个提醒` : '']
      .filter(Boolean)
      .join('，');
    return this.foldable(
      `sheet:${g.sheet}`,
      true,
      { class: 'group', 'data-sheet': g.sheet },
      `${g.sheet}（${counts}）`,
      [this.list(g.entries, null)],
    );
  }

  /** Blank required cells while filling in: one calm, folded group; entries still jump to their cells. */
  private pendingGroup(count: number, groups: EntryGroup[]): HTMLElement {
    const body: HTMLElement[] = [
      el('p', { class: 'muted pending-hint' }, '空白的必填项不算错误；点击“检查并标记完成”时会一并检查。'),
    ];
    for (const g of groups) {
      const n = g.entries.reduce((s, e) => s + (e.kind === 'single' ? 1 : e.items.length), 0);
      body.push(el('h3', { class: 'pending-sheet' }, `${g.sheet}（${n} 项）`));
      body.push(this.list(g.entries, 'pending'));
    }
    return this.foldable(
      'pending',
      false,
      { class: 'group group-pending', id: 'pending' },
      `尚未填写 ${count} 项`,
      body,
    );
  }

  private list(entries: ListEntry[], kind: 'pending' | null): HTMLElement {
    const list = el('ul', { class: 'findings' });
    for (const e of entries) {
      if (e.kind === 'single') {
        list.append(el('li', {}, this.entry(e.key, e.item, kind)));
        continue;
      }
      const inner = el('ul', { class: 'findings repeated-items' });
      for (const item of e.items)
        inner.append(el('li', {}, this.entry(`${e.key}|${item.finding.cell}`, item, kind, true)));
      const title = el('span', {}, e.title);
      const details = this.foldable(
        e.key,
        false,
        { class: `repeated repeated-${kind ?? e.level}` },
        kind ? '' : LEVEL_LABEL[e.level],
        [inner],
        title,
      );
      list.append(el('li', {}, details));
    }
    return list;
  }

  private entry(key: string, item: FindingItem, kind: 'pending' | null, inRepeat = false): HTMLButtonElement {
    const f = item.finding;
    const cls = kind === 'pending' ? 'finding finding-pending' : `finding finding-${f.level}`;
    const head = el('span', { class: 'finding-head' });
    if (!kind && !inRepeat) head.append(el('span', { class: 'finding-level' }, LEVEL_LABEL[f.level]));
    if (item.subject) head.append(el('span', { class: 'finding-subject' }, item.subject));
    if (item.field && !inRepeat) head.append(el('span', { class: 'finding-field' }, item.field));
    head.append(el('span', { class: 'finding-cell' }, f.cell));
    // In a repeated group the title says what is wrong; each line names where.
    const message =
      inRepeat && kind === 'pending' ? [] : [el('span', { class: 'finding-message' }, item.text)];
    return this.button(key, cls, f, head, ...message);
  }

  /** A finding button: selects the cell in the workbook and keeps keyboard focus on itself. */
  private button(key: string, cls: string, place: Place, ...children: HTMLElement[]): HTMLButtonElement {
    const button = el(
      'button',
      { type: 'button', class: cls, 'data-key': key, 'data-sheet': place.sheet, 'data-cell': place.cell },
      ...children,
    );
    button.title = `跳到 ${place.sheet}!${place.cell}`;
    button.addEventListener('click', () => {
      if (!place.sheet || !/^[A-Z]+\d+$/.test(place.cell)) return;
      void this.handlers.onSelect(place).finally(() => {
        // The host may take focus to the grid; a keyboard user stays on the list.
        (document.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`) ?? button).focus();
      });
    });
    return button;
  }

  /** A <details> that starts as `openByDefault` and then keeps whatever the user chose. */
  private foldable(
    key: string,
    openByDefault: boolean,
    attrs: Record<string, string>,
    title: string,
    body: HTMLElement[],
    ...extra: HTMLElement[]
  ): HTMLDetailsElement {
    const summary = el('summary', { 'data-key': `fold|${key}` });
    if (title) summary.append(title);
    for (const x of extra) summary.append(x);
    const details = el('details', attrs, summary, ...body);
    details.open = this.open.get(key) ?? openByDefault;
    details.addEventListener('toggle', () => this.open.set(key, details.open));
    return details;
  }

  /** Two lines per indicator: what it is and its state, then value against target (fits 320 px). */
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
      byId<HTMLInputElement>('filler-name').value = m.filler.name;
      byId<HTMLInputElement>('filler-phone').value = m.filler.phone;
    }
    byId('checked-at').textContent = m.filler.checkedAt
      ? `已于 ${formatTimestamp(m.filler.checkedAt)} 由 ${m.filler.name || '（未填姓名）'} 检查并标记完成。`
      : '尚未标记完成。';
  }
}

/** The portal's messages start with `sheet!cell`, which the entry already shows. */
function withoutPlace(f: { sheet: string; cell: string; message: string }): string {
  const prefix = `${f.sheet}!${f.cell}`;
  return f.sheet && f.message.startsWith(prefix) ? f.message.slice(prefix.length).trimStart() : f.message;
}
