import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { circularDateProblem, publishCircular } from '../reporter/circular/service.js';
import { numberOption } from '../reporter/documents/options.js';
import { listDocuments, markIssued } from '../reporter/documents/register.js';
import { openStore, type Store } from '../reporter/store/index.js';
import { UserError } from '../reporter/user-error.js';
import { createWorkspaceFolders, workspaceAt, type Workspace } from '../reporter/workspace.js';
import { plan } from './circular-fixtures.js';
import { canRender, pageCount, pageTextLines } from './helpers/pdf.js';

/**
 * The office's documents as a register keeps them: 发文字号 unique per year, a copy edited in Word
 * never overwritten, a circular not published while units are still within the deadline.
 * May 2024's returns are due on Friday 7 June (plan2024).
 */

let dir: string;
let ws: Workspace;
let store: Store;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'documents-'));
  ws = workspaceAt(dir);
  await createWorkspaceFolders(ws);
  store = openStore(ws);
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const publish = (
  period: string,
  date: string,
  more: { number?: number; force?: boolean; pdf?: boolean } = {},
) =>
  // Laid out by LibreOffice only where the pages are what is tested (it takes seconds a document).
  publishCircular({ ws, store, plan, period, date, pdf: false, layOut: !!more.pdf, ...more });

describe('a circular dated before the return deadline', () => {
  it('is refused: units still within it would be named 未报送', async () => {
    expect(circularDateProblem(plan, '2024-05', '2024-06-05')).toMatch(
      /早于2024年5月的报送截止日 2024年6月7日.*--force/,
    );
    await expect(publish('2024-05', '2024-06-05')).rejects.toThrow(UserError);
    expect(readdirSync(ws.reports)).toEqual([]);
  });

  it('is written with --force, and on or after the deadline without it', async () => {
    expect(circularDateProblem(plan, '2024-05', '2024-06-07')).toBeNull();
    expect(circularDateProblem(plan, '2024-05', '2024-06-05', true)).toBeNull();
    // Never in the month itself, force or not.
    expect(circularDateProblem(plan, '2024-05', '2024-05-31', true)).toMatch(/不在 2024-05 之后/);
    const written = await publish('2024-05', '2024-06-05', { force: true });
    expect(existsSync(written.file)).toBe(true);
  });
});

describe('发文字号', () => {
  it('are registered per year: a number another document holds is refused, naming it and the next free one', async () => {
    await publish('2024-05', '2024-06-11', { number: 5 });
    const clash = publish('2024-06', '2024-07-10', { number: 5 });
    await expect(clash).rejects.toThrow(
      /运信用办〔2024〕5号|〔2024〕5号 已用于《关于2024年5月社会信用体系建设工作进展情况的通报》.*下一个可用的 6/,
    );
    expect(existsSync(path.join(ws.reports, '2024-06'))).toBe(false);
    // The same circular written again keeps its number; another year starts again.
    await publish('2024-05', '2024-06-12', { number: 5 });
    await publish('2024-06', '2024-07-10', { number: 6 });
    await publish('2024-12', '2025-01-10', { number: 5 });
    expect(listDocuments(store, 2024).map((d) => [d.subject, d.number])).toEqual([
      ['2024-05', 5],
      ['2024-06', 6],
    ]);
    expect(listDocuments(store, 2025).map((d) => [d.subject, d.number])).toEqual([['2024-12', 5]]);
  });

  it('are numbers from 1 to 9999, and a document goes out only with one', async () => {
    expect(numberOption('12')).toBe(12);
    expect(numberOption(undefined)).toBeUndefined();
    for (const bad of ['0', '5a', '12345', '-1', '']) expect(() => numberOption(bad)).toThrow(/--number/);
    const blank = await publish('2024-05', '2024-06-11');
    expect(() => markIssued(store, blank.record.id, 'alice', '2024-06-12T09:00:00Z')).toThrow(
      /还没有发文字号/,
    );
    const numbered = await publish('2024-05', '2024-06-11', { number: 7 });
    expect(markIssued(store, numbered.record.id, 'alice', '2024-06-12T09:00:00Z').issuedBy).toBe('alice');
  });
});

describe('a document the office edited', () => {
  it('is never overwritten: the edited copy is kept beside, named as an edit', async () => {
    const first = await publish('2024-05', '2024-06-11', { number: 5 });
    expect(first.setAside).toEqual([]);
    // Saved in Word: different bytes.
    const edited = Buffer.concat([readFileSync(first.file), Buffer.from('edited in Word')]);
    writeFileSync(first.file, edited);
    const second = await publish('2024-05', '2024-06-12', { number: 5 });
    expect(second.setAside).toHaveLength(1);
    expect(path.basename(second.setAside[0])).toMatch(/^关于2024年5月.*（修改稿 \d{8}-\d{6}）\.docx$/);
    expect(readFileSync(second.setAside[0]).equals(edited)).toBe(true);
    expect(second.notes.join('')).toContain('已保留为');
    expect(readFileSync(second.file).equals(edited)).toBe(false);
    // Written again untouched: nothing more set aside.
    const third = await publish('2024-05', '2024-06-13', { number: 5 });
    expect(third.setAside).toEqual([]);
    expect(readdirSync(path.join(ws.reports, '2024-05')).filter((f) => f.includes('修改稿'))).toHaveLength(1);
  });

  it('is kept when the register does not know the file there (made before the register)', async () => {
    const first = await publish('2024-05', '2024-06-11');
    store.db.prepare('DELETE FROM documents').run();
    writeFileSync(first.file, 'an older document');
    const again = await publish('2024-05', '2024-06-11');
    expect(again.setAside).toHaveLength(1);
    expect(readFileSync(again.setAside[0], 'utf8')).toBe('an older document');
  });

  it('is left alone while open in Word or WPS (its ~$ owner file is there)', async () => {
    const first = await publish('2024-05', '2024-06-11');
    const before = readFileSync(first.file);
    const owner = path.join(path.dirname(first.file), `~$${path.basename(first.file).slice(2)}`);
    writeFileSync(owner, '');
    await expect(publish('2024-05', '2024-06-12')).rejects.toThrow(/正在 Word\/WPS 中打开/);
    expect(readFileSync(first.file).equals(before)).toBe(true);
  });
});

describe.skipIf(!canRender())('laid out by LibreOffice', () => {
  it('ends on an even page with the 版记, and writes the PDF beside it with --pdf', async () => {
    const written = await publish('2024-05', '2024-06-11', { number: 5, pdf: true });
    expect(written.pdf).toBe(written.file.replace(/\.docx$/, '.pdf'));
    const pages = pageCount(written.pdf!);
    expect(written.pages).toBe(pages);
    expect(pages % 2).toBe(0);
    const last = pageTextLines(written.pdf!, pages).map((l) => l.text);
    expect(last.some((l) => l.startsWith('抄送：'))).toBe(true);
    expect(last.some((l) => l.includes('印发'))).toBe(true);
    expect(listDocuments(store)[0]).toMatchObject({ pages, pdf: path.relative(ws.root, written.pdf!) });
  }, 120_000);
});
