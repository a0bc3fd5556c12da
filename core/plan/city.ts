import type { Plan } from './model.js';

/**
 * The seed writes XX for the city (XX市, XX开发区, 人行XX市分行, 信用XX). Once the office has set its
 * city in plan.xlsx (设置: 城市名称, and 城市简称 where the short form differs), every text the program
 * generates uses it; plan.xlsx itself keeps what the office typed.
 */

/** The placeholder as typed: half-width, full-width, or the multiplication signs templates use. */
const PLACEHOLDER = /XX|ＸＸ|××/g;
const CITY_PLACEHOLDER = /(?:XX|ＸＸ|××)市/g;

/** Whether the city is still the seed's placeholder (or empty): nothing is replaced then. */
export const cityIsSet = (city: string): boolean =>
  !!city.trim() && !new RegExp(PLACEHOLDER.source).test(city);

/** The city without 市 (运城市 → 运城), what a bare XX stands for, unless the office set 城市简称. */
export function cityShortName(plan: Pick<Plan, 'city' | 'cityShortName'>): string {
  return plan.cityShortName?.trim() || plan.city.trim().replace(/市$/, '');
}

/** One text with the city in place of XX (XX市 → 运城市, XX开发区 → 运城开发区). */
export function localizeText(text: string, city: string, short: string): string {
  return text.replace(CITY_PLACEHOLDER, city).replace(PLACEHOLDER, short);
}

/** Keys whose values are identifiers or secrets, never text for people. */
const KEEP = new Set([
  'id',
  'code',
  'city',
  'cityShortName',
  'sheetPassword',
  'reporters',
  'unit',
  'category',
]);

function localizeValue(value: unknown, city: string, short: string, key?: string): unknown {
  if (key && KEEP.has(key)) return value;
  if (typeof value === 'string') return localizeText(value, city, short);
  if (Array.isArray(value)) return value.map((v) => localizeValue(v, city, short));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localizeValue(v, city, short, k)]));
  }
  return value;
}

/** The plan with the city in every name and text (units, tasks, indicators, documents, scoring). */
export function localizePlan(plan: Plan): Plan {
  if (!cityIsSet(plan.city)) return plan;
  const short = cityShortName(plan);
  if (!cityIsSet(short)) return plan;
  return localizeValue(plan, plan.city.trim(), short) as Plan;
}

/** How many texts of the plan still hold the placeholder (for plan check's message). */
export function placeholderCount(plan: Plan): number {
  let n = 0;
  const visit = (value: unknown, key?: string) => {
    if (key && KEEP.has(key)) return;
    if (typeof value === 'string') n += new RegExp(PLACEHOLDER.source).test(value) ? 1 : 0;
    else if (Array.isArray(value)) value.forEach((v) => visit(v));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(plan);
  return n;
}
