import { UserError } from '../user-error.js';

export async function run(_options: Record<string, unknown>): Promise<number> {
  throw new UserError('此命令尚在开发中（assess）。');
}
