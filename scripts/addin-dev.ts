// npm run addin:dev: builds dist/addin, rebuilds the bundle on change, and serves it on
// https://localhost:3000 with the Office dev certificate (office-addin-dev-certs installs a local
// CA on first use, which may ask for confirmation). Then sideload manifest.xml (npm run addin:start).
import { context } from 'esbuild';
import { cp } from 'node:fs/promises';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { getHttpsServerOptions } from 'office-addin-dev-certs';
import { buildAddin, bundleOptions, outDir, root } from './addin-build.js';
import { staticHandler } from './addin-static.js';

const PORT = Number(process.env.PORT ?? 3000);

await buildAddin();
const watcher = await context({
  ...bundleOptions(outDir),
  plugins: [
    {
      name: 'copy-pages',
      setup(build) {
        // HTML and CSS are copied, not bundled: refresh them on every rebuild.
        build.onEnd(async () => {
          for (const page of ['taskpane.html', 'taskpane.css', 'commands.html', 'help.html']) {
            await cp(join(root, 'addin', page), join(outDir, page));
          }
        });
      },
    },
  ],
});
await watcher.watch();
const options = await getHttpsServerOptions();
createServer(options, staticHandler(outDir)).listen(PORT, 'localhost', () => {
  console.log(
    `加载项开发服务器：https://localhost:${PORT}/taskpane.html（修改 addin/ 下文件后自动重新构建）`,
  );
});
