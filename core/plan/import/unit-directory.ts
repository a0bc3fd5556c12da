import type { Unit, UnitKind } from '../model.js';
import { guessUnitKind, matchName, unitKey, unitLookup, type NameMatch } from '../unit-names.js';

const start = (text: string) => unitKey(text).slice(0, 2);
// How group phrases begin (各县(市、区), 每县, 市直有关单位, 联席会议成员单位…).
const GROUP_STARTS = [
  '各县',
  '每县',
  '每个',
  '全部',
  '所有',
  '全市',
  '各开',
  '市直',
  '市级',
  '市有',
  '市相',
  '有关',
  '相关',
  '各有',
  '各相',
  '各级',
  '市社',
  '社会',
  '联席',
  '成员',
  '各成',
  '市各',
  '各部',
  '各单',
];

const PREFIX: Record<UnitKind, string> = {
  'city-department': 'S',
  county: 'X',
  'development-zone': 'K',
  'credit-office': 'XYB',
};

/**
 * The units an import resolves names against: those carried over from the previous year, plus the
 * ones the document names that match none of them (added with the next free code of their kind).
 */
export class UnitDirectory {
  readonly units: Unit[];
  readonly added: Unit[] = [];
  private lookup: (text: string) => string | undefined;
  private starts: Set<string> | undefined;

  constructor(units: readonly Unit[]) {
    this.units = units.map((unit) => ({ ...unit, aliases: [...unit.aliases] }));
    this.lookup = unitLookup(this.units);
  }

  /**
   * What a name stands for. Scanning free text for names passes `abbreviations: false`: a full
   * official name only stands for a short one in a list of units.
   */
  match(name: string, options: { abbreviations?: boolean } = {}): NameMatch {
    return matchName(name, this.units, this.lookup, options);
  }

  /** The document's spelling of a unit, kept as an alias so the office sees it and next year matches. */
  addAlias(unit: Unit, alias: string): void {
    const own = this.units.find((u) => u.code === unit.code);
    if (!own || own.aliases.includes(alias)) return;
    own.aliases.push(alias);
    this.lookup = unitLookup(this.units);
    this.starts = undefined;
  }

  /**
   * Whether a name of a unit or group could start the text: a cheap test on its first two
   * characters, so scanning every clause for a leading unit name stays fast.
   */
  mayStartName(text: string): boolean {
    this.starts ??= new Set([
      ...this.units.flatMap((unit) =>
        [unit.name, ...unit.aliases].flatMap((name) => [name, name.replace(/^市/, '')]).map(start),
      ),
      ...GROUP_STARTS,
    ]);
    return this.starts.has(start(text)) || /^.{2,6}?(?:部门|系统|机关)/.test(text);
  }

  ofKind(kind: UnitKind): Unit[] {
    return this.units.filter((unit) => unit.kind === kind);
  }

  /** A new unit for a name that matched nothing; a bracketed gloss becomes its alias. */
  add(name: string): Unit {
    const gloss = /^(.+?)[(（]([^()（）]+)[)）]$/.exec(name);
    const kind = guessUnitKind(gloss ? gloss[1] : name);
    const prefix = PREFIX[kind];
    const taken = new Set(this.units.map((unit) => unit.code.toUpperCase()));
    const numbers = this.units
      .map((unit) => new RegExp(`^${prefix}(\\d+)$`).exec(unit.code)?.[1])
      .filter((n): n is string => n !== undefined);
    const width = Math.max(2, ...numbers.map((n) => n.length));
    let next = Math.max(0, ...numbers.map(Number)) + 1;
    while (taken.has(`${prefix}${String(next).padStart(width, '0')}`)) next++;
    const unit: Unit = {
      code: `${prefix}${String(next).padStart(width, '0')}`,
      name: gloss ? gloss[1].trim() : name,
      kind,
      aliases: gloss ? [gloss[2].trim()] : [],
      dualPublicity: false,
    };
    this.units.push(unit);
    this.added.push(unit);
    this.lookup = unitLookup(this.units);
    this.starts = undefined;
    return unit;
  }
}
