import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  Client,
  startPortal,
  testWorkspace,
  type RunningPortal,
  type TestWorkspace,
} from './helpers/portal.js';

// An office that started in May 2024 (启用期间): the console shows nothing before it as due or missing.
let tw: TestWorkspace;
let server: RunningPortal;

beforeAll(async () => {
  tw = await testWorkspace({ firstPeriod: '2024-05', units: ['S01', 'X01'] });
  server = await startPortal({ workspace: tw.ws, now: () => new Date('2024-05-06T02:00:00Z') });
  await addUser(server.portal, 'viewer', 'viewer');
});
afterAll(async () => {
  await server.close();
  await tw.remove();
});

async function viewer(): Promise<Client> {
  const c = new Client(server.url);
  await c.get('/login');
  expect((await c.post('/login', { username: 'viewer', password: 'Xinyong#2024ok' })).status).toBe(303);
  return c;
}

describe('the console before 启用期间', () => {
  it('opens on 启用期间, offers no earlier month and has no board, files or actions for one', async () => {
    const c = await viewer();
    const start = await c.get('/console/period');
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe('/console/period/2024-05');
    const board = await c.get('/console/period/2024-05');
    expect(board.status).toBe(200);
    expect(board.text).toContain('<option value="2024-05"');
    expect(board.text).not.toContain('<option value="2024-04"');
    for (const url of ['/console/period/2024-03', '/console/period/2024-03/board']) {
      expect((await c.get(url)).status, url).toBe(404);
    }
  });
});
