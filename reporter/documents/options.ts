import { UserError } from '../user-error.js';

/** `--number` as typed: the 发文字号's sequence number (1–9999), or undefined when not given. */
export function numberOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d{1,4}$/.test(text) || Number(text) === 0) {
    throw new UserError(
      `--number ${JSON.stringify(String(value))} 应为发文字号中的序号（1 至 9999 的数字），如 5。`,
    );
  }
  return Number(text);
}
