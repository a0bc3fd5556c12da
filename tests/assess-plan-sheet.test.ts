import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultScoringScheme, schemeOf } from '../core/assessment/scheme.js';
import { plan2024 } from '../core/plan/plan2024.js';
import { readPlanWorkbook, writePlanWorkbook } from '../reporter/plan/workbook.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'assess-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function editedPlan(name: string, edit: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const file = path.join(dir, name);
  await writePlanWorkbook(plan2024, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  edit(wb.getWorksheet('考核')!);
  await wb.xlsx.writeFile(file);
  return file;
}

/** The row of the 考核 sheet whose 编号 (column B) is `id`. */
function rowOf(ws: ExcelJS.Worksheet, id: string): number {
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(`B${r}`).value === id) return r;
  throw new Error(`no row ${id}`);
}

describe('考核 sheet of plan.xlsx', () => {
  it('writes the default scheme and reads it back unchanged', async () => {
    const file = path.join(dir, 'plan.xlsx');
    await writePlanWorkbook(plan2024, file);
    const { plan, findings } = await readPlanWorkbook(file);
    expect(findings.filter((f) => f.sheet === '考核')).toEqual([]);
    expect(plan.scoring).toBeUndefined();
    expect(schemeOf(plan)).toEqual(defaultScoringScheme(plan2024));
  });

  it('reads edited grade bands and caps', async () => {
    const file = await editedPlan('edited.xlsx', (ws) => {
      ws.getCell(`F${rowOf(ws, '优秀')}`).value = 95;
      ws.getCell(`F${rowOf(ws, 'C6')}`).value = 8;
    });
    const { plan } = await readPlanWorkbook(file);
    expect(plan.scoring!.grades[0]).toEqual({ name: '优秀', min: 95 });
    expect(plan.scoring!.categories.find((c) => c.id === 'C6')!.cap).toBe(8);
  });

  it('names sheet and cell for an unknown indicator, a bad number and a cap sum off 100', async () => {
    let a5 = 0;
    let a1 = 0;
    let c1 = 0;
    const file = await editedPlan('bad.xlsx', (ws) => {
      a5 = rowOf(ws, 'A5');
      a1 = rowOf(ws, 'A1');
      c1 = rowOf(ws, 'C1');
      ws.getCell(`G${a5}`).value = 'T22-1、T99-9';
      ws.getCell(`F${a1}`).value = '十五';
      ws.getCell(`F${c1}`).value = 20;
    });
    const { findings } = await readPlanWorkbook(file);
    const mine = findings.filter((f) => f.sheet === '考核').map((f) => `${f.cell} ${f.message}`);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^G${a5} .*T99-9`)),
        expect.stringMatching(new RegExp(`^F${a1} 项目A1的分值`)),
        expect.stringMatching(new RegExp(`^F${c1} 基础分各类别上限之和为 105`)),
      ]),
    );
  });

  it('reads 总分是否封顶 (default 否) and names the cell of a value that is neither 是 nor 否', async () => {
    let row = 0;
    const file = await editedPlan('cap.xlsx', (ws) => {
      row = rowOf(ws, 'CAP_TOTAL');
      expect(ws.getCell(`B${row}`).value).toBe('CAP_TOTAL');
      expect(ws.getCell(`C${row}`).value).toBe('总分是否封顶');
      expect(ws.getCell(`G${row}`).value).toBe('否');
      ws.getCell(`G${row}`).value = '是';
    });
    const { plan, findings } = await readPlanWorkbook(file);
    expect(findings.filter((f) => f.sheet === '考核' && f.level === 'error')).toEqual([]);
    expect(plan.scoring!.capTotal).toBe(true);
    expect(defaultScoringScheme(plan2024).capTotal).toBe(false);

    const bad = await editedPlan(
      'cap-bad.xlsx',
      (ws) => (ws.getCell(`G${rowOf(ws, 'CAP_TOTAL')}`).value = '封顶'),
    );
    const read = await readPlanWorkbook(bad);
    expect(read.findings.filter((f) => f.sheet === '考核').map((f) => `${f.cell} ${f.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^G${row} “总分是否封顶”应为"是"或"否"`)),
    ]);
  });

  it('uses the default scheme when the sheet is missing from an older plan.xlsx', async () => {
    const file = path.join(dir, 'old.xlsx');
    await writePlanWorkbook(plan2024, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.removeWorksheet(wb.getWorksheet('考核')!.id);
    await wb.xlsx.writeFile(file);
    const { plan, findings } = await readPlanWorkbook(file);
    expect(findings.filter((f) => f.sheet === '考核')).toEqual([]);
    expect(plan.scoring).toBeUndefined();
  });
});
