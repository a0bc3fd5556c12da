import { performance } from 'node:perf_hooks';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHEETS } from '../core/contract/layout.js';
import { leanGrid } from '../reporter/collect/lean-grid.js';
import { checkBytes } from '../reporter/collect/safety.js';
import { parseSharedStrings, parseSheet, readWorkbook } from '../reporter/collect/xlsx-read.js';
import { elementsWithin } from '../reporter/collect/xml.js';
import { filledWorkbook, testPlan } from './collect-fixtures.js';
import { unitsToIssue } from '../core/contract/unit-rows.js';

/**
 * Hostile XML inside an otherwise ordinary returned workbook: each part is crafted to just under the
 * 4 MB above which the zip ratio limit applies, so only the reader's own scanning stands between
 * such a file and a stalled collect. Time must grow linearly: the 4 MB file may take at most 8x the
 * 1 MB one, both measured here in the same run (best of several, so a busy machine cannot fail it).
 */

const MB = 1024 * 1024;
const SMALL = 1 * MB;
const LARGE = 4 * MB - 64 * 1024;
const READ_SHEETS = [SHEETS.metadata, SHEETS.tasks, SHEETS.indicators];

let issued: Record<string, Uint8Array>;
let parts: { sheet: string; sharedStrings: string; workbook: string };

beforeAll(async () => {
  const plan = testPlan();
  const { bytes } = await filledWorkbook(plan, unitsToIssue(plan)[0]);
  issued = unzipSync(bytes);
  const safe = checkBytes('x.xlsx', bytes);
  if (!safe.ok) throw new Error(safe.finding.message);
  const info = readWorkbook(safe.zip, []);
  parts = {
    sheet: info.sheets.find((s) => s.name === SHEETS.tasks)!.part,
    sharedStrings: 'xl/sharedStrings.xml',
    workbook: 'xl/workbook.xml',
  };
});

const bytesOf = (text: string) => Buffer.byteLength(text);

/** `head`, then `unit` repeated up to `size` bytes (UTF-8), then `tail`. */
function fill(head: string, unit: string, size: number, tail = ''): string {
  const times = Math.floor((size - bytesOf(head) - bytesOf(tail)) / bytesOf(unit));
  return head + unit.repeat(Math.max(1, times)) + tail;
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</row></sheetData></worksheet>';
const SST_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

interface Craft {
  part: keyof typeof parts;
  xml: (size: number) => string;
}

const CRAFTS: Record<string, Craft> = {
  'unclosed cells': {
    part: 'sheet',
    xml: (n) => fill(`${SHEET_HEAD}<row r="4">`, '<c r="E4" t="s">', n, SHEET_TAIL),
  },
  'unclosed prefixed cells': {
    part: 'sheet',
    xml: (n) =>
      fill(`${SHEET_HEAD}<x:row r="4">`, '<x:c r="E4" t="s">', n, '</x:row></sheetData></worksheet>'),
  },
  'unclosed rows': {
    part: 'sheet',
    xml: (n) => fill(SHEET_HEAD, '<row r="1" spans="1:5" ', n, '</sheetData></worksheet>'),
  },
  'rows never ended': {
    part: 'sheet',
    xml: (n) => fill(SHEET_HEAD, '<row r="1">', n, '</sheetData></worksheet>'),
  },
  'unterminated values': {
    part: 'sheet',
    xml: (n) => fill(`${SHEET_HEAD}<row r="1">`, '<c r="A1"><v>1', n, `</v></c>${SHEET_TAIL}`),
  },
  'unterminated formulas': {
    part: 'sheet',
    xml: (n) => fill(`${SHEET_HEAD}<row r="1">`, '<c r="A1"><f>A1+', n, `1</f></c>${SHEET_TAIL}`),
  },
  'unterminated inline strings': {
    part: 'sheet',
    xml: (n) =>
      fill(`${SHEET_HEAD}<row r="1">`, '<c r="A1" t="inlineStr"><is><t>字', n, `</t></is></c>${SHEET_TAIL}`),
  },
  'a 4 MB attribute name': {
    part: 'sheet',
    xml: (n) => fill(`${SHEET_HEAD}<row r="1"><c `, 'a', n, `/>${SHEET_TAIL}`),
  },
  'a 4 MB attribute value never closed': {
    part: 'sheet',
    xml: (n) => fill(`${SHEET_HEAD}<row r="1"><c r="`, 'A', n, `/>${SHEET_TAIL}`),
  },
  'a 4 MB entity-laden attribute': {
    part: 'sheet',
    xml: (n) => fill(`${SHEET_HEAD}<row r="1"><c r="A1" t="`, '&#1', n, `"/>${SHEET_TAIL}`),
  },
  'deep nesting': { part: 'sheet', xml: (n) => fill(`${SHEET_HEAD}<row r="1">`, '<x>', n, SHEET_TAIL) },
  'one shared formula in many cells': {
    part: 'sheet',
    xml: (n) =>
      fill(
        `${SHEET_HEAD}<row r="1"><c r="A1"><f t="shared" si="0" ref="A1:A9">${'A1+'.repeat(2700)}1</f><v>1</v></c>`,
        '<c r="B2"><f t="shared" si="0"/><v>1</v></c>',
        n,
        SHEET_TAIL,
      ),
  },
  'unclosed shared strings': {
    part: 'sharedStrings',
    xml: (n) => fill(SST_HEAD, '<si><t>字', n, '</t></si></sst>'),
  },
  'unclosed prefixed shared strings': {
    part: 'sharedStrings',
    xml: (n) => fill(SST_HEAD, '<x:si><x:t>字', n, '</x:t></x:si></sst>'),
  },
  'unclosed phonetic runs': {
    part: 'sharedStrings',
    xml: (n) => fill(`${SST_HEAD}<si>`, '<rPh><t>字', n, '</t></rPh></si></sst>'),
  },
  'unclosed sheet list': {
    part: 'workbook',
    xml: (n) =>
      fill('<workbook xmlns:r="r"><sheets>', '<sheet name="a" sheetId="1" ', n, '/></sheets></workbook>'),
  },
};

function crafted(craft: Craft, size: number): Uint8Array {
  const files = { ...issued, [parts[craft.part]]: strToU8(craft.xml(size)) };
  return zipSync(files);
}

/** Everything collect does with a file's bytes before the rules: the safety checks and the read. */
function examine(bytes: Uint8Array): string {
  const safe = checkBytes('crafted.xlsx', bytes);
  if (!safe.ok) return safe.finding.code;
  try {
    const grid = leanGrid(readWorkbook(safe.zip, READ_SHEETS));
    grid.get(SHEETS.tasks, 'A1');
    return 'read';
  } catch {
    return 'corrupt';
  }
}

/** An honest tasks sheet of about `size` bytes: rows of ordinary cells, as a large real sheet has. */
function honestSheet(size: number): string {
  const rows: string[] = [SHEET_HEAD];
  let length = SHEET_HEAD.length;
  for (let i = 1; length < size - 40; i++) {
    const row = `<row r="${i}" spans="1:3"><c r="A${i}" s="1"><v>${i}</v></c><c r="B${i}" t="s"><v>0</v></c><c r="C${i}"><f>A${i}*2</f><v>${2 * i}</v></c></row>`;
    rows.push(row);
    length += row.length;
  }
  rows.push('</sheetData></worksheet>');
  return rows.join('');
}

/** The reader's scan of the crafted part alone, from its text. */
const SCAN: Record<Craft['part'], (xml: string) => unknown> = {
  sheet: (xml) => parseSheet(xml, SHEETS.tasks),
  sharedStrings: parseSharedStrings,
  workbook: (xml) => elementsWithin(xml, 'sheets', 'sheet'),
};

function timed(run: () => unknown): number {
  const started = performance.now();
  try {
    run();
  } catch {
    // Refusing malformed markup is an outcome like any other; only the time is measured here.
  }
  return performance.now() - started;
}

/** Best times of two runs, alternated so that both see the same machine load. */
function bestTimes(a: () => unknown, b: () => unknown, runs = 3): [number, number] {
  let ta = Infinity;
  let tb = Infinity;
  for (let i = 0; i < runs; i++) {
    ta = Math.min(ta, timed(a));
    tb = Math.min(tb, timed(b));
  }
  return [ta, tb];
}

const ms = (t: number) => `${t.toFixed(1)} ms`;

describe('reading hostile XML takes time linear in its size', () => {
  let honest: Uint8Array;
  beforeAll(() => {
    honest = zipSync({ ...issued, [parts.sheet]: strToU8(honestSheet(LARGE)) });
  });

  for (const [name, craft] of Object.entries(CRAFTS)) {
    it(
      name,
      () => {
        const small = craft.xml(SMALL);
        const large = craft.xml(LARGE);
        // The scan alone: 4x the text may take at most 8x the time. A floor for the smaller time keeps
        // a sub-millisecond scan from making a ratio of noise.
        const scan = SCAN[craft.part];
        // Best of five: a scan takes milliseconds, and on a loaded machine one of three runs each can
        // still all be slowed (a whole-suite run once measured 8.4x for a linear scan).
        const [s1, s4] = bestTimes(
          () => scan(small),
          () => scan(large),
          5,
        );
        expect(s4 / Math.max(s1, 2), `${name}: scan of 1 MB ${ms(s1)}, of 4 MB ${ms(s4)}`).toBeLessThan(8);
        // The whole file, small on the wire and under the ratio limit, costs no more than a few times
        // an honest workbook with a sheet of the same size.
        const bytes = crafted(craft, LARGE);
        expect(bytes.length).toBeLessThan(200 * 1024);
        expect(examine(bytes)).not.toBe('collect.zip-limit');
        const [hostile, peer] = bestTimes(
          () => examine(bytes),
          () => examine(honest),
          2,
        );
        expect(hostile / peer, `${name}: file ${ms(hostile)}, honest file ${ms(peer)}`).toBeLessThan(4);
      },
      120_000,
    );
  }

  it('still reads the issued workbook and the honest large one whole', () => {
    expect(examine(zipSync(issued))).toBe('read');
    expect(examine(honest)).toBe('read');
  });
});
