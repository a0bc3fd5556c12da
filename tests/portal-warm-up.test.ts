import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, testWorkspace, type RunningPortal, type TestWorkspace } from './helpers/portal.js';

// A portal that has just started answers its first units as fast as later ones: the intake's
// threads are started and warmed in the background, /healthz says when, and nothing is recorded.
let tw: TestWorkspace;
let server: RunningPortal;

beforeAll(async () => {
  tw = await testWorkspace({ period: '2024-05', units: ['S01', 'S02'] });
  server = await startPortal({ workspace: tw.ws });
});
afterAll(async () => {
  await server.close();
  await tw.remove();
});

const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as { ready: boolean };

describe('portal warm-up', () => {
  it('starts every intake thread on the latest issued workbook, records nothing, then says ready', async () => {
    const { ctx } = server.portal;
    expect(await health()).toEqual({ ok: true, ready: false });
    expect(ctx.pool.running).toBe(0);

    await server.portal.warmUp();

    expect(await health()).toEqual({ ok: true, ready: true });
    expect(ctx.pool.running).toBe(ctx.pool.threads);
    expect(ctx.store.returns('2024-05')).toEqual([]);
    expect(readdirSync(tw.ws.archive)).toEqual([]);
  });

  it('with nothing issued there is nothing to warm, and the portal is ready all the same', async () => {
    const empty = await testWorkspace();
    const other = await startPortal({ workspace: empty.ws });
    try {
      expect(await other.portal.ctx.intake.warmUp()).toBe(false);
      await other.portal.warmUp();
      const answer = (await (await fetch(`${other.url}/healthz`)).json()) as { ready: boolean };
      expect(answer.ready).toBe(true);
    } finally {
      await other.close();
      await empty.remove();
    }
  });
});
