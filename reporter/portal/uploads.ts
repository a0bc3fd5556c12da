import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

/**
 * Files of a multipart request, held in memory while the request is handled: a workbook is tens
 * of kilobytes, the per-file limit is the intake's, and all uploads in flight together stay under
 * a budget, so a flood of large uploads is turned away (503) before it can exhaust memory.
 */

export interface UploadedFile {
  /** The name the browser or pane gave the file: a label only, never a path. */
  name: string;
  bytes: Uint8Array;
}

export class UploadBudget {
  private inFlight = 0;
  constructor(readonly maxBytes: number) {}

  get used(): number {
    return this.inFlight;
  }

  take(bytes: number): boolean {
    if (this.inFlight + bytes > this.maxBytes) return false;
    this.inFlight += bytes;
    return true;
  }

  give(bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - bytes);
  }
}

const held = Symbol('upload bytes held');

declare module 'fastify' {
  interface FastifyRequest {
    [held]?: number;
  }
}

/** A name safe to show and record: its last path segment, no control characters, at most 120 characters. */
export function displayName(name: string | undefined): string {
  const last = String(name ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return (last || '未命名.xlsx').slice(0, 120);
}

/** @fastify/multipart's onFile: reads the part into `part.value` within the budget. */
export function onFileWithin(budget: UploadBudget, tooLarge: () => Error, busy: () => Error) {
  return async function onFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file) {
      const buffer = chunk as Buffer;
      if (!budget.take(buffer.length)) {
        part.file.resume();
        throw busy();
      }
      this[held] = (this[held] ?? 0) + buffer.length;
      size += buffer.length;
      chunks.push(buffer);
    }
    if (part.file.truncated) throw tooLarge();
    const joined = Buffer.concat(chunks, size);
    const file: UploadedFile = {
      name: displayName(part.filename),
      bytes: new Uint8Array(joined.buffer, joined.byteOffset, joined.length),
    };
    (part as unknown as { value: UploadedFile }).value = file;
  };
}

/** Gives back what a request held (onResponse, whatever happened). */
export function releaseUploads(budget: UploadBudget, request: FastifyRequest): void {
  budget.give(request[held] ?? 0);
  request[held] = 0;
}

/** The `file` fields of a parsed multipart body. */
export function filesOf(body: unknown): UploadedFile[] {
  const value = (body as { file?: unknown } | undefined)?.file;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter(
    (f): f is UploadedFile =>
      typeof f === 'object' && f !== null && (f as UploadedFile).bytes instanceof Uint8Array,
  );
}
