// Pictures of a monthly circular for the README: node --import tsx scripts/docs-circular-pictures.ts
// Runs a short demo (two months) in a temporary folder, renders the February circular with LibreOffice
// and writes page 1 and the page with the 双公示 ranking and its chart to docs/images/ at 80 dpi.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemo } from '../reporter/demo/run-demo.js';

const DPI = 80;
const out = path.join(import.meta.dirname, '..', 'docs', 'images');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'circular-pictures-'));

try {
  const demo = await runDemo({ dir: path.join(tmp, 'demo'), months: 2, seed: 2024, log: () => {} });
  const docx = demo.circulars.at(-1)!;
  execFileSync(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${tmp}/profile`,
      '--convert-to',
      'pdf',
      '--outdir',
      tmp,
      docx,
    ],
    { stdio: 'ignore', timeout: 180_000 },
  );
  const pdf = path.join(tmp, `${path.basename(docx, '.docx')}.pdf`);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  const text = (n: number) =>
    execFileSync('pdftotext', ['-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });
  // The chart's own title is on the page that shows it, under the end of the ranking table.
  const ranking = Array.from({ length: pages }, (_, i) => i + 1).find((n) =>
    /“\s*双公示”综合得分/.test(text(n).replace(/\n/g, '')),
  );
  if (!ranking) throw new Error('通报中找不到“双公示”综合得分图表所在的页');

  mkdirSync(out, { recursive: true });
  const picture = (page: number, name: string) => {
    const prefix = path.join(tmp, name);
    execFileSync('pdftoppm', [
      '-r',
      String(DPI),
      '-f',
      String(page),
      '-l',
      String(page),
      '-png',
      pdf,
      prefix,
    ]);
    const file = readdirSync(tmp).find((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))!;
    copyFileSync(path.join(tmp, file), path.join(out, `${name}.png`));
    console.log(`已生成 ${path.relative(process.cwd(), path.join(out, `${name}.png`))}（第${page}页）`);
  };
  picture(1, 'circular-page1');
  picture(ranking, 'circular-ranking');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
