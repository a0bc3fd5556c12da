// Bundles the reporter CLI with code splitting so each command's heavy modules load lazily.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  // Thread scripts (reporter/thread-script.ts) are entries of their own, so dist/reporter/<name>.js exist.
  entryPoints: ['reporter/cli.ts', 'reporter/intake/worker.ts', 'reporter/demo/fill-thread.ts'],
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

// The plan-reading thread carries exceljs and its dependencies in one file: resolving and compiling
// some hundred CommonJS modules one by one took longer than parsing the plan itself (0.9 s against
// 0.55 s to a first answer), and collect waits for the plan before it can judge anything.
await build({
  absWorkingDir: root,
  entryPoints: ['reporter/plan/read-thread.ts'],
  outfile: 'dist/reporter/plan/read-thread.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  supported: { 'import-attributes': true },
  // Bundled CommonJS code calls require() for Node's own modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
});
