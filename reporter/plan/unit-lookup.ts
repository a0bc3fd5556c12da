/**
 * Resolves a list cell's items to unit codes. An item the list splitter cut in two at a `、`
 * (an alias like `供水、供气公司`) is rejoined when the joined text names a unit.
 */
export function resolveUnitList(
  items: string[],
  resolve: (text: string) => string | undefined,
): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const code = resolve(items[i]);
    if (code) {
      codes.push(code);
      continue;
    }
    const joined = i + 1 < items.length ? resolve(`${items[i]}、${items[i + 1]}`) : undefined;
    if (joined) {
      codes.push(joined);
      i++;
    } else {
      unknown.push(items[i]);
    }
  }
  return { codes, unknown };
}
