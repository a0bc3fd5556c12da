import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

/** What the office hands on, read as text: to look for what must not be printed (XX). */

/** Text of every XML part of an Office file (tags dropped), a PDF's text layer, or a text file. */
export function textOf(file: string): string {
  if (file.endsWith('.pdf')) return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  if (!/\.(xlsx|docx)$/.test(file)) return readFileSync(file, 'utf8');
  return Object.entries(unzipSync(readFileSync(file)))
    .filter(([name]) => /\.(xml|rels)$/.test(name))
    .map(([, bytes]) => strFromU8(bytes).replace(/<[^>]*>/g, ' '))
    .join('\n');
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Every XX (the seed's stand-in for the city) in the files' names and texts, with some context. */
export function placeholdersIn(root: string, files: string[]): string[] {
  return files.flatMap((file) => {
    const rel = path.relative(root, file);
    const hits = [...textOf(file).matchAll(/.{0,12}(?:XX|ＸＸ|××).{0,12}/g)].map((m) => `${rel}: ${m[0]}`);
    return [...(/XX|ＸＸ/.test(rel) ? [rel] : []), ...hits];
  });
}
