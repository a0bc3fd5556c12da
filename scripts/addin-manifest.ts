// Turns the development manifest (https://localhost:3000) into a deployment manifest for the
// office's own web server, so intranet units never depend on a Microsoft or public host.

export const DEV_ORIGIN = 'https://localhost:3000';

/** Normalizes and checks a production base URL; Office only loads add-ins over https. */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`部署地址无效：${raw}。请写完整地址，例如 https://xyk.example.gov.cn/creditwork/`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`部署地址必须以 https:// 开头（Office 只加载 https 加载项）：${raw}`);
  }
  if (url.search || url.hash) throw new Error(`部署地址不能带 ? 或 # 部分：${raw}`);
  return url.href.replace(/\/+$/, '');
}

/** Rewrites every dev URL, AppDomain included; throws if the manifest has none to rewrite. */
export function deploymentManifest(devManifest: string, baseUrl: string): string {
  const base = normalizeBaseUrl(baseUrl);
  if (!devManifest.includes(DEV_ORIGIN))
    throw new Error(`manifest.xml 中没有 ${DEV_ORIGIN}，无法替换部署地址`);
  const origin = new URL(base).origin;
  return devManifest
    .replace(/<AppDomain>https:\/\/localhost:3000<\/AppDomain>/g, `<AppDomain>${origin}</AppDomain>`)
    .replaceAll(DEV_ORIGIN, base);
}

/** `--base-url X` / `--base-url=X` wins over CREDITWORK_ADDIN_BASE_URL; undefined when neither is set. */
export function baseUrlFrom(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--base-url') return argv[i + 1];
    if (arg.startsWith('--base-url=')) return arg.slice('--base-url='.length);
  }
  return env.CREDITWORK_ADDIN_BASE_URL || undefined;
}
