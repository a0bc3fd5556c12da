/**
 * What a normalizer returns: a value (null when the cell is blank or says "nothing"), or a Chinese
 * reason that quotes what was typed and, where it can, says how to write it instead.
 */
export type Normalized<T> = { ok: true; value: T | null } | { ok: false; reason: string };

export function accept<T>(value: T | null): Normalized<T> {
  return { ok: true, value };
}

export function reject(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
