import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * LibreOffice in headless mode, for the PDF beside a document and for checking how a document lays
 * out. It is optional: without it documents are still written, only without PDF.
 */

let found: string | null | undefined;

/** The soffice program: CREDITWORK_SOFFICE, else `soffice` or `libreoffice` on PATH; undefined when absent. */
export function sofficePath(): string | undefined {
  if (found !== undefined) return found ?? undefined;
  const candidates = [process.env.CREDITWORK_SOFFICE, 'soffice', 'libreoffice'].filter(
    (c): c is string => !!c,
  );
  found =
    candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore', timeout: 60_000 }).status === 0) ??
    null;
  return found ?? undefined;
}

export class ConversionError extends Error {
  override name = 'ConversionError';
}

/**
 * Converts files in one run of LibreOffice (its start-up is most of the cost) into `outDir`, e.g.
 * `pdf` or `docx`. Each run gets its own profile, so runs in parallel (tests, the scheduler beside a
 * person at the terminal) never share one. Returns the written files, in the order given.
 */
export async function convertFiles(
  files: readonly string[],
  format: string,
  outDir: string,
): Promise<string[]> {
  const soffice = sofficePath();
  if (!soffice) throw new ConversionError('未安装 LibreOffice（soffice），无法转换文件');
  if (!files.length) return [];
  const profile = mkdtempSync(path.join(os.tmpdir(), 'creditwork-lo-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          '--convert-to',
          format,
          '--outdir',
          outDir,
          ...files,
        ],
        { timeout: 120_000 + 20_000 * files.length, maxBuffer: 4 * 1024 * 1024 },
        (error, _stdout, stderr) =>
          error
            ? reject(new ConversionError(`LibreOffice 转换失败：${String(stderr || error.message).trim()}`))
            : resolve(),
      );
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const extension = format.split(':')[0];
  const outputs = files.map((f) => path.join(outDir, `${path.parse(f).name}.${extension}`));
  const lost = outputs.filter((f) => !existsSync(f));
  if (lost.length) throw new ConversionError(`LibreOffice 未能生成：${lost.join('、')}`);
  return outputs;
}
