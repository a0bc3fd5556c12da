import { crc32, inflateRawSync } from 'node:zlib';
import { partKey } from './part-name.js';

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
  /** CRC-32 of the uncompressed data, as the central directory declares it. */
  crc: number;
  /** Offset of the entry's data, after its local header. */
  dataOffset: number;
}

/**
 * An archive that is not what it claims: damaged data (CRC), local headers that disagree with the
 * central directory, entries that overlap, or two entries for one part (readers would disagree on
 * which copy counts, so the office might store values the unit never saw).
 */
export class ZipIntegrityError extends Error {
  constructor(
    readonly kind: 'crc' | 'header' | 'duplicate' | 'overlap',
    /** The entry concerned, as named in the archive. */
    readonly entry: string,
  ) {
    super(`zip ${kind}: ${entry}`);
  }
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
  /** By the name stored in the archive. */
  readonly entries = new Map<string, ZipEntry>();
  /** By part name (partKey). */
  private readonly parts = new Map<string, ZipEntry>();

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
      const crc = u32(b, offset + 16);
      let size = u32(b, offset + 20);
      let originalSize = u32(b, offset + 24);
      const nameLength = u16(b, offset + 28);
      const extraLength = u16(b, offset + 30);
      const commentLength = u16(b, offset + 32);
      let headerOffset = u32(b, offset + 42);
      const nameAt = offset + 46;
      const nameBytes = b.subarray(nameAt, nameAt + nameLength);
      const name = flags & 0x800 ? utf8.decode(nameBytes) : latin1(nameBytes);
      if (size === 0xffffffff || originalSize === 0xffffffff || headerOffset === 0xffffffff) {
        const wide = zip64Extra(b, nameAt + nameLength, extraLength, {
          originalSize,
          size,
          headerOffset,
        });
        ({ originalSize, size, headerOffset } = wide);
      }
      offset = nameAt + nameLength + extraLength + commentLength;
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
      // Limits first: a bomb's claim is reported as such even where its headers disagree too.
      const key = partKey(name);
      if (this.parts.has(key)) throw new ZipIntegrityError('duplicate', name);
      const dataOffset = checkLocalHeader(b, name, nameBytes, {
        flags,
        method,
        crc,
        size,
        originalSize,
        headerOffset,
      });
      const entry = { name, size, originalSize, method, headerOffset, crc, dataOffset };
      this.entries.set(name, entry);
      this.parts.set(key, entry);
    }
    if (this.entries.size > limits.maxEntries) {
      throw new ZipLimitError('entries', `压缩包内文件过多（${this.entries.size} 个）`);
    }
    if (total > limits.maxTotalBytes) {
      throw new ZipLimitError('total-size', `解压后总大小达 ${mb(total)}，超过上限`);
    }
    // Entries that share bytes (the overlapping-entry zip bomb) make one part count twice.
    const spans = [...this.entries.values()].sort((x, y) => x.headerOffset - y.headerOffset);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i - 1].dataOffset + spans[i - 1].size > spans[i].headerOffset) {
        throw new ZipIntegrityError('overlap', spans[i].name);
      }
    }
  }

  /** Whether the part exists; names compare as OPC part names (case-insensitive, leading '/' optional). */
  has(name: string): boolean {
    return this.parts.has(partKey(name));
  }

  /** The entry of a part name, compared as OPC part names compare. */
  find(name: string): ZipEntry | undefined {
    return this.parts.get(partKey(name));
  }

  /**
   * The entry's bytes as stored (compressed), or undefined. Equal raw bytes with the same method
   * inflate to equal contents, so callers may key caches of parsed parts on them.
   */
  raw(name: string): { method: number; crc: number; data: Uint8Array } | undefined {
    const e = this.find(name);
    if (!e) return undefined;
    return { method: e.method, crc: e.crc, data: this.bytes.subarray(e.dataOffset, e.dataOffset + e.size) };
  }

  /**
   * Inflates one entry, or undefined when it does not exist. The data must match the declared
   * size and CRC-32: a damaged entry (a flipped bit in transit) is refused, never read as values.
   */
  entry(name: string): Uint8Array | undefined {
    const e = this.find(name);
    if (!e) return undefined;
    const raw = this.bytes.subarray(e.dataOffset, e.dataOffset + e.size);
    let data: Uint8Array;
    if (e.method === 0) data = raw.slice();
    else if (e.method !== 8) throw new Error(`unknown compression type ${e.method}`);
    else if (e.originalSize === 0) data = new Uint8Array(0);
    // Native inflate (about twice fflate's speed); output beyond the declared size is an error, so
    // a lying header can neither exhaust memory nor slip in more than was checked.
    else data = inflateRawSync(raw, { maxOutputLength: e.originalSize });
    if (data.length !== e.originalSize || crc32(data) !== e.crc) throw new ZipIntegrityError('crc', e.name);
    return data;
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

/** The zip64 extended information extra field (id 1) widens exactly the fields saturated at 0xffffffff. */
function zip64Extra<T extends { originalSize: number; size: number; headerOffset?: number }>(
  b: Uint8Array,
  at: number,
  length: number,
  fields: T,
): T {
  const out = { ...fields };
  const end = at + length;
  for (let x = at; x + 4 <= end; x += 4 + u16(b, x + 2)) {
    if (u16(b, x) !== 1) continue;
    let p = x + 4;
    const fieldEnd = Math.min(end, p + u16(b, x + 2));
    const take = () => {
      if (p + 8 > fieldEnd) throw new Error('invalid zip64 extra field');
      const v = u64(b, p);
      p += 8;
      return v;
    };
    if (out.originalSize === 0xffffffff) out.originalSize = take();
    if (out.size === 0xffffffff) out.size = take();
    if (out.headerOffset === 0xffffffff) out.headerOffset = take();
    return out;
  }
  throw new Error('zip64 sizes without their extra field');
}

interface CentralFields {
  flags: number;
  method: number;
  crc: number;
  size: number;
  originalSize: number;
  headerOffset: number;
}

/**
 * The local header must tell the same story as the central directory: readers that walk local
 * headers (and some that stream) would otherwise read other names, methods or data than we judged.
 * Returns where the entry's data starts.
 */
function checkLocalHeader(b: Uint8Array, name: string, nameBytes: Uint8Array, c: CentralFields): number {
  const h = c.headerOffset;
  if (h + 30 > b.length || u32(b, h) !== 0x04034b50) throw new ZipIntegrityError('header', name);
  const flags = u16(b, h + 6);
  const method = u16(b, h + 8);
  const nameLength = u16(b, h + 26);
  const extraLength = u16(b, h + 28);
  const dataOffset = h + 30 + nameLength + extraLength;
  if (dataOffset > b.length || dataOffset + c.size > b.length) throw new ZipIntegrityError('header', name);
  const localName = b.subarray(h + 30, h + 30 + nameLength);
  const sameName = localName.length === nameBytes.length && localName.every((x, i) => x === nameBytes[i]);
  // Bit 3: sizes and CRC follow the data in a descriptor, and the local fields may be zero.
  const described = (flags & 0x8) !== 0;
  if (!sameName || method !== c.method || described !== ((c.flags & 0x8) !== 0)) {
    throw new ZipIntegrityError('header', name);
  }
  if (!described) {
    const crc = u32(b, h + 14);
    const local = zip64Extra2(b, h + 30 + nameLength, extraLength, u32(b, h + 22), u32(b, h + 18));
    if (crc !== c.crc || local.originalSize !== c.originalSize || local.size !== c.size) {
      throw new ZipIntegrityError('header', name);
    }
  }
  return dataOffset;
}

function zip64Extra2(b: Uint8Array, at: number, length: number, originalSize: number, size: number) {
  // A local zip64 field carries both sizes whenever either is saturated.
  if (originalSize !== 0xffffffff && size !== 0xffffffff) return { originalSize, size };
  return zip64Extra(b, at, length, { originalSize: 0xffffffff, size: 0xffffffff });
}

/**
 * A part's XML as text. Buffer's UTF-8 decoding replaces malformed bytes as TextDecoder does and
 * is much faster on Chinese text (most of a workbook's strings); a byte order mark is dropped, as
 * TextDecoder drops it.
 */
export function decodeText(data: Uint8Array): string {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
