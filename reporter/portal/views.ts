import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { officeDateTime } from '../../core/calendar/office-time.js';
import { projectRoot } from '../paths.js';

/**
 * Server-rendered pages: Handlebars templates in reporter/portal/views, one layout around every
 * page, partials in views/partials. Everything is HTML-escaped unless a template says otherwise
 * (it never does for anything that came from a request or a workbook). No inline script anywhere:
 * the CSP forbids it, and pages get their data from the markup or a JSON endpoint.
 */

export const viewsDir = (): string => path.join(projectRoot(), 'reporter', 'portal', 'views');
export const publicDir = (): string => path.join(projectRoot(), 'reporter', 'portal', 'public');

export interface PageChrome {
  /** Prefix of every URL (the base URL's path), '' at the root. */
  base: string;
  title: string;
  /** The signed-in office user, for the header; absent on unit pages and the login page. */
  user?: { name: string; roleLabel: string; isAdmin: boolean; canAct: boolean };
  csrf?: string;
  /** Scripts of the page, by file name under /static/. */
  scripts?: string[];
  /** Which console tab is current. */
  nav?: string;
  /** A unit's own page (through its link): no office navigation, the unit's name in the header. */
  unitPage?: boolean;
  flash?: { kind: 'ok' | 'error'; text: string };
}

export type Render = (view: string, data: PageChrome & Record<string, unknown>) => string;

export function createViews(
  dir = viewsDir(),
  /** The office's time zone (the plan's 日程 时区) for every time a page shows. */
  timeZone: () => string | undefined = () => undefined,
): {
  render: Render;
  fragment: (view: string, data: object) => string;
} {
  const hbs = Handlebars.create();
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('gt', (a: number, b: number) => a > b);
  hbs.registerHelper('dateTime', (iso: unknown) =>
    typeof iso === 'string' && iso ? officeDateTime(iso, timeZone()) : '—',
  );
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find(Boolean) ?? '');
  hbs.registerHelper('percent', (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)}%` : '—',
  );
  const partials = path.join(dir, 'partials');
  for (const file of readdirSync(partials)) {
    if (file.endsWith('.hbs'))
      hbs.registerPartial(file.slice(0, -4), readFileSync(path.join(partials, file), 'utf8'));
  }
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs')) {
      templates.set(
        file.slice(0, -4),
        hbs.compile(readFileSync(path.join(dir, file), 'utf8'), { strict: false }),
      );
    }
  }
  const template = (name: string) => {
    const found =
      templates.get(name) ?? (hbs.partials[name] ? hbs.compile(hbs.partials[name] as string) : undefined);
    if (!found) throw new Error(`no view ${name}`);
    return found;
  };
  const layout = template('layout');
  return {
    render: (view, data) => layout({ ...data, body: new hbs.SafeString(template(view)(data)) }),
    fragment: (view, data) => template(view)(data),
  };
}
