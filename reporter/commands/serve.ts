import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { UserError } from '../user-error.js';

interface ServeOptions {
  workspace?: string;
  host?: string;
  port?: string;
  cert?: string;
  key?: string;
  http?: boolean;
  schedule?: boolean;
  baseUrl?: string;
  trustProxy?: string;
}

function portOption(value: unknown): number {
  const port = Number(value ?? 8443);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`端口“${String(value)}”无效：请填写 0–65535 的整数，如 --port 8443`);
  }
  return port;
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new UserError(`无法读取${what} ${file}：请检查路径和权限（门户进程需能读取该文件）。`);
  }
}

/** Addresses people can type: the bound one, or every IPv4 address of the machine for 0.0.0.0. */
function addresses(host: string, port: number, scheme: string, base: string): string[] {
  const shown =
    host === '0.0.0.0' || host === '::'
      ? Object.values(networkInterfaces())
          .flat()
          .filter((i) => i && i.family === 'IPv4')
          .map((i) => i!.address)
      : [host];
  return shown.map((h) => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${port}${base}/`);
}

/**
 * `creditwork serve`: the portal (units' links and the office console), the add-in bundle and its
 * manifest, and the scheduler, in one process over the workspace. SIGTERM or Ctrl-C stops taking
 * requests, finishes those in flight, the running console job and the running scheduled job, then
 * exits; a second signal exits at once.
 */
export async function run(options: ServeOptions): Promise<number> {
  const started = Date.now();
  const { openWorkspace, defaultPlanYear, loadYearPlan } = await import('../plan/years.js');
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  if (!options.http && !(options.cert && options.key)) {
    throw new UserError(
      '请用 --cert 证书文件 --key 私钥文件 以 https 运行，或加 --http 以 http 运行（在信用办的反向代理之后，由代理提供 https）。',
    );
  }
  if (options.http && (options.cert || options.key)) {
    throw new UserError('--http 与 --cert/--key 只能选一种。');
  }
  const port = portOption(options.port);
  const host = options.host ?? '0.0.0.0';
  const https = options.http
    ? undefined
    : { cert: readPem(options.cert!, '证书'), key: readPem(options.key!, '私钥') };

  const [{ buildPortal }, { portalBaseUrl, basePathOf }, { addinBuilt, defaultAddinDir }] = await Promise.all(
    [import('../portal/server.js'), import('../portal/base-url.js'), import('../portal/routes/addin.js')],
  );
  // The current year's plan: one with errors stops the start with every error listed, as every
  // other command does; its 门户地址 is the default public address.
  const plan = await loadYearPlan(ws, defaultPlanYear(ws));
  const baseUrl = portalBaseUrl(options.baseUrl, plan.settings.portalBaseUrl);
  const trustProxy = options.trustProxy
    ? options.trustProxy
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  const portal = await buildPortal({
    workspace: ws,
    baseUrl,
    https,
    trustProxy,
    logger: { level: process.env.CREDITWORK_LOG_LEVEL ?? 'info' },
  });
  const log = portal.app.log;

  let schedule: { stop(reason?: string): Promise<void>; begin(): Promise<void> } | undefined;
  if (options.schedule !== false) {
    const { openScheduleService } = await import('./schedule.js');
    try {
      schedule = await openScheduleService(ws, portal.ctx.store.db, {
        json: true,
        write: (l) => process.stdout.write(l),
        whenDisabled: 'skip',
        runners: { baseUrl },
      });
    } catch (error) {
      await portal.close();
      throw error;
    }
    if (!schedule) log.info('工作要点的日程未启用，不运行日程服务');
  }

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      log.info({ signal }, '收到停止信号：不再接受新请求，完成进行中的请求与任务后退出');
      await Promise.all([portal.close(), schedule?.stop(signal)]);
      log.info('门户已停止');
    })());
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn('再次收到停止信号，立即退出');
        process.exit(130);
      }
      void stop(signal).then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });

  try {
    await portal.app.listen({ host, port });
  } catch (error) {
    await portal.close();
    await schedule?.stop('error');
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(`端口 ${port} 已被占用：请换一个端口（--port），或停止占用它的程序。`);
    if (code === 'EACCES')
      throw new UserError(
        `没有权限监听端口 ${port}：1024 以下的端口需要管理员权限，请换用 8443 等端口，或由反向代理转发。`,
      );
    throw error;
  }
  const bound = portal.app.server.address() as AddressInfo;
  const scheme = https ? 'https' : 'http';
  const base = basePathOf(baseUrl);
  const here = addresses(host, bound.port, scheme, base);
  const lines = [
    `信用工作门户已启动（${((Date.now() - started) / 1000).toFixed(1)} 秒）：${here.join('  ')}`,
    `  工作区：${ws.root}`,
    `  信用办登录：${here[0]}login`,
    `  对外网址：${baseUrl ?? '未设置（--base-url 或 plans/<年度>.xlsx 设置“门户地址”），下发的填报表中将没有报送地址'}`,
    addinBuilt(defaultAddinDir())
      ? `  加载项：${here[0]}addin/${baseUrl?.startsWith('https://') ? `，清单 ${baseUrl}/addin/manifest.xml` : ''}`
      : '  加载项：尚未构建，单位暂不能从门户安装（运行 npm run addin:build 后重启门户）',
    `  日程服务：${schedule ? '随门户运行' : options.schedule === false ? '未启动（--no-schedule）' : '未启用'}`,
    `  健康检查：${here[0]}healthz`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  void portal.warmUp();
  if (schedule) {
    // The catch-up may run jobs for minutes; the portal already answers meanwhile.
    schedule.begin().catch((error: unknown) => log.error({ err: error }, '日程服务启动失败'));
  }
  await stopped;
  return 0;
}
