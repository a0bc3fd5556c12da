import { normalizePeriod } from '../core/calendar/index.js';
import { UserError } from './user-error.js';

/** `--period` as the commands accept it (`2024-05`, `2024-5`, `2024年5月`), or a Chinese error. */
export function periodOption(value: unknown): string {
  try {
    return normalizePeriod(String(value ?? ''));
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}
