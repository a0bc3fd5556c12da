import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { CellGrid, RawCell } from '../core/contract/grid.js';
import { leanGrid } from '../reporter/collect/lean-grid.js';
import {
  BadCellReference,
  parseSharedStrings,
  parseSheet,
  readWorkbook,
  shiftFormula,
} from '../reporter/collect/xlsx-read.js';
import { decodeXml, XmlError } from '../reporter/collect/xml.js';
import { ZipArchive, ZipIntegrityError } from '../reporter/collect/zip.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** exceljs values shaped as the rules' grid: what the lean reader must reproduce. */
function exceljsCell(cell: ExcelJS.Cell): RawCell {
  const v = cell.value as unknown;
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date || typeof v !== 'object') return v as RawCell;
  const o = v as Record<string, unknown>;
  if ('richText' in o) return (o.richText as { text: string }[]).map((r) => r.text).join('');
  if ('formula' in o || 'sharedFormula' in o) {
    const result = o.result;
    return {
      formula: String(cell.formula),
      result: result === undefined || result === '' ? null : (result as never),
    };
  }
  if ('error' in o) return null;
  if ('text' in o) return String(o.text);
  return null;
}

async function exceljsGrid(file: string, sheets: string[]): Promise<Map<string, Map<string, RawCell>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, Map<string, RawCell>>();
  for (const name of sheets) {
    const ws = wb.getWorksheet(name);
    const cells = new Map<string, RawCell>();
    ws?.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const value = exceljsCell(cell);
        if (value !== null) cells.set(cell.address, value);
      }),
    );
    out.set(name, cells);
  }
  return out;
}

function leanCells(grid: CellGrid, sheet: string, addresses: Iterable<string>): Map<string, RawCell> {
  const out = new Map<string, RawCell>();
  for (const a of addresses) {
    const value = grid.get(sheet, a);
    if (value !== null) out.set(a, value);
  }
  return out;
}

async function sample(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务进展');
  ws.getCell('A1').value = '任务编号';
  ws.getCell('B1').value = '含特殊字符 <>&"\' 与换行\n第二行';
  ws.getCell('C1').value = { richText: [{ text: '富', font: { bold: true } }, { text: '文本' }] };
  ws.getCell('A2').value = 12;
  ws.getCell('B2').value = 0.125;
  ws.getCell('C2').value = new Date(Date.UTC(2024, 4, 10));
  ws.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('D2').value = new Date(Date.UTC(2024, 5, 1));
  ws.getCell('E2').value = 98.5;
  ws.getCell('E2').numFmt = '0.00%';
  ws.getCell('F2').value = true;
  ws.getCell('G2').value = '１２３';
  ws.getCell('H2').value = '=1+1';
  ws.getCell('A3').value = { formula: 'A2*2', result: 24 };
  ws.getCell('B3').value = { formula: 'IF(A2>1,"大","小")', result: '大' };
  for (let r = 4; r <= 8; r++) {
    ws.getCell(`A${r}`).value = r;
    ws.getCell(`B${r}`).value = r * 10;
    ws.getCell(`C${r}`).value = (
      r === 4
        ? { formula: 'A4+B4', result: r * 11, shareType: 'shared', ref: 'C4:C8' }
        : { sharedFormula: 'C4', result: r * 11 }
    ) as ExcelJS.CellValue;
  }
  ws.getCell('Z40').value = '远处的单元格';
  const hidden = wb.addWorksheet('_creditwork', { state: 'veryHidden' });
  hidden.getCell('A1').value = 'key';
  hidden.getCell('B2').value = 'creditwork-workbook';
  wb.addWorksheet('其他').getCell('A1').value = 'ignored';
  await wb.xlsx.writeFile(file);
}

function leanRead(file: string, sheets: string[]) {
  const zip = new ZipArchive(new Uint8Array(readFileSync(file)));
  return readWorkbook(zip, sheets);
}

describe('lean xlsx reader', () => {
  const sheets = ['任务进展', '_creditwork'];

  it('gives the same grid as exceljs for an exceljs-written file', async () => {
    const file = path.join(dir, 'sample.xlsx');
    await sample(file);
    const expected = await exceljsGrid(file, sheets);
    const wb = leanRead(file, sheets);
    const grid = leanGrid(wb);
    expect(wb.sheets.find((s) => s.name === '_creditwork')?.state).toBe('veryHidden');
    expect(wb.read.has('其他')).toBe(false);
    for (const sheet of sheets) {
      const want = expected.get(sheet)!;
      expect(want.size).toBeGreaterThan(1);
      expect(leanCells(grid, sheet, new Set([...want.keys(), ...wb.read.get(sheet)!.cells.keys()]))).toEqual(
        want,
      );
    }
    expect(grid.get('任务进展', 'C2')).toEqual(new Date(Date.UTC(2024, 4, 10)));
    expect(grid.get('任务进展', 'C6')).toEqual({ formula: 'A6+B6', result: 66 });
    expect(grid.get('任务进展', 'H2')).toBe('=1+1');
  });

  it.skipIf(!hasSoffice())(
    'gives the same grid as exceljs for a file re-saved by LibreOffice',
    async () => {
      const file = path.join(dir, 'sample.xlsx');
      if (!existsSync(file)) await sample(file);
      const out = path.join(dir, 'lo');
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/lo-profile`,
          '--convert-to',
          'xlsx',
          '--outdir',
          out,
          file,
        ],
        {
          stdio: 'ignore',
          timeout: 120_000,
        },
      );
      const resaved = path.join(out, 'sample.xlsx');
      const expected = await exceljsGrid(resaved, sheets);
      const wb = leanRead(resaved, sheets);
      const grid = leanGrid(wb);
      for (const sheet of sheets) {
        const want = expected.get(sheet)!;
        expect(
          leanCells(grid, sheet, new Set([...want.keys(), ...wb.read.get(sheet)!.cells.keys()])),
        ).toEqual(want);
      }
      expect(grid.get('任务进展', 'B1')).toBe('含特殊字符 <>&"\' 与换行\n第二行');
      expect(grid.get('任务进展', 'C2')).toEqual(new Date(Date.UTC(2024, 4, 10)));
      expect(grid.get('任务进展', 'A2')).toBe(12);
    },
    180_000,
  );

  it('reads stored (uncompressed) entries like deflated ones', async () => {
    const file = path.join(dir, 'sample.xlsx');
    if (!existsSync(file)) await sample(file);
    const bytes = new Uint8Array(readFileSync(file));
    const stored = zipSync(unzipSync(bytes), { level: 0 });
    const a = leanGrid(readWorkbook(new ZipArchive(bytes), sheets));
    const b = leanGrid(readWorkbook(new ZipArchive(stored), sheets));
    for (const address of ['A2', 'B1', 'C2', 'C6', 'H2']) {
      expect(b.get('任务进展', address)).toEqual(a.get('任务进展', address));
    }
  });

  it('refuses an entry that inflates past its declared size instead of reading part of it', () => {
    const bytes = zipSync({ 'a.xml': strToU8('<a>' + 'x'.repeat(5000) + '</a>') });
    const zip = new ZipArchive(bytes);
    expect(zip.text('a.xml')).toHaveLength(5007);
    // Lower the declared size in the central directory only: the local header disagrees.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const central = bytes.findIndex(
      (_b, i) => i + 4 <= bytes.length && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint32(central + 24, 100, true);
    expect(() => new ZipArchive(bytes)).toThrow(ZipIntegrityError);
    // The same lie told in the local header as well: the inflated data is longer than declared.
    view.setUint32(22, 100, true);
    const lying = new ZipArchive(bytes);
    expect(lying.entries.get('a.xml')?.originalSize).toBe(100);
    expect(() => lying.text('a.xml')).toThrow();
  });

  it('reads shared strings with and without namespace prefixes alike', () => {
    const items = [
      '<si><t>一</t></si>',
      '<si><t xml:space="preserve"> 二 &amp; _x000D_</t></si>',
      '<si/>',
      '<si><r><t>三</t></r><r><rPr><b/></rPr><t>四</t></r><rPh><t>ignored</t></rPh></si>',
      '<si></si>',
    ];
    const plain = `<sst xmlns="x" count="5">${items.join('')}</sst>`;
    const prefixed = plain.replace(/<(\/?)(sst|si|t|r|rPr|rPh|b)\b/g, '<$1x:$2');
    const want = ['一', ' 二 & \r', '', '三四', ''];
    expect(parseSharedStrings(plain)).toEqual(want);
    expect(parseSharedStrings(prefixed)).toEqual(want);
  });

  it('moves relative references of shared formulas and leaves absolute ones', () => {
    expect(shiftFormula('A4+B4', 2, 0)).toBe('A6+B6');
    expect(shiftFormula('$A$4+B$4+SUM(C4:C5)', 1, 1)).toBe('$A$4+C$4+SUM(D5:D6)');
    expect(shiftFormula('IF(D4="A1",LOG10(D4),"")', 1, 0)).toBe('IF(D5="A1",LOG10(D5),"")');
  });

  it('turns a reference shifted off the sheet into #REF!, as Excel does, instead of failing', () => {
    expect(shiftFormula('A4-B4', 0, -1)).toBe('#REF!-A4');
    expect(shiftFormula('D1+D2', -1, 0)).toBe('#REF!+D1');
    expect(shiftFormula('XFD1+$A1', 0, 1)).toBe('#REF!+$A1');
  });
});

describe("the reader's shortcuts for plain values and strings", () => {
  // A comment after every start tag: the reader then walks every element the general way.
  const general = (xml: string) => xml.replace(/<([A-Za-z][\w:.-]*)([^<>]*?)(?<!\/)>/g, '<$1$2><!---->');
  const sheet = (rows: string) => `<worksheet xmlns="x"><sheetData>${rows}</sheetData></worksheet>`;

  it('read a sheet exactly as the general walk reads it', () => {
    const xml = sheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="b1"><v>2.5</v></c>' +
        '<c r="C01" t="inlineStr"><is><t xml:space="preserve"> 内联 &amp; _x000D_</t></is></c>' +
        '<c r="D1" t="str"><f>A1&amp;"x"</f><v>一x</v></c>' +
        '<c r="E1" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>' +
        '<row r="2"><c r="A2" s="0"/><c><v>7</v></c><c r="C2"><v >8</v ></c><c r="D2" t="b"><v></v></c></row>',
    );
    const fast = parseSheet(xml, '任务进展', 'visible', ['一']);
    expect(parseSheet(general(xml), '任务进展', 'visible', ['一'])).toEqual(fast);
    expect(Object.fromEntries([...fast.cells].map(([a, c]) => [a, c.value]))).toEqual({
      A1: '一',
      B1: 2.5,
      C1: ' 内联 & \r',
      D1: '一x',
      D2: false,
      E1: '富文本',
      B2: 7,
      C2: 8,
    });
    expect(fast.cells.get('D1')?.formula).toBe('A1&"x"');
  });

  it('read shared strings exactly as the general walk reads them', () => {
    const xml =
      '<sst xmlns="x"><si><t>一</t></si><si><t xml:space="preserve"> 二 &lt;&amp;&gt; </t></si>' +
      '<si><t>三</t><t>四</t></si><si><t>五</t><rPh sb="0" eb="1"><t>ウ</t></rPh></si>' +
      '<si><t/></si><si><t></t></si><si><t >六</t ></si><si><x:t>七</x:t></si></sst>';
    const fast = parseSharedStrings(xml);
    expect(parseSharedStrings(general(xml))).toEqual(fast);
    expect(fast).toEqual(['一', ' 二 <&> ', '三四', '五', '', '', '六', '七']);
  });

  it('still refuse markup that does not nest', () => {
    expect(() => parseSharedStrings('<sst><si><t>a</t></sj></sst>')).toThrow(XmlError);
    expect(() => parseSharedStrings('<sst><si><t>a</t></si>')).toThrow(XmlError);
    expect(() => parseSharedStrings('<sst><si><t>a</si></t></sst>')).toThrow(XmlError);
    expect(() => parseSheet(sheet('<row r="1"><c r="A1"><v>1</w></c></row>'), 'S')).toThrow(XmlError);
    expect(() => parseSheet(sheet('<row r="1"><c r="A1"><v>1</c></v></row>'), 'S')).toThrow(XmlError);
  });

  it('key cells by their reference as Excel reads it and refuse references off the grid', () => {
    const keys = (ref: string) => [
      ...parseSheet(sheet(`<row><c r="${ref}"><v>1</v></c></row>`), 'S').cells.keys(),
    ];
    expect(keys('b7')).toEqual(['B7']);
    expect(keys('A007')).toEqual(['A7']);
    expect(keys('xfd1048576')).toEqual(['XFD1048576']);
    for (const ref of ['XFE1', 'A0', 'AAAA1', 'A12345678', 'A1048577', '1A', 'A1B', 'ß1', 'Ａ1', 'A-1']) {
      expect(() => keys(ref), ref).toThrow(BadCellReference);
    }
  });
});

describe('xml text', () => {
  it('decodes entities in one pass, named and numeric', () => {
    expect(decodeXml('a &quot;b&quot; &lt;c&gt; &apos;d&apos; &amp;e')).toBe('a "b" <c> \'d\' &e');
    expect(decodeXml('&amp;lt; &amp;quot; &amp;amp;')).toBe('&lt; &quot; &amp;');
    expect(decodeXml('&#20013;&#x6587; &amp;#65; &quot;')).toBe('中文 &#65; "');
    expect(decodeXml('no entities & ampersand')).toBe('no entities & ampersand');
  });
});
