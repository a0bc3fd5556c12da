import {
  AlignmentType,
  Paragraph,
  PatchType,
  TextRun,
  patchDetector,
  patchDocument,
  type IPatch,
  type TableRowsPatch,
  type DrawingPatch,
} from 'docx';
import { ChartDataPatch, type CategoryChartDataPatchOptions } from 'docx/charts';
import { UserError } from '../user-error.js';
import { renderNarrative, type BlockStyle, type NarrativeParagraph } from './narrative.js';
import { cleanLine, defusePlaceholders, stripInvalidXml } from './sanitize.js';
import { attachmentIndent } from './layout.js';
import { recordTableAt, unnumberedBlankAndRecord } from './record-section.js';
import { blockStyleIds, chartParts, restoreChartPlaceholders, setChartAxis } from './template-parts.js';
import { decode, encode, normalizeDocx, readParts, zipParts } from './zip.js';

/** What a `{{key}}` of a template is replaced with. */
export type RenderValue =
  /** Inline text inside the placeholder's paragraph, keeping its formatting. */
  | { kind: 'text'; text: string }
  /** Whole paragraphs in place of the placeholder's paragraph (the narrative's blocks). */
  | { kind: 'paragraphs'; paragraphs: NarrativeParagraph[] }
  /**
   * Rows of a table designed in the template: `{{key.field}}` cells, repeated once per row. A field
   * in `mergeDown` left empty joins the cell above it (one merged cell, e.g. a group's name).
   */
  | { kind: 'rows'; fields: string[]; rows: Record<string, string>[]; mergeDown?: string[] }
  /**
   * New data for the native chart whose alt text is `{{key}}`; null removes the chart. `axis`: the
   * value axis starts at `from` instead of 0, and the chart's title says so (`note`).
   */
  | {
      kind: 'chart';
      data: CategoryChartDataPatchOptions | null;
      axis?: { from: number; note: string };
    };

export interface RenderRequest {
  /** The template's bytes and its file name (for messages). */
  template: { bytes: Uint8Array; name: string };
  /** Handlebars narrative; each `{{#block "x"}}` fills the template's `{{x}}`. */
  narrative?: { source: string; name: string; data: unknown };
  values: Record<string, RenderValue>;
  /** ISO date of the document: zip timestamps and document properties use it, so output is reproducible. */
  date: string;
  title?: string;
  /**
   * Values to use instead of a key the template does not have, when it has all of theirs: a
   * template exported before the key existed still renders (e.g. {{issuer}} and {{dateText}} in
   * place of {{signature}}).
   */
  alternatives?: Record<string, Record<string, RenderValue>>;
  /** Page breaks before the 版记 (so that it falls on an even page; see reporter/documents). */
  recordBreaks?: RecordBreaks;
  /**
   * Narrative blocks whose last paragraph is kept on the page of what follows it, whatever the
   * .hbs says: the body's last block, so the 落款 never stands on a page without body text.
   */
  keepWithNext?: string[];
}

/** Private-use marks of merged cells: the first cell of a vertical merge, and the cells joining it. */
const MERGE_START = '\uE010';
const MERGE_CONTINUE = '\uE011';
const MERGE_MARKS = /[\uE010\uE011]/g;

const textPatch = (text: string, mark = ''): IPatch => {
  const lines = (mark + defusePlaceholders(stripInvalidXml(text)).replace(MERGE_MARKS, '')).split(
    /\r\n|\r|\n/,
  );
  return {
    type: PatchType.PARAGRAPH,
    children: lines.map((line, i) => new TextRun({ text: line.replace(/\t/g, ' '), break: i > 0 ? 1 : 0 })),
  };
};

function toPatch(
  value: RenderValue,
  styles: Record<BlockStyle, string>,
): IPatch | TableRowsPatch | DrawingPatch | undefined {
  switch (value.kind) {
    case 'text':
      return textPatch(value.text);
    case 'paragraphs':
      return {
        type: PatchType.DOCUMENT,
        children: value.paragraphs.map((p) => {
          const text = defusePlaceholders(cleanLine(p.text));
          const indent = p.indent ?? (p.style === 'attachment' ? attachmentIndent(text) : undefined);
          return new Paragraph({
            style: styles[p.style],
            keepNext: p.keepNext,
            // Placed from the left: the style's own alignment (署名 flush right) would move it.
            ...(indent
              ? {
                  alignment: AlignmentType.LEFT,
                  indent:
                    indent.firstLine < 0
                      ? { left: indent.left, hanging: -indent.firstLine }
                      : { left: indent.left, firstLine: indent.firstLine, right: 0 },
                }
              : {}),
            children: text ? [new TextRun(text)] : [],
          });
        }),
      };
    case 'rows': {
      const merged = new Set(value.mergeDown ?? []);
      const mark = (field: string, i: number): string => {
        if (!merged.has(field)) return '';
        if (!value.rows[i][field]) return i > 0 ? MERGE_CONTINUE : '';
        return value.rows[i + 1] && !value.rows[i + 1][field] ? MERGE_START : '';
      };
      return {
        type: PatchType.TABLE_ROWS,
        rows: value.rows.map((row, i) =>
          Object.fromEntries(value.fields.map((f) => [f, textPatch(row[f] ?? '', mark(f, i))])),
        ),
      };
    }
    case 'chart':
      return value.data
        ? new ChartDataPatch({
            ...value.data,
            categories: value.data.categories.map((c) =>
              typeof c === 'string' ? defusePlaceholders(cleanLine(c)) : c,
            ) as string[],
          })
        : undefined;
  }
}

/** Compares the template's placeholders with the data, both ways, and names every mismatch. */
export function checkPlaceholders(
  templateName: string,
  keys: readonly string[],
  values: Record<string, RenderValue>,
): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    const [root, field, ...rest] = key.split('.');
    seen.add(root);
    const value = values[root];
    if (!value) {
      problems.push(`模板中的占位符 {{${key}}} 没有对应的数据（未知占位符），请删除或改正它`);
    } else if (value.kind === 'rows') {
      if (!field || rest.length || !value.fields.includes(field)) {
        problems.push(
          `模板中的表格占位符 {{${key}}} 不是可用的列，可用的有：${value.fields.map((f) => `{{${root}.${f}}}`).join('、')}`,
        );
      }
    } else if (field) {
      problems.push(`模板中的占位符 {{${key}}} 不是表格，请改为 {{${root}}}`);
    }
  }
  for (const [key, value] of Object.entries(values)) {
    if (!seen.has(key)) {
      const where =
        value.kind === 'chart'
          ? `图表的“可选文字”（替换文字）中`
          : value.kind === 'rows'
            ? `表格的行中（如 {{${key}.${value.fields[0]}}}）`
            : '';
      problems.push(`模板缺少占位符 {{${key}}}，请在${where || '模板中'}加上它`);
    }
  }
  if (problems.length) {
    throw new UserError(
      `模板 ${templateName} 与数据不一致：\n- ${problems.join('\n- ')}\n（可运行 creditwork templates export --force 取回内置模板作对照。）`,
    );
  }
}

/** Turns the merge marks of table cells into vertical merges (`w:vMerge`), removing the marks. */
function mergeCells(xml: string): string {
  if (!/[\uE010\uE011]/.test(xml)) return xml;
  return xml.replace(/<w:tc>.*?<\/w:tc>/g, (tc) => {
    const start = tc.includes(MERGE_START);
    if (!start && !tc.includes(MERGE_CONTINUE)) return tc;
    const vMerge = start ? '<w:vMerge w:val="restart"/>' : '<w:vMerge/>';
    // w:vMerge goes after w:tcW and w:gridSpan in w:tcPr (schema order).
    const withMerge = /<w:tcPr>/.test(tc)
      ? tc.replace(/(<w:tcPr>(?:<w:tcW[^>]*\/>)?(?:<w:gridSpan[^>]*\/>)?)/, `$1${vMerge}`)
      : tc.replace('<w:tc>', `<w:tc><w:tcPr>${vMerge}</w:tcPr>`);
    return withMerge.replace(MERGE_MARKS, '');
  });
}

/** Removes the paragraph holding a drawing whose alt text still names `{{key}}`. */
function removeDrawingParagraph(xml: string, key: string): string {
  const marker = `{{${key}}}`;
  for (let at = xml.indexOf(marker); at >= 0; at = xml.indexOf(marker)) {
    const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
    const end = xml.indexOf('</w:p>', at);
    if (start < 0 || end < 0) break;
    xml = xml.slice(0, start) + xml.slice(end + '</w:p>'.length);
  }
  return xml;
}

/**
 * The template as the renderer needs it, whatever program last saved it: its own ids of the body
 * and heading styles, and every chart carrying its placeholder (see template-parts.ts).
 */
function prepareTemplate(
  template: RenderRequest['template'],
  values: Record<string, RenderValue>,
): { template: Uint8Array; styles: Record<BlockStyle, string>; charts: Map<string, string> } {
  const parts = readParts(template.bytes);
  const stylesXml = parts.get('word/styles.xml');
  const styles = blockStyleIds(stylesXml ? decode(stylesXml) : '', template.name);
  const document = parts.get('word/document.xml');
  const chartKeys = Object.keys(values).filter((k) => values[k]?.kind === 'chart');
  if (!document || !chartKeys.length) return { template: template.bytes, styles, charts: new Map() };
  const xml = decode(document);
  const restored = restoreChartPlaceholders(xml, chartKeys);
  const rels = parts.get('word/_rels/document.xml.rels');
  const charts = chartParts(restored, rels ? decode(rels) : '', chartKeys);
  if (restored === xml) return { template: template.bytes, styles, charts };
  parts.set('word/document.xml', encode(restored));
  return { template: zipParts(parts), styles, charts };
}

/**
 * Page breaks before the 版记: none, one (a page of its own) or two (a blank page, then its own;
 * both in a section without page numbers, see record-section.ts).
 */
export type RecordBreaks = 0 | 1 | 2;

/** Starts the 版记 (the last floating table) on a page of its own, or after a blank page. */
function breakBeforeRecord(parts: Map<string, Uint8Array>, breaks: RecordBreaks): void {
  if (breaks === 2) return unnumberedBlankAndRecord(parts);
  const xml = decode(parts.get('word/document.xml')!);
  const table = recordTableAt(xml);
  if (table < 0) return;
  const pageBreak = '<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>';
  parts.set('word/document.xml', encode(`${xml.slice(0, table)}${pageBreak}${xml.slice(table)}`));
}

/**
 * Renders a Word document from a template: narrative first, then every placeholder patched with
 * `patchDocument` (keeping the template's formatting). Fails before rendering when template and data
 * disagree, and after rendering if any `{{` is left. Same request, same bytes.
 */
export async function renderDocument(request: RenderRequest): Promise<Uint8Array> {
  const values: Record<string, RenderValue> = { ...request.values };
  if (request.narrative) {
    const blocks = renderNarrative(request.narrative.source, request.narrative.data, request.narrative.name);
    for (const [name, paragraphs] of blocks) {
      const last = paragraphs.at(-1);
      if (last && request.keepWithNext?.includes(name))
        paragraphs[paragraphs.length - 1] = { ...last, keepNext: true };
      if (values[name])
        throw new UserError(`叙述模板 ${request.narrative.name} 的段落块 "${name}" 与数据项重名，请改名。`);
      values[name] = { kind: 'paragraphs', paragraphs };
    }
  }
  const { template, styles, charts } = prepareTemplate(request.template, values);
  const keys = await patchDetector({ data: template });
  for (const [key, instead] of Object.entries(request.alternatives ?? {})) {
    const has = (k: string) => keys.some((found) => found.split('.')[0] === k);
    if (!has(key) && Object.keys(instead).every(has)) {
      delete values[key];
      Object.assign(values, instead);
    }
  }
  checkPlaceholders(request.template.name, keys, values);

  const patches: Record<string, IPatch | TableRowsPatch | DrawingPatch> = {};
  for (const [key, value] of Object.entries(values)) {
    const patch = toPatch(value, styles);
    if (patch) patches[key] = patch;
  }
  const patched = await patchDocument({
    outputType: 'uint8array',
    data: template,
    patches,
    keepOriginalStyles: true,
    properties: request.title ? { title: request.title } : undefined,
  });

  const parts = readParts(patched);
  const removed = Object.entries(values)
    .filter(([, v]) => v.kind === 'chart' && !v.data)
    .map(([k]) => k);
  for (const [name, bytes] of parts) {
    if (!/^word\/.*\.xml$/.test(name)) continue;
    let xml = decode(bytes);
    if (name === 'word/document.xml') {
      for (const key of removed) xml = removeDrawingParagraph(xml, key);
      xml = mergeCells(xml);
      parts.set(name, encode(xml));
    }
    for (const [key, part] of charts) {
      const value = values[key];
      if (part === name && value?.kind === 'chart' && value.data && value.axis) {
        xml = setChartAxis(xml, value.axis.from, value.axis.note);
        parts.set(name, encode(xml));
      }
    }
    const left = xml.indexOf('{{');
    if (left >= 0) {
      // Unit text cannot leave one (sanitize breaks its braces): the template has a stray `{{`,
      // e.g. a placeholder the office mistyped in Word.
      const text = xml
        .slice(left, left + 400)
        .replace(/<[^>]*>/g, '')
        .slice(0, 30);
      throw new UserError(
        `模板 ${request.template.name} 中有未能替换的“${text}”：占位符应写作 {{名称}}（两对半角花括号）。请在 Word 中改正或删去这段文字，或用 creditwork templates export --force 恢复内置模板。`,
      );
    }
  }
  if (request.recordBreaks) breakBeforeRecord(parts, request.recordBreaks);
  return normalizeDocx(parts, request.date);
}
