import { inflateRawSync } from 'node:zlib';

/** Limits that keep a hostile archive from exhausting memory (zip bombs). */
export interface ZipLimits {
  /** Largest declared uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest declared uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio tolerated for entries above `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 4 * 1024 * 1024,
  maxEntries: 5000,
};

export interface ZipEntry {
  name: string;
  /** Compressed size. */
  size: number;
  originalSize: number;
  /** 0 stored, 8 deflate; anything else is refused when read. */
  method: number;
  /** Offset of the entry's local header. */
  headerOffset: number;
}

export class ZipLimitError extends Error {
  constructor(
    readonly kind: 'entries' | 'entry-size' | 'total-size' | 'ratio',
    message: string,
  ) {
    super(message);
  }
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 4294967296;

const utf8 = new TextDecoder('utf-8');
/** ISO-8859-1 exactly (TextDecoder's 'latin1' is windows-1252), as fflate reads names without the UTF-8 flag. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/**
 * Reads only the entries asked for. The central directory is parsed once (as fflate's unzipSync
 * does, zip64 included); an entry never inflates past its declared size, so checking the declared
 * sizes up front bounds memory whatever the data claims.
 */
export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();

  constructor(
    private readonly bytes: Uint8Array,
    limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    const b = bytes;
    let end = b.length - 22;
    for (; end >= 0 && u32(b, end) !== 0x06054b50; end--) {
      if (b.length - end > 65558) break;
    }
    if (end < 0 || u32(b, end) !== 0x06054b50) throw new Error('invalid zip data');
    let count = u16(b, end + 10);
    let offset = u32(b, end + 16);
    let zip64 = end >= 20 && u32(b, end - 20) === 0x07064b50;
    if (zip64) {
      const z = u64(b, end - 12);
      zip64 = u32(b, z) === 0x06064b50;
      if (zip64) {
        count = u64(b, z + 32);
        offset = u64(b, z + 48);
      }
    }
    if (count > limits.maxEntries) {
      throw new ZipLimitError('entries', `压缩包内文件过多（${count} 个）`);
    }
    let total = 0;
    for (let i = 0; i < count; i++) {
      if (offset + 46 > b.length || u32(b, offset) !== 0x02014b50) throw new Error('invalid zip data');
      const flags = u16(b, offset + 8);
      const method = u16(b, offset + 10);
      let size = u32(b, offset + 20);
      let originalSize = u32(b, offset + 24);
      const nameLength = u16(b, offset + 28);
      const extraLength = u16(b, offset + 30);
      const commentLength = u16(b, offset + 32);
      let headerOffset = u32(b, offset + 42);
      const nameAt = offset + 46;
      const nameBytes = b.subarray(nameAt, nameAt + nameLength);
      const name = flags & 0x800 ? utf8.decode(nameBytes) : latin1(nameBytes);
      if (zip64 && (size === 0xffffffff || originalSize === 0xffffffff || headerOffset === 0xffffffff)) {
        const extraEnd = nameAt + nameLength + extraLength;
        for (let x = nameAt + nameLength; x + 4 < extraEnd; x += 4 + u16(b, x + 2)) {
          if (u16(b, x) !== 1) continue;
          let at = x + 4;
          if (originalSize === 0xffffffff) {
            originalSize = u64(b, at);
            at += 8;
          }
          if (size === 0xffffffff) {
            size = u64(b, at);
            at += 8;
          }
          if (headerOffset === 0xffffffff) headerOffset = u64(b, at);
          break;
        }
      }
      offset = nameAt + nameLength + extraLength + commentLength;
      this.entries.set(name, { name, size, originalSize, method, headerOffset });
      total += originalSize;
      if (originalSize > limits.maxEntryBytes) {
        throw new ZipLimitError('entry-size', `内部文件 ${name} 解压后达 ${mb(originalSize)}，超过上限`);
      }
      if (originalSize > limits.ratioFloorBytes && originalSize > limits.maxRatio * Math.max(size, 1)) {
        throw new ZipLimitError(
          'ratio',
          `内部文件 ${name} 压缩比异常（${Math.round(originalSize / Math.max(size, 1))} 倍）`,
        );
      }
    }
    if (this.entries.size > limits.maxEntries) {
      throw new ZipLimitError('entries', `压缩包内文件过多（${this.entries.size} 个）`);
    }
    if (total > limits.maxTotalBytes) {
      throw new ZipLimitError('total-size', `解压后总大小达 ${mb(total)}，超过上限`);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The entry's bytes as stored (compressed), or undefined. Equal raw bytes with the same method
   * inflate to equal contents, so callers may key caches of parsed parts on them.
   */
  raw(name: string): { method: number; data: Uint8Array } | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const b = this.bytes;
    const h = e.headerOffset;
    if (h + 30 > b.length || u32(b, h) !== 0x04034b50) throw new Error(`invalid zip entry ${name}`);
    const start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
    if (start + e.size > b.length) throw new Error(`truncated zip entry ${name}`);
    return { method: e.method, data: b.subarray(start, start + e.size) };
  }

  /** Inflates one entry, or undefined when it does not exist. */
  entry(name: string): Uint8Array | undefined {
    const r = this.raw(name);
    if (!r) return undefined;
    const size = this.entries.get(name)!.originalSize;
    if (r.method === 0) return r.data.slice();
    if (r.method !== 8) throw new Error(`unknown compression type ${r.method}`);
    if (size === 0) return new Uint8Array(0);
    // Native inflate (about twice fflate's speed); output beyond the declared size is an error, so
    // a lying header can neither exhaust memory nor slip in more than was checked.
    return inflateRawSync(r.data, { maxOutputLength: size });
  }

  /** Inflates the named entries that exist; names are matched exactly. */
  read(names: string[]): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const name of names) {
      const data = this.entry(name);
      if (data) out.set(name, data);
    }
    return out;
  }

  text(name: string): string | undefined {
    const data = this.entry(name);
    return data && decodeText(data);
  }
}

export function decodeText(data: Uint8Array): string {
  return utf8.decode(data);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
