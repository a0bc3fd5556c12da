// npm run addin:dev: builds dist/addin, rebuilds the bundle on change, and serves it on
// https://localhost:3000 with the Office dev certificate (office-addin-dev-certs installs a local
// CA on first use, which may ask for confirmation). Then sideload manifest.xml (npm run addin:start).
import { context } from 'esbuild';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { getHttpsServerOptions } from 'office-addin-dev-certs';
import { buildAddin, bundleOptions, outDir, root, taskpaneHtml } from './addin-build.js';
import { staticHandler } from './addin-static.js';

const PORT = Number(process.env.PORT ?? 3000);

await buildAddin();
const watcher = await context({
  ...bundleOptions(outDir),
  plugins: [
    {
      name: 'copy-pages',
      setup(build) {
        // Pages and plain scripts are copied, not bundled: refresh them on every rebuild.
        build.onEnd(async () => {
          for (const page of ['taskpane.css', 'legacy.js', 'commands.html', 'commands.js', 'help.html']) {
            await cp(join(root, 'addin', page), join(outDir, page));
          }
          const html = await readFile(join(root, 'addin', 'taskpane.html'), 'utf8');
          await writeFile(join(outDir, 'taskpane.html'), taskpaneHtml(html, 'excel'));
        });
      },
    },
  ],
});
await watcher.watch();
const options = await getHttpsServerOptions().catch(async (error: unknown) => {
  // Installing the CA into the system store needs an admin (sudo on Linux). The certificates are
  // generated before that step, so serve with them and say how to trust the CA by hand.
  const dir = join(homedir(), '.office-addin-dev-certs');
  try {
    const [cert, key, ca] = await Promise.all(
      ['localhost.crt', 'localhost.key', 'ca.crt'].map((f) => readFile(join(dir, f))),
    );
    console.warn(
      `未能把开发证书加入系统信任（${error instanceof Error ? error.message.split('\n')[0] : String(error)}）。\n` +
        `仍以 ${dir} 中的证书提供服务；Excel 要加载本机加载项，请以管理员身份信任 ${join(dir, 'ca.crt')}，` +
        '或运行 npx office-addin-dev-certs install。',
    );
    return { cert, key, ca };
  } catch {
    throw error;
  }
});
createServer(options, staticHandler(outDir)).listen(PORT, 'localhost', () => {
  console.log(
    `加载项开发服务器：https://localhost:${PORT}/taskpane.html（修改 addin/ 下文件后自动重新构建）`,
  );
});
