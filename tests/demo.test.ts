import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../reporter/demo/run-demo.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function demo(seed: number) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-'));
  dirs.push(dir);
  const result = await runDemo({
    dir: path.join(dir, 'out'),
    months: 1,
    seed,
    log: () => undefined,
    layOut: false,
  });
  return { root: path.join(dir, 'out'), result };
}

/** Every output file's bytes by relative path; the database and plan.xlsx carry wall-clock stamps. */
function outputs(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.set(path.relative(root, full), readFileSync(full));
    }
  };
  for (const sub of ['outbox', 'inbox', 'archive', 'reports']) walk(path.join(root, sub));
  return files;
}

describe('demo', () => {
  it('plays a month with late, missing and corrected returns, and the same seed gives the same files', async () => {
    const a = await demo(2024);
    const b = await demo(2024);
    expect(a.result.counts.issued).toBe(48);
    expect(a.result.counts.late + a.result.counts.missing + a.result.counts.corrected).toBeGreaterThan(0);
    expect(a.result.circulars).toHaveLength(1);
    const first = outputs(a.root);
    const second = outputs(b.root);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, bytes] of first) expect(second.get(file)!.equals(bytes), file).toBe(true);

    const other = outputs((await demo(7)).root);
    expect([...other].some(([file, bytes]) => !first.get(file)?.equals(bytes))).toBe(true);
  }, 180_000);
});
