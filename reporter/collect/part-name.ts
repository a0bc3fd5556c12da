/**
 * OPC part names as Excel resolves them (ECMA-376 Part 2, 9.1.1 and Annex A). A returned workbook
 * may come from any tool: its relationship targets may be absolute or relative, in another case, and
 * percent-encoded (`sheet%31.xml` is `sheet1.xml`, `%E4%BB%BB%20a.xml` is `任 a.xml`), and its zip
 * item names may be stored encoded or not. Both sides meet at one key.
 */

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
/** RFC 3986 unreserved characters, and the two slashes Annex A decodes before resolving. */
const DECODED_BEFORE_RESOLVING = /^[A-Za-z0-9\-._~/\\]$/;

/** Decodes every run of escapes that is UTF-8; a run that is not stays as written. */
function percentDecoded(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(ESCAPE_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * An OPC part name as looked up in the archive: part names compare case-insensitively (9.1.1.1)
 * once percent-decoded, and a zip item name is the part name without its leading '/'.
 */
export function partKey(name: string): string {
  return percentDecoded(name.startsWith('/') ? name.slice(1) : name).toLowerCase();
}

/**
 * A relationship's target as a part name: absolute (`/xl/worksheets/sheet1.xml`) or relative to the
 * folder of the part whose relationships name it (`base`), resolved as Annex A.3 says: unreserved
 * characters and slashes decoded first (so `%2E%2E` is `..`), backslashes as slashes, dot segments
 * resolved, trailing dots and segments of three or more dots dropped. Other escapes stay for
 * partKey, which decodes them once.
 */
export function resolvePart(base: string, target: string): string {
  const decoded = target
    .replace(ESCAPE, (escape, hex: string) => {
      const char = String.fromCharCode(parseInt(hex, 16));
      return DECODED_BEFORE_RESOLVING.test(char) ? char : escape;
    })
    .replace(/\\/g, '/');
  const parts = decoded.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const piece of decoded.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece === '.' || piece === '' || /^\.{3,}$/.test(piece)) continue;
    else parts.push(piece.replace(/\.+$/, ''));
  }
  return parts.join('/');
}
