/**
 * Text from units goes into XML. XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/FFFF;
 * Word refuses a file containing them, so they are dropped (tab and line breaks are kept as spaces
 * or breaks by the caller).
 */
const INVALID_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXml(text: string): string {
  return text.replace(INVALID_XML, '');
}

/** One line of text: invalid characters dropped, any line break or tab folded into one space. */
export function cleanLine(text: string): string {
  return stripInvalidXml(text)
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .trim();
}

/**
 * Data never contains a live placeholder: a word joiner (U+2060, invisible) goes between two opening
 * braces, so `{{x}}` typed by a unit prints as typed but is neither patched nor mistaken for a leftover.
 */
export function defusePlaceholders(text: string): string {
  return text.replace(/\{(?=\{)/g, '{\u2060');
}
