import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHEETS, TASK_COLUMN } from '../core/contract/layout.js';
import { unitsToIssue } from '../core/contract/unit-rows.js';
import { checkWorkbook } from '../core/rules/index.js';
import { leanGrid } from '../reporter/collect/lean-grid.js';
import { readReturn } from '../reporter/collect/safety.js';
import { examineReturn } from '../reporter/intake/examine.js';
import type { RawWorkbook } from '../reporter/collect/xlsx-read.js';
import { filledWorkbook, PERIOD, rowsOf, testPlan } from './collect-fixtures.js';

/**
 * Zip integrity and OPC part names (issue 12 items 3 and 4): returned workbooks are issued, filled
 * like a user, then their zip bytes are tampered with as a damaged transfer or another tool would.
 */

const READ = [SHEETS.metadata, SHEETS.tasks, SHEETS.indicators];
const FILE = '测试单位.xlsx';
const plan = testPlan();
const unit = unitsToIssue(plan)[0];
let filled: Uint8Array;

beforeAll(async () => {
  filled = (await filledWorkbook(plan, unit)).bytes;
});

interface Entry {
  name: string;
  central: number;
  local: number;
  nameLength: number;
  dataStart: number;
  size: number;
}

/** The archive's entries as its central directory lists them (read here without the code under test). */
function entriesOf(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    out.push({
      name: strFromU8(bytes.subarray(at + 46, at + 46 + nameLength)),
      central: at,
      local,
      nameLength,
      dataStart: local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true),
      size: view.getUint32(at + 20, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}

/** Renames an entry in its local header and the central directory (same length). */
function rename(bytes: Uint8Array, from: string, to: string, where: 'both' | 'local' = 'both'): Uint8Array {
  const out = new Uint8Array(bytes);
  const e = entriesOf(out).find((x) => x.name === from)!;
  expect(to.length).toBe(from.length);
  out.set(strToU8(to), e.local + 30);
  if (where === 'both') out.set(strToU8(to), e.central + 46);
  return out;
}

function read(bytes: Uint8Array) {
  return readReturn(FILE, bytes, READ);
}

function cellsOf(workbook: RawWorkbook): Record<string, unknown> {
  const grid = leanGrid(workbook);
  const out: Record<string, unknown> = {};
  for (const [sheet, raw] of workbook.read)
    for (const a of raw.cells.keys()) out[`${sheet}!${a}`] = grid.get(sheet, a);
  return out;
}

/** The part of the named sheet, found through workbook.xml and its relationships. */
function sheetPart(files: Record<string, Uint8Array>, sheet: string): string {
  const workbook = strFromU8(files['xl/workbook.xml']);
  const id = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(workbook)![1];
  const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
  const target =
    new RegExp(`<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1];
  return `xl/${target}`;
}

function expectSameCells(bytes: Uint8Array): void {
  const want = read(filled);
  const got = read(bytes);
  if (!want.ok || !got.ok) throw new Error(JSON.stringify(got.ok ? want : got));
  expect(got.workbook.read.size).toBe(3);
  expect(cellsOf(got.workbook)).toEqual(cellsOf(want.workbook));
}

function refusal(bytes: Uint8Array) {
  const r = read(bytes);
  if (r.ok) throw new Error('read a file that should have been refused');
  return r.finding;
}

describe('zip integrity', () => {
  it('refuses a stored entry with one flipped bit as damaged, naming the part', () => {
    const stored = zipSync(unzipSync(filled), { level: 0 });
    const percent = strToU8('<v>60</v>');
    const at = stored.findIndex((_b, i) => percent.every((x, k) => stored[i + k] === x));
    expect(at).toBeGreaterThan(0);
    const flipped = new Uint8Array(stored);
    flipped[at + 3] ^= 0x01; // 60 becomes 70
    const part = entriesOf(flipped).find((e) => e.dataStart <= at && at < e.dataStart + e.size)!.name;
    const finding = refusal(flipped);
    expect(finding.code).toBe('collect.damaged');
    expect(finding.message).toContain(FILE);
    expect(finding.message).toContain(part);
    expect(finding.message).toContain('CRC-32');
    expectSameCells(stored);
  });

  it('gives the same named reason through the intake as the reader does', () => {
    const stored = zipSync(unzipSync(filled), { level: 0 });
    const percent = strToU8('<v>60</v>');
    const at = stored.findIndex((_b, i) => percent.every((x, k) => stored[i + k] === x));
    const flipped = new Uint8Array(stored);
    flipped[at + 3] ^= 0x01;
    const examined = examineReturn(FILE, flipped);
    expect(examined.ok).toBe(false);
    expect(examined.ok ? [] : examined.findings).toEqual([refusal(flipped)]);
  });

  it('refuses a deflated entry whose data was damaged', () => {
    const sheet = entriesOf(filled).find((e) => e.name === 'xl/worksheets/sheet2.xml')!;
    const damaged = new Uint8Array(filled);
    damaged[sheet.dataStart + Math.floor(sheet.size / 2)] ^= 0x10;
    expect(['collect.damaged', 'collect.corrupt']).toContain(refusal(damaged).code);
  });

  it('refuses two entries for one part, whatever their case', () => {
    const names = entriesOf(filled).map((e) => e.name);
    expect(names).toContain('xl/worksheets/sheet1.xml');
    expect(names).toContain('xl/worksheets/sheet2.xml');
    for (const twin of ['xl/worksheets/sheet1.xml', 'XL/Worksheets/Sheet1.xml']) {
      const finding = refusal(rename(filled, 'xl/worksheets/sheet2.xml', twin));
      expect(finding.code).toBe('collect.zip-duplicate');
      expect(finding.message).toContain('两份');
    }
  });

  it('refuses local headers that disagree with the central directory', () => {
    const renamed = refusal(rename(filled, 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet9.xml', 'local'));
    expect(renamed.code).toBe('collect.damaged');
    expect(renamed.message).toContain('xl/worksheets/sheet2.xml');
    const crc = new Uint8Array(filled);
    const e = entriesOf(crc).find((x) => x.name === 'xl/styles.xml')!;
    crc[e.local + 14] ^= 0xff;
    expect(refusal(crc).code).toBe('collect.damaged');
  });

  it('reads a zip64 archive like the plain one', () => {
    expectSameCells(toZip64(filled));
  });
});

describe('OPC part names', () => {
  const withRels = (bytes: Uint8Array, edit: (rels: string) => string, names?: (n: string) => string) => {
    const files = unzipSync(bytes);
    files['xl/_rels/workbook.xml.rels'] = strToU8(edit(strFromU8(files['xl/_rels/workbook.xml.rels'])));
    const renamed = Object.fromEntries(Object.entries(files).map(([n, d]) => [names ? names(n) : n, d]));
    return zipSync(renamed);
  };

  it('resolves absolute targets in another case', () => {
    const bytes = withRels(filled, (rels) =>
      rels.replace(
        /Target="worksheets\/(sheet\d+\.xml)"/g,
        (_m, f: string) => `Target="/XL/WORKSHEETS/${f.toUpperCase()}"`,
      ),
    );
    expect(strFromU8(unzipSync(bytes)['xl/_rels/workbook.xml.rels'])).toContain('/XL/WORKSHEETS/SHEET1.XML');
    expectSameCells(bytes);
  });

  it('resolves relative targets with . and .. and entries stored in another case', () => {
    const bytes = withRels(
      filled,
      (rels) =>
        rels.replace(/Target="worksheets\/(sheet\d+\.xml)"/g, 'Target="./worksheets/../worksheets/$1"'),
      (n) => (n.startsWith('xl/worksheets/') ? n.toUpperCase() : n),
    );
    expectSameCells(bytes);
  });
});

describe('cell references', () => {
  /** The tasks sheet with its first cell's reference (or its first row's) replaced. */
  const withRef = (edit: (xml: string) => string): Uint8Array => {
    const files = unzipSync(filled);
    const tasks = sheetPart(files, SHEETS.tasks);
    files[tasks] = strToU8(edit(strFromU8(files[tasks])));
    return zipSync(files);
  };

  it.each([
    ['a column past XFD', (x: string) => x.replace(/<c r="[A-Z]+(\d+)"/, '<c r="XFE$1"'), 'XFE'],
    ['row 0', (x: string) => x.replace(/<c r="([A-Z]+)\d+"/, '<c r="$10"'), '0"'],
    ['a row past 1048576', (x: string) => x.replace(/<row r="\d+"/, '<row r="1048577"'), '1048577'],
    ['digits before letters', (x: string) => x.replace(/<c r="([A-Z]+)(\d+)"/, '<c r="$2$1"'), ''],
  ])('refuses %s with a reason naming the sheet and the reference', (_what, edit, shown) => {
    const finding = refusal(withRef(edit));
    expect(finding.code).toBe('collect.bad-cell-ref');
    expect(finding.message).toContain(FILE);
    expect(finding).toMatchObject({ sheet: SHEETS.tasks });
    expect(finding.message).toContain(`工作表“${SHEETS.tasks}”`);
    expect(finding.message).toContain('A1 至 XFD1048576');
    if (shown) expect(finding.message).toContain(shown.replace('"', ''));
  });
});

describe('percent-encoded part names (OPC Part 2, Annex A)', () => {
  it('resolves a target with percent-encoded unreserved characters (sheet%31.xml is sheet1.xml)', () => {
    const files = unzipSync(filled);
    const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
    const encoded = rels.replace(
      /Target="worksheets\/sheet(\d)(\d*)\.xml"/g,
      (_m, first: string, rest: string) =>
        `Target="/xl/worksheets/sheet%${(0x30 + Number(first)).toString(16)}${rest}.xml"`,
    );
    expect(encoded).toContain('Target="/xl/worksheets/sheet%31.xml"');
    files['xl/_rels/workbook.xml.rels'] = strToU8(encoded);
    expectSameCells(zipSync(files));
  });

  it('finds a part stored with a space through its %20 target, and one stored as %20 through a space-free target', () => {
    const files = unzipSync(filled);
    const tasks = sheetPart(files, SHEETS.tasks);
    const indicators = sheetPart(files, SHEETS.indicators);
    const rename = (from: string, stored: string, target: string) => {
      files[stored] = files[from];
      delete files[from];
      const relsName = 'xl/_rels/workbook.xml.rels';
      files[relsName] = strToU8(
        strFromU8(files[relsName]).replace(`Target="${from.slice(3)}"`, `Target="${target}"`),
      );
      files['[Content_Types].xml'] = strToU8(
        strFromU8(files['[Content_Types].xml']).replace(`PartName="/${from}"`, `PartName="/${stored}"`),
      );
    };
    // Stored as a Unicode name with a space (Annex A maps part names to such item names) …
    rename(tasks, 'xl/worksheets/任务 进展.xml', 'worksheets/%E4%BB%BB%E5%8A%A1%20%E8%BF%9B%E5%B1%95.xml');
    // … and stored percent-encoded, referred to with the character itself.
    rename(indicators, 'xl/worksheets/ind%20icators.xml', 'worksheets/ind icators.xml');
    expectSameCells(zipSync(files));
  });

  it('refuses two entries that name one part once decoded', () => {
    const files = unzipSync(filled);
    const tasks = sheetPart(files, SHEETS.tasks);
    const encodedCopy = tasks.replace(
      /sheet(\d)/,
      (_m, d: string) => `sheet%${(0x30 + Number(d)).toString(16)}`,
    );
    files[encodedCopy] = strToU8('<worksheet/>');
    expect(refusal(zipSync(files)).code).toBe('collect.zip-duplicate');
  });
});

describe('reasons that name the real problem', () => {
  it('names the cell of a 5-million-character text instead of an abnormal zip ratio', async () => {
    const rows = rowsOf(plan, unit);
    const cell = `${TASK_COLUMN.progress.letter}${rows.tasks[1].row}`;
    const { bytes } = await filledWorkbook(plan, unit, {
      edit: (wb) => (wb.getWorksheet(SHEETS.tasks)!.getCell(cell).value = '推进'.repeat(2_500_000)),
    });
    const finding = refusal(bytes);
    expect(finding.code).toBe('collect.text-too-long');
    expect(finding.sheet).toBe(SHEETS.tasks);
    expect(finding.cell).toBe(cell);
    expect(finding.message).toContain(`“${SHEETS.tasks}”${cell}（5,000,000 字）`);
    expect(finding.message).toContain('最多 2000 字');
    expect(finding.message).not.toContain('压缩比');
  }, 120_000);

  it('still calls a bomb without a plausible long text a bomb', () => {
    const files = unzipSync(filled);
    files['xl/media/padding.xml'] = strToU8('<a>' + ' '.repeat(6 * 1024 * 1024) + '</a>');
    expect(refusal(zipSync(files)).code).toBe('collect.zip-limit');
  });

  it('says which cell holds a formula and what to type instead', async () => {
    const rows = rowsOf(plan, unit);
    const cell = `${TASK_COLUMN.percent.letter}${rows.tasks[0].row}`;
    const { bytes } = await filledWorkbook(plan, unit, {
      edit: (wb) => (wb.getWorksheet(SHEETS.tasks)!.getCell(cell).value = { formula: '25*2', result: 50 }),
    });
    const r = read(bytes);
    if (!r.ok) throw new Error(r.finding.message);
    const { findings } = checkWorkbook({
      grid: leanGrid(r.workbook),
      rows,
      period: PERIOD,
      planYear: plan.year,
    });
    const formula = findings.find((f) => f.cell === cell)!;
    expect(formula.level).toBe('error');
    expect(formula.message).toContain(`${SHEETS.tasks}`);
    expect(formula.message).toContain(cell);
    expect(formula.message).toContain('=25*2');
    expect(formula.message).toContain('请删除公式，直接填写它算出的值 50');
  });
});

/** The same archive in zip64 form: sizes and offsets in zip64 extra fields, a zip64 end record. */
function toZip64(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entriesOf(bytes)) {
    const c = e.central;
    const crc = view.getUint32(c + 16, true);
    const size = view.getUint32(c + 20, true);
    const original = view.getUint32(c + 24, true);
    const method = view.getUint16(c + 10, true);
    const flags = view.getUint16(c + 8, true) & ~0x8;
    const name = bytes.subarray(c + 46, c + 46 + e.nameLength);
    const data = bytes.subarray(e.dataStart, e.dataStart + size);
    const local = new DataView(new ArrayBuffer(30 + name.length + 20));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 45, true);
    local.setUint16(6, flags, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, 0xffffffff, true);
    local.setUint32(22, 0xffffffff, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 20, true);
    new Uint8Array(local.buffer).set(name, 30);
    local.setUint16(30 + name.length, 1, true);
    local.setUint16(32 + name.length, 16, true);
    local.setBigUint64(34 + name.length, BigInt(original), true);
    local.setBigUint64(42 + name.length, BigInt(size), true);
    const central = new DataView(new ArrayBuffer(46 + name.length + 28));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 45, true);
    central.setUint16(6, 45, true);
    central.setUint16(8, flags, true);
    central.setUint16(10, method, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, 0xffffffff, true);
    central.setUint32(24, 0xffffffff, true);
    central.setUint16(28, name.length, true);
    central.setUint16(30, 28, true);
    central.setUint32(42, 0xffffffff, true);
    new Uint8Array(central.buffer).set(name, 46);
    central.setUint16(46 + name.length, 1, true);
    central.setUint16(48 + name.length, 24, true);
    central.setBigUint64(50 + name.length, BigInt(original), true);
    central.setBigUint64(58 + name.length, BigInt(size), true);
    central.setBigUint64(66 + name.length, BigInt(offset), true);
    locals.push(new Uint8Array(local.buffer), data);
    centrals.push(new Uint8Array(central.buffer));
    offset += local.byteLength + data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const end64 = new DataView(new ArrayBuffer(56 + 20 + 22));
  end64.setUint32(0, 0x06064b50, true);
  end64.setBigUint64(4, 44n, true);
  end64.setUint16(12, 45, true);
  end64.setUint16(14, 45, true);
  end64.setBigUint64(24, BigInt(centrals.length), true);
  end64.setBigUint64(32, BigInt(centrals.length), true);
  end64.setBigUint64(40, BigInt(cdSize), true);
  end64.setBigUint64(48, BigInt(offset), true);
  end64.setUint32(56, 0x07064b50, true);
  end64.setBigUint64(64, BigInt(offset + cdSize), true);
  end64.setUint32(72, 1, true);
  end64.setUint32(76, 0x06054b50, true);
  end64.setUint16(84, 0xffff, true);
  end64.setUint16(86, 0xffff, true);
  end64.setUint32(88, 0xffffffff, true);
  end64.setUint32(92, 0xffffffff, true);
  const parts = [...locals, ...centrals, new Uint8Array(end64.buffer)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
