/* global window */
/*
 * A fake Office host for browser tests: stands in for office.js (served at office-js/office.js)
 * and implements the subset of the Excel JavaScript API the task pane uses, over a workbook passed
 * in as window.__FAKE_WORKBOOK__ (a real issued workbook read with exceljs in Node).
 *
 * Like Excel, loaded properties exist only after context.sync(), operations apply in queue order at
 * sync, writes to a protected sheet fail unless protection allows them, and API value writes raise
 * onChanged. window.__fake exposes the user's side (typing, selecting) and counters for assertions.
 */
(function () {
  'use strict';
  const data = window.__FAKE_WORKBOOK__;
  if (!data) throw new Error('fake-office: window.__FAKE_WORKBOOK__ missing');

  const sheets = data.sheets.map((s, i) => ({
    id: '{0000000' + i + '-FAKE}',
    name: s.name,
    visibility: s.visibility,
    protected: s.protected,
    protectionOptions: Object.assign({}, s.protectionOptions),
    cells: new Map(Object.entries(s.cells)),
    fills: new Map(Object.entries(s.fills)),
    formats: new Map(),
  }));
  const state = {
    active: sheets.find((s) => s.visibility === 'Visible') || sheets[0],
    selection: null,
    syncs: 0,
    log: [],
    changed: new Map(),
    activated: [],
    selectionChanged: [],
  };
  state.selection = { sheet: state.active.name, address: 'A1' };

  const byName = (name) => sheets.find((s) => s.name === name) || null;

  function colNumber(letters) {
    let n = 0;
    for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n;
  }
  function colLetters(n) {
    let s = '';
    for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  }
  function parseCell(a) {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a);
    if (!m) throw new Error('fake-office: bad address ' + a);
    return { col: colNumber(m[1]), row: Number(m[2]) };
  }
  /** Cells of `A1` or `A1:C3`, row by row. */
  function cellsOf(address) {
    const local = address.slice(address.lastIndexOf('!') + 1);
    const [a, b] = local.split(':');
    const from = parseCell(a);
    const to = b ? parseCell(b) : from;
    const rows = [];
    for (let r = from.row; r <= to.row; r++) {
      const line = [];
      for (let c = from.col; c <= to.col; c++) line.push(colLetters(c) + r);
      rows.push(line);
    }
    return rows;
  }

  function protectedError(sheet) {
    const e = new Error(
      'The cell or chart you are trying to change is on a protected sheet (' + sheet.name + ').',
    );
    e.code = 'AccessDenied';
    return e;
  }

  function fire(list, args) {
    for (const handler of list.slice()) {
      setTimeout(() => Promise.resolve(handler(args)).catch((e) => console.error(e)), 0);
    }
  }

  class Context {
    constructor() {
      this.queue = [];
      this.after = [];
      this.workbook = new WorkbookProxy(this);
    }
    q(fn) {
      this.queue.push(fn);
    }
    async sync() {
      state.syncs++;
      state.log.push({ at: performance.now(), ops: this.queue.length });
      const queue = this.queue;
      this.queue = [];
      // Excel answers after a round trip; keep it asynchronous so ordering bugs show.
      await new Promise((r) => setTimeout(r, 5));
      for (const op of queue) op();
      const after = this.after;
      this.after = [];
      for (const f of after) f();
    }
  }

  class EventSlot {
    constructor(ctx, list) {
      this.ctx = ctx;
      this.list = list;
    }
    add(handler) {
      this.ctx.q(() => this.list.push(handler));
      return { remove: () => {} };
    }
  }

  class WorkbookProxy {
    constructor(ctx) {
      this.ctx = ctx;
      this.worksheets = new WorksheetsProxy(ctx);
      this.onSelectionChanged = new EventSlot(ctx, state.selectionChanged);
    }
  }

  class WorksheetsProxy {
    constructor(ctx) {
      this.ctx = ctx;
      this.onActivated = new EventSlot(ctx, state.activated);
    }
    getItem(name) {
      return new WorksheetProxy(this.ctx, name, false);
    }
    getItemOrNullObject(name) {
      return new WorksheetProxy(this.ctx, name, true);
    }
  }

  function requireSheet(name, nullable) {
    const s = byName(name);
    if (!s && !nullable) {
      const e = new Error('The requested resource does not exist: worksheet ' + name);
      e.code = 'ItemNotFound';
      throw e;
    }
    return s;
  }

  class WorksheetProxy {
    constructor(ctx, name, nullable) {
      this.ctx = ctx;
      this.sheetName = name;
      this.nullable = nullable;
      this.protection = new ProtectionProxy(ctx, this);
      let slot = state.changed.get(name);
      if (!slot) state.changed.set(name, (slot = []));
      this.onChanged = new EventSlot(ctx, slot);
      this.onSelectionChanged = new EventSlot(ctx, []);
      // As in Office, a null object's isNullObject is known after the sync, without a load.
      if (nullable) ctx.q(() => (this.isNullObject = !byName(name)));
    }
    load() {
      this.ctx.q(() => {
        const s = requireSheet(this.sheetName, this.nullable);
        this.isNullObject = !s;
        if (s) {
          this.name = s.name;
          this.id = s.id;
          this.visibility = s.visibility;
        }
      });
      return this;
    }
    getRange(address) {
      return new RangeProxy(this.ctx, this, address, false);
    }
    getUsedRangeOrNullObject() {
      return new RangeProxy(this.ctx, this, null, true);
    }
    activate() {
      this.ctx.q(() => {
        const s = requireSheet(this.sheetName, false);
        if (state.active !== s) {
          state.active = s;
          this.ctx.after.push(() => fire(state.activated, { worksheetId: s.id, type: 'WorksheetActivated' }));
        }
      });
    }
  }

  class ProtectionProxy {
    constructor(ctx, sheet) {
      this.ctx = ctx;
      this.sheet = sheet;
    }
    load() {
      this.ctx.q(() => {
        const s = requireSheet(this.sheet.sheetName, this.sheet.nullable);
        this.protected = s ? s.protected : false;
        this.options = s ? Object.assign({}, s.protectionOptions) : {};
      });
      return this;
    }
    unprotect() {
      this.ctx.q(() => {
        requireSheet(this.sheet.sheetName, false).protected = false;
      });
    }
    protect(options) {
      this.ctx.q(() => {
        const s = requireSheet(this.sheet.sheetName, false);
        s.protected = true;
        s.protectionOptions = Object.assign({}, options || {});
      });
    }
  }

  function usedAddress(s) {
    let minR = Infinity;
    let minC = Infinity;
    let maxR = 0;
    let maxC = 0;
    for (const a of s.cells.keys()) {
      const { row, col } = parseCell(a);
      minR = Math.min(minR, row);
      minC = Math.min(minC, col);
      maxR = Math.max(maxR, row);
      maxC = Math.max(maxC, col);
    }
    if (maxR === 0) return null;
    return colLetters(minC) + minR + ':' + colLetters(maxC) + maxR;
  }

  class RangeProxy {
    constructor(ctx, sheet, address, used) {
      this.ctx = ctx;
      this.sheet = sheet;
      this.rangeAddress = address;
      this.used = used;
      if (used) {
        ctx.q(() => {
          const t = this.target();
          this.isNullObject = !t.s || !t.address;
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fill setter needs the range
      const self = this;
      this.format = {
        fill: {
          set color(c) {
            self.writeFormat((s, a) => s.fills.set(a, String(c).toUpperCase()));
          },
          clear() {
            self.writeFormat((s, a) => s.fills.delete(a));
          },
        },
      };
    }
    target() {
      const s = requireSheet(this.sheet.sheetName, this.sheet.nullable);
      if (!s) return { s: null, address: null };
      return { s, address: this.used ? usedAddress(s) : this.rangeAddress };
    }
    load() {
      this.ctx.q(() => {
        const { s, address } = this.target();
        this.isNullObject = !s || !address;
        if (this.isNullObject) return;
        this.address = s.name + '!' + address;
        this.loadedValues = cellsOf(address).map((line) =>
          line.map((a) => (s.cells.has(a) ? s.cells.get(a) : '')),
        );
      });
      return this;
    }
    writeFormat(apply) {
      this.ctx.q(() => {
        const { s, address } = this.target();
        if (s.protected && !s.protectionOptions.allowFormatCells) throw protectedError(s);
        for (const line of cellsOf(address)) for (const a of line) apply(s, a);
      });
    }
    set numberFormat(formats) {
      this.ctx.q(() => {
        const { s, address } = this.target();
        if (s.protected && !s.protectionOptions.allowFormatCells) throw protectedError(s);
        cellsOf(address).forEach((line, r) => line.forEach((a, c) => s.formats.set(a, formats[r][c])));
      });
    }
    get values() {
      if (this.loadedValues === undefined)
        throw new Error('fake-office: values not loaded (load + sync first)');
      return this.loadedValues;
    }
    set values(values) {
      this.ctx.q(() => {
        const { s, address } = this.target();
        if (s.protected) throw protectedError(s);
        cellsOf(address).forEach((line, r) =>
          line.forEach((a, c) => {
            const v = values[r][c];
            if (v === '' || v === null) s.cells.delete(a);
            else s.cells.set(a, s.formats.get(a) === '@' ? String(v) : v);
          }),
        );
        this.ctx.after.push(() =>
          fire(state.changed.get(s.name) || [], {
            address: address,
            worksheetId: s.id,
            source: 'Local',
            changeType: 'RangeEdited',
            triggerSource: 'ThisLocalAddin',
            type: 'WorksheetChanged',
          }),
        );
      });
    }
    select() {
      this.ctx.q(() => {
        const { s, address } = this.target();
        state.active = s;
        state.selection = { sheet: s.name, address: address };
        this.ctx.after.push(() => fire(state.selectionChanged, { workbook: {}, type: 'SelectionChanged' }));
      });
    }
  }

  /** Excel stores what people type: numbers as numbers, everything else as text. */
  function typed(text) {
    if (text === '') return null;
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    return text;
  }

  const SUPPORTED_EXCEL_API_MINOR = 9;

  window.Office = {
    HostType: { Excel: 'Excel' },
    PlatformType: { PC: 'PC' },
    context: {
      requirements: {
        isSetSupported(name, version) {
          const minor = Number(String(version || '1.1').split('.')[1] || 0);
          return name === 'ExcelApi' && minor <= SUPPORTED_EXCEL_API_MINOR;
        },
      },
    },
    onReady(callback) {
      const info = { host: 'Excel', platform: 'PC' };
      return new Promise((resolve) =>
        setTimeout(() => {
          if (callback) callback(info);
          resolve(info);
        }, 0),
      );
    },
  };

  window.Excel = {
    async run(batch) {
      const ctx = new Context();
      const result = await batch(ctx);
      if (ctx.queue.length > 0) await ctx.sync();
      return result;
    },
  };

  window.__fake = {
    /** The user types into a cell and presses Enter: Excel raises onChanged. */
    type(sheetName, address, text) {
      const s = requireSheet(sheetName, false);
      const v = typed(text);
      if (v === null) s.cells.delete(address);
      else s.cells.set(address, v);
      fire(state.changed.get(sheetName) || [], {
        address: address,
        worksheetId: s.id,
        source: 'Local',
        changeType: 'RangeEdited',
        type: 'WorksheetChanged',
      });
    },
    /** A dropdown pick that raises no onChanged (some Excel builds), then the user moves on. */
    pickWithoutEvent(sheetName, address, text) {
      requireSheet(sheetName, false).cells.set(address, text);
    },
    /** The user clicks a cell. */
    select(sheetName, address) {
      state.active = requireSheet(sheetName, false);
      state.selection = { sheet: sheetName, address: address };
      fire(state.selectionChanged, { type: 'SelectionChanged' });
    },
    get: (sheetName, address) => {
      const v = requireSheet(sheetName, false).cells.get(address);
      return v === undefined ? null : v;
    },
    fill: (sheetName, address) => requireSheet(sheetName, false).fills.get(address) || null,
    isProtected: (sheetName) => requireSheet(sheetName, false).protected,
    selection: () => Object.assign({}, state.selection),
    activeSheet: () => state.active.name,
    syncs: () => state.syncs,
    handlerCount: () =>
      [...state.changed.values()].reduce((n, l) => n + l.length, 0) +
      state.activated.length +
      state.selectionChanged.length,
  };
})();
