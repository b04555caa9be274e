/**
 * Fit rules may carry regular expressions written by marketing, and they run on
 * every contact during a rescore. JavaScript's engine backtracks, so a pattern
 * like (a+)+$ takes exponential time on a short input. We refuse, at load time,
 * the shapes that cause that (a repeated group that itself contains a quantifier
 * or an alternation, and backreferences), allow at most two unbounded quantifiers
 * (whose polynomial cost is what remains) and cut the input to a fixed length.
 */

export const maxPatternLength = 200;
/** Text longer than this is matched on its first characters only; titles and domains fit. */
export const regexInputLimit = 256;
export const maxUnboundedQuantifiers = 2;

interface GroupScan {
  quantified: boolean;
  alternated: boolean;
}

interface Quantifier {
  length: number;
  repeats: boolean;
  unbounded: boolean;
}

/** `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` at `i` (with an optional lazy `?`), else null. */
function quantifierAt(pattern: string, i: number): Quantifier | null {
  const c = pattern[i];
  let q: Quantifier | null = null;
  if (c === '*' || c === '+') q = { length: 1, repeats: true, unbounded: true };
  else if (c === '?') q = { length: 1, repeats: false, unbounded: false };
  else if (c === '{') {
    // Outside unicode mode a brace that is not a well-formed quantifier is a literal.
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (m) {
      const min = Number(m[1]);
      const unbounded = m[2] !== undefined && m[3] === '';
      const max = m[2] === undefined ? min : unbounded ? Number.POSITIVE_INFINITY : Number(m[3]);
      q = { length: m[0].length, repeats: max > 1, unbounded };
    }
  }
  if (q && pattern[i + q.length] === '?') q.length++;
  return q;
}

/** `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`: so the `?` is not read as a quantifier. */
function groupPrefixLength(pattern: string, i: number): number {
  if (pattern[i + 1] !== '?') return 1;
  if (pattern[i + 2] !== '<') return 3;
  if (pattern[i + 3] === '=' || pattern[i + 3] === '!') return 4;
  const close = pattern.indexOf('>', i);
  return close < 0 ? 1 : close - i + 1;
}

/** Why this pattern is refused, or null when it is acceptable. */
export function regexProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > maxPatternLength)
    return `must be at most ${maxPatternLength} characters long`;
  try {
    new RegExp(pattern);
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message})`;
  }
  const stack: GroupScan[] = [{ quantified: false, alternated: false }];
  // What the next quantifier would repeat: a plain atom, or a group and what it contained.
  let last: 'none' | 'atom' | GroupScan = 'none';
  let unbounded = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<'))
        return 'must not use backreferences';
      last = 'atom';
      i += 2;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      last = 'atom';
      i = j + 1;
      continue;
    }
    if (c === '(') {
      stack.push({ quantified: false, alternated: false });
      last = 'none';
      i += groupPrefixLength(pattern, i);
      continue;
    }
    if (c === ')') {
      const group = stack.length > 1 ? stack.pop()! : top;
      const parent = stack[stack.length - 1]!;
      parent.quantified ||= group.quantified;
      parent.alternated ||= group.alternated;
      last = group;
      i++;
      continue;
    }
    if (c === '|') {
      top.alternated = true;
      last = 'none';
      i++;
      continue;
    }
    const q = quantifierAt(pattern, i);
    if (q) {
      if (q.repeats && typeof last === 'object' && (last.quantified || last.alternated))
        return 'must not repeat a group that contains a quantifier or an alternation (it can backtrack for ever); use a character class or separate rules';
      if (q.unbounded) unbounded++;
      top.quantified = true;
      last = 'none';
      i += q.length;
      continue;
    }
    last = 'atom';
    i++;
  }
  if (unbounded > maxUnboundedQuantifiers)
    return `must use at most ${maxUnboundedQuantifiers} unbounded quantifiers (*, +, {n,})`;
  return null;
}
