/*
 * A fake WPS 表格 for browser tests: window.Application with the ET object model a WPS 加载项
 * page sees, over the workbook of fake-common.js. Faithful where a kinder fake would hide bugs:
 * collections are 1-based through Item; Sheets.Item throws for a missing sheet; Value2 gives dates
 * as serials and error cells as COM error numbers, one cell as a scalar and more as rows of
 * columns; Formula gives constants as text; a multi-cell NumberFormat is null when the cells
 * differ; UsedRange also covers formatted blank cells; Interior.Color is BGR; writes to locked
 * cells of a protected sheet throw; programmatic writes raise SheetChange like the user's.
 */
(function () {
  'use strict';
  const C = window.__fakeCommon;
  const { sheets, byName, bounds, addressOf, colLetters, formatOf, isLocked, typed, setCell, fire, stats } =
    C;

  const COM_ERROR = {
    '#NULL!': -2146826288,
    '#DIV/0!': -2146826281,
    '#VALUE!': -2146826273,
    '#REF!': -2146826265,
    '#NAME?': -2146826259,
    '#NUM!': -2146826252,
    '#N/A': -2146826246,
  };

  const listeners = new Map();
  const on = (name) => listeners.get(name) || [];
  const raise = (name, args) => fire(on(name), args);

  function comError(message, number) {
    const e = new Error(message);
    e.number = number;
    return e;
  }

  function sheetObject(s) {
    return {
      get Name() {
        return s.name;
      },
      get UsedRange() {
        // Each read goes to the host: counted like a round trip so tests can wait for the pane.
        stats.roundTrips++;
        const b = C.usedBounds(s, false);
        // An empty sheet's used range is A1.
        return range(s, b || { top: 1, left: 1, bottom: 1, right: 1 });
      },
      Range(address) {
        return range(s, bounds(address));
      },
      Activate() {
        if (app.ActiveSheet !== s) {
          activeSheet = s;
          raise('SheetActivate', [sheetObject(s)]);
        }
      },
      Protect(password) {
        s.protected = true;
        s.password = password || '';
      },
      Unprotect(password) {
        if (s.password && s.password !== (password || '')) throw comError('密码不正确', 1004);
        s.protected = false;
      },
    };
  }

  function cellsOf(b) {
    const rows = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const line = [];
      for (let c = b.left; c <= b.right; c++) line.push(colLetters(c) + r);
      rows.push(line);
    }
    return rows;
  }

  function shape(b, fn) {
    const grid = cellsOf(b).map((line) => line.map(fn));
    return grid.length === 1 && grid[0].length === 1 ? grid[0][0] : grid;
  }

  function range(s, b) {
    const cell = (a) => s.cells.get(a) || { v: '' };
    const self = {
      get Value2() {
        return shape(b, (a) => {
          const c = cell(a);
          return c.err ? COM_ERROR[c.v] : c.v;
        });
      },
      set Value2(value) {
        const grid = cellsOf(b);
        const values = Array.isArray(value) ? value : grid.map((line) => line.map(() => value));
        if (s.protected && grid.some((line) => line.some((a) => isLocked(s, a)))) {
          throw comError('不能更改受保护工作表上的单元格。', 1004);
        }
        grid.forEach((line, r) => line.forEach((a, c) => setCell(s, a, typed(s, a, values[r][c]))));
        stats.roundTrips++;
        stats.writes.push({
          sheet: s.name,
          address: addressOf(b),
          values: grid.map((line, r) => line.map((_, c) => values[r][c])),
        });
        // ET raises SheetChange for the add-in's own writes too.
        raise('SheetChange', [sheetObject(s), range(s, b)]);
      },
      get Formula() {
        return shape(b, (a) => {
          const c = cell(a);
          return c.f || (c.v === '' ? '' : String(c.v));
        });
      },
      get NumberFormat() {
        const formats = cellsOf(b)
          .flat()
          .map((a) => formatOf(s, a));
        return formats.every((f) => f === formats[0]) ? formats[0] : null;
      },
      get Row() {
        return b.top;
      },
      get Column() {
        return b.left;
      },
      Rows: {
        get Count() {
          return b.bottom - b.top + 1;
        },
      },
      Columns: {
        get Count() {
          return b.right - b.left + 1;
        },
        Item(i) {
          if (i < 1 || i > b.right - b.left + 1) throw comError('下标越界', 9);
          return range(s, { top: b.top, bottom: b.bottom, left: b.left + i - 1, right: b.left + i - 1 });
        },
      },
      Cells: {
        Item(r, c) {
          return range(s, {
            top: b.top + r - 1,
            bottom: b.top + r - 1,
            left: b.left + c - 1,
            right: b.left + c - 1,
          });
        },
      },
      Interior: {
        /** BGR, as in COM: red is 255, blue is 16711680. */
        get Color() {
          const hex = s.fills.get(addressOf(b)) || 'FFFFFF';
          return parseInt(hex.slice(4, 6) + hex.slice(2, 4) + hex.slice(0, 2), 16);
        },
        set Color(bgr) {
          const hex = ('000000' + Number(bgr).toString(16)).slice(-6);
          for (const a of cellsOf(b).flat())
            s.fills.set(a, (hex.slice(4, 6) + hex.slice(2, 4) + hex.slice(0, 2)).toUpperCase());
        },
      },
      Address() {
        return addressOf(b).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
      },
      Select() {
        activeSheet = s;
        selection = { sheet: s.name, address: addressOf(b) };
        raise('SheetSelectionChange', [sheetObject(s), self]);
      },
    };
    return self;
  }

  let activeSheet = sheets.find((s) => s.visibility === 'Visible') || sheets[0];
  let selection = { sheet: activeSheet.name, address: 'A1' };
  const path = 'C:\\Users\\unit\\Documents\\' + C.fileName;
  const workbook = {
    Name: C.fileName,
    FullName: path,
    Path: 'C:\\Users\\unit\\Documents',
    saved: 0,
    Sheets: {
      get Count() {
        return sheets.length;
      },
      Item(key) {
        const s = typeof key === 'number' ? sheets[key - 1] : byName(key);
        if (!s) throw comError('下标越界', 9);
        return sheetObject(s);
      },
    },
    Save() {
      workbook.saved++;
      raise('WorkbookAfterSave', [workbook, true]);
    },
  };
  let active = workbook;
  const storage = new Map();
  const panes = [];

  const app = {
    get ActiveWorkbook() {
      return active;
    },
    get ActiveSheet() {
      return active ? sheetObject(activeSheet) : null;
    },
    ApiEvent: {
      AddApiEventListener(name, handler) {
        listeners.set(name, [...on(name), handler]);
      },
      RemoveApiEventListener(name, handler) {
        listeners.set(
          name,
          on(name).filter((h) => h !== handler),
        );
      },
    },
    FileSystem: {
      Exists: (p) => p === path,
      readAsBinaryString(p) {
        if (p !== path) throw comError('文件不存在：' + p, 53);
        return C.fileBytes()
          .map((b) => String.fromCharCode(b))
          .join('');
      },
    },
    PluginStorage: {
      getItem: (k) => (storage.has(k) ? storage.get(k) : null),
      setItem: (k, v) => storage.set(k, v),
    },
    CreateTaskPane(url, title) {
      const pane = { ID: panes.length + 1, url, title, Visible: false, Width: 300 };
      panes.push(pane);
      return pane;
    },
    GetTaskPane: (id) => panes.find((p) => p.ID === id) || null,
  };
  window.Application = app;
  window.wps = app;

  window.__fake = {
    host: 'wps',
    type(sheetName, address, text) {
      const s = byName(sheetName);
      if (s.protected && isLocked(s, address)) throw new Error('locked cell ' + address);
      setCell(s, address, typed(s, address, text));
      raise('SheetChange', [sheetObject(s), range(s, bounds(address))]);
    },
    pickWithoutEvent(sheetName, address, text) {
      const s = byName(sheetName);
      setCell(s, address, typed(s, address, text));
    },
    select(sheetName, address) {
      activeSheet = byName(sheetName);
      selection = { sheet: sheetName, address };
      raise('SheetSelectionChange', [sheetObject(activeSheet), range(activeSheet, bounds(address))]);
    },
    editing() {},
    get: (sheetName, address) => {
      const c = byName(sheetName).cells.get(address);
      return c === undefined || c.v === '' ? null : c.v;
    },
    isProtected: (sheetName) => byName(sheetName).protected,
    selection: () => Object.assign({}, selection),
    activeSheet: () => activeSheet.name,
    roundTrips: () => stats.roundTrips,
    writes: () => stats.writes.slice(),
    files: () => ({ opened: workbook.saved, closed: workbook.saved }),
    handlerCount: () => [...listeners.values()].reduce((n, l) => n + l.length, 0),
    /** Another workbook becomes active (WPS shares one pane across workbooks); null: none. */
    switchWorkbook(name) {
      active =
        name === null
          ? null
          : name === workbook.Name
            ? workbook
            : {
                Name: name,
                FullName: name,
                Path: '',
                Sheets: {
                  Count: 1,
                  Item: () => {
                    throw comError('下标越界', 9);
                  },
                },
              };
      raise('WorkbookActivate', [active]);
    },
    panes: () => panes.map((p) => ({ url: p.url, Visible: p.Visible })),
  };
})();
