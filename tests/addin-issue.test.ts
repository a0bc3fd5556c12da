/**
 * What the issued workbook carries for the add-in: the marks it owns (a veryHidden, unprotected
 * marks sheet, defined names, conditional formats ahead of the issuer's own), completion stamp
 * cells the add-in can write without lifting protection, and the web-extension part that opens the
 * pane with the workbook.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MARKS_SHEET,
  MARK_NAMES,
  SHEETS,
  markAddress,
  markFormula,
  markText,
  metadataValueAddress,
} from '../core/contract/index.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { issuePeriod, type IssueResult } from '../reporter/issue/issue-period.js';
import { ADDIN_ID, ADDIN_VERSION } from '../reporter/issue/web-extension.js';
import { tempDir } from './helpers/fill-workbook.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let result: IssueResult;
let bytes: Buffer;
let files: Record<string, Uint8Array>;

beforeAll(async () => {
  result = await issuePeriod({
    plan: plan2024,
    period: '2024-05',
    outbox: await tempDir('creditwork-addin-issue-'),
    now: new Date('2024-06-01T08:00:00Z'),
    units: ['S01'],
  });
  bytes = await readFile(result.files[0].path);
  files = unzipSync(new Uint8Array(bytes));
});

describe('marks the workbook owns', () => {
  it('has a veryHidden, unprotected marks sheet in text format, reached through defined names', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const marks = wb.getWorksheet(MARKS_SHEET)!;
    expect(marks.state).toBe('veryHidden');
    expect((marks as unknown as { sheetProtection?: unknown }).sheetProtection ?? null).toBeNull();
    expect(marks.getColumn(4).numFmt).toBe('@');
    const workbook = strFromU8(files['xl/workbook.xml']);
    for (const name of Object.values(MARK_NAMES)) expect(workbook).toContain(`<definedName name="${name}">`);
  });

  it('puts the mark formats first on every input run, relative to its own top-left cell', () => {
    const names = strFromU8(files['xl/workbook.xml']);
    const rid = /<sheet [^>]*name="任务进展"[^>]*r:id="(rId\d+)"/.exec(names)![1];
    const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1].replace(/^\/?xl\//, '');
    const sheet = strFromU8(files[`xl/${target}`]);
    const first = /<conditionalFormatting sqref="([^"]+)">(.*?)<\/conditionalFormatting>/.exec(sheet)!;
    expect(first[1]).toMatch(/^D4:J\d+$/);
    const formula = (level: 'error' | 'warning') =>
      markFormula(SHEETS.tasks, level, 'D4').replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    expect(first[2]).toContain(`priority="1"><formula>${formula('error')}</formula>`);
    expect(first[2]).toContain(`priority="2"><formula>${formula('warning')}</formula>`);
    // The issuer's own "still to fill" formats come after.
    expect(sheet.indexOf('LEN(TRIM(D4))')).toBeGreaterThan(sheet.indexOf(first[0]));
  });

  it('maps each data cell to its own twin and writes the level with the value as Excel concatenates it', () => {
    expect(markAddress(SHEETS.tasks, 'D7')).toBe('D7');
    expect(markAddress(SHEETS.indicators, 'D7')).toBe('T7');
    expect(markText('error', '')).toBe('E');
    expect(markText('warning', '推进中')).toBe('W推进中');
    expect(markText('error', 0.1 + 0.2)).toBe('E0.3');
    expect(markText('error', 45444)).toBe('E45444');
    expect(markText('error', true)).toBe('ETRUE');
  });
});

describe('the completion stamp', () => {
  it('is written into cells issued unlocked on the protected metadata sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const meta = wb.getWorksheet(SHEETS.metadata)!;
    expect((meta as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    for (const key of ['fillerName', 'fillerPhone', 'checkedAt'] as const) {
      expect(meta.getCell(metadataValueAddress(key)).protection?.locked, key).toBe(false);
    }
    expect(meta.getCell(metadataValueAddress('unitCode')).protection?.locked).not.toBe(false);
  });
});

describe('the pane opens with the workbook', () => {
  it('carries the web-extension part for the manifest add-in with AutoShowTaskpaneWithDocument', async () => {
    const rels = strFromU8(files['_rels/.rels']);
    expect(rels).toMatch(
      /Type="http:\/\/schemas\.microsoft\.com\/office\/2011\/relationships\/webextensiontaskpanes" Target="xl\/webextensions\/taskpanes\.xml"/,
    );
    const types = strFromU8(files['[Content_Types].xml']);
    expect(types).toContain('PartName="/xl/webextensions/taskpanes.xml"');
    expect(types).toContain('PartName="/xl/webextensions/webextension1.xml"');
    expect(strFromU8(files['xl/webextensions/_rels/taskpanes.xml.rels'])).toContain(
      'Target="webextension1.xml"',
    );
    expect(strFromU8(files['xl/webextensions/taskpanes.xml'])).toContain('visibility="0"');
    const extension = strFromU8(files['xl/webextensions/webextension1.xml']);
    expect(extension).toContain(
      `id="${ADDIN_ID}" version="${ADDIN_VERSION}" store="developer" storeType="Registry"`,
    );
    expect(extension).toContain('<we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/>');
    const manifest = await readFile(path.join(root, 'manifest.xml'), 'utf8');
    expect(manifest).toContain(`<Id>${ADDIN_ID}</Id>`);
    expect(manifest).toContain(`<Version>${ADDIN_VERSION}</Version>`);
    expect(manifest).toContain('<TaskpaneId>Office.AutoShowTaskpaneWithDocument</TaskpaneId>');
  });
});
