/** The wall clock of the office: which calendar day and minute an instant is in a given time zone. */
export interface LocalClock {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM`, 24-hour. */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `stamp` adds seconds and the UTC offset for log lines; the plain one is kept apart because older
 * web views (the add-in's) know no `longOffset`.
 */
function formatter(timeZone: string, stamp = false): Intl.DateTimeFormat {
  const key = `${stamp ? 'stamp' : 'clock'}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    // Throws RangeError for an unknown zone, which the sheet reader reports as a cell problem.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(stamp ? { second: '2-digit', timeZoneName: 'longOffset' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function partsOf(instant: Date, timeZone: string, stamp = false): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone, stamp).formatToParts(instant)) parts[p.type] = p.value;
  return parts;
}

function exactClock(instant: Date, timeZone: string): LocalClock {
  const parts = partsOf(instant, timeZone);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The zone's UTC offset at a whole minute, from its rules. */
function offsetAt(minute: number, timeZone: string): number {
  const { date, time } = exactClock(new Date(minute), timeZone);
  return Date.parse(`${date}T${time}:00Z`) - minute;
}

/**
 * Offsets by zone and UTC hour, or null for an hour in which the zone's offset changes. Formatting
 * with Intl costs a fifth of a millisecond; a batch asks the day of a thousand files' times, which
 * fall in a few hours.
 */
const hourOffsets = new Map<string, number | null>();

export function localClock(instant: Date, timeZone: string): LocalClock {
  const t = instant.getTime();
  if (!Number.isFinite(t)) return exactClock(instant, timeZone);
  const hour = Math.floor(t / HOUR) * HOUR;
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    // Equal at both ends of the hour: no transition inside it (zones change at most once an hour).
    const first = offsetAt(hour, timeZone);
    offset = first === offsetAt(hour + HOUR - MINUTE, timeZone) ? first : null;
    if (hourOffsets.size >= 4096) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  if (offset === null) return exactClock(instant, timeZone);
  const local = new Date(Math.floor(t / MINUTE) * MINUTE + offset).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/**
 * An instant as the office's wall clock with its UTC offset, `2026-11-29T09:00:05+08:00`: what log
 * lines print, so the office reads its own time and a machine can still order them.
 */
export function localTimestamp(instant: Date, timeZone: string): string {
  const parts = partsOf(instant, timeZone, true);
  // `GMT+08:00`, or plain `GMT` for UTC itself.
  const offset = parts.timeZoneName.replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
