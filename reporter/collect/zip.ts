import { unzipSync } from 'fflate';

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
  size: number;
  originalSize: number;
}

export class ZipLimitError extends Error {
  constructor(
    readonly kind: 'entries' | 'entry-size' | 'total-size' | 'ratio',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads only the entries asked for. fflate inflates into a buffer of the declared size and never
 * past it, so checking the declared sizes up front bounds memory whatever the data claims.
 */
export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();

  constructor(
    private readonly bytes: Uint8Array,
    limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    let total = 0;
    unzipSync(bytes, {
      filter: (file) => {
        this.entries.set(file.name, { name: file.name, size: file.size, originalSize: file.originalSize });
        return false;
      },
    });
    if (this.entries.size > limits.maxEntries) {
      throw new ZipLimitError('entries', `压缩包内文件过多（${this.entries.size} 个）`);
    }
    for (const e of this.entries.values()) {
      total += e.originalSize;
      if (e.originalSize > limits.maxEntryBytes) {
        throw new ZipLimitError('entry-size', `内部文件 ${e.name} 解压后达 ${mb(e.originalSize)}，超过上限`);
      }
      if (e.originalSize > limits.ratioFloorBytes && e.originalSize > limits.maxRatio * Math.max(e.size, 1)) {
        throw new ZipLimitError(
          'ratio',
          `内部文件 ${e.name} 压缩比异常（${Math.round(e.originalSize / Math.max(e.size, 1))} 倍）`,
        );
      }
    }
    if (total > limits.maxTotalBytes) {
      throw new ZipLimitError('total-size', `解压后总大小达 ${mb(total)}，超过上限`);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Inflates the named entries that exist; names are matched exactly. */
  read(names: string[]): Map<string, Uint8Array> {
    const wanted = new Set(names.filter((n) => this.entries.has(n)));
    if (wanted.size === 0) return new Map();
    return new Map(Object.entries(unzipSync(this.bytes, { filter: (f) => wanted.has(f.name) })));
  }

  text(name: string): string | undefined {
    const data = this.read([name]).get(name);
    return data && decoder.decode(data);
  }
}

const decoder = new TextDecoder('utf-8');

export function decodeText(data: Uint8Array): string {
  return decoder.decode(data);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
