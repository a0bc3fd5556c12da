import type { Responsibility, Unit } from './model.js';

/**
 * Turns a seed responsibility list into unit assignments. The seed names units individually and
 * through collective phrases; the first named unit leads (牵头), the rest partner (配合), as Chinese
 * work plans conventionally read.
 */

const TAIL_WORDS = /等.*$/; // "市司法局等市有关单位" names 市司法局; the tail adds nobody specific.
const PARENTHETICAL = /\(.*\)$/; // "市能源局(国网XX供电公司)" is 市能源局.

type Group = (units: Unit[]) => { lead: Unit[]; partners: Unit[] };

const byKind = (units: Unit[], kind: Unit['kind']) => units.filter((u) => u.kind === kind);

/** Collective phrases of the seed and whom they mean. */
const GROUPS: Record<string, Group> = {
  市信用办及市社会信用体系建设联席会议成员单位: (units) => ({
    lead: byKind(units, 'credit-office'),
    partners: byKind(units, 'city-department'),
  }),
  // Every member unit acts in its own field: each one leads its part.
  市社会信用体系建设各成员单位: (units) => ({ lead: byKind(units, 'city-department'), partners: [] }),
  '各县(市、区)人民政府': (units) => ({ lead: [], partners: byKind(units, 'county') }),
};

export interface ResolvedResponsibility {
  responsibilities: Responsibility[];
  /** Names that matched no unit, for the plan check to report. */
  unknown: string[];
}

export function findUnit(units: Unit[], name: string): Unit | undefined {
  const wanted = name.trim();
  return units.find((u) => u.code === wanted || u.name === wanted || u.aliases.includes(wanted));
}

export function resolveResponsibility(names: string[], units: Unit[]): ResolvedResponsibility {
  const roles = new Map<string, Responsibility['role']>();
  const unknown: string[] = [];
  const assign = (unit: Unit, role: Responsibility['role']) => {
    if (!roles.has(unit.code)) roles.set(unit.code, role);
  };
  for (const raw of names) {
    const group = GROUPS[raw.trim()];
    const nobodyLeadsYet = roles.size === 0;
    if (group) {
      const { lead, partners } = group(units);
      lead.forEach((u) => assign(u, 'lead'));
      partners.forEach((u) => assign(u, 'partner'));
      continue;
    }
    const name = raw.replace(TAIL_WORDS, '').replace(PARENTHETICAL, '').trim();
    const unit = findUnit(units, name) ?? findUnit(units, raw.replace(TAIL_WORDS, '').trim());
    if (!unit) {
      unknown.push(raw);
      continue;
    }
    assign(unit, nobodyLeadsYet ? 'lead' : 'partner');
  }
  return {
    responsibilities: [...roles].map(([unit, role]) => ({ unit, role })),
    unknown,
  };
}
