/**
 * The part of WPS 表格's ET object model (window.Application in a WPS 加载项 page) the pane uses.
 * It follows Excel's COM model: collections are 1-based through `Item`, `Value2` gives dates as
 * serial numbers, a multi-cell `NumberFormat` is null when the cells differ, `Sheets.Item` throws
 * for a missing name, events come through `ApiEvent` and also fire for programmatic writes.
 */

export interface EtRange {
  Value2: unknown;
  readonly Formula: unknown;
  readonly NumberFormat: string | null;
  readonly Row: number;
  readonly Column: number;
  readonly Rows: { readonly Count: number };
  readonly Columns: { readonly Count: number; Item(index: number): EtRange };
  readonly Cells: { Item(row: number, column: number): EtRange };
  Address(rowAbsolute?: boolean, columnAbsolute?: boolean): string;
  Select(): void;
}

export interface EtWorksheet {
  readonly Name: string;
  readonly UsedRange: EtRange;
  Range(address: string): EtRange;
  Activate(): void;
}

export interface EtWorkbook {
  readonly Name: string;
  /** Full path of the saved file; the name only while never saved. */
  readonly FullName: string;
  /** Folder of the saved file; '' while never saved. */
  readonly Path: string;
  readonly Sheets: { readonly Count: number; Item(nameOrIndex: string | number): EtWorksheet };
  Save(): void;
}

export interface EtTaskPane {
  readonly ID: string | number;
  Visible: boolean;
  Width?: number;
  DockPosition?: number;
}

export interface EtApplication {
  readonly ActiveWorkbook: EtWorkbook | null;
  readonly ApiEvent: {
    AddApiEventListener(event: string, handler: (...args: never[]) => void): void;
    RemoveApiEventListener?(event: string, handler: (...args: never[]) => void): void;
  };
  readonly FileSystem: {
    readAsBinaryString(path: string): string;
    Exists(path: string): boolean;
  };
  readonly PluginStorage: { getItem(key: string): unknown; setItem(key: string, value: unknown): void };
  CreateTaskPane(url: string, title?: string): EtTaskPane;
  GetTaskPane(id: string | number): EtTaskPane | null;
}
