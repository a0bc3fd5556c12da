import type { UnitDirectory } from './import/unit-directory.js';
import { readUnitList } from './import/unit-list.js';
import type { Responsibility, ResponsibilityRole, Unit } from './model.js';

/**
 * Turns a document's responsibility lists into unit assignments. Names resolve by name and alias;
 * group phrases expand (`各县(市、区)人民政府` to every county-level unit, `联席会议成员单位` to
 * every city department); a name that matches nothing becomes a new unit. Where the document says
 * who leads (牵头单位, X牵头) it is followed; otherwise the first named unit — or every unit of a
 * group named first — leads and the rest partner, as Chinese work plans conventionally read.
 */

export interface ResponsibilityLists {
  lead: string[];
  partner: string[];
  /** 责任单位 with no 牵头/配合 split. */
  responsible: string[];
}

export interface NamedUnits {
  /** Units in the order named, each with the role its item gave (if any). */
  entries: { unit: Unit; role?: ResponsibilityRole; first: boolean }[];
  /** Names that matched nothing and were added as new units. */
  added: { unit: Unit; name: string }[];
  /** Full official names taken for a unit's short name (or the other way round), now its aliases. */
  abbreviated: { unit: Unit; name: string }[];
  /** Group phrases that name no one precisely (`市直有关单位`). */
  vague: string[];
  /** Tail words that added nobody (`等有关单位`). */
  tails: string[];
  carriesForward: boolean;
}

const ROLE_MARK = /[(（]\s*(牵头单位|牵头|主责|配合单位|配合|参与)\s*[)）]$/;

/**
 * The units a list names. Vague group phrases stand for the units of `scope` of that kind when a
 * scope is given (in a task, `市有关单位` are the task's own city departments), else all of them.
 */
export function namedUnits(text: string, directory: UnitDirectory, scope?: readonly Unit[]): NamedUnits {
  const list = readUnitList(text);
  const named: NamedUnits = {
    entries: [],
    added: [],
    abbreviated: [],
    vague: [],
    tails: list.tails,
    carriesForward: list.carriesForward,
  };
  list.items.forEach((item, i) => {
    const mark = ROLE_MARK.exec(item);
    const role: ResponsibilityRole | undefined = mark
      ? /牵头|主责/.test(mark[1])
        ? 'lead'
        : 'partner'
      : undefined;
    const name = mark ? item.slice(0, mark.index).trim() : item;
    const match = directory.match(name);
    const first = i === 0;
    if (match.kind === 'unit') {
      named.entries.push({ unit: match.unit, role, first });
      if (match.abbreviation) {
        directory.addAlias(match.unit, name);
        named.abbreviated.push({ unit: match.unit, name });
      }
    } else if (match.kind === 'group') {
      const kinds = new Set(match.units.map((u) => u.kind));
      const units = match.vague && scope ? scope.filter((u) => kinds.has(u.kind)) : match.units;
      if (match.vague) named.vague.push(name);
      for (const unit of units) named.entries.push({ unit, role, first });
    } else {
      const unit = directory.add(name);
      named.added.push({ unit, name });
      named.entries.push({ unit, role, first });
    }
  });
  return named;
}

export interface ResolvedResponsibilities {
  responsibilities: Responsibility[];
  added: { unit: Unit; name: string }[];
  abbreviated: { unit: Unit; name: string }[];
  vague: string[];
  tails: string[];
  carriesForward: boolean;
  /** No list said who leads and the first named unit was made lead. */
  leadGuessed: boolean;
}

export function resolveResponsibilities(
  lists: ResponsibilityLists,
  directory: UnitDirectory,
): ResolvedResponsibilities {
  const roles = new Map<string, ResponsibilityRole>();
  const result: ResolvedResponsibilities = {
    responsibilities: [],
    added: [],
    abbreviated: [],
    vague: [],
    tails: [],
    carriesForward: false,
    leadGuessed: false,
  };
  // `市审批局、市财政局（牵头）`: a list that marks its lead says who leads.
  const marksLead = (text: string) =>
    readUnitList(text).items.some((item) => /牵头|主责/.test(ROLE_MARK.exec(item)?.[1] ?? ''));
  const explicitLead = lists.lead.length > 0 || lists.responsible.some(marksLead);
  const read = (texts: string[], role: ResponsibilityRole | 'responsible') => {
    for (const text of texts) {
      const named = namedUnits(text, directory);
      const firstOfAll = roles.size === 0;
      for (const entry of named.entries) {
        const fallback: ResponsibilityRole =
          role !== 'responsible' ? role : !explicitLead && firstOfAll && entry.first ? 'lead' : 'partner';
        if (!roles.has(entry.unit.code)) roles.set(entry.unit.code, entry.role ?? fallback);
      }
      result.added.push(...named.added);
      result.abbreviated.push(...named.abbreviated);
      result.vague.push(...named.vague);
      result.tails.push(...named.tails);
      result.carriesForward ||= named.carriesForward;
    }
  };
  read(lists.lead, 'lead');
  read(lists.responsible, 'responsible');
  read(lists.partner, 'partner');
  result.responsibilities = [...roles].map(([unit, role]) => ({ unit, role }));
  if (result.responsibilities.length > 0 && !result.responsibilities.some((r) => r.role === 'lead')) {
    result.responsibilities[0].role = 'lead';
    result.leadGuessed = true;
  }
  return result;
}
