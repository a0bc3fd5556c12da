import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { deploymentManifest } from '../../../scripts/addin-manifest.js';
import { projectRoot } from '../../paths.js';
import type { PortalContext } from '../context.js';
import { attachment } from '../http.js';

/**
 * The add-in's task pane bundle (`npm run addin:build` → dist/addin) and its manifest, served from
 * the portal, so units on the intranet need no other web server, and the pane posts its 提交 to
 * the same origin (no CORS). Office loads panes over https only: the manifest is offered when the
 * portal's public address is https.
 */
/** Where the built pane is unless a test says otherwise. */
export const defaultAddinDir = (): string => path.join(projectRoot(), 'dist', 'addin');

export const addinBuilt = (dir: string): boolean => existsSync(path.join(dir, 'taskpane.html'));

export async function registerAddin(app: FastifyInstance, ctx: PortalContext, dir: string): Promise<void> {
  const prefix = `${ctx.base}/addin/`;

  app.get(`${prefix}manifest.xml`, { config: { rateLimit: false } }, async (_request, reply) => {
    const base = ctx.baseUrl;
    if (!base || !base.startsWith('https://')) {
      reply.code(404).type('text/plain; charset=utf-8');
      return '加载项清单需要门户的 https 地址：请以 --base-url https://… 启动门户（Office 只加载 https 的加载项）。';
    }
    const dev = await readFile(path.join(projectRoot(), 'manifest.xml'), 'utf8');
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', attachment('manifest.xml'))
      .send(deploymentManifest(dev, `${base}/addin/`));
  });

  if (!addinBuilt(dir)) {
    ctx.log.warn({ dir }, '加载项尚未构建（npm run addin:build），/addin/ 暂不可用');
    app.get(`${prefix}*`, async (_request, reply) => {
      reply.code(404).type('text/plain; charset=utf-8');
      return '加载项尚未构建：请在服务器上运行 npm run addin:build 后重启门户。';
    });
    return;
  }

  await app.register(async (scope) => {
    // The pane runs inside Excel or WPS, which may frame it: no frame-ancestors, no X-Frame-Options.
    scope.addHook('onSend', async (_request, reply) => {
      reply.removeHeader('x-frame-options');
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'",
      );
    });
    await scope.register(fastifyStatic, {
      root: dir,
      prefix,
      decorateReply: false,
      index: ['taskpane.html'],
      list: false,
      dotfiles: 'deny',
      maxAge: '1h',
    });
  });
}
