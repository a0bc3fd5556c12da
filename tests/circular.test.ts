import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unitsDue } from '../core/scoring/month.js';
import { renderCircular } from '../reporter/circular/index.js';
import { buildCircularTemplate } from '../reporter/circular/template.js';
import { builtInTemplatesDir } from '../reporter/paths.js';
import { decode, readParts } from '../reporter/render/zip.js';
import { monthSubmissions, plan } from './circular-fixtures.js';

const HOSTILE = `{{title}} <b>粗体</b> & 符号\u0001\u0007 ${'很长的问题'.repeat(1000)}`;

async function circular(
  submissions = monthSubmissions({ late: ['S03', 'X05'], missing: ['S20', 'K01'] }),
  date = '2024-06-07',
) {
  return renderCircular({
    plan,
    period: '2024-05',
    submissions,
    previous: monthSubmissions({ period: '2024-04', seed: 3 }),
    date,
    number: '5',
  });
}

const part = (bytes: Uint8Array, name: string) => decode(readParts(bytes).get(name)!);
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
const styleXml = (styles: string, id: string) =>
  styles.match(new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`))![0];

describe('circular template', () => {
  it('is the committed templates/circular.docx, byte for byte (run scripts/build-templates.ts after changing it)', async () => {
    const committed = readFileSync(path.join(builtInTemplatesDir(), 'circular.docx'));
    expect(Buffer.from(await buildCircularTemplate()).equals(committed)).toBe(true);
  });
});

describe('monthly circular', async () => {
  const doc = await circular();
  const xml = part(doc.bytes, 'word/document.xml');
  const text = paragraphs(xml);
  const styles = part(doc.bytes, 'word/styles.xml');

  it('is named after its title', () => {
    expect(doc.fileName).toBe('关于2024年5月社会信用体系建设工作进展情况的通报.docx');
  });

  it('has the GB/T 9704 page: A4, margins 37/35/28/26 mm, 22 lines of 28.95 pt', () => {
    const sect = xml.match(/<w:sectPr>.*<\/w:sectPr>/)![0];
    expect(sect).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(sect).toMatch(/w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(sect).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    // 22 × 579 twips fit the 225 mm type area (12756 twips); 23 would not.
    expect(22 * 579).toBeLessThanOrEqual(16838 - 2098 - 1984);
    expect(23 * 579).toBeGreaterThan(16838 - 2098 - 1984);
  });

  it('sets body, title and heading fonts and sizes, with Times New Roman for Latin text', () => {
    const body = styleXml(styles, 'GwBody');
    expect(body).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body).toContain('w:ascii="Times New Roman"');
    expect(body).toContain('<w:sz w:val="32"/>');
    expect(body).toContain('w:line="579" w:lineRule="exact"');
    expect(body).toContain('<w:widowControl w:val="0"/>');
    // 28 characters of 16 pt with −0.25 pt spacing fit the 156 mm line.
    expect(body).toContain('<w:spacing w:val="-5"/>');
    expect(28 * (320 - 5)).toBeLessThanOrEqual(11906 - 1587 - 1474);
    const title = styleXml(styles, 'GwTitle');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(styleXml(styles, 'GwHeading1')).toContain('w:eastAsia="黑体"');
    expect(styleXml(styles, 'GwHeading2')).toContain('w:eastAsia="楷体_GB2312"');
  });

  it('numbers pages — 1 — in 4号宋体, odd pages right and even pages left', () => {
    expect(part(doc.bytes, 'word/settings.xml')).toContain('<w:evenAndOddHeaders');
    const refs = [...xml.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual(['default', 'even']);
    const odd = styleXml(styles, 'GwPageNumberOdd');
    expect(odd).toContain('<w:jc w:val="right"/>');
    // 半角宋体 digits: the number is Latin text, set in 宋体 as well.
    expect(odd).toContain('w:ascii="宋体"');
    expect(odd).toContain('w:hAnsi="宋体"');
    expect(odd).toContain('w:eastAsia="宋体"');
    expect(odd).toContain('<w:sz w:val="28"/>');
    expect(styleXml(styles, 'GwPageNumberEven')).toContain('<w:jc w:val="left"/>');
    const footers = [1, 2].map((n) => part(doc.bytes, `word/footer${n}.xml`));
    for (const f of footers) {
      expect(paragraphs(f)[0]).toBe('—  —');
      expect(f).toMatch(/PAGE/);
    }
  });

  it('carries 发文字号, the six sections in order, 落款, 成文日期 and 版记', () => {
    expect(text).toContain('X信用办〔2024〕5号');
    const headings = [
      '一、总体情况',
      '二、重点任务进展',
      '三、监测指标完成情况',
      '四、“双公示”考评排名',
      '五、存在问题及整改要求',
      '六、下步工作',
    ];
    const at = headings.map((h) => text.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('XX市社会信用体系建设联席会议办公室');
    expect(text.filter((t) => t === '2024年6月7日')).toHaveLength(1);
    expect(text).toContain(`抄送：${plan.document.copyTo}。`);
    expect(text).toContain(`${plan.document.printer}2024年6月7日印发`);
    expect(text.some((t) => t.startsWith('附件：1．2024年5月各单位报送及任务进展情况表'))).toBe(true);
  });

  it('names late and missing units and never writes "0个"', () => {
    const overview = text[text.indexOf('一、总体情况') + 1];
    expect(overview).toContain('逾期报送2个（市财政局、万荣县）');
    expect(overview).toContain('未报送2个（市人社局、XX开发区）');
    expect(text.join('\n')).not.toMatch(/[^0-9.]0(个|项)/);
  });

  it('sets the rectification deadline 10 working days after the date, past the 端午 holiday', () => {
    // From Fri 7 June 2024: 10 June is 端午节, so the 10th working day is 24 June, not 21 June.
    expect(text.join('')).toContain('于2024年6月24日前（10个工作日内）');
  });

  it('ranks 双公示 best first, in the table and the chart, and commends and names units', () => {
    const ranking = xml.slice(xml.indexOf('表2'), xml.indexOf('五、存在问题'));
    const rows = [...ranking.matchAll(/<w:tr>.*?<\/w:tr>/g)].map((r) => paragraphs(r[0]));
    const data = rows.slice(1);
    expect(data.length).toBe(plan.units.filter((u) => u.dualPublicity).length - 1); // K01 did not return
    const scores = data.map((r) => Number(r[5]));
    const ranks = data.map((r) => Number(r[0]));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const para = text[text.indexOf('四、“双公示”考评排名') + 1];
    expect(para).toContain(`${data[0][1]}、${data[1][1]}、${data[2][1]}综合得分位居前列`);
    expect(para).toContain('XX开发区本月未报送“双公示”考评数据');
    const chart = part(doc.bytes, 'word/charts/chart1.xml');
    const categories = [...chart.matchAll(/<c:pt idx="\d+"><c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]);
    expect(categories).toContain(data[0][1]);
    expect(chart.indexOf(data[0][1])).toBeGreaterThan(chart.indexOf(data[data.length - 1][1]));
  });

  it('prints what units typed as text: {{…}}, markup, &, control characters, 5,000 characters', async () => {
    const d = await circular(monthSubmissions({ problemText: HOSTILE }));
    const x = part(d.bytes, 'word/document.xml');
    const cells = paragraphs(x);
    expect(cells).toContain(`{{title}} <b>粗体</b> & 符号 ${'很长的问题'.repeat(1000)}`);
    expect(x).not.toContain('<b>');
    expect(x).not.toContain('{{');
    // eslint-disable-next-line no-control-regex
    expect(x).not.toMatch(/[\u0001\u0007]/);
  });

  it('is byte-identical for the same data and date', async () => {
    const again = await circular();
    expect(Buffer.from(again.bytes).equals(Buffer.from(doc.bytes))).toBe(true);
  });

  it('reads sensibly when every unit is on time', async () => {
    const t = paragraphs(part((await circular(monthSubmissions())).bytes, 'word/document.xml'));
    const due = unitsDue(plan).length;
    expect(t[t.indexOf('一、总体情况') + 1]).toBe(`2024年5月应报送工作进展的单位共${due}个，均已按时报送。`);
    expect(t.join('')).not.toContain('报送不够及时');
  });

  it('with no returns at all still names every missing unit', async () => {
    const none = await circular([]);
    const t = paragraphs(part(none.bytes, 'word/document.xml'));
    const overview = t[t.indexOf('一、总体情况') + 1];
    for (const u of unitsDue(plan)) expect(overview).toContain(u.name);
    expect(t).toContain('本月未收到重点任务进展报送。');
    expect(t.some((p) => p.startsWith('本月未收到“双公示”考评数据'))).toBe(true);
    expect(part(none.bytes, 'word/document.xml')).not.toContain('c:chart');
    // Nothing is claimed that no data shows.
    const all = t.join('\n');
    for (const claim of ['无滞后任务', '无未达到目标', '均达到目标', '尚在推进', '达到目标', '各单位共报送'])
      expect(all).not.toContain(claim);
    expect(t).toContain('本月未收到报送，无任务进展数据。');
    expect(t).toContain('本月未收到报送，无监测指标数据。');
    const table1 = [
      ...part(none.bytes, 'word/document.xml')
        .slice(0)
        .matchAll(/<w:tr>.*?<\/w:tr>/g),
    ]
      .map((r) => paragraphs(r[0]))
      .filter((r) => r.length === 6 && /^\d+$/.test(r[0]));
    expect(table1.length).toBe(plan.indicators.length);
    for (const r of table1) expect(r[5]).toBe('无数据');
  });

  it('names a unit whose return was refused and never corrected 报送未通过, not 未报送', async () => {
    const subs = monthSubmissions().filter((s) => s.unit !== 'S05');
    const doc = await renderCircular({
      plan,
      period: '2024-05',
      submissions: subs,
      refused: ['S05'],
      date: '2024-06-07',
    });
    const x = part(doc.bytes, 'word/document.xml');
    const t = paragraphs(x);
    const name = plan.units.find((u) => u.code === 'S05')!.name;
    const overview = t[t.indexOf('一、总体情况') + 1];
    expect(overview).toContain(`报送未通过1个（${name}）`);
    expect(overview).not.toContain('未报送');
    expect(t.join('')).toContain(`${name}报送的填报表未通过校验`);
    const row = [...x.slice(x.lastIndexOf('附件1')).matchAll(/<w:tr>.*?<\/w:tr>/g)]
      .map((r) => paragraphs(r[0]))
      .find((r) => r[1] === name)!;
    expect(row[2]).toBe('未通过');
  });

  it('praises units for tasks completed this month, in their words, never for a task it calls 滞后', () => {
    const start = text.findIndex((p) => p === '（一）进展较好的单位');
    const end = text.findIndex((p) => p === '（二）滞后任务');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const praised = text.slice(start + 1, end);
    expect(praised.length).toBeGreaterThan(0);
    const april = monthSubmissions({ period: '2024-04', seed: 3 });
    const may = monthSubmissions({ late: ['S03', 'X05'], missing: ['S20', 'K01'] });
    for (const line of praised) {
      const unit = plan.units.find((u) => line.startsWith(u.name))!;
      const list = /完成重点任务(\d+)项（([^）]*)）/.exec(line)!;
      const tasks = [...list[2].matchAll(/任务(\d+)/g)].map((m) => Number(m[1]));
      expect(tasks).toHaveLength(Number(list[1]));
      const now = may.find((s) => s.unit === unit.code)!;
      const before = april.find((s) => s.unit === unit.code);
      for (const n of new Set(tasks)) {
        // Done now, not done last month: earned this month.
        expect(now.tasks.find((r) => r.task === n)!.status).toBe('done');
        expect(before?.tasks.find((r) => r.task === n)?.status).not.toBe('done');
      }
      // The quotation is what the unit typed.
      const quoted = /“([^”]*)”。$/.exec(line)![1];
      expect(now.tasks.some((r) => r.progress.startsWith(quoted))).toBe(true);
    }
  });

  it('writes a lone （一） as plain text: no praise, no numbered sub-headings', async () => {
    // Nothing completed this month: no unit to praise.
    const subs = monthSubmissions().map((s) => ({
      ...s,
      tasks: s.tasks.map((r) => (r.status === 'done' ? { ...r, status: 'in-progress' as const } : r)),
    }));
    const t = paragraphs(part((await circular(subs)).bytes, 'word/document.xml'));
    const tasks = t.slice(t.indexOf('二、重点任务进展'), t.indexOf('三、监测指标完成情况'));
    expect(tasks.some((p) => /^（[一二]）/.test(p))).toBe(false);
    expect(tasks.join('')).toContain('项次任务进展滞后');
  });

  it('counts 滞后 once: the body, 附件1 and 附件2 give the same number', () => {
    const body = text.find((p) => p.startsWith('各单位共报送重点任务进展'))!;
    const stated = Number(/滞后(\d+)项次/.exec(body)![1]);
    expect(text.join('')).toContain(`本月共有${stated}项次任务进展滞后`);
    const rows = (title: string) => {
      const from = xml.lastIndexOf(title);
      return [...xml.slice(from, xml.indexOf('</w:tbl>', from)).matchAll(/<w:tr>.*?<\/w:tr>/g)]
        .map((r) => paragraphs(r[0]))
        .filter((r) => /^\d+$/.test(r[0]));
    };
    expect(rows('滞后任务及存在问题明细表')).toHaveLength(stated);
    const units = rows('各单位报送及任务进展情况表');
    expect(units.reduce((n, r) => n + (Number(r[5]) || 0), 0)).toBe(stated);
  });

  it('starts the ranking chart above zero only when its title says so', () => {
    const chart = part(doc.bytes, 'word/charts/chart1.xml');
    const from = /<c:valAx>.*?<c:min val="(\d+)"\/>/s.exec(chart)?.[1];
    expect(from).toBeDefined();
    expect(chart).toContain(`（横轴自${from}分起）`);
  });

  it('keeps tables compact: 小四 off the line grid, at-least row heights, headers repeated on every page', () => {
    const table = styleXml(styles, 'GwTable');
    expect(table).toContain('<w:sz w:val="24"/>');
    expect(table).toContain('w:line="240" w:lineRule="auto"');
    expect(table).toContain('<w:snapToGrid w:val="0"/>');
    const tables = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/g)]
      .map((m) => m[0])
      .filter((t) => !t.includes('w:tblpPr'));
    expect(tables).toHaveLength(5);
    for (const t of tables) {
      expect(t).toContain('<w:tblLayout w:type="fixed"/>');
      const rows = [...t.matchAll(/<w:tr>.*?<\/w:tr>/g)].map((m) => m[0]);
      expect(rows[0]).toContain('<w:tblHeader/>');
      for (const r of rows) expect(r).toMatch(/<w:trHeight w:val="\d+" w:hRule="atLeast"\/>/);
      // Column widths fill the type area exactly.
      const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(grid).toBe(11906 - 1587 - 1474);
    }
  });

  it('puts the 版记 last, in a table floating at the bottom of the type area', () => {
    const record = xml.match(/<w:tbl><w:tblPr><w:tblpPr [^>]*>.*?<\/w:tbl>/)![0];
    expect(record).toMatch(/w:vertAnchor="margin"/);
    expect(record).toMatch(/w:tblpYSpec="bottom"/);
    expect(paragraphs(record)).toEqual([
      `抄送：${plan.document.copyTo}。`,
      `${plan.document.printer}2024年6月7日印发`,
    ]);
    expect(xml.indexOf(record)).toBeGreaterThan(xml.indexOf('附件3'));
    // Thick first and last rules, a thin one between (GB/T 9704 7.4.1).
    expect(record).toMatch(/<w:top w:val="single" w:color="000000" w:sz="8"\/>/);
    expect(record).toMatch(/<w:bottom w:val="single" w:color="000000" w:sz="8"\/>/);
    expect(record).toMatch(/<w:insideH w:val="single" w:color="000000" w:sz="6"\/>/);
  });

  it('summarizes long lists in the body and names the attachment that has them all', () => {
    const all = text.join('\n');
    const stalledHeading = text.findIndex((t) => /^（[一二]）滞后任务$/.test(t));
    const intro = text[stalledHeading + 1];
    const stalledTasks = new Set(all.match(/任务\d+“/g));
    if (stalledTasks.size > 6) expect(intro).toMatch(/涉及\d+项重点任务、\d+个单位（明细见附件2）/);
    const problems = text.slice(text.indexOf('五、存在问题及整改要求'), text.indexOf('六、下步工作'));
    for (const p of problems) expect(p.length).toBeLessThan(240);
    expect(problems.join('')).toMatch(/详见附件3/);
    expect(all).toContain('附件3');
    // 附件3 lists each unit's unmet indicator with its target and value, percentages with two decimals.
    const unmet = xml.slice(xml.lastIndexOf('监测指标未达标情况明细表'));
    const rows = [...unmet.matchAll(/<w:tr>.*?<\/w:tr>/g)].map((r) => paragraphs(r[0]));
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows.slice(1, -2)) expect(r[4]).toMatch(/^(\d+\.\d{2}%|\d+\.\d{4}|\d+|是|否|—)$/);
  });

  it('prints 双公示 rates with two decimals so the columns line up', () => {
    const ranking = xml.slice(xml.indexOf('表2'), xml.indexOf('五、存在问题'));
    const rows = [...ranking.matchAll(/<w:tr>.*?<\/w:tr>/g)].map((r) => paragraphs(r[0])).slice(1);
    for (const r of rows) for (const rate of r.slice(2, 5)) expect(rate).toMatch(/^\d{1,3}\.\d{2}%$/);
  });
});

const soffice =
  spawnSync('soffice', ['--version']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;

interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

describe.skipIf(!soffice)('circular rendered by LibreOffice', () => {
  let pdf = '';
  beforeAll(async () => {
    if (!soffice) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'circular-pdf-'));
    // Long progress notes fill whole pages with body text.
    const subs = monthSubmissions().map((s) => ({
      ...s,
      tasks: s.tasks.map((t) =>
        t.status === 'done' ? { ...t, progress: '按照工作要点要求推进落实'.repeat(60) } : t,
      ),
    }));
    const doc = await circular(subs);
    const file = path.join(dir, 'c.docx');
    writeFileSync(file, doc.bytes);
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${dir}/profile`,
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        file,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    pdf = path.join(dir, 'c.pdf');
  }, 180_000);

  const page = (n: number) =>
    execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim());
  const pageCount = () =>
    Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  const words = (n: number): Word[] =>
    [
      ...execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-bbox', pdf, '-'], {
        encoding: 'utf8',
      }).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
    ].map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5] }));
  const pt = (mm: number) => (mm / 25.4) * 72;

  it('shows 22 body lines on a full page and page numbers — n — right on odd pages, left on even ones', () => {
    // Page 2 is all narrative: 22 lines of text, then the page number.
    const two = page(2);
    expect(two.at(-1)!.trim()).toMatch(/^—\s*2\s*—$/);
    expect(two.length - 1).toBe(22);
    const width = (l: string) => l.length - l.trimStart().length;
    const three = page(3);
    expect(three.at(-1)!.trim()).toMatch(/^—\s*3\s*—$/);
    expect(width(three.at(-1)!)).toBeGreaterThan(width(two.at(-1)!) + 20);
  });

  it('prints the 版记 on the last page, its last line on the bottom edge of the type area', () => {
    const last = pageCount();
    const onLast = words(last);
    const issued = onLast.find((w) => w.text.endsWith('印发'))!;
    const copy = onLast.find((w) => w.text.startsWith('抄送'))!;
    expect(issued).toBeDefined();
    expect(copy.y1).toBeLessThan(issued.y0);
    const bottom = pt(297 - 35);
    expect(issued.y1).toBeGreaterThan(bottom - 8);
    expect(issued.y1).toBeLessThanOrEqual(bottom + 1);
    for (let n = 1; n < last; n++) expect(words(n).some((w) => w.text.endsWith('印发'))).toBe(false);
    expect(page(last).at(-1)!.trim()).toMatch(new RegExp(`^—\\s*${last}\\s*—$`));
  });

  it('lays out one-line table rows about 0.7 cm apart and repeats the header on every page of a table', () => {
    const pages = Array.from({ length: pageCount() }, (_, i) => i + 1);
    const unitTable = pages.filter((n) => page(n).some((l) => l.includes('任务进展（项次）')));
    expect(unitTable.length).toBeGreaterThanOrEqual(2);
    // The 序号 column of 附件1: row numbers at the left edge of the type area.
    const left = pt(28);
    const numbers = words(unitTable[0])
      .filter((w) => /^\d+$/.test(w.text) && w.x0 < left + 30)
      .map((w) => w.y0)
      .sort((a, b) => a - b);
    expect(numbers.length).toBeGreaterThanOrEqual(15);
    // Rows whose 较上月 holds two changes take two lines; one-line rows are 0.7 cm (19.8 pt) apart.
    const gaps = numbers.slice(1).map((y, i) => y - numbers[i]);
    expect(Math.min(...gaps)).toBeLessThan(22);
  });
});
