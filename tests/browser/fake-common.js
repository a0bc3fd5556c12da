/*
 * What the fake Excel (fake-office.js) and the fake WPS (fake-wps.js) share: the workbook as the
 * host holds it (window.__FAKE_WORKBOOK__, built by office-view.ts from a real issued workbook),
 * addresses, and how a spreadsheet takes what a person types. Each fake then adds its own object
 * model and exposes the same user side on window.__fake, so one scenario drives both hosts.
 */
(function () {
  'use strict';
  const data = window.__FAKE_WORKBOOK__;
  if (!data) throw new Error('fake host: window.__FAKE_WORKBOOK__ missing');

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
    if (!m) throw new Error('fake host: bad address ' + a);
    return { col: colNumber(m[1]), row: Number(m[2]) };
  }
  /** `A1` or `A1:C3` (sheet prefix and $ allowed) → { top, left, bottom, right }. */
  function bounds(address) {
    const local = address.slice(address.lastIndexOf('!') + 1);
    const [a, b] = local.split(':');
    const from = parseCell(a);
    const to = b ? parseCell(b) : from;
    return { top: from.row, left: from.col, bottom: to.row, right: to.col };
  }
  function addressOf(b) {
    const first = colLetters(b.left) + b.top;
    const last = colLetters(b.right) + b.bottom;
    return first === last ? first : first + ':' + last;
  }

  const sheets = data.sheets.map((s, i) => ({
    id: '{0000000' + i + '-FAKE}',
    name: s.name,
    visibility: s.visibility,
    protected: s.protected,
    password: s.protected ? '' : null,
    allowFormatCells: s.allowFormatCells,
    cells: new Map(Object.entries(s.cells).map(([a, c]) => [a, Object.assign({}, c)])),
    columnFormats: Object.assign({}, s.columnFormats),
    fills: new Map(),
  }));
  const byName = (name) => sheets.find((s) => s.name === name) || null;

  function formatOf(sheet, address) {
    const c = sheet.cells.get(address);
    if (c && c.fmt) return c.fmt;
    const letters = /^[A-Z]+/.exec(address)[0];
    return sheet.columnFormats[letters] || 'General';
  }
  function isLocked(sheet, address) {
    const c = sheet.cells.get(address);
    return !(c && c.unlocked);
  }

  /** A small formula evaluator: arithmetic on numbers, & on strings; anything else is #NAME?. */
  function evaluate(formula) {
    const body = formula.slice(1).trim();
    if (/^[0-9+\-*/(). ]+$/.test(body)) {
      // Arithmetic only, checked by the pattern above.
      const v = Function('"use strict"; return (' + body + ');')();
      return Number.isFinite(v) ? { v: v } : { v: '#DIV/0!', err: true };
    }
    const concat = /^"([^"]*)"\s*&\s*"([^"]*)"$/.exec(body);
    if (concat) return { v: concat[1] + concat[2] };
    return { v: '#NAME?', err: true };
  }

  /**
   * What a spreadsheet stores for typed text: a formula (its result computed), a number, or text.
   * A text-formatted (@) cell keeps exactly what was typed.
   */
  function typed(sheet, address, text) {
    const prior = sheet.cells.get(address) || {};
    const keep = { unlocked: prior.unlocked, fmt: prior.fmt };
    if (text === '' || text === null) return Object.assign(keep, { v: '' });
    if (formatOf(sheet, address) === '@') return Object.assign(keep, { v: String(text) });
    if (typeof text !== 'string') return Object.assign(keep, { v: text });
    if (text.startsWith('=')) return Object.assign(keep, { f: text }, evaluate(text));
    if (/^-?\d+(\.\d+)?$/.test(text)) return Object.assign(keep, { v: Number(text) });
    return Object.assign(keep, { v: text });
  }

  function setCell(sheet, address, cell) {
    const clean = {};
    for (const [k, v] of Object.entries(cell)) if (v !== undefined) clean[k] = v;
    sheet.cells.set(address, clean);
  }

  /**
   * The used range's bounds: every cell holding a value or formula (Office's valuesOnly), or every
   * cell with anything at all, formats included (ET's UsedRange). null for an empty sheet.
   */
  function usedBounds(s, valuesOnly) {
    let b = null;
    for (const [a, c] of s.cells) {
      if (valuesOnly && c.v === '' && !c.f) continue;
      const { row, col } = parseCell(a);
      if (!b) b = { top: row, left: col, bottom: row, right: col };
      b.top = Math.min(b.top, row);
      b.left = Math.min(b.left, col);
      b.bottom = Math.max(b.bottom, row);
      b.right = Math.max(b.right, col);
    }
    return b;
  }

  function fire(list, args) {
    for (const handler of list.slice()) {
      setTimeout(() => Promise.resolve(handler.apply(null, args)).catch((e) => console.error(e)), 0);
    }
  }

  /** The workbook file (the xlsx the test started from), for getFileAsync and WPS's FileSystem. */
  function fileBytes() {
    const text = atob(window.__FAKE_FILE__ || '');
    const bytes = new Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  window.__fakeCommon = {
    sheets,
    byName,
    bounds,
    addressOf,
    colLetters,
    parseCell,
    formatOf,
    isLocked,
    typed,
    setCell,
    usedBounds,
    fire,
    fileBytes,
    fileName: data.fileName,
    /** Counters every fake keeps for the tests. */
    stats: { roundTrips: 0, writes: [] },
  };
})();
