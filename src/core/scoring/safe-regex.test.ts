import { describe, expect, it } from 'vitest';
import { regexProblem } from './safe-regex.js';

describe('regexProblem', () => {
  it('accepts the patterns fit rules are made of', () => {
    for (const pattern of [
      '\\b(chief|vp|vice president|head of|director)\\b',
      '^/pricing\\b',
      '^vp\\s+(of\\s+)?sales',
      '(?:ab)*c',
      '[a-z]+@example\\.com$',
      '^(?<word>\\w+)$',
      '(?=.*sales)',
      'a{2,3}',
      '\\(literal\\)+',
      '[(]+x',
      'x{,3}',
    ])
      expect(regexProblem(pattern), pattern).toBeNull();
  });

  it('refuses repeated groups that contain a quantifier or an alternation', () => {
    for (const pattern of [
      '(a+)+$',
      '^(\\w+\\s?)*$',
      '(a|aa)*b',
      '(?:x*y)+',
      '((ab)*c)*',
      '(a|b){2,}',
      '(a*){3}',
      '(x+)+?',
    ])
      expect(regexProblem(pattern), pattern).toMatch(/^must not repeat a group/);
  });

  it('refuses backreferences', () => {
    expect(regexProblem('(a)\\1')).toBe('must not use backreferences');
    expect(regexProblem('(?<x>a)\\k<x>')).toBe('must not use backreferences');
  });

  it('allows at most two unbounded quantifiers', () => {
    expect(regexProblem('a.*b.*c')).toBeNull();
    expect(regexProblem('a.*b.*c.*d')).toBe(
      'must use at most 2 unbounded quantifiers (*, +, {n,})',
    );
    expect(regexProblem('a+b{2,}c*')).toMatch(/^must use at most 2/);
  });

  it('refuses what does not compile, is empty or is too long', () => {
    expect(regexProblem('(vp')).toMatch(/^is not a valid regular expression/);
    expect(regexProblem('[z-a]')).toMatch(/^is not a valid regular expression/);
    expect(regexProblem('')).toBe('must not be empty');
    expect(regexProblem('a'.repeat(201))).toBe('must be at most 200 characters long');
  });
});
