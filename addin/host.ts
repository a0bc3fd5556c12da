/**
 * What the pane needs from a spreadsheet host. One controller and one core run on it; an adapter
 * per host (Office.js Excel, WPS 表格's ET object model) implements it. Adapters stay thin: one
 * batched read, one batched write, nothing decided.
 */

/** A sheet's used range as the host reports it, `values[0][0]` being the cell at `origin`. */
export interface RangeRead {
  /** Top-left cell of the used range, e.g. `B3`. */
  origin: string;
  /** Cell values: numbers (dates as serials), strings, booleans; '' for blank. */
  values: unknown[][];
  /** Formula text (`=A1*2`) for formula cells, the constant otherwise. */
  formulas: unknown[][];
  /** Number format codes; null where the host cannot tell (then numbers stay numbers). */
  numberFormats: (string | null)[][] | null;
  /** Cells holding an error value (#N/A…), which collect reads as blank. */
  errors: boolean[][] | null;
}

export interface SheetRead {
  name: string;
  /** null for a sheet with nothing in it. */
  used: RangeRead | null;
}

export interface WorkbookRead {
  /** The sheets asked for that exist, by name. */
  sheets: Map<string, SheetRead>;
}

/** Text written into cells (number format `@`, so digits and `=` stay exactly as given). */
export interface CellWrite {
  sheet: string;
  /** A1 address of the top-left cell; `values` may span several rows and columns. */
  address: string;
  values: string[][];
}

export type HostEvent =
  /** The user changed cells of a sheet (typing, paste, fill, undo). */
  | { kind: 'edit'; sheet: string }
  /** Selection moved or a sheet was activated: a dropdown pick may have raised no edit event. */
  | { kind: 'move' }
  /** Another workbook became the active one (WPS shares one pane across workbooks). */
  | { kind: 'workbook' };

/** The open workbook's bytes, as the office receives them on the portal. */
export interface WorkbookFile {
  name: string;
  bytes: Uint8Array;
}

export interface Host {
  kind: 'excel' | 'wps';
  /** Reads the named sheets in one round trip; a missing sheet is absent, not an error. */
  read(sheets: readonly string[]): Promise<WorkbookRead>;
  /** Writes in one round trip; nothing at all when `writes` is empty. */
  write(writes: readonly CellWrite[]): Promise<void>;
  /** Shows the cell: activates its sheet and selects it. */
  select(sheet: string, cell: string): Promise<void>;
  /** Starts reporting events (edits of `sheets`, moves, workbook switches); resolves once registered. */
  listen(sheets: readonly string[], onEvent: (event: HostEvent) => void): Promise<void>;
  /** The workbook as a file, for 提交. Excel: the document as it is now; WPS: saved, then read. */
  file(): Promise<WorkbookFile>;
  /** What a failure of this host means, by its error code. */
  classify(error: unknown): HostFailure;
}

/**
 * What went wrong, told apart by the host's error code (never by its translated message): a
 * transient failure is retried on the next event; the others are explained to the user.
 */
export interface HostFailure {
  kind: 'transient' | 'protected' | 'unsupported' | 'failed';
  code: string;
  /** What to tell the unit, when the adapter knows better than the kind does. */
  message?: string;
}
