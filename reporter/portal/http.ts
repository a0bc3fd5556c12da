import type { FastifyReply, FastifyRequest } from 'fastify';

/** Small request/response helpers shared by the portal's routes. */

/** What a client asked for: the pane and scripts send `Accept: application/json`. */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return /application\/json/.test(accept) && !/text\/html/.test(accept);
}

/** A script asking for a piece of a page (no layout): see public/*.js. */
export const wantsFragment = (request: FastifyRequest): boolean =>
  request.headers['x-requested-with'] === 'XMLHttpRequest' && !wantsJson(request);

/**
 * A URL with the unit secret cut short, for logs: whoever reads a log must not be able to open a
 * unit's page from it.
 */
export function redactUrl(url: string): string {
  return url.replace(/\/u\/([A-Za-z0-9_-]{4})[A-Za-z0-9_-]*/g, '/u/$1…');
}

/** Content-Disposition for a download with a Chinese name (RFC 6266/5987, with an ASCII fallback). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

export function sendDownload(
  reply: FastifyReply,
  fileName: string,
  type: string,
  bytes: Buffer | Uint8Array,
) {
  return reply
    .header('content-type', type)
    .header('content-disposition', attachment(fileName))
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** `YYYY-MM` from a route parameter, or undefined (the route then answers 404). */
export function periodParam(value: unknown): string | undefined {
  const text = String(value ?? '');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) return undefined;
  return text;
}

export function yearParam(value: unknown): number | undefined {
  const text = String(value ?? '');
  return /^(20\d\d)$/.test(text) ? Number(text) : undefined;
}

/** A redirect target from a form, kept on this site (no `//host`, no scheme). */
export function safeNext(next: unknown, base: string): string {
  const text = typeof next === 'string' ? next : '';
  if (text.startsWith(`${base}/console`) && !text.startsWith('//') && !/[\r\n\\]/.test(text)) return text;
  return `${base}/console`;
}
