import { describe, expect, it } from 'vitest';
import { defaultScoringModel } from './default-model.js';
import { eventPropertyKeysRead } from './event-fields.js';
import type { ScoringModel } from './model.js';

describe('eventPropertyKeysRead', () => {
  it('finds the keys the default model filters on', () => {
    expect(eventPropertyKeysRead(defaultScoringModel)).toEqual(['form', 'path']);
  });

  it('looks into groups, negations, negative rules and PQL/CQL conditions, not at fit rules', () => {
    const model: ScoringModel = {
      ...defaultScoringModel,
      fit: [
        {
          id: 'f',
          label: 'f',
          points: 1,
          predicate: { op: 'exists', field: 'properties.fitOnly' },
        },
      ],
      engagement: [
        {
          id: 'e',
          label: 'e',
          points: 1,
          eventType: 'page_viewed',
          filters: [
            {
              op: 'any',
              predicates: [
                { op: 'not', predicate: { op: 'equals', field: 'properties.a.deep', value: 1 } },
                { op: 'equals', field: 'name', value: 'x' },
              ],
            },
          ],
        },
      ],
      negative: [
        {
          on: 'engagement',
          id: 'n',
          label: 'n',
          points: -1,
          eventType: 'x',
          filters: [{ op: 'exists', field: 'properties.b' }],
        },
      ],
      qualification: {
        mql: { minTotal: 1 },
        pql: {
          conditions: [
            {
              eventTypes: ['feature_used'],
              filters: [{ op: 'in', field: 'properties.c', values: ['1'] }],
              minOccurrences: 1,
              withinDays: 1,
            },
          ],
        },
      },
    };
    expect(eventPropertyKeysRead(model)).toEqual(['a', 'b', 'c']);
  });
});
