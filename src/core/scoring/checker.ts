/**
 * A small collector for document validation: every problem is kept (an editor
 * shows them all at once), each with the path of the offending value in the
 * JSON-pointer style the HTTP problem documents use ("fit/2/predicate/value").
 */

export interface ModelProblem {
  path: string;
  message: string;
}

export function at(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}/${key}`;
}

export function describeProblem(p: ModelProblem): string {
  return p.path === '' ? `the document ${p.message}` : `${p.path} ${p.message}`;
}

export type Json = Record<string, unknown>;

export interface NumberRules {
  required?: boolean;
  min?: number;
  max?: number;
  /** Strictly greater than. */
  above?: number;
  /** Strictly less than. */
  below?: number;
  integer?: boolean;
  /** At most this many decimal places. */
  decimals?: number;
}

export interface StringRules {
  required?: boolean;
  maxLength?: number;
  pattern?: RegExp;
  /** What the pattern means, for the message. */
  patternHint?: string;
}

export function hasAtMostDecimals(n: number, decimals: number): boolean {
  const scaled = n * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) <= 1e-6 * Math.max(1, Math.abs(scaled));
}

export class Checker {
  readonly problems: ModelProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  object(value: unknown, path: string): value is Json {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    this.add(path, 'must be an object');
    return false;
  }

  /** Unknown keys are refused: a misspelt "point" must not silently score nothing. */
  keys(obj: Json, path: string, allowed: readonly string[], required: readonly string[]): void {
    for (const key of Object.keys(obj))
      if (!allowed.includes(key)) this.add(at(path, key), 'is not a known field');
    for (const key of required) if (obj[key] === undefined) this.add(at(path, key), 'is required');
  }

  number(obj: Json, key: string, path: string, rules: NumberRules = {}): number | undefined {
    const value = obj[key];
    const where = at(path, key);
    if (value === undefined) {
      return undefined; // `keys` reports a missing required field once
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(where, 'must be a number');
      return undefined;
    }
    const before = this.problems.length;
    if (rules.integer && !Number.isInteger(value)) this.add(where, 'must be a whole number');
    if (rules.min !== undefined && value < rules.min)
      this.add(where, `must be at least ${rules.min}`);
    if (rules.max !== undefined && value > rules.max)
      this.add(where, `must be at most ${rules.max}`);
    if (rules.above !== undefined && value <= rules.above)
      this.add(where, `must be greater than ${rules.above}`);
    if (rules.below !== undefined && value >= rules.below)
      this.add(where, `must be less than ${rules.below}`);
    if (rules.decimals !== undefined && !hasAtMostDecimals(value, rules.decimals))
      this.add(where, `must have at most ${rules.decimals} decimal places`);
    return this.problems.length === before ? value : undefined;
  }

  string(obj: Json, key: string, path: string, rules: StringRules = {}): string | undefined {
    const value = obj[key];
    const where = at(path, key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.add(where, 'must be a string');
      return undefined;
    }
    if (value.trim() === '') {
      this.add(where, 'must not be empty');
      return undefined;
    }
    if (rules.maxLength !== undefined && value.length > rules.maxLength) {
      this.add(where, `must be at most ${rules.maxLength} characters long`);
      return undefined;
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      this.add(where, `must be ${rules.patternHint ?? `like ${rules.pattern.source}`}`);
      return undefined;
    }
    return value;
  }

  boolean(obj: Json, key: string, path: string): boolean | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    this.add(at(path, key), 'must be true or false');
    return undefined;
  }

  array(
    obj: Json,
    key: string,
    path: string,
    size: { min?: number; max: number },
  ): unknown[] | undefined {
    const value = obj[key];
    const where = at(path, key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.add(where, 'must be a list');
      return undefined;
    }
    if (size.min !== undefined && value.length < size.min) {
      this.add(where, `must have at least ${size.min} ${size.min === 1 ? 'entry' : 'entries'}`);
      return undefined;
    }
    if (value.length > size.max) {
      this.add(where, `must have at most ${size.max} entries`);
      return undefined;
    }
    return value;
  }
}
