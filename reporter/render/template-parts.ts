import { UserError } from '../user-error.js';
import { STYLE, STYLE_NAMES } from './gb9704.js';
import type { BlockStyle } from './narrative.js';

/**
 * What a template keeps when the office edits it in Word or LibreOffice, and how the renderer finds
 * it again. Style ids are not kept: LibreOffice saves 公文正文 (id GwBody) as Style8. Style names are
 * what the office sees in the Styles pane, so styles are found by name. A chart's alt text is not
 * kept either: LibreOffice drops the description that holds its `{{placeholder}}`, so a chart whose
 * placeholder is gone is matched to the chart placeholder the data still needs.
 */

const BLOCK_STYLES: Record<BlockStyle, string> = {
  body: STYLE.body,
  bodyNoIndent: STYLE.bodyNoIndent,
  heading1: STYLE.heading1,
  heading2: STYLE.heading2,
  attachment: STYLE.body,
  signature: STYLE.signature,
  date: STYLE.date,
};

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Paragraph styles of styles.xml: name → id. */
export function paragraphStyleIds(stylesXml: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const m of stylesXml.matchAll(/<w:style\b([^>]*)>(.*?)<\/w:style>/gs)) {
    if (!/w:type="paragraph"/.test(m[1])) continue;
    const id = /w:styleId="([^"]*)"/.exec(m[1])?.[1];
    const name = /<w:name w:val="([^"]*)"/.exec(m[2])?.[1];
    if (id && name && !ids.has(unescapeXml(name))) ids.set(unescapeXml(name), id);
  }
  return ids;
}

/**
 * The template's own ids of the styles narrative paragraphs use, found by name (公文正文…), or by
 * the built-in id when the office renamed the style but kept it. A template without one of them
 * would print every generated paragraph in the default style: that is refused, naming the style.
 */
export function blockStyleIds(stylesXml: string, templateName: string): Record<BlockStyle, string> {
  const byName = paragraphStyleIds(stylesXml);
  const ids = new Set(byName.values());
  const missing: string[] = [];
  const resolved = Object.fromEntries(
    Object.entries(BLOCK_STYLES).map(([block, id]) => {
      const found = byName.get(STYLE_NAMES[id]) ?? (ids.has(id) ? id : undefined);
      if (!found && !missing.includes(`“${STYLE_NAMES[id]}”`)) missing.push(`“${STYLE_NAMES[id]}”`);
      return [block, found ?? id];
    }),
  ) as Record<BlockStyle, string>;
  if (missing.length) {
    throw new UserError(
      `模板 ${templateName} 中找不到样式${missing.join('、')}：生成的正文段落要用它们排版。请在 Word 的“样式”窗格中恢复这些样式名称（可运行 creditwork templates export --force 取回内置模板作对照）。`,
    );
  }
  return resolved;
}

/**
 * Gives back the alt text `{{key}}` to charts that lost it, when the template has exactly as many
 * charts without a placeholder as chart keys it lacks: they are matched in document order. Anything
 * else is left for the placeholder check to report.
 */
export function restoreChartPlaceholders(documentXml: string, chartKeys: readonly string[]): string {
  const missing = chartKeys.filter((key) => !documentXml.includes(`{{${key}}}`));
  if (!missing.length) return documentXml;
  const drawings = [...documentXml.matchAll(/<w:drawing>.*?<\/w:drawing>/gs)].filter(
    (d) => /<c:chart\b/.test(d[0]) && !/\{\{[^}]*\}\}/.test(d[0]),
  );
  if (drawings.length !== missing.length) return documentXml;
  let out = '';
  let at = 0;
  drawings.forEach((d, i) => {
    const withAlt = d[0].replace(/<wp:docPr\b([^>]*?)(\/?)>/, (_, attrs: string, close: string) => {
      const kept = attrs.replace(/\s+descr="[^"]*"/, '');
      return `<wp:docPr${kept} descr="{{${missing[i]}}}"${close}>`;
    });
    out += documentXml.slice(at, d.index) + withAlt;
    at = d.index! + d[0].length;
  });
  return out + documentXml.slice(at);
}

/** The chart part (`word/charts/chart1.xml`) of each chart placeholder, from the template's drawings. */
export function chartParts(
  documentXml: string,
  relsXml: string,
  keys: readonly string[],
): Map<string, string> {
  const parts = new Map<string, string>();
  for (const d of documentXml.matchAll(/<w:drawing>.*?<\/w:drawing>/gs)) {
    const key = keys.find((k) => d[0].includes(`{{${k}}}`));
    const id = /<c:chart\b[^>]*\br:id="([^"]+)"/.exec(d[0])?.[1];
    if (!key || !id) continue;
    const target =
      new RegExp(`<Relationship\\b[^>]*\\bId="${id}"[^>]*\\bTarget="([^"]+)"`).exec(relsXml)?.[1] ??
      new RegExp(`<Relationship\\b[^>]*\\bTarget="([^"]+)"[^>]*\\bId="${id}"`).exec(relsXml)?.[1];
    if (target) parts.set(key, `word/${target.replace(/^\/?word\//, '').replace(/^\.\//, '')}`);
  }
  return parts;
}

/**
 * Starts a chart's value axis at `from` (instead of 0) and adds `note` to its title, so a reader
 * sees the bars do not start at zero.
 */
export function setChartAxis(chartXml: string, from: number, note: string): string {
  const xml = chartXml.replace(
    /(<c:valAx>.*?<c:scaling>)(.*?)(<\/c:scaling>)/s,
    (_, open: string, body: string, close: string) => {
      const kept = body.replace(/<c:min val="[^"]*"\/>/, '');
      // Schema order in c:scaling: logBase, orientation, max, min.
      return `${open}${kept}<c:min val="${from}"/>${close}`;
    },
  );
  // The chart's own title is the first c:title (axis titles come later, inside the axes).
  return xml.replace(/<c:title>.*?<\/c:title>/s, (title) => {
    const last = title.lastIndexOf('</a:t>');
    if (last < 0 || title.slice(0, last).endsWith(note)) return title;
    return title.slice(0, last) + note + title.slice(last);
  });
}
