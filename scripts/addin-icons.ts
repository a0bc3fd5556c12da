// Draws the add-in icons from code (no committed binaries): a Fluent-blue rounded tile with
// sheet rows and a check mark, rendered with 4×4 supersampling and encoded as PNG via fflate.
import { zlibSync } from 'fflate';

type Rgba = [number, number, number, number];

const BLUE: Rgba = [15, 108, 189, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREEN: Rgba = [16, 124, 16, 255];

/** Shapes in unit coordinates (0..1, y down); the first shape that covers a point paints it. */
function colorAt(x: number, y: number): Rgba | null {
  // Check mark: a thick polyline, drawn over everything else.
  if (nearSegment(x, y, 0.5, 0.66, 0.62, 0.78, 0.065) || nearSegment(x, y, 0.62, 0.78, 0.86, 0.5, 0.065)) {
    return GREEN;
  }
  if (nearSegment(x, y, 0.5, 0.66, 0.62, 0.78, 0.12) || nearSegment(x, y, 0.62, 0.78, 0.86, 0.5, 0.12)) {
    return WHITE;
  }
  if (!insideRoundedRect(x, y, 0.04, 0.04, 0.92, 0.92, 0.18)) return null;
  // Three sheet rows, the last one shortened to leave room for the check.
  const rows: [number, number][] = [
    [0.26, 0.76],
    [0.44, 0.76],
    [0.62, 0.42],
  ];
  for (const [top, right] of rows) {
    if (y >= top && y <= top + 0.09 && x >= 0.22 && x <= right) return WHITE;
  }
  return BLUE;
}

function insideRoundedRect(
  x: number,
  y: number,
  left: number,
  top: number,
  w: number,
  h: number,
  r: number,
): boolean {
  const cx = Math.min(Math.max(x, left + r), left + w - r);
  const cy = Math.min(Math.max(y, top + r), top + h - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= left && x <= left + w && y >= top && y <= top + h;
}

function nearSegment(
  x: number,
  y: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  halfWidth: number,
): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return (x - (x1 + t * dx)) ** 2 + (y - (y1 + t * dy)) ** 2 <= halfWidth * halfWidth;
}

/** RGBA pixels of a size×size icon. */
export function renderIcon(size: number): Uint8Array {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colorAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          // Premultiplied accumulation keeps edges against transparency clean.
          sum[0] += c[0] * c[3];
          sum[1] += c[1] * c[3];
          sum[2] += c[2] * c[3];
          sum[3] += c[3];
        }
      }
      const o = (py * size + px) * 4;
      const alpha = sum[3] / (samples * samples);
      pixels[o] = sum[3] ? Math.round(sum[0] / sum[3]) : 0;
      pixels[o + 1] = sum[3] ? Math.round(sum[1] / sum[3]) : 0;
      pixels[o + 2] = sum[3] ? Math.round(sum[2] / sum[3]) : 0;
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Minimal PNG encoder: 8-bit RGBA, filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Sizes the manifest names (16/32/80 ribbon, 32/64 store tile). */
export const ICON_SIZES = [16, 32, 64, 80] as const;

export function iconFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const size of ICON_SIZES) files.set(`icon-${size}.png`, encodePng(size, size, renderIcon(size)));
  return files;
}
