import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Excel and WPS keep an owner file `~$<name>` beside a workbook they have open; LibreOffice keeps
 * `.~lock.<name>#`. While it is there, what the office sees on screen may differ from what is saved.
 */
export interface OpenInEditor {
  editor: 'Excel/WPS' | 'LibreOffice';
  /** The owner file's path. */
  ownerFile: string;
}

export function openInEditor(file: string): OpenInEditor | undefined {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const office = path.join(dir, `~$${name}`);
  if (existsSync(office)) return { editor: 'Excel/WPS', ownerFile: office };
  const libre = path.join(dir, `.~lock.${name}#`);
  if (existsSync(libre)) return { editor: 'LibreOffice', ownerFile: libre };
  return undefined;
}

/** `plans/2027.xlsx 正在 Excel/WPS 中打开（有 ~$2027.xlsx）` */
export const openInEditorText = (name: string, open: OpenInEditor): string =>
  `${name} 正在 ${open.editor} 中打开（有 ${path.basename(open.ownerFile)}）`;

/** The warning for a read: only what is saved counts. */
export const unsavedEditsWarning = (name: string, open: OpenInEditor): string =>
  `${openInEditorText(name, open)}：creditwork 读取的是磁盘上已保存的内容，尚未保存的修改不会被读取。如已修改，请先在 ${open.editor} 中保存（Ctrl+S）再运行；如该文件其实已关闭，可删除 ${open.ownerFile}。`;
