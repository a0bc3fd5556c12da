/**
 * Reading a cell for display in the pane (indicator values). Judging a value is core/rules' job;
 * this only has to show what the unit typed in a readable way.
 */
import type { InputType, RawCell } from '../core/contract/index.js';
import { isFormulaCell } from '../core/contract/index.js';

/** Numbers as people type them: `1,234`, full-width digits, `12%` (as 12), trailing spaces. */
export function readNumber(raw: RawCell): number | null {
  if (raw === null || isFormulaCell(raw) || raw instanceof Date || typeof raw === 'boolean') return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  const text = raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E]/g, '.')
    .replace(/[,，\s]/g, '')
    .replace(/[%％]$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/** Excel serial day → ISO date (1900 date system, serial 60 is the phantom 1900-02-29). */
export function serialToIso(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

export function readValue(type: InputType, raw: RawCell): { value: number | null; text: string } {
  switch (type) {
    case 'percent': {
      const n = readNumber(raw);
      return n === null ? { value: null, text: '' } : { value: n / 100, text: `${n}%` };
    }
    case 'yes-no': {
      const t = typeof raw === 'string' ? raw.trim() : '';
      return t === '是'
        ? { value: 1, text: '是' }
        : t === '否'
          ? { value: 0, text: '否' }
          : { value: null, text: '' };
    }
    case 'date': {
      if (typeof raw === 'number') return { value: Math.round(raw), text: serialToIso(raw) };
      if (raw instanceof Date) {
        const serial = Math.round((raw.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000);
        return { value: serial, text: raw.toISOString().slice(0, 10) };
      }
      return { value: null, text: '' };
    }
    default: {
      const n = readNumber(raw);
      return n === null ? { value: null, text: '' } : { value: n, text: String(n) };
    }
  }
}
