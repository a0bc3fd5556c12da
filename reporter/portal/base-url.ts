import { UserError } from '../user-error.js';

/**
 * The portal's public address as units reach it, e.g. `https://xyk.example.gov.cn/creditwork`
 * (behind the office's reverse proxy). It is written into every issued workbook (the unit's link
 * and the pane's 提交 target), so it comes from the office, never from a request's Host header:
 * `--base-url` on issue, units links and serve, else the 设置 row 门户地址 of the plan.
 */

export const BASE_URL_EXAMPLE = 'https://xyk.example.gov.cn/creditwork';

/** Normalized (no trailing slash), or why not: http(s), no query, fragment or credentials. */
export function checkPortalBaseUrl(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `不是有效的网址：请写完整地址，如 ${BASE_URL_EXAMPLE}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: '应以 https:// 或 http:// 开头' };
  if (url.search || url.hash || url.username || url.password)
    return { ok: false, reason: '不能带 ?、# 或用户名密码部分' };
  return { ok: true, value: url.href.replace(/\/+$/, '') };
}

export function normalizePortalBaseUrl(raw: string, where = '--base-url'): string {
  const checked = checkPortalBaseUrl(raw);
  if (!checked.ok) throw new UserError(`${where} 的门户地址“${raw}”${checked.reason}。`);
  return checked.value;
}

/** The base URL to write into workbooks: the flag wins over the plan's 门户地址; undefined if neither. */
export function portalBaseUrl(flag: unknown, planSetting: string | undefined): string | undefined {
  if (typeof flag === 'string' && flag.trim()) return normalizePortalBaseUrl(flag);
  if (planSetting && planSetting.trim())
    return normalizePortalBaseUrl(planSetting, 'plans/<年度>.xlsx 设置“门户地址”');
  return undefined;
}

/** The path part of a base URL (`/creditwork`, or '' at the root): where the server mounts its routes. */
export const basePathOf = (baseUrl: string | undefined): string =>
  baseUrl ? new URL(baseUrl).pathname.replace(/\/+$/, '') : '';
