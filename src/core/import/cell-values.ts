import type { CellType } from './fields.js';

/**
 * One cell's text turned into a typed value, or the reason it cannot be.
 * Cells are trimmed; a blank cell or one of the mapping's null values is
 * `null` (no value: an import never erases what is stored).
 */
export type CellResult = { ok: true; value: unknown } | { ok: false; reason: string };

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const plainNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const thousands = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const truthy = new Set(['true', 'yes', 'y', '1', 't', 'on']);
const falsy = new Set(['false', 'no', 'n', '0', 'f', 'off']);

/**
 * `tandem export` (like other careful exporters) prefixes text a spreadsheet
 * would run as a formula with an apostrophe; an import takes it off again so
 * export → import gives back the stored value.
 */
export function undefuse(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export function isNullCell(text: string, nullValues: ReadonlySet<string>): boolean {
  const t = text.trim();
  return t === '' || nullValues.has(t.toLowerCase());
}

function parseNumber(text: string): number | null {
  const t = text.replace(/\s+/g, '');
  if (plainNumber.test(t)) return Number(t);
  if (thousands.test(t)) return Number(t.replaceAll(',', ''));
  return null;
}

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** ISO 8601 dates and date-times (a space instead of T is fine); no zone means UTC. */
export function parseDate(text: string): Date | null {
  const t = text.trim();
  const day = isoDate.exec(t);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    return validDay(y, m, d) ? new Date(Date.UTC(y, m - 1, d)) : null;
  }
  const full = isoDateTime.exec(t);
  if (!full) return null;
  const [y, m, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(full[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validDay(y, m, d) || hh > 23 || mm > 59 || ss > 59) return null;
  const zone = full[8] ? full[8].toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  const at = Date.parse(
    `${t.slice(0, 10)}T${t.slice(11, 16)}:${full[6] ?? '00'}${full[7] ?? ''}${zone}`,
  );
  return Number.isNaN(at) ? null : new Date(at);
}

export function convertCell(raw: string, type: CellType, max?: number): CellResult {
  const text = raw.trim();
  switch (type) {
    case 'string':
      return max !== undefined && text.length > max
        ? { ok: false, reason: `is longer than ${max} characters` }
        : { ok: true, value: text };
    case 'email':
      if (!emailPattern.test(text)) return { ok: false, reason: 'is not an email address' };
      return max !== undefined && text.length > max
        ? { ok: false, reason: `is longer than ${max} characters` }
        : { ok: true, value: text };
    case 'number': {
      const n = parseNumber(text);
      return n === null || !Number.isFinite(n)
        ? { ok: false, reason: 'is not a number' }
        : { ok: true, value: n };
    }
    case 'integer': {
      const n = parseNumber(text);
      if (n === null || !Number.isFinite(n)) return { ok: false, reason: 'is not a number' };
      return Number.isSafeInteger(n)
        ? { ok: true, value: n }
        : { ok: false, reason: 'is not a whole number' };
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (truthy.has(t)) return { ok: true, value: true };
      if (falsy.has(t)) return { ok: true, value: false };
      return { ok: false, reason: 'is not yes/no, true/false or 1/0' };
    }
    case 'date': {
      const d = parseDate(text);
      return d
        ? { ok: true, value: d }
        : { ok: false, reason: 'is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)' };
    }
    case 'object': {
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value === 'object' && value !== null && !Array.isArray(value))
          return { ok: true, value };
      } catch {
        // reported below
      }
      return { ok: false, reason: 'is not a JSON object' };
    }
  }
}
