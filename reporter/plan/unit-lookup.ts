import type { Unit } from '../../core/plan/model.js';
import { toHalfWidth } from './values.js';

/** Spelling-insensitive key: people mix full- and half-width brackets and stray spaces. */
export const unitKey = (text: string): string =>
  toHalfWidth(text).replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toUpperCase();

/** Unit code for a unit's code, name or alias. */
export function unitLookup(units: readonly Unit[]): (text: string) => string | undefined {
  const map = new Map<string, string>();
  // Codes first, names, then aliases: an exact code or name always wins over someone's alias.
  for (const unit of units) if (!map.has(unitKey(unit.code))) map.set(unitKey(unit.code), unit.code);
  for (const unit of units) if (!map.has(unitKey(unit.name))) map.set(unitKey(unit.name), unit.code);
  for (const unit of units) {
    for (const alias of unit.aliases) if (!map.has(unitKey(alias))) map.set(unitKey(alias), unit.code);
  }
  return (text) => map.get(unitKey(text));
}

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
