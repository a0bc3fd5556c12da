import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { ChartRun } from 'docx/charts';
import { describe, expect, it } from 'vitest';
import { renderDocument, type RenderValue } from '../reporter/render/docx.js';
import { gbStyles } from '../reporter/render/gb9704.js';
import { renderNarrative } from '../reporter/render/narrative.js';
import { decode, encode, readParts, zipParts } from '../reporter/render/zip.js';
import { UserError } from '../reporter/user-error.js';

let built: Promise<Uint8Array> | undefined;
/** Built once: a template is a file, the same bytes from render to render. */
const template = () => (built ??= buildTemplate());

async function buildTemplate(extra: string[] = [], styled = true): Promise<Uint8Array> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    styles: styled ? gbStyles() : undefined,
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('标题：{{title}}')] }),
          new Paragraph('{{body}}'),
          ...extra.map((text) => new Paragraph(text)),
          new Table({
            rows: [
              new TableRow({ children: [cell('单位')] }),
              new TableRow({ children: [cell('{{rows.unit}}')] }),
            ],
          }),
          new Paragraph({
            children: [
              new ChartRun({
                type: 'column',
                categories: ['a'],
                series: [{ name: 's', values: [1] }],
                altText: { name: 'c', description: '{{chart}}' },
              }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

const NARRATIVE =
  '{{#block "body"}}\n{{h1 "一、情况"}}\n{{#each items}}\n{{this}}。\n{{/each}}\n{{/block}}\n';

function values(over: Record<string, RenderValue> = {}): Record<string, RenderValue> {
  return {
    title: { kind: 'text', text: '月报' },
    rows: { kind: 'rows', fields: ['unit'], rows: [{ unit: '甲局' }, { unit: '乙局' }] },
    chart: {
      kind: 'chart',
      data: { categories: ['甲局', '乙局'], series: [{ name: '得分', values: [98, 95] }] },
    },
    ...over,
  };
}

const documentXml = (bytes: Uint8Array) => decode(readParts(bytes).get('word/document.xml')!);
/** The document's visible text, paragraph by paragraph, with the invisible word joiner removed. */
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p[ >].*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((t) => t[1])
      .join('')
      .replace(/\u2060/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );

async function render(items: string[], over: Record<string, RenderValue> = {}, date = '2024-06-07') {
  return renderDocument({
    template: { bytes: await template(), name: 't.docx' },
    narrative: { source: NARRATIVE, name: 't.hbs', data: { items } },
    values: values(over),
    date,
  });
}

describe('renderDocument', () => {
  it('patches text, narrative paragraphs, table rows and the chart, and leaves no placeholder', async () => {
    const xml = documentXml(await render(['第一', '第二']));
    const text = paragraphs(xml);
    expect(text).toContain('标题：月报');
    expect(text).toContain('一、情况');
    expect(text).toContain('第一。');
    expect(text).toContain('乙局');
    expect(xml).not.toContain('{{');
    expect(xml).toContain('w:pStyle w:val="GwHeading1"');
    const chart = decode(readParts(await render([])).get('word/charts/chart1.xml')!);
    expect(chart).toContain('甲局');
    expect(chart).toContain('<c:v>98</c:v>');
  });

  it('fails in Chinese, naming each placeholder, when template and data disagree', async () => {
    const missing = render([], { title: undefined as unknown as RenderValue });
    await expect(missing).rejects.toThrow(UserError);
    await expect(render([], { title: undefined as unknown as RenderValue })).rejects.toThrow(
      /\{\{title\}\}.*没有对应的数据/,
    );
    await expect(render([], { extra: { kind: 'text', text: 'x' } })).rejects.toThrow(
      /模板缺少占位符 \{\{extra\}\}/,
    );
    await expect(render([], { rows: { kind: 'rows', fields: ['name'], rows: [] } })).rejects.toThrow(
      /\{\{rows\.unit\}\} 不是可用的列/,
    );
  });

  it('a template edited into a stray {{ fails in Chinese, naming the template and the text', async () => {
    const rendered = renderDocument({
      template: { bytes: await buildTemplate(['请于{{期限前报送']), name: 'circular.docx' },
      narrative: { source: NARRATIVE, name: 't.hbs', data: { items: [] } },
      values: values(),
      date: '2024-06-07',
    });
    await expect(rendered).rejects.toThrow(UserError);
    await expect(rendered).rejects.toThrow(/circular\.docx.*\{\{期限前报送/);
  });

  it('keeps unit text as data: placeholders, markup, ampersands, control characters, 5,000 characters', async () => {
    const hostile = `{{title}} <b>粗</b> & {{x}} \u0001\u0008\u000b\u001f\uFFFE尾 ${'长'.repeat(5000)}\n一、伪标题`;
    const bytes = await render([hostile], { title: { kind: 'text', text: 'A&B <i>{{rows.unit}}</i>' } });
    const xml = documentXml(bytes);
    const text = paragraphs(xml);
    expect(text).toContain('标题：A&B <i>{{rows.unit}}</i>');
    const line = text.find((t) => t.startsWith('{{title}}'))!;
    expect(line).toBe(`{{title}} <b>粗</b> & {{x}} 尾 ${'长'.repeat(5000)} 一、伪标题。`);
    // The line break a unit typed did not make a heading, and no XML-invalid character survived.
    expect(xml.match(/GwHeading1/g)).toHaveLength(1);
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE]/);
    expect(xml).not.toContain('<b>');
  });

  it('is byte-identical for the same data and date, and differs with the date', async () => {
    const a = await render(['同样']);
    const b = await render(['同样']);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = await render(['同样'], {}, '2024-06-08');
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('merges an empty cell of a mergeDown column into the cell above, and only there', async () => {
    const rows: RenderValue = {
      kind: 'rows',
      fields: ['unit'],
      rows: [{ unit: '甲组' }, { unit: '' }, { unit: '乙组\uE010' }, { unit: '丙组' }],
      mergeDown: ['unit'],
    };
    const xml = documentXml(await render([], { rows }));
    const cells = [...xml.matchAll(/<w:tc>.*?<\/w:tc>/g)].map((c) => c[0]).slice(1);
    expect(cells.map((c) => (c.match(/<w:vMerge[^>]*\/>/) ?? [''])[0])).toEqual([
      '<w:vMerge w:val="restart"/>',
      '<w:vMerge/>',
      '',
      '',
    ]);
    // A mark typed in the data is dropped, never taken for a merge.
    expect(paragraphs(xml)).toContain('乙组');
    expect(xml).not.toMatch(/[\uE010\uE011]/);
  });

  it('keeps a paragraph marked {{keep}} on the page of the next one', async () => {
    const xml = documentXml(
      await renderDocument({
        template: { bytes: await template(), name: 't.docx' },
        narrative: {
          source: '{{#block "body"}}\n{{keep}}附件：甲\n落款\n{{/block}}',
          name: 't.hbs',
          data: {},
        },
        values: values(),
        date: '2024-06-07',
      }),
    );
    const para = (t: string) => xml.match(new RegExp(`<w:p>(?:(?!<w:p>).)*?${t}.*?</w:p>`))![0];
    expect(para('附件：甲')).toContain('<w:keepNext/>');
    expect(para('落款')).not.toContain('<w:keepNext/>');
  });

  it('refuses a template whose body or heading styles are gone, naming them by the name Word shows', async () => {
    const rendered = renderDocument({
      template: { bytes: await buildTemplate([], false), name: 'circular.docx' },
      narrative: { source: NARRATIVE, name: 't.hbs', data: { items: [] } },
      values: values(),
      date: '2024-06-07',
    });
    await expect(rendered).rejects.toThrow(UserError);
    await expect(rendered).rejects.toThrow(
      /circular\.docx 中找不到样式“公文正文”、“公文正文（顶格）”、“公文一级标题”、“公文二级标题”/,
    );
  });

  it('finds styles by name when another program renamed their ids', async () => {
    const parts = readParts(await template());
    const rename = (xml: string) => xml.replace(/GwHeading1/g, 'Style10').replace(/GwBody\b/g, 'Style8');
    for (const name of ['word/styles.xml', 'word/document.xml'])
      parts.set(name, encode(rename(decode(parts.get(name)!))));
    const xml = documentXml(
      await renderDocument({
        template: { bytes: zipParts(parts), name: 't.docx' },
        narrative: { source: NARRATIVE, name: 't.hbs', data: { items: ['第一'] } },
        values: values(),
        date: '2024-06-07',
      }),
    );
    expect(xml).toContain('<w:pStyle w:val="Style10"/>');
    expect(xml).toContain('<w:pStyle w:val="Style8"/>');
    expect(xml).not.toContain('GwHeading1');
  });

  it('fills a chart whose alt text placeholder another program dropped', async () => {
    const parts = readParts(await template());
    const xml = decode(parts.get('word/document.xml')!);
    expect(xml).toContain('descr="{{chart}}"');
    parts.set('word/document.xml', encode(xml.replace(' descr="{{chart}}"', '')));
    const bytes = await renderDocument({
      template: { bytes: zipParts(parts), name: 't.docx' },
      narrative: { source: NARRATIVE, name: 't.hbs', data: { items: [] } },
      values: values(),
      date: '2024-06-07',
    });
    expect(decode(readParts(bytes).get('word/charts/chart1.xml')!)).toContain('甲局');
  });

  it('removes the chart when there is no data for it', async () => {
    const parts = readParts(await render([], { chart: { kind: 'chart', data: null } }));
    expect(decode(parts.get('word/document.xml')!)).not.toContain('c:chart');
  });
});

describe('renderNarrative', () => {
  it('fails clearly on a name the data does not have', () => {
    expect(() => renderNarrative('{{#block "a"}}{{nope}}{{/block}}', {}, 'x.hbs')).toThrow(/x\.hbs.*nope/);
  });

  it('refuses text outside a block', () => {
    expect(() => renderNarrative('游离的文字', {}, 'x.hbs')).toThrow(/不在任何/);
  });
});
