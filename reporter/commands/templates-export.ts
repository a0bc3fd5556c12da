import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { builtInTemplatesDir } from '../paths.js';
import { UserError } from '../user-error.js';
import { workspaceAt } from '../workspace.js';

interface TemplatesExportOptions {
  workspace?: string;
  force?: boolean;
}

/** Copies the built-in templates into the workspace, where they override the built-in ones. */
export async function run(options: TemplatesExportOptions): Promise<number> {
  const ws = workspaceAt(options.workspace ?? '.');
  if (!existsSync(ws.root)) {
    throw new UserError(
      `工作区 ${ws.root} 不存在。请先运行：creditwork init --workspace ${JSON.stringify(options.workspace ?? '.')}`,
    );
  }
  const source = builtInTemplatesDir();
  const names = (await readdir(source)).filter((n) => /\.(docx|hbs)$/.test(n)).sort();
  const existing = names.filter((n) => existsSync(path.join(ws.templates, n)));
  if (existing.length && !options.force) {
    throw new UserError(
      `工作区模板已存在，未覆盖：${existing.map((n) => path.join(ws.templates, n)).join('、')}。如需以内置模板覆盖（您的修改将丢失），请加 --force。`,
    );
  }
  await mkdir(ws.templates, { recursive: true });
  for (const name of names) {
    await copyFile(path.join(source, name), path.join(ws.templates, name));
    console.log(`已导出 ${path.join(ws.templates, name)}`);
  }
  console.log('请在 Word 中修改这些模板；{{…}} 占位符请勿删除或改名。生成文档时将优先使用工作区中的模板。');
  return 0;
}
