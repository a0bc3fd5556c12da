/**
 * Excel serial day numbers (1900 date system) for ISO dates. Kept apart from core/values so the
 * plan can state date targets without pulling in the input normalizers.
 */
const DAY_MS = 86_400_000;
// Serial 25569 is 1970-01-01; Excel's fictitious 1900-02-29 is already folded into that offset.
const UNIX_EPOCH_SERIAL = 25_569;

export function isoToSerial(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid ISO date ${iso}`);
  return Math.round(ms / DAY_MS) + UNIX_EPOCH_SERIAL;
}

export function serialToIso(serial: number): string {
  return new Date((Math.floor(serial) - UNIX_EPOCH_SERIAL) * DAY_MS).toISOString().slice(0, 10);
}
