/**
 * Errors from the file system and SQLite that the office can fix themselves (a read-only folder, a
 * file open in Excel, a full disk), told in Chinese with the path, instead of a stack trace.
 */

interface SystemErrorLike {
  code?: unknown;
  path?: unknown;
  dest?: unknown;
}

const FILE_ERRORS: Record<string, (where: string) => string> = {
  EACCES: (p) => `没有权限读写 ${p}，请检查该文件夹的权限，或换一个工作区（--workspace）。`,
  EPERM: (p) => `操作系统不允许修改 ${p}，文件可能只读或正被 Excel/WPS 等程序打开，请关闭后重试。`,
  EBUSY: (p) => `${p} 正被其他程序（如 Excel/WPS）占用，请关闭该文件后重试。`,
  EROFS: (p) => `${p} 在只读的磁盘上，请换一个可写的工作区（--workspace）。`,
  ENOSPC: (p) => `磁盘空间不足，无法写入 ${p}，请清理磁盘后重新运行。`,
  EDQUOT: (p) => `磁盘配额已用完，无法写入 ${p}，请清理后重新运行。`,
  ENOTDIR: (p) => `${p} 的上级路径中有同名文件而不是文件夹，请改名或移走该文件后重试。`,
  EISDIR: (p) => `${p} 是文件夹而不是文件，请检查路径。`,
  EEXIST: (p) => `${p} 已存在且不是文件夹，请改名或移走后重试。`,
  EMFILE: () => '同时打开的文件过多，请稍后重试，或把收件目录中的文件分批收取。',
};

const SQLITE_ERRORS: Record<string, string> = {
  SQLITE_READONLY:
    '数据库 creditwork.db 只读，无法写入，请检查工作区及 creditwork.db、creditwork.db-wal、creditwork.db-shm 的权限。',
  SQLITE_READONLY_DIRECTORY: '工作区文件夹只读，数据库 creditwork.db 无法写入，请检查工作区的权限。',
  SQLITE_CANTOPEN: '无法打开数据库 creditwork.db，请检查工作区文件夹是否存在且可写。',
  SQLITE_BUSY: '数据库 creditwork.db 正被另一个 creditwork 进程使用，请等它结束后重试。',
  SQLITE_FULL: '磁盘空间不足，数据库 creditwork.db 无法写入，请清理磁盘后重新运行。',
  SQLITE_CORRUPT: '数据库 creditwork.db 已损坏，请从备份恢复工作区（archive/ 中的原件可重新收取）。',
  SQLITE_NOTADB: 'creditwork.db 不是数据库文件，请检查工作区，或从备份恢复。',
};

/** A Chinese message for an error the user can act on, or undefined for a real bug. */
export function describeSystemError(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, path, dest } = error as SystemErrorLike;
  if (typeof code !== 'string') return undefined;
  // Extended SQLite codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED…) fall back to their base.
  const sqlite = SQLITE_ERRORS[code] ?? SQLITE_ERRORS[code.split('_').slice(0, 2).join('_')];
  if (code.startsWith('SQLITE_')) return sqlite;
  const describe = FILE_ERRORS[code];
  if (!describe) return undefined;
  // For a rename or copy the destination is what was being written.
  const target = typeof dest === 'string' ? dest : typeof path === 'string' ? path : '所需的文件';
  return describe(target);
}
