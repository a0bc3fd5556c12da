// Bundles the reporter CLI with code splitting so each command's heavy modules load lazily.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  // The intake's worker thread is its own entry so dist/reporter/intake/worker.js exists beside the CLI.
  entryPoints: ['reporter/cli.ts', 'reporter/intake/worker.ts'],
  outdir: 'dist/reporter',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Keep `with { type: 'json' }` (core/calendar imports chinese-days' JSON); for a plain node20 target
  // esbuild strips it and Node then refuses the import.
  supported: { 'import-attributes': true },
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
