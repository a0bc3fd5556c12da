/**
 * Text files as offices save them: UTF-8 (with or without BOM), UTF-16 from Notepad's "Unicode", or
 * GB18030/GBK from older Windows and WPS. Bytes that are not valid UTF-8 are read as GB18030, which
 * covers GBK and GB2312.
 */
export function decodeDocumentText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const PAGE_NUMBER = /^[\s\-—–－·]*\d{1,3}[\s\-—–－·]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$/;
const STARTS_PARAGRAPH =
  /^(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,3}\s*[.．、](?!\d)|[①-⑳]|附\s*件)/;

const ENDS_SENTENCE = /[。！？!?；;：:）)”]$/;

/** Display width of a line: CJK and full-width characters are two columns, ASCII one. */
const widthOf = (line: string) =>
  [...line].reduce((sum, char) => sum + (char.charCodeAt(0) < 0x80 ? 1 : 2), 0);

/**
 * Lines of `pdftotext` output joined back into paragraphs: PDF text breaks at every line of the
 * page, so a line runs on unless it starts a numbered heading or the line before it stopped short
 * of the full line width at the end of a sentence (or is as short as a heading). The spaces
 * pdftotext puts between Chinese and Latin letters or digits go, and so do page numbers.
 */
export function joinPdfLines(text: string): string {
  // Blank lines and page numbers are page furniture (pdftotext puts them at every page break).
  const lines = text
    .split(/\r?\n|\f/)
    .map((line) => line.replace(/(?<=[^ -~]) +| +(?=[^ -~])/g, '').trim())
    .filter((line) => line && !PAGE_NUMBER.test(line));
  const widths = lines.map(widthOf).sort((a, b) => a - b);
  // The full width of a text line: what the longer lines reach.
  const full = widths[Math.floor(widths.length * 0.9)] ?? 0;
  const paragraphs: string[] = [];
  let current = '';
  let previous = '';
  for (const line of lines) {
    // A line cut short ends its paragraph when it ends a sentence or is a heading-short line; a
    // line the typesetter broke early (a long book title, 〔2019〕 kept together) runs on.
    const short = widthOf(previous) < full - 4;
    const ended = short && (ENDS_SENTENCE.test(previous) || widthOf(previous) < full / 2);
    if (current && (STARTS_PARAGRAPH.test(line) || ended)) {
      paragraphs.push(current);
      current = line;
    } else current += line;
    previous = line;
  }
  if (current) paragraphs.push(current);
  return paragraphs.join('\n');
}
