import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from './user-error.js';
import type { Workspace } from './workspace.js';

/**
 * The workspace secret: 32 random bytes as hex in `workspace.key`, readable by the service account
 * only. It signs every issued workbook, so it is made once (by init, or by the first command that
 * signs in an older workspace) and never replaced: a new secret would make every workbook already
 * out with the units look forged. It belongs in backups with the rest of the workspace.
 */

const SECRET = /^[0-9a-f]{64}$/;

/** The secret, or undefined when this workspace has never had one. A damaged file is an error. */
export function readWorkspaceSecret(ws: Workspace): string | undefined {
  let text: string;
  try {
    text = readFileSync(ws.secret, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!SECRET.test(text)) {
    throw new UserError(
      `工作区密钥文件 ${ws.secret} 已损坏（应为 64 位十六进制数）。请从备份恢复该文件；在此之前下发的填报表无法核验签名。`,
    );
  }
  return text;
}

/** The secret, made now when the workspace has none (exclusively: two processes agree on one). */
export function ensureWorkspaceSecret(ws: Workspace, bytes: () => Buffer = () => randomBytes(32)): string {
  const existing = readWorkspaceSecret(ws);
  if (existing) return existing;
  try {
    writeFileSync(ws.secret, bytes().toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readWorkspaceSecret(ws)!;
}
