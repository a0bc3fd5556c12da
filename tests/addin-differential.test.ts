/**
 * One verdict: for every workbook of collect's corpus, and LibreOffice re-saves of them, the pane's
 * read path (the host's report of values, formulas, formats → addin/read-model.ts) and collect's
 * read path (reporter/collect's lean reader) give the rules the same workbook, so the same
 * findings; and the pane's full check names exactly the problems collect refuses a return for.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEETS_TO_READ, evaluate } from '../addin/engine.js';
import { gridOf } from '../addin/read-model.js';
import { ruleSet } from '../addin/rule-set.js';
import { readMetadata, unitRows } from '../core/contract/index.js';
import type { Finding } from '../core/plan/model.js';
import { checkWorkbook } from '../core/rules/index.js';
import { identify } from '../reporter/intake/identify.js';
import { leanGrid } from '../reporter/collect/lean-grid.js';
import { checkBytes } from '../reporter/collect/safety.js';
import { validateReturn } from '../reporter/intake/validate.js';
import { readWorkbook } from '../reporter/collect/xlsx-read.js';
import { convertFiles, sofficePath } from '../reporter/render/libreoffice.js';
import { hostRead, officeView } from './browser/office-view.js';
import { PERIOD, testPlan, workbookCorpus, type CorpusEntry } from './collect-fixtures.js';

const plan = testPlan();
const TODAY = '2024-06-03';
const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-differential-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasSoffice = () => sofficePath() !== undefined;

/** LibreOffice re-saves, as a unit on a Linux desktop might send them back. */
async function resaved(entries: CorpusEntry[]): Promise<CorpusEntry[]> {
  const inDir = path.join(dir, 'in');
  const outDir = path.join(dir, 'out');
  mkdirSync(inDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const files = entries.map((e) => {
    const file = path.join(inDir, `${e.name}.xlsx`);
    writeFileSync(file, e.bytes);
    return file;
  });
  const out = await convertFiles(files, 'xlsx:Calc MS Excel 2007 XML', outDir);
  return entries.map((e, i) => ({
    name: `${e.name} (LibreOffice)`,
    bytes: new Uint8Array(readFileSync(out[i])),
  }));
}

function collectGrid(bytes: Uint8Array) {
  const safe = checkBytes('x.xlsx', bytes);
  if (!safe.ok) throw new Error(safe.finding.message);
  return leanGrid(readWorkbook(safe.zip, [...SHEETS_TO_READ]));
}

async function paneGrid(bytes: Uint8Array) {
  const read = hostRead(await officeView(bytes, 'x.xlsx'), SHEETS_TO_READ);
  return { read, grid: gridOf(read) };
}

const place = (f: Finding) => ({
  level: f.level,
  code: f.code,
  sheet: f.sheet,
  cell: f.cell,
  message: f.message,
});

describe('the pane and collect read a workbook alike', () => {
  let corpus: CorpusEntry[] = [];

  beforeAll(async () => {
    const own = await workbookCorpus(plan);
    corpus = [...own, ...(hasSoffice() ? await resaved(own) : [])];
  }, 300_000);

  it('covers the corpus and its re-saved variants', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(hasSoffice() ? 22 : 11);
  });

  it('gives the rules the same cells: identical findings for every workbook', async () => {
    for (const entry of corpus) {
      const fromCollect = collectGrid(entry.bytes);
      const { grid: fromPane } = await paneGrid(entry.bytes);
      const meta = readMetadata(fromCollect);
      expect(meta.ok, entry.name).toBe(true);
      const unit = meta.ok ? (meta.metadata.unitCode ?? '') : '';
      const known = plan.units.some((u) => u.code === unit);
      // Rows as collect takes them (its own plan), or the workbook's own rows for a stranger.
      const rows = known ? unitRows(plan, unit) : JSON.parse(String(meta.ok && meta.metadata.rows));
      const input = { rows, period: PERIOD, planYear: plan.year };
      const a = checkWorkbook({ ...input, grid: fromCollect }).findings.map(place);
      const b = checkWorkbook({ ...input, grid: fromPane }).findings.map(place);
      expect(b, entry.name).toEqual(a);
    }
  });

  it('refuses in the pane exactly what collect refuses, cell by cell', async () => {
    let compared = 0;
    for (const entry of corpus) {
      const grid = collectGrid(entry.bytes);
      const who = identify(grid, plan, { period: PERIOD }, 'x.xlsx');
      if (!who.ok) continue;
      compared++;
      const office = validateReturn(grid, who.rows, plan, PERIOD, 'x.xlsx').findings.map(place);
      const { read } = await paneGrid(entry.bytes);
      const pane = evaluate(read, TODAY, { full: true }, ruleSet);
      expect(pane.pane.recognized, entry.name).toBe(true);
      expect(pane.findings.map(place), entry.name).toEqual(office);
    }
    expect(compared).toBeGreaterThanOrEqual(hasSoffice() ? 14 : 7);
  });
});
