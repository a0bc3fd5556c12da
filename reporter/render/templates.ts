import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { builtInTemplatesDir } from '../paths.js';
import { UserError } from '../user-error.js';
import { renderDocument, type RenderRequest } from './docx.js';
import type { RecordBreaks } from './docx.js';

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

export interface OfficialDocument {
  title: string;
  fileName: string;
  bytes: Uint8Array;
}

/**
 * A document from its pair of templates, `<kind>.docx` and `<kind>.hbs` (workspace copies first):
 * the narrative is rendered, then patched into the Word template with the values.
 */
/** The narrative block both documents end their body with, right before the 附件说明 and 落款. */
const LAST_BODY_BLOCK = 'nextSteps';

export async function renderFromTemplates(
  kind: string,
  content: {
    narrative: unknown;
    values: RenderRequest['values'];
    title: string;
    alternatives?: RenderRequest['alternatives'];
  },
  options: { date: string; workspaceTemplates?: string; recordBreaks?: RecordBreaks },
): Promise<OfficialDocument> {
  const template = await loadTemplate(`${kind}.docx`, options.workspaceTemplates);
  const hbs = await loadTemplate(`${kind}.hbs`, options.workspaceTemplates);
  const bytes = await renderDocument({
    template: { bytes: template.bytes, name: template.path },
    narrative: { source: new TextDecoder().decode(hbs.bytes), name: hbs.path, data: content.narrative },
    values: content.values,
    alternatives: content.alternatives,
    date: options.date,
    title: content.title,
    recordBreaks: options.recordBreaks,
    // GB/T 9704 7.3.5: the 附件说明 and 落款 go with the body's last lines, never alone on a page.
    keepWithNext: [LAST_BODY_BLOCK],
  });
  return { title: content.title, fileName: `${content.title}.docx`, bytes };
}
