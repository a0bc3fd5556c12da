import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { builtInTemplatesDir } from '../paths.js';
import { UserError } from '../user-error.js';

export interface TemplateFile {
  name: string;
  path: string;
  /** False when the workspace's own copy (templates export, then edited in Word) is used. */
  builtIn: boolean;
  bytes: Uint8Array;
}

/** A workspace copy of a template overrides the built-in one of the same name. */
export async function loadTemplate(name: string, workspaceTemplates?: string): Promise<TemplateFile> {
  const own = workspaceTemplates ? path.join(workspaceTemplates, name) : undefined;
  const file = own && existsSync(own) ? own : path.join(builtInTemplatesDir(), name);
  if (!existsSync(file)) {
    throw new UserError(
      `找不到模板 ${name}（已查找 ${own ? `${own} 与 ` : ''}${file}）。请重新安装，或运行 creditwork templates export。`,
    );
  }
  return { name, path: file, builtIn: file !== own, bytes: new Uint8Array(await readFile(file)) };
}
