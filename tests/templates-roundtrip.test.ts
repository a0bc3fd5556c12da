import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultScoringScheme } from '../core/assessment/scheme.js';
import { assessYear } from '../core/assessment/year.js';
import { renderAssessmentReport } from '../reporter/assess/report.js';
import { renderCircular } from '../reporter/circular/index.js';
import { builtInTemplatesDir } from '../reporter/paths.js';
import { convertFiles } from '../reporter/render/libreoffice.js';
import { paragraphStyleIds } from '../reporter/render/template-parts.js';
import { decode, readParts } from '../reporter/render/zip.js';
import { months, smallPlan, submission } from './assess-fixtures.js';
import { monthSubmissions, plan } from './circular-fixtures.js';
import { canRender, pageTextLines } from './helpers/pdf.js';

/**
 * The office edits templates in Word or LibreOffice. A template LibreOffice opened and saved unchanged
 * renders as the built-in one does: narrative paragraphs in the template's body and heading styles
 * (found by name, as LibreOffice renames their ids), the chart found and filled.
 */
describe.skipIf(!canRender())('templates saved by LibreOffice', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'templates-roundtrip-'));
  const saved = path.join(dir, 'templates');
  const rendered: Record<string, { bytes: Uint8Array; file: string }> = {};
  const pdf = (name: string) => path.join(dir, 'pdf', `${name}.pdf`);

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'built-in'));
    const sources = ['circular.docx', 'assessment.docx'].map((name) => {
      const file = path.join(dir, 'built-in', name);
      copyFileSync(path.join(builtInTemplatesDir(), name), file);
      return file;
    });
    await convertFiles(sources, 'docx:MS Word 2007 XML', saved);

    const small = smallPlan();
    const scheme = defaultScoringScheme(small);
    const assessment = assessYear({
      plan: small,
      scheme,
      year: 2024,
      periods: months(2024),
      submissions: [submission(small, 'X01', '2024-06')],
    });
    for (const [label, templates] of [
      ['saved', saved],
      ['built-in', undefined],
    ] as const) {
      const circular = await renderCircular({
        plan,
        period: '2024-05',
        submissions: monthSubmissions({ late: ['S03'] }),
        date: '2024-06-07',
        workspaceTemplates: templates,
      });
      const report = await renderAssessmentReport({
        plan: small,
        scheme,
        assessment,
        date: '2025-01-20',
        workspaceTemplates: templates,
      });
      for (const [kind, doc] of [
        ['circular', circular],
        ['assessment', report],
      ] as const) {
        const file = path.join(dir, `${kind}-${label}.docx`);
        writeFileSync(file, doc.bytes);
        rendered[`${kind}-${label}`] = { bytes: doc.bytes, file };
      }
    }
    await convertFiles(
      Object.values(rendered).map((r) => r.file),
      'pdf',
      path.join(dir, 'pdf'),
    );
  }, 240_000);

  it('LibreOffice renamed the style ids and dropped the chart alt text (what this guards against)', () => {
    const parts = readParts(new Uint8Array(readFileSync(path.join(saved, 'circular.docx'))));
    const ids = paragraphStyleIds(decode(parts.get('word/styles.xml')!));
    expect(ids.get('公文正文')).not.toBe('GwBody');
    expect(decode(parts.get('word/document.xml')!)).not.toContain('{{dualPublicityChart}}');
  });

  for (const kind of ['circular', 'assessment'] as const) {
    it(`${kind}: generated paragraphs use the saved template's own styles by name, and the chart is filled`, () => {
      const parts = readParts(rendered[`${kind}-saved`].bytes);
      const ids = paragraphStyleIds(decode(parts.get('word/styles.xml')!));
      const xml = decode(parts.get('word/document.xml')!);
      const styleOf = (text: string) =>
        /<w:pStyle w:val="([^"]+)"/.exec(
          xml.slice(xml.lastIndexOf('<w:p>', xml.indexOf(text)), xml.indexOf(text)),
        )?.[1];
      expect(styleOf('一、总体情况')).toBe(ids.get('公文一级标题'));
      const chart = decode(parts.get('word/charts/chart1.xml')!);
      if (kind === 'circular') expect(chart).toContain(plan.units.find((u) => u.code === 'S01')!.name);
      else expect(chart).toContain('市直单位');
      expect(xml).not.toContain('{{');
    });

    it(`${kind}: prints like the built-in template: heading, indent and lines in the same places`, () => {
      // Page 1 of both: every line at the same height and left edge (within half a point).
      const lines = (label: string) =>
        pageTextLines(pdf(`${kind}-${label}`), 1).map((l) => ({ text: l.text, x: l.x0, y: l.y0 }));
      const saved = lines('saved');
      const builtIn = lines('built-in');
      expect(saved.map((l) => l.text)).toEqual(builtIn.map((l) => l.text));
      saved.forEach((l, i) => {
        expect(Math.abs(l.x - builtIn[i].x), l.text).toBeLessThan(0.5);
        expect(Math.abs(l.y - builtIn[i].y), l.text).toBeLessThan(0.5);
      });
    });
  }
});
