import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScoringModel } from './default-model.js';
import { evaluate, evaluateFit, summarize } from './evaluate.js';
import { dayMs } from './model.js';
import { toUnits } from './points.js';
import { buildScoreState } from './state.js';
import { arbContact, arbEvents, arbModel, base, contact, event, model } from './test-support.js';

const sumUnits = (xs: readonly number[]) => xs.reduce((s, x) => s + toUnits(x), 0);

describe('evaluate', () => {
  it('gives contributions that add up to fit, engagement and total exactly, for any model and history', () => {
    fc.assert(
      fc.property(
        arbModel,
        arbContact,
        arbEvents({ maxLength: 60 }),
        fc.integer({ min: 0, max: 120 * dayMs }),
        (m, who, events, after) => {
          const x = evaluate(m, who, events, new Date(base + after));
          const of = (part: string) =>
            x.contributions.filter((c) => c.part === part).map((c) => c.points);
          expect(sumUnits(of('fit'))).toBe(toUnits(x.fit));
          expect(sumUnits(of('engagement'))).toBe(toUnits(x.engagement));
          expect(sumUnits(x.contributions.map((c) => c.points))).toBe(toUnits(x.total));
          expect(toUnits(x.fit) + toUnits(x.engagement)).toBe(toUnits(x.total));
          // Every figure is a whole number of 0.0001 units, so decimal sums are exact too.
          for (const c of x.contributions) expect(toUnits(c.points) / 10_000).toBe(c.points);
          const decimal = x.contributions.reduce((s, c) => s + c.points, 0);
          expect(Number(decimal.toFixed(4))).toBe(x.total);
          // Rounded, never far from the unrounded score the band is decided on.
          expect(Math.abs(x.total - x.raw.total)).toBeLessThanOrEqual(0.00005 + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the events behind each engagement contribution, newest first, and leaves out the future', () => {
    const m = model({
      engagement: [{ id: 'views', label: 'Page views', points: 5, eventType: 'page_viewed' }],
    });
    const a = event('page_viewed', base);
    const b = event('page_viewed', base + dayMs);
    const future = event('page_viewed', base + 3 * dayMs);
    const x = evaluate(m, contact(), [future, a, b], new Date(base + 2 * dayMs));
    expect(x.contributions).toEqual([
      {
        ruleId: 'views',
        label: 'Page views',
        kind: 'engagement',
        part: 'engagement',
        points: expect.any(Number),
        events: [b.id, a.id],
        occurrences: 2,
      },
    ]);
    expect(x.raw.engagement).toBeCloseTo(5 * 2 ** -0.2 + 5 * 2 ** -0.1, 12);
    expect(x.at).toEqual(new Date(base + 2 * dayMs));
  });

  it('keeps negative rules apart as kind negative, counted in the part they are on', () => {
    const m = model({
      fit: [
        {
          id: 'vp',
          label: 'VP',
          points: 20,
          predicate: { op: 'contains', field: 'title', value: 'vp' },
        },
      ],
      negative: [
        {
          on: 'fit',
          id: 'gmail',
          label: 'Gmail',
          points: -10,
          predicate: { op: 'equals', field: 'emailDomain', value: 'gmail.com' },
        },
        {
          on: 'engagement',
          id: 'unsubscribed',
          label: 'Unsubscribed',
          points: -25,
          eventType: 'email_unsubscribed',
        },
      ],
    });
    const at = base + 10 * dayMs;
    const x = evaluate(
      m,
      contact({ email: 'Grace@GMAIL.com' }),
      [event('email_unsubscribed', at)],
      new Date(at),
    );
    expect(x.contributions.map((c) => [c.ruleId, c.kind, c.part, c.points])).toEqual([
      ['vp', 'fit', 'fit', 20],
      ['gmail', 'negative', 'fit', -10],
      ['unsubscribed', 'negative', 'engagement', -25],
    ]);
    expect([x.fit, x.engagement, x.total]).toEqual([10, -25, -15]);
  });

  it('puts a contact in a band by inclusive thresholds', () => {
    const m = model({
      bands: { warm: 20, hot: 50 },
      fit: [20, 30].map((points, i) => ({
        id: `r${i}`,
        label: `r${i}`,
        points,
        predicate: { op: 'equals' as const, field: `properties.r${i}`, value: true },
      })),
    });
    const band = (r0: boolean, r1: boolean) =>
      evaluate(m, contact({ properties: { r0, r1 } }), [], new Date(base)).band;
    expect(band(false, false)).toBe('cold');
    expect(band(true, false)).toBe('warm');
    expect(band(true, true)).toBe('hot');
  });

  it('qualifies an MQL on total, fit and engagement together', () => {
    const m = model({
      fit: [
        {
          id: 'vp',
          label: 'VP',
          points: 30,
          predicate: { op: 'regex', field: 'title', pattern: '^vp\\b' },
        },
      ],
      engagement: [{ id: 'demo', label: 'Demo', points: 40, eventType: 'form_submitted' }],
      qualification: { mql: { minTotal: 60, minFit: 30, minEngagement: 40 } },
    });
    const demo = event('form_submitted', base);
    const mql = (title: string, events = [demo], at = base) =>
      evaluate(m, contact({ title }), events, new Date(at)).qualifies.mql;
    expect(mql('VP Sales')).toBe(true);
    expect(mql('Engineer')).toBe(false);
    expect(mql('VP Sales', [])).toBe(false);
    // A day later 40 points have decayed below minEngagement.
    expect(mql('VP Sales', [demo], base + dayMs)).toBe(false);
  });

  it('qualifies a PQL or CQL on enough recent occurrences, the window inclusive', () => {
    const m = model({
      qualification: {
        mql: { minTotal: 1000 },
        pql: {
          minFit: 0,
          conditions: [
            { eventTypes: ['signed_up'], minOccurrences: 1, withinDays: 30 },
            { eventTypes: ['feature_used'], minOccurrences: 3, withinDays: 7 },
          ],
        },
        cql: {
          conditions: [
            {
              eventTypes: ['chat_started'],
              filters: [{ op: 'in', field: 'properties.topic', values: ['pricing', 'demo'] }],
              minOccurrences: 1,
              withinDays: 2,
            },
          ],
        },
      },
    });
    const events = [
      event('signed_up', base),
      event('feature_used', base + dayMs),
      event('feature_used', base + 2 * dayMs),
      event('feature_used', base + 3 * dayMs),
      event('chat_started', base + 3 * dayMs, { topic: 'Pricing' }),
    ];
    const q = (at: number) => evaluate(m, contact(), events, new Date(at)).qualifies;
    const state = buildScoreState(m, events);
    const live = (at: number) =>
      summarize(m, evaluateFit(m, contact()), state, new Date(at)).qualifies;
    for (const check of [q, live]) {
      expect(check(base + 3 * dayMs)).toEqual({ mql: false, pql: true, cql: true });
      expect(check(base + 5 * dayMs)).toEqual({ mql: false, pql: true, cql: true });
      expect(check(base + 5 * dayMs + 1)).toEqual({ mql: false, pql: true, cql: false });
      expect(check(base + 8 * dayMs)).toEqual({ mql: false, pql: true, cql: false });
      expect(check(base + 8 * dayMs + 1)).toEqual({ mql: false, pql: false, cql: false });
    }
    expect(q(base + 2 * dayMs).pql).toBe(false);
  });

  it('scores the default model on a demo-like lead, with every contribution explained', () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const lead = contact({
      title: 'Head of Demand Generation',
      properties: { seniority: 'director', department: 'marketing' },
      employees: 320,
      industry: 'SaaS',
    });
    const events = [
      event('page_viewed', now - 6 * dayMs, { path: '/blog/lead-scoring-101' }),
      event('asset_downloaded', now - 5 * dayMs, { asset: 'The 2026 Lead Scoring Playbook' }),
      ...[3, 2, 1, 0.5].map((d) => event('page_viewed', now - d * dayMs, { path: '/pricing' })),
      event('page_viewed', now - 0.2 * dayMs, { path: '/product/routing' }),
      event('form_submitted', now - 0.1 * dayMs, { form: 'demo-request' }),
      event('page_viewed', now - 0.05 * dayMs, { path: '/careers' }),
    ];
    const x = evaluate(defaultScoringModel, lead, events, new Date(now));
    expect(x.fit).toBe(15 + 10 + 15 + 10 + 5);
    expect(x.band).toBe('hot');
    expect(x.qualifies).toEqual({ mql: true, pql: false, cql: false });
    const byRule = new Map(x.contributions.map((c) => [c.ruleId, c]));
    expect(byRule.get('pricing-page')!.occurrences).toBe(4);
    expect(byRule.get('pricing-page')!.events).toHaveLength(3);
    expect(byRule.get('careers-page')!.kind).toBe('negative');
    expect(x.contributions[0]!.ruleId).toBe('demo-request');
    expect(sumUnits(x.contributions.map((c) => c.points))).toBe(toUnits(x.total));
  });
});
