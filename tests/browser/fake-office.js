/*
 * A fake Office host for browser tests: stands in for office.js (served at office-js/office.js,
 * after fake-common.js) with the subset of the Excel JavaScript API the pane uses. Faithful where a
 * kinder fake would hide bugs: operations are queued and applied in order at context.sync(); a
 * property read before load + sync throws PropertyNotLoaded; a missing sheet from getItem fails the
 * batch with ItemNotFound; writes to locked cells of a protected sheet fail with AccessDenied; API
 * writes raise onChanged (triggerSource ThisLocalAddin); while the user edits a cell a batch fails
 * with InvalidOperationInCellEditMode unless it asked to wait (delayForCellEdit).
 */
(function () {
  'use strict';
  const C = window.__fakeCommon;
  const {
    sheets,
    byName,
    bounds,
    addressOf,
    colLetters,
    formatOf,
    isLocked,
    typed,
    setCell,
    usedBounds,
    fire,
    stats,
  } = C;

  const state = {
    active: sheets.find((s) => s.visibility === 'Visible') || sheets[0],
    selection: null,
    editing: false,
    editWaiters: [],
    changed: new Map(),
    activated: [],
    selectionChanged: [],
  };
  state.selection = { sheet: state.active.name, address: 'A1' };

  function officeError(code, message) {
    const e = new Error(message);
    e.name = 'RichApi.Error';
    e.code = code;
    return e;
  }

  /**
   * Properties exist once loaded and synced; reading earlier throws, as in Office. Setting one goes
   * to `write<Name>` of the target (a queued write).
   */
  function loadable(target, names) {
    const loaded = new Map();
    for (const name of names) {
      const writer = 'write' + name[0].toUpperCase() + name.slice(1);
      Object.defineProperty(target, name, {
        set(value) {
          if (typeof target[writer] !== 'function')
            throw officeError('InvalidArgument', name + ' is read-only');
          target[writer](value);
        },
        get() {
          if (!loaded.has(name)) {
            throw officeError(
              'PropertyNotLoaded',
              "The property '" +
                name +
                '\' is not available. Before reading the property\'s value, call the load method on the containing object and call "sync()" on the associated request context.',
            );
          }
          return loaded.get(name);
        },
        configurable: true,
      });
    }
    return loaded;
  }

  class Context {
    constructor(options) {
      this.queue = [];
      this.after = [];
      this.options = options || {};
      this.workbook = new WorkbookProxy(this);
    }
    q(fn) {
      this.queue.push(fn);
    }
    async sync() {
      stats.roundTrips++;
      if (state.editing) {
        if (!this.options.delayForCellEdit) {
          this.queue = [];
          throw officeError('InvalidOperationInCellEditMode', 'Excel is in cell-editing mode.');
        }
        await new Promise((resolve) => state.editWaiters.push(resolve));
      }
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
    if (!s && !nullable) throw officeError('ItemNotFound', "The requested resource doesn't exist.");
    return s;
  }

  class WorksheetProxy {
    constructor(ctx, name, nullable) {
      this.ctx = ctx;
      this.sheetName = name;
      this.nullable = nullable;
      let slot = state.changed.get(name);
      if (!slot) state.changed.set(name, (slot = []));
      this.onChanged = new EventSlot(ctx, slot);
      // As in Office, a null object's isNullObject is known after the sync, without a load.
      if (nullable) ctx.q(() => (this.isNullObject = !byName(name)));
    }
    getRange(address) {
      return new RangeProxy(this.ctx, this, () => bounds(address));
    }
    getUsedRangeOrNullObject(valuesOnly) {
      return new RangeProxy(this.ctx, this, null, { used: true, valuesOnly: Boolean(valuesOnly) });
    }
    activate() {
      this.ctx.q(() => {
        const s = requireSheet(this.sheetName, false);
        if (state.active !== s) {
          state.active = s;
          this.ctx.after.push(() =>
            fire(state.activated, [{ worksheetId: s.id, type: 'WorksheetActivated' }]),
          );
        }
      });
    }
  }

  function eachCell(b, fn) {
    const rows = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const line = [];
      for (let c = b.left; c <= b.right; c++) line.push(fn(colLetters(c) + r));
      rows.push(line);
    }
    return rows;
  }

  class RangeProxy {
    constructor(ctx, sheet, where, used) {
      this.ctx = ctx;
      this.sheet = sheet;
      this.where = where;
      this.usedOf = used || null;
      this.loaded = loadable(this, ['address', 'values', 'formulas', 'numberFormat', 'valueTypes']);
      if (this.usedOf) ctx.q(() => (this.isNullObject = !this.target().b));
    }
    target() {
      const s = requireSheet(this.sheet.sheetName, this.sheet.nullable);
      if (!s) return { s: null, b: null };
      return { s, b: this.usedOf ? usedBounds(s, this.usedOf.valuesOnly) : this.where() };
    }
    load(props) {
      const names = String(props || 'address,values,formulas,numberFormat,valueTypes')
        .split(',')
        .map((p) => p.trim());
      this.ctx.q(() => {
        const { s, b } = this.target();
        if (!s || !b) return;
        const cell = (a) => s.cells.get(a) || { v: '' };
        const all = {
          address: "'" + s.name + "'!" + addressOf(b),
          values: eachCell(b, (a) => cell(a).v),
          formulas: eachCell(b, (a) => cell(a).f || cell(a).v),
          numberFormat: eachCell(b, (a) => formatOf(s, a)),
          valueTypes: eachCell(b, (a) => {
            const c = cell(a);
            if (c.err) return 'Error';
            if (c.v === '') return 'Empty';
            return typeof c.v === 'number' ? 'Double' : typeof c.v === 'boolean' ? 'Boolean' : 'String';
          }),
        };
        for (const n of names) this.loaded.set(n, all[n]);
      });
      return this;
    }
    getResizedRange(rows, cols) {
      return new RangeProxy(this.ctx, this.sheet, () => {
        const b = this.where();
        return { top: b.top, left: b.left, bottom: b.bottom + rows, right: b.right + cols };
      });
    }
    writeValues(values) {
      this.ctx.q(() => {
        const { s, b } = this.target();
        const addresses = eachCell(b, (a) => a);
        if (values.length !== addresses.length || values[0].length !== addresses[0].length) {
          throw officeError(
            'InvalidArgument',
            "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
          );
        }
        if (s.protected && addresses.some((line) => line.some((a) => isLocked(s, a)))) {
          throw officeError(
            'AccessDenied',
            "The cell or chart you're trying to change is on a protected sheet.",
          );
        }
        addresses.forEach((line, r) => line.forEach((a, c) => setCell(s, a, typed(s, a, values[r][c]))));
        stats.writes.push({ sheet: s.name, address: addressOf(b), values });
        this.ctx.after.push(() =>
          fire(state.changed.get(s.name) || [], [
            {
              address: addressOf(b),
              worksheetId: s.id,
              source: 'Local',
              changeType: 'RangeEdited',
              triggerSource: 'ThisLocalAddin',
              type: 'WorksheetChanged',
            },
          ]),
        );
      });
    }
    select() {
      this.ctx.q(() => {
        const { s, b } = this.target();
        state.active = s;
        state.selection = { sheet: s.name, address: addressOf(b) };
        this.ctx.after.push(() => fire(state.selectionChanged, [{ type: 'SelectionChanged' }]));
      });
    }
  }

  const SUPPORTED_EXCEL_API_MINOR = 14;

  window.Office = {
    HostType: { Excel: 'Excel' },
    PlatformType: { PC: 'PC' },
    FileType: { Compressed: 'compressed' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: {
      requirements: {
        isSetSupported(name, version) {
          const minor = Number(String(version || '1.1').split('.')[1] || 0);
          return name === 'ExcelApi' && minor <= SUPPORTED_EXCEL_API_MINOR;
        },
      },
      officeTheme: window.__FAKE_THEME__,
      document: {
        url: 'C:\\Users\\unit\\Documents\\' + C.fileName,
        getFileAsync(type, options, callback) {
          const bytes = C.fileBytes();
          const size = options.sliceSize;
          const count = Math.max(1, Math.ceil(bytes.length / size));
          let open = true;
          stats.fileOpens = (stats.fileOpens || 0) + 1;
          const file = {
            size: bytes.length,
            sliceCount: count,
            getSliceAsync(i, done) {
              if (!open) throw new Error('file closed');
              setTimeout(
                () =>
                  done({
                    status: 'succeeded',
                    value: { index: i, data: bytes.slice(i * size, (i + 1) * size) },
                  }),
                1,
              );
            },
            closeAsync(done) {
              open = false;
              stats.fileCloses = (stats.fileCloses || 0) + 1;
              setTimeout(() => done && done({ status: 'succeeded' }), 1);
            },
          };
          setTimeout(() => callback({ status: 'succeeded', value: file }), 1);
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
    async run(optionsOrBatch, maybeBatch) {
      const options = typeof optionsOrBatch === 'function' ? {} : optionsOrBatch;
      const batch = typeof optionsOrBatch === 'function' ? optionsOrBatch : maybeBatch;
      const ctx = new Context(options);
      const result = await batch(ctx);
      if (ctx.queue.length > 0) await ctx.sync();
      return result;
    },
  };

  /** The user's side, the same in fake-wps.js. */
  window.__fake = {
    host: 'excel',
    /** The user types into a cell and presses Enter: Excel raises onChanged. */
    type(sheetName, address, text) {
      const s = requireSheet(sheetName, false);
      if (s.protected && isLocked(s, address)) throw new Error('locked cell ' + address);
      setCell(s, address, typed(s, address, text));
      fire(state.changed.get(sheetName) || [], [
        {
          address,
          worksheetId: s.id,
          source: 'Local',
          changeType: 'RangeEdited',
          triggerSource: 'Unknown',
          type: 'WorksheetChanged',
        },
      ]);
    },
    /** A dropdown pick that raises no onChanged (some Excel builds), then the user moves on. */
    pickWithoutEvent(sheetName, address, text) {
      const s = requireSheet(sheetName, false);
      setCell(s, address, typed(s, address, text));
    },
    /** The user clicks a cell. */
    select(sheetName, address) {
      state.active = requireSheet(sheetName, false);
      state.selection = { sheet: sheetName, address };
      fire(state.selectionChanged, [{ type: 'SelectionChanged' }]);
    },
    /** The user is in a cell's edit mode (F2) until `false`. */
    editing(on) {
      state.editing = on;
      if (!on) state.editWaiters.splice(0).forEach((resolve) => resolve());
    },
    get: (sheetName, address) => {
      const c = requireSheet(sheetName, false).cells.get(address);
      return c === undefined || c.v === '' ? null : c.v;
    },
    isProtected: (sheetName) => requireSheet(sheetName, false).protected,
    selection: () => Object.assign({}, state.selection),
    activeSheet: () => state.active.name,
    roundTrips: () => stats.roundTrips,
    writes: () => stats.writes.slice(),
    files: () => ({ opened: stats.fileOpens || 0, closed: stats.fileCloses || 0 }),
    handlerCount: () =>
      [...state.changed.values()].reduce((n, l) => n + l.length, 0) +
      state.activated.length +
      state.selectionChanged.length,
  };
})();
