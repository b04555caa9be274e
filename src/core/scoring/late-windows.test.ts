import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capWindowIndex } from './caps.js';
import { droppedWindowsHit, mergedSpans } from './late-windows.js';
import { dayMs } from './model.js';
import { buildScoreState } from './state.js';
import { base, cappedViewsModel, event } from './test-support.js';

const views = cappedViewsModel();
const m = cappedViewsModel({
  engagement: [
    ...views.engagement,
    { id: 'forms', label: 'Forms', points: 20, eventType: 'form_submitted' },
  ],
});

describe('droppedWindowsHit', () => {
  const state = buildScoreState(m, [
    event('page_viewed', base + 8 * dayMs),
    event('page_viewed', base + 40 * dayMs),
  ]);

  it('asks to read a let-go window at or after the rule’s earliest occurrence', () => {
    const late = event('page_viewed', base + 9 * dayMs);
    const { windows, reads } = droppedWindowsHit(m, state, [late]);
    const index = capWindowIndex(late.occurredAt.getTime(), 7);
    expect(reads).toEqual([
      { ruleId: 'views', index, from: base + 7 * dayMs, to: base + 14 * dayMs },
    ]);
    expect([...windows.keys()]).toEqual([`views@${index}`]);
  });

  it('reads nothing for a window before the earliest occurrence, a kept window or an uncapped rule', () => {
    const { windows, reads } = droppedWindowsHit(m, state, [
      event('page_viewed', base + 1 * dayMs),
      event('page_viewed', base + 30 * dayMs),
      event('form_submitted', base + 9 * dayMs),
    ]);
    expect(reads).toEqual([]);
    // The window before everything is known to hold nothing stored.
    expect([...windows.entries()]).toEqual([[`views@${capWindowIndex(base + dayMs, 7)}`, []]]);
  });
});

describe('mergedSpans', () => {
  it('covers exactly the union of the spans, with no two overlapping or touching', () => {
    const arbSpan = fc
      .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 20 }))
      .map(([from, length]) => ({ ruleId: 'r', index: 0, from, to: from + length }));
    fc.assert(
      fc.property(fc.array(arbSpan, { maxLength: 12 }), (reads) => {
        const merged = mergedSpans(reads);
        for (let i = 1; i < merged.length; i++)
          expect(merged[i]!.from).toBeGreaterThan(merged[i - 1]!.to);
        for (let x = 0; x < 125; x++) {
          const inReads = reads.some((r) => x >= r.from && x < r.to);
          const inMerged = merged.some((r) => x >= r.from && x < r.to);
          expect(inMerged).toBe(inReads);
        }
      }),
    );
  });
});
