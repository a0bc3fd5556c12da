import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDocument, recordDocument, type WrittenDocument } from '../reporter/documents/register.js';
import { listAudit } from '../reporter/portal/audit.js';
import {
  addUser,
  Client,
  startPortal,
  testWorkspace,
  type RunningPortal,
  type TestWorkspace,
} from './helpers/portal.js';

// The console's documents through the register: the file last written is the one offered (never an
// edited copy set aside beside it), and a numbered draft is marked as sent out (已印发) by a clerk.
const PERIOD = '2024-05';
const TITLE = '关于2024年5月社会信用体系建设工作进展情况的通报';
let tw: TestWorkspace;
let server: RunningPortal;

beforeAll(async () => {
  tw = await testWorkspace({ period: PERIOD, units: ['S01', 'S02'] });
  server = await startPortal({ workspace: tw.ws, now: () => new Date('2024-06-11T02:00:00Z') });
  await addUser(server.portal, 'jingban', 'clerk');
  await addUser(server.portal, 'chakan', 'viewer');
  const dir = path.join(tw.ws.reports, PERIOD);
  mkdirSync(dir, { recursive: true });
  // What the register says was written, and the office's edited copy that publishing set aside.
  writeFileSync(path.join(dir, `${TITLE}.docx`), 'as written');
  writeFileSync(path.join(dir, `${TITLE}（修改稿 20240611-100000）.docx`), 'edited copy');
  writeFileSync(path.join(dir, `${TITLE}.pdf`), '%PDF-1.7 as written');
});
afterAll(async () => {
  await server.close();
  await tw.remove();
});

function register(doc: Partial<WrittenDocument>) {
  return recordDocument(server.portal.ctx.store, {
    kind: 'circular',
    subject: PERIOD,
    title: TITLE,
    numberYear: 2024,
    number: null,
    date: '2024-06-11',
    file: path.join('reports', PERIOD, `${TITLE}.docx`),
    sha256: '0'.repeat(64),
    pdf: null,
    pages: 4,
    writtenAt: '2024-06-11T02:00:00.000Z',
    ...doc,
  });
}

async function signedIn(name: string): Promise<Client> {
  const c = new Client(server.url);
  expect((await c.login(name)).status).toBe(303);
  await c.get('/console/documents?year=2024');
  return c;
}

describe('the console’s documents', () => {
  it('offers the file the register names, its PDF only when one was written', async () => {
    register({});
    const c = await signedIn('chakan');
    const docx = await c.get(`/console/period/${PERIOD}/files/circular.docx`);
    expect(docx.status).toBe(200);
    expect(docx.text).toBe('as written');
    expect((await c.get(`/console/period/${PERIOD}/files/circular.pdf`)).status).toBe(404);
    register({ pdf: path.join('reports', PERIOD, `${TITLE}.pdf`) });
    const pdf = await c.get(`/console/period/${PERIOD}/files/circular.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect((await c.get(`/console/period/${PERIOD}/files/circular.exe`)).status).toBe(404);
  });

  it('a viewer cannot mark a document issued, nor a clerk without the form token', async () => {
    const doc = register({ number: 5 });
    const viewer = await signedIn('chakan');
    expect((await viewer.post(`/console/documents/${doc.id}/issued`, { confirmed: '1' })).status).toBe(403);
    const clerk = await signedIn('jingban');
    const forged = await clerk.post(`/console/documents/${doc.id}/issued`, { confirmed: '1', _csrf: null });
    expect(forged.status).toBe(403);
    expect(findDocument(server.portal.ctx.store, 'circular', PERIOD)!.issuedAt).toBeNull();
  });

  it('a draft without its 发文字号 is not marked issued, and the clerk is told why', async () => {
    const doc = register({ number: null });
    const clerk = await signedIn('jingban');
    const answer = await clerk.post(`/console/documents/${doc.id}/issued`, { confirmed: '1' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('还没有发文字号');
    expect(findDocument(server.portal.ctx.store, 'circular', PERIOD)!.issuedAt).toBeNull();
    expect((await clerk.post('/console/documents/999/issued', { confirmed: '1' })).status).toBe(404);
  });

  it('a numbered draft is asked about, then marked issued by the clerk, in the audit log', async () => {
    const doc = register({ number: 5 });
    const clerk = await signedIn('jingban');
    const asked = await clerk.post(`/console/documents/${doc.id}/issued`);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('〔2024〕5号登记为已印发');
    const marked = await clerk.post(`/console/documents/${doc.id}/issued`, { confirmed: '1' });
    expect(marked.status).toBe(303);
    expect(marked.headers.get('location')).toBe('/console/documents?year=2024#register');
    expect(findDocument(server.portal.ctx.store, 'circular', PERIOD)).toMatchObject({ issuedBy: 'jingban' });
    const page = await clerk.get('/console/documents?year=2024');
    expect(page.text).toMatch(/〔2024〕5号[\s\S]*已印发[\s\S]*jingban/);
    const audit = listAudit(server.portal.ctx.store.db).find((e) => e.action === 'circular.issued');
    expect(audit).toMatchObject({ actor: 'jingban' });
  });
});
