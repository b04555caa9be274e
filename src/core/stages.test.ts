import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { assertTransition, defaultStageDefinitions, findStage } from './stages.js';

const keys = defaultStageDefinitions.map((s) => s.key);

describe('default stage definitions', () => {
  it('have unique keys and only point at stages that exist', () => {
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of defaultStageDefinitions)
      for (const t of s.allowedTransitions) expect(keys).toContain(t);
  });

  it('reach customer from lead along the main path', () => {
    const path = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'];
    for (let i = 1; i < path.length; i++)
      expect(() => assertTransition(defaultStageDefinitions, path[i - 1]!, path[i]!)).not.toThrow();
  });

  it('let a recycled lead qualify again', () => {
    expect(() => assertTransition(defaultStageDefinitions, 'recycled', 'mql')).not.toThrow();
  });

  it('refuse a skip with invalid_transition listing the allowed targets', () => {
    try {
      assertTransition(defaultStageDefinitions, 'lead', 'customer');
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('invalid_transition');
      expect((error as AppError).extensions.allowed).toEqual([
        'mql',
        'pql',
        'cql',
        'recycled',
        'disqualified',
      ]);
    }
  });

  it('name an unknown stage as a field error', () => {
    expect(() => findStage(defaultStageDefinitions, 'zombie')).toThrow(AppError);
  });
});
