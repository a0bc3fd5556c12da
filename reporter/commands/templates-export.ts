import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { builtInTemplatesDir } from '../paths.js';
import { UserError } from '../user-error.js';
import { workspaceAt } from '../workspace.js';

interface TemplatesExportOptions {
  workspace?: string;
  force?: boolean;
}

/** Written beside the templates: which file is edited where, and what must stay. */
export const TEMPLATES_GUIDE = '模板说明.txt';

const KIND: Record<string, string> = { circular: '月度通报', assessment: '年终考核结果通报' };

/** What each exported file is and how it is edited, one line per file. */
export function templateRole(name: string): string {
  const { name: kind, ext } = path.parse(name);
  const what = KIND[kind] ?? kind;
  return ext === '.docx'
    ? `${name}：${what}的 Word 模板（版头、版式、字体、样式、表格、图表、版记），用 Word、WPS 或 LibreOffice 打开修改，保存为 .docx`
    : `${name}：${what}的正文文字（Handlebars 文本），用记事本等文本编辑器修改并以 UTF-8 保存，不要用 Word 打开`;
}

function guide(names: string[]): string {
  return [
    '信用办模板说明（由 creditwork templates export 生成）',
    '',
    ...names.map(templateRole),
    '',
    '修改 Word 模板时：',
    '- {{名称}} 是占位符，生成文件时替换为数据，请勿删除或改名；表格中的 {{表名.列名}} 所在行会按数据重复。',
    '- 图表的占位符写在图表的“可选文字”（替换文字）中。LibreOffice 保存时会丢失它，程序会按图表的先后顺序找回。',
    '- 样式按名称识别（公文正文、公文一级标题、公文二级标题、公文正文（顶格）等）：可以修改样式的字体和段落格式，请勿改名或删除。',
    '',
    '修改正文文字（.hbs）时：',
    '- 每一行非空文字是一个段落；{{#block "名称"}}…{{/block}} 之间的文字填入 Word 模板中的 {{名称}}。',
    '- {{h1 "…"}} 为一级标题（黑体），{{h2 "…"}} 为二级标题（楷体），{{#if …}}…{{/if}} 按数据决定是否出现。',
    '',
    '工作区中的模板优先于内置模板；删除某个文件即恢复使用内置模板。',
    '模板与数据不一致（缺少或多出占位符）时，程序会在生成前列出问题，不会生成残缺的文件。',
    '恢复内置模板：creditwork templates export --force（会覆盖您的修改）。',
    '',
  ].join('\r\n');
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
  }
  // UTF-8 with a byte-order mark, so Notepad on an older Windows opens it as Chinese text.
  await writeFile(path.join(ws.templates, TEMPLATES_GUIDE), `\uFEFF${guide(names)}`);
  console.log(`已导出模板到 ${ws.templates}：`);
  for (const name of names) console.log(`  ${templateRole(name)}`);
  console.log(
    `Word 模板中的 {{…}} 占位符请勿删除或改名；详见 ${path.join(ws.templates, TEMPLATES_GUIDE)}。生成文档时优先使用工作区中的模板。`,
  );
  return 0;
}
