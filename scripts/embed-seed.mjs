// Copies the seed work points into core/plan/seed-2024.ts (core/ cannot read files at run time).
import { readFileSync, writeFileSync } from 'node:fs';

const source = process.argv[2] ?? new URL('../../shared/seed/work-points-2024.txt', import.meta.url);
const text = readFileSync(source, 'utf8');
writeFileSync(
  new URL('../core/plan/seed-2024.ts', import.meta.url),
  '// The 2024 work points (工作要点) exactly as the seed states them: the built-in plan is parsed from\n' +
    '// this text so that task wording and responsibility lists cannot drift from the source.\n' +
    '// Regenerate with `node scripts/embed-seed.mjs` if the seed changes.\n' +
    `export const SEED_2024 = ${JSON.stringify(text)};\n`,
);
