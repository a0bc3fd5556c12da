/**
 * A GB18030 (GBK range) encoder for fixtures: Node decodes GB18030 but cannot encode it, so the
 * table is built by decoding every two-byte code once. Text files from older Windows and WPS come
 * in this encoding.
 */
let table: Map<string, [number, number]> | undefined;

function codes(): Map<string, [number, number]> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  return table;
}

function encode(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = codes().get(char);
    if (!pair) throw new Error(`no GBK code for ${char}`);
    bytes.push(...pair);
  }
  return Buffer.from(bytes);
}

export default { encode };
