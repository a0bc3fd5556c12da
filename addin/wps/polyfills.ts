/**
 * Built-ins newer than the Chromium some WPS builds embed; the syntax is lowered by the build
 * (scripts/addin-build.ts), these few library calls are filled in only where missing.
 */
const proto = Array.prototype as unknown as Record<string, unknown>;
if (!proto.flatMap) {
  proto.flatMap = function flatMap<T, U>(this: T[], fn: (value: T, index: number) => U | U[]): U[] {
    const out: U[] = [];
    this.forEach((v, i) => {
      const r = fn(v, i);
      if (Array.isArray(r)) out.push(...r);
      else out.push(r);
    });
    return out;
  };
}
const object = Object as unknown as Record<string, unknown>;
if (!object.fromEntries) {
  object.fromEntries = (entries: Iterable<[PropertyKey, unknown]>) => {
    const out: Record<PropertyKey, unknown> = {};
    for (const [k, v] of entries) out[k] = v;
    return out;
  };
}
const string = String.prototype as unknown as Record<string, unknown>;
if (!string.replaceAll) {
  string.replaceAll = function replaceAll(this: string, search: string, replacement: string): string {
    return this.split(search).join(replacement);
  };
}
if (!string.matchAll) {
  string.matchAll = function* matchAll(this: string, re: RegExp) {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (let m = global.exec(this); m; m = global.exec(this)) yield m;
  };
}
