/**
 * The WPS 加载项's start page (index.html → main.js): the ribbon callbacks named in ribbon.xml,
 * and the task pane, opened by the ribbon button or by itself when an issued workbook becomes
 * active, like Excel's AutoShowTaskpaneWithDocument. WPS keeps one pane for all workbooks; the
 * pane follows the active one (adapter.ts).
 */
import { SHEETS } from '../../core/contract/layout.js';
import type { EtApplication, EtTaskPane, EtWorkbook } from './et.js';

const PANE_KEY = 'creditwork_taskpane_id';
/** Excel opens panes about this wide; WPS takes the width in device pixels. */
const PANE_WIDTH = 350;

const app = () => (window as unknown as { Application: EtApplication }).Application;

function baseUrl(): string {
  return location.href.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
}

function pane(create: boolean): EtTaskPane | null {
  const a = app();
  const id = a.PluginStorage.getItem(PANE_KEY);
  const existing = id === null || id === undefined || id === '' ? null : a.GetTaskPane(id as string);
  if (existing || !create) return existing;
  const created = a.CreateTaskPane(`${baseUrl()}taskpane.html`, '信用工作填报助手');
  created.Width = Math.round(PANE_WIDTH * (window.devicePixelRatio || 1));
  a.PluginStorage.setItem(PANE_KEY, created.ID);
  return created;
}

/** An issued workbook carries the metadata sheet. */
function isIssued(wb: EtWorkbook | null): boolean {
  if (!wb) return false;
  try {
    wb.Sheets.Item(SHEETS.metadata);
    return true;
  } catch {
    return false;
  }
}

function showFor(wb: EtWorkbook | null): void {
  if (isIssued(wb)) pane(true)!.Visible = true;
}

const callbacks = {
  OnAddinLoad(): boolean {
    const a = app();
    a.ApiEvent.AddApiEventListener('WorkbookOpen', ((wb: EtWorkbook) => showFor(wb)) as never);
    a.ApiEvent.AddApiEventListener('WorkbookActivate', ((wb: EtWorkbook) => showFor(wb)) as never);
    showFor(a.ActiveWorkbook);
    return true;
  },
  OnAction(control: { Id: string }): boolean {
    if (control.Id === 'creditworkPane') {
      const p = pane(true)!;
      p.Visible = !p.Visible;
    }
    return true;
  },
  GetImage(): string {
    return 'assets/icon-32.png';
  },
};

Object.assign(window, callbacks);
