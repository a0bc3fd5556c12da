import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { projectRoot } from './paths.js';

/**
 * Starts a worker thread on one of the reporter's thread scripts, named by its path under
 * reporter/ without extension ('intake/worker'): the bundled dist/reporter/<name>.js when running
 * from dist/, the TypeScript source under tsx (tests, npm run dev), or an explicit `source` (a
 * test's own script). Each script must be an entry point of scripts/build-cli.mjs.
 */
export function startThread(name: string, options: WorkerOptions = {}, source?: string): Worker {
  if (source)
    return source.endsWith('.ts')
      ? tsxWorker(pathToFileURL(source).href, options)
      : new Worker(source, options);
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts'))
    return tsxWorker(pathToFileURL(path.join(path.dirname(here), `${name}.ts`)).href, options);
  const built = path.join(projectRoot(), 'dist', 'reporter', `${name}.js`);
  if (!existsSync(built)) throw new Error(`missing ${built}: run npm run build`);
  return new Worker(built, options);
}

function tsxWorker(source: string, options: WorkerOptions): Worker {
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/index\.cjs$/, 'index.mjs'),
  ).href;
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * Runs a thread script that posts one answer and is then ended (`what` names it in the error when it
 * ends without one).
 */
export function threadAnswer<T>(name: string, workerData: unknown, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startThread(name, { workerData });
    let answered = false;
    worker.once('message', (message: T) => {
      answered = true;
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`${what} exited with code ${code}`));
    });
  });
}
