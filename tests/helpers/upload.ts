/**
 * A multipart upload over node:http, as a browser or the pane sends it: one `file` field. The
 * source address can be chosen (127.0.0.x), so a load test can look like many offices.
 */
import http from 'node:http';

export interface Uploaded {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

export function multipart(
  fields: { name: string; filename?: string; type?: string; data: Uint8Array | string }[],
) {
  const boundary = `----creditwork${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const f of fields) {
    const disposition = f.filename
      ? `form-data; name="${f.name}"; filename="${encodeURIComponent(f.filename)}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`
      : `form-data; name="${f.name}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${f.filename ? `Content-Type: ${f.type ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}\r\n` : ''}\r\n`,
      ),
      Buffer.from(f.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

export function upload(
  url: string,
  file: { name: string; bytes: Uint8Array },
  options: { accept?: string; localAddress?: string; headers?: Record<string, string> } = {},
): Promise<Uploaded> {
  const { body, type } = multipart([{ name: 'file', filename: file.name, data: file.bytes }]);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        localAddress: options.localAddress,
        headers: {
          'content-type': type,
          'content-length': String(body.length),
          accept: options.accept ?? 'application/json',
          ...options.headers,
        },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (c: Buffer) => parts.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(parts).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
