/**
 * Structured log lines for the service: one line per event, timestamped, either readable text or
 * JSON lines (`--json`) for journald and log shippers.
 */
import { localTimestamp } from '../../core/schedule/local-time.js';
import { DEFAULT_SCHEDULE } from '../../core/schedule/model.js';

export type LogLevel = 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const LEVEL_TEXT: Record<LogLevel, string> = { info: '信息', warn: '警告', error: '错误' };

export interface LoggerOptions {
  json: boolean;
  now: () => Date;
  write: (line: string) => void;
  /** The plan's time zone (日程 sheet), read at each line so a changed plan takes effect. */
  timeZone?: () => string;
}

export function createLogger({ json, now, write, timeZone }: LoggerOptions): Logger {
  const emit = (level: LogLevel, message: string, fields: LogFields = {}) => {
    const time = localTimestamp(now(), timeZone?.() ?? DEFAULT_SCHEDULE.timeZone);
    const defined = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (json) {
      write(JSON.stringify({ time, level, message, ...Object.fromEntries(defined) }) + '\n');
    } else {
      const extra = defined.map(([k, v]) => ` ${k}=${String(v)}`).join('');
      write(`${time} ${LEVEL_TEXT[level]} ${message}${extra}\n`);
    }
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
