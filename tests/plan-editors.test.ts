import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import { localizePlan } from '../core/plan/city.js';
import type { Plan } from '../core/plan/model.js';
import { readPlanFile } from '../reporter/plan/load.js';
import { writePlanWorkbook } from '../reporter/plan/workbook.js';
import { loadYearPlan, readYearPlan } from '../reporter/plan/years.js';
import { convertFiles, sofficePath } from '../reporter/render/libreoffice.js';
import { createWorkspaceFolders, planFileOf, workspaceAt } from '../reporter/workspace.js';

/**
 * The office edits plans/<year>.xlsx in whatever it has: Excel, WPS, LibreOffice, or a script
 * (openpyxl). Each writer names and lays out the package's parts its own way; the plan must read
 * the same from all of them.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'cw-plan-editors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const original = path.join(dir, 'original.xlsx');
let expected: Plan;

beforeAll(async () => {
  await writePlanWorkbook(builtInPlan(2024)!, original);
  const read = await readPlanFile(original);
  expect(read.findings.filter((f) => f.level === 'error')).toEqual([]);
  expected = read.plan;
});

type Parts = Record<string, Uint8Array>;
const text = (parts: Parts, name: string) => strFromU8(parts[name]);
const put = (parts: Parts, name: string, xml: string) => (parts[name] = strToU8(xml));
const move = (parts: Parts, from: string, to: string) => {
  parts[to] = parts[from];
  delete parts[from];
};

/** The shared strings as the XML inside each `<si>`. */
function sharedStrings(parts: Parts): string[] {
  const xml = text(parts, 'xl/sharedStrings.xml');
  const items: string[] = [];
  for (let at = xml.indexOf('<si>'); at >= 0; at = xml.indexOf('<si>', at + 1)) {
    items.push(xml.slice(at + 4, xml.indexOf('</si>', at)));
  }
  return items;
}

/** Every `t="s"` cell written as an inline string, and the shared-strings part removed. */
function inlineStrings(parts: Parts): void {
  const strings = sharedStrings(parts);
  for (const name of Object.keys(parts).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    put(
      parts,
      name,
      text(parts, name).replace(
        /<c ([^>]*?)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g,
        (_, before: string, after: string, index: string) =>
          `<c ${before}t="inlineStr"${after}><is>${strings[Number(index)]}</is></c>`,
      ),
    );
  }
  delete parts['xl/sharedStrings.xml'];
  put(
    parts,
    'xl/_rels/workbook.xml.rels',
    text(parts, 'xl/_rels/workbook.xml.rels').replace(/<Relationship[^>]*sharedStrings[^>]*\/>/, ''),
  );
}

/**
 * What openpyxl 3.0 writes: comments as xl/comments/commentN.xml and their VML as
 * xl/drawings/commentsDrawingN.vml, numbered over the commented sheets only, with absolute targets
 * and the relationship ids "comments" and "anysvml"; strings inline.
 */
function openpyxlShaped(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  let n = 0;
  let types = text(parts, '[Content_Types].xml');
  for (const rels of Object.keys(parts).filter((p) =>
    /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/.test(p),
  )) {
    const xml = text(parts, rels);
    const comments = /Target="\.\.\/(comments\d+\.xml)"/.exec(xml)?.[1];
    const vml = /Target="\.\.\/drawings\/(vmlDrawing\d+\.vml)"/.exec(xml)?.[1];
    if (!comments || !vml) continue;
    n++;
    move(parts, `xl/${comments}`, `xl/comments/comment${n}.xml`);
    move(parts, `xl/drawings/${vml}`, `xl/drawings/commentsDrawing${n}.vml`);
    types = types.replace(`/xl/${comments}`, `/xl/comments/comment${n}.xml`);
    put(
      parts,
      rels,
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="/xl/comments/comment${n}.xml" Id="comments"/>` +
        `<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="/xl/drawings/commentsDrawing${n}.vml" Id="anysvml"/>` +
        `</Relationships>`,
    );
    const sheet = rels.replace('_rels/', '').replace(/\.rels$/, '');
    put(
      parts,
      sheet,
      text(parts, sheet).replace(/<legacyDrawing r:id="[^"]*"\/>/, '<legacyDrawing r:id="anysvml"/>'),
    );
  }
  expect(n).toBeGreaterThan(0);
  put(parts, '[Content_Types].xml', types);
  inlineStrings(parts);
  return zipSync(parts);
}

/**
 * What tools on the Open XML SDK write: SpreadsheetML under an `x:` prefix, parts under names of
 * their own, absolute targets whose case differs from the part names (OPC names ignore case).
 */
function sdkShaped(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const prefixed = (xml: string) =>
    xml
      .replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s>/])/g, (tag, slash: string, name: string) =>
        name.includes(':') ? tag : `<${slash}x:${name}`,
      )
      .replace(
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
      );
  let rels = text(parts, 'xl/_rels/workbook.xml.rels');
  for (const name of Object.keys(parts)) {
    const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
    if (!sheet) continue;
    const renamed = `xl/worksheets/part${sheet[1]}-data.xml`;
    put(parts, renamed, prefixed(text(parts, name)));
    delete parts[name];
    delete parts[`xl/worksheets/_rels/sheet${sheet[1]}.xml.rels`];
    rels = rels.replace(
      `Target="worksheets/sheet${sheet[1]}.xml"`,
      `Target="/XL/Worksheets/PART${sheet[1]}-DATA.xml"`,
    );
  }
  for (const name of ['xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'])
    put(parts, name, prefixed(text(parts, name)));
  move(parts, 'xl/workbook.xml', 'xl/main.xml');
  move(parts, 'xl/_rels/workbook.xml.rels', 'xl/_rels/main.xml.rels');
  put(
    parts,
    'xl/_rels/main.xml.rels',
    rels.replace('Target="sharedStrings.xml"', 'Target="/xl/SharedStrings.xml"'),
  );
  put(
    parts,
    '_rels/.rels',
    text(parts, '_rels/.rels').replace(/Target="\/?xl\/workbook\.xml"/, 'Target="/xl/main.xml"'),
  );
  for (const name of Object.keys(parts).filter((n) => /^xl\/(comments\d+\.xml|drawings\/)/.test(n)))
    delete parts[name];
  return zipSync(parts);
}

const python = ['/usr/bin/python3', 'python3'].find(
  (candidate) => spawnSync(candidate, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0,
);

describe('a plan saved by another editor', () => {
  it('reads the same after openpyxl-shaped comments and inline strings', async () => {
    const file = path.join(dir, 'openpyxl-shaped.xlsx');
    writeFileSync(file, openpyxlShaped(readFileSync(original)));
    const read = await readPlanFile(file);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(expected);
  });

  it('reads the same from an Open XML SDK-style package (prefixed XML, own part names, absolute targets)', async () => {
    const file = path.join(dir, 'sdk-shaped.xlsx');
    writeFileSync(file, sdkShaped(readFileSync(original)));
    const read = await readPlanFile(file);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(expected);
  });

  // CI installs python3-openpyxl (.ci/run); elsewhere this runs where openpyxl is present.
  it.skipIf(!python && !process.env.CI)(
    'reads the same after openpyxl opened, edited and saved it',
    async () => {
      expect(python, 'openpyxl is missing: apt-get install python3-openpyxl').toBeDefined();
      const file = path.join(dir, 'openpyxl.xlsx');
      const script = [
        'import sys, openpyxl',
        'wb = openpyxl.load_workbook(sys.argv[1])',
        "ws = wb['设置']",
        'for row in ws.iter_rows():',
        '    for cell in row:',
        "        if cell.value == '城市名称':",
        "            ws.cell(row=cell.row, column=cell.column + 1).value = '海州市'",
        'wb.save(sys.argv[2])',
      ].join('\n');
      const run = spawnSync(python!, ['-c', script, original, file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const read = await readPlanFile(file);
      expect(read.findings).toEqual([]);
      // The city typed in openpyxl reaches every generated name and text (XX → 海州), as it would from Excel.
      expect(read.plan).toEqual(localizePlan({ ...expected, city: '海州市' }));
      expect(read.plan.document.issuer).toBe('海州市社会信用体系建设联席会议办公室');
    },
  );

  it.skipIf(!sofficePath())(
    'reads the same after LibreOffice saved it as .xlsx',
    async () => {
      const outDir = path.join(dir, 'libreoffice');
      mkdirSync(outDir, { recursive: true });
      const [file] = await convertFiles([original], 'xlsx:Calc MS Excel 2007 XML', outDir);
      const read = await readPlanFile(file);
      expect(read.findings).toEqual([]);
      expect(read.plan).toEqual(expected);
      // LibreOffice's start-up alone can take a minute on a busy machine.
    },
    240_000,
  );
});

describe('a plan open in Excel, WPS or LibreOffice', () => {
  it('warns that unsaved edits are not seen, once per owner file, and still reads what is saved', async () => {
    const ws = workspaceAt(path.join(dir, 'open'));
    await createWorkspaceFolders(ws);
    const file = planFileOf(ws, 2024);
    copyFileSync(original, file);
    expect((await readYearPlan(ws, 2024)).findings.map((f) => f.code)).not.toContain('plan.open-in-editor');

    writeFileSync(path.join(ws.plans, '~$2024.xlsx'), 'owner');
    const read = await readYearPlan(ws, 2024);
    const warning = read.findings.find((f) => f.code === 'plan.open-in-editor');
    expect(warning?.level).toBe('warning');
    expect(warning?.message).toContain('plans/2024.xlsx 正在 Excel/WPS 中打开（有 ~$2024.xlsx）');
    expect(warning?.message).toContain('尚未保存的修改不会被读取');
    expect(read.plan.city).toBe(expected.city);

    rmSync(path.join(ws.plans, '~$2024.xlsx'));
    writeFileSync(path.join(ws.plans, '.~lock.2024.xlsx#'), 'user,host');
    const notes: string[] = [];
    await loadYearPlan(ws, 2024, (line) => notes.push(line));
    await loadYearPlan(ws, 2024, (line) => notes.push(line));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('正在 LibreOffice 中打开（有 .~lock.2024.xlsx#）');
  });
});
