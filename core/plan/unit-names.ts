import { foldWidth } from '../values/input.js';
import type { Unit, UnitKind } from './model.js';

/** Spelling-insensitive key: people mix full- and half-width brackets and stray spaces. */
export const unitKey = (text: string): string => foldWidth(text).replace(/\s+/g, '').toUpperCase();

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
 * What a name in a document stands for: one unit, a group phrase (`各县(市、区)人民政府`,
 * `联席会议成员单位`), or nothing known.
 */
export type NameMatch =
  | {
      kind: 'unit';
      unit: Unit;
      /** Matched only as a full name of the unit's short name (or the other way round). */
      abbreviation?: true;
    }
  | {
      kind: 'group';
      units: Unit[];
      /** The phrase names no one precisely (`市直有关单位`): the office should prune the list. */
      vague: boolean;
    }
  | { kind: 'unknown'; name: string };

interface GroupRule {
  pattern: RegExp;
  kind: UnitKind;
  vague: boolean;
}

// Matched on the folded key (half-width brackets, no spaces). Vague phrases stand for "the ones
// concerned": within a task they mean the task's own units of that kind.
const GROUPS: GroupRule[] = [
  {
    pattern:
      /^(?:各|每|每个|全部|所有|全市各)?县(?:\(市[、,]?区\)|市区|区|\(市\)|\(区\))(?:人民政府|政府|党委、?政府)?$/,
    kind: 'county',
    vague: false,
  },
  {
    pattern: /^(?:各|每|每个|全部|所有)开发区(?:管委会|管理委员会)?$/,
    kind: 'development-zone',
    vague: false,
  },
  {
    pattern: /^市?(?:社会信用体系建设)?(?:联席会议)?(?:各|全体)?成员单位$/,
    kind: 'city-department',
    vague: false,
  },
  { pattern: /^(?:市直|市级)(?:各)?(?:单位|部门)$/, kind: 'city-department', vague: false },
  {
    pattern: /^(?:市直|市级|市|各级|全市)?(?:各)?(?:有关|相关)(?:市直)?(?:单位|部门|成员单位)$/,
    kind: 'city-department',
    vague: true,
  },
  {
    pattern: /^市?(?:社会信用体系建设)?(?:联席会议)?(?:有关|相关)成员单位$/,
    kind: 'city-department',
    vague: true,
  },
  { pattern: /^(?:各|全市各)(?:部门|单位)(?:各单位|各部门)?$/, kind: 'city-department', vague: true },
];

/** The group a phrase names, if it is one. */
function groupOf(
  text: string,
  units: readonly Unit[],
): { units: Unit[]; vague: boolean; kind: UnitKind } | undefined {
  const key = unitKey(text);
  const rule = GROUPS.find((g) => g.pattern.test(key));
  if (!rule) return undefined;
  return { units: units.filter((u) => u.kind === rule.kind), vague: rule.vague, kind: rule.kind };
}

const GOVERNMENT_SUFFIX = /(?:人民政府|政府|管委会|管理委员会)$/;
const TRAILING_BRACKET = /[(（][^()（）]*[)）]$/;

/**
 * Resolves one name from a document: exact name or alias first, then the spellings documents
 * vary in (a bracketed gloss `市能源局(国网XX供电公司)`, `河津市人民政府` for 河津市, with or
 * without the leading 市), then group phrases.
 */
export function matchName(
  name: string,
  units: readonly Unit[],
  lookup = unitLookup(units),
  options: { abbreviations?: boolean } = {},
): NameMatch {
  const byCode = (code: string | undefined) => (code ? units.find((u) => u.code === code) : undefined);
  const tries = (text: string): Unit | undefined => {
    const exact = byCode(lookup(text));
    if (exact) return exact;
    const bare = text.replace(GOVERNMENT_SUFFIX, '');
    if (bare !== text && bare.length >= 2) {
      const unit = byCode(lookup(bare));
      if (unit) return unit;
    }
    if (text.startsWith('市') && text.length > 3) return byCode(lookup(text.slice(1)));
    return byCode(lookup(`市${text}`));
  };
  const trimmed = name.trim();
  const direct = tries(trimmed);
  if (direct) return { kind: 'unit', unit: direct };
  const group = groupOf(trimmed, units);
  if (group) return { kind: 'group', units: group.units, vague: group.vague };
  const bracket = TRAILING_BRACKET.exec(trimmed);
  if (bracket && bracket.index > 0) {
    const outer = tries(trimmed.slice(0, bracket.index));
    const inner = outer ?? tries(bracket[0].slice(1, -1));
    if (inner) return { kind: 'unit', unit: inner };
  }
  const abbreviated = options.abbreviations === false ? undefined : abbreviationMatch(trimmed, units);
  if (abbreviated) return { kind: 'unit', unit: abbreviated, abbreviation: true };
  // `税务部门`, `教育系统`: the one unit whose name holds the field.
  const field = /^市?(.{2,6}?)(?:部门|系统|机关)$/.exec(trimmed);
  if (field) {
    const hits = units.filter(
      (u) => u.name.includes(field[1]) || u.aliases.some((a) => a.includes(field[1])),
    );
    if (hits.length === 1) return { kind: 'unit', unit: hits[0] };
  }
  return { kind: 'unknown', name: trimmed };
}

// Official names end in 委员会 or 办公室 where the short name ends in 委 or 办.
const officialEnding = (name: string) => name.replace(/委员会$/, '委').replace(/办公室$/, '办');

/** Whether `short`'s characters appear in `long` in order (市人社局 in 市人力资源和社会保障局). */
function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) if (char === short[at]) at++;
  return at === short.length;
}

/**
 * Full official name against short name, either way round: `市人力资源和社会保障局` is 市人社局,
 * `国家税务总局晋城市税务局` is 市税务局, `中国人民银行晋城市分行` is 人行XX市分行 (XX stands for the
 * city). Both must end alike (局/委/行…), the short name keep at least three characters, and only
 * one unit may fit; anything else is no match.
 */
function abbreviationMatch(name: string, units: readonly Unit[]): Unit | undefined {
  const document = officialEnding(unitKey(name));
  // One name, not a phrase or list that happens to hold a unit's characters.
  if (document.length < 3 || document.length > 20 || /[、,;:。()[\]〔〕【】]/.test(document))
    return undefined;
  const fits = (known: string) => {
    const spelled = officialEnding(unitKey(known).replace(/XX/g, ''));
    const [short, long] = spelled.length <= document.length ? [spelled, document] : [document, spelled];
    return short.length >= 3 && short !== long && short.at(-1) === long.at(-1) && isSubsequence(short, long);
  };
  const hits = units.filter((unit) => [unit.name, ...unit.aliases].some(fits));
  return hits.length === 1 ? hits[0] : undefined;
}

/** The kind a new name most likely is: `河津市`, `盐湖区` are county-level, `…开发区` a zone. */
export function guessUnitKind(name: string): UnitKind {
  const bare = name.replace(GOVERNMENT_SUFFIX, '');
  if (/(?:开发区|高新区|新区|园区|示范区)$/.test(bare)) return 'development-zone';
  if (/^[^市]{1,4}[县区市]$/.test(bare)) return 'county';
  return 'city-department';
}
