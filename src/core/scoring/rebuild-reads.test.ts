import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScoringModel } from './default-model.js';
import { eventPropertyKeysRead } from './event-fields.js';
import type { ScoringEvent } from './model.js';
import { eventTypesScored } from './rules.js';
import { buildScoreState } from './state.js';
import { arbEvents, arbModel } from './test-support.js';

/** What store/contact-scores.ts loadScoringEvents returns when told what the model reads. */
function asRead(events: readonly ScoringEvent[], types: string[], keys: string[]): ScoringEvent[] {
  return events
    .filter((e) => types.includes(e.type))
    .map((e) => ({
      ...e,
      // SQL's properties -> key gives null for a missing key, so every key is present.
      properties: Object.fromEntries(keys.map((k) => [k, e.properties[k] ?? null])),
    }));
}

describe('what a rebuild reads', () => {
  it('names the event types the default model scores', () => {
    expect(eventTypesScored(defaultScoringModel)).toEqual(
      [
        ...new Set([
          ...defaultScoringModel.engagement.map((r) => r.eventType),
          ...defaultScoringModel.negative.flatMap((r) =>
            r.on === 'engagement' ? [r.eventType] : [],
          ),
          ...(['pql', 'cql'] as const).flatMap((k) =>
            (defaultScoringModel.qualification[k]?.conditions ?? []).flatMap((c) => c.eventTypes),
          ),
        ]),
      ].sort(),
    );
  });

  it('builds the same state from only the types and property keys the model reads', () => {
    fc.assert(
      fc.property(
        arbModel,
        arbEvents({ maxLength: 40, days: 60 }),
        fc.string(),
        (model, events, noise) => {
          const withNoise = events.map((e) => ({
            ...e,
            properties: { ...e.properties, noise, url: `https://example.com/${noise}` },
          }));
          const read = asRead(withNoise, eventTypesScored(model), eventPropertyKeysRead(model));
          expect(read.length).toBeLessThanOrEqual(withNoise.length);
          expect(buildScoreState(model, read)).toEqual(buildScoreState(model, withNoise));
        },
      ),
      { numRuns: 300 },
    );
  });
});
