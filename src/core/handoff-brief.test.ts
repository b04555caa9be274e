import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BriefEvent,
  type BriefMaterial,
  type BriefTransition,
  buildHandoffBrief,
  contentConsumed,
} from './handoff-brief.js';
import { defaultScoringModel } from './scoring/default-model.js';
import { evaluate } from './scoring/evaluate.js';
import { dayMs, type ScoringEvent } from './scoring/model.js';
import { toUnits } from './scoring/points.js';
import { buildScoreState } from './scoring/state.js';
import { arbContact, arbEvents, arbModel, base, contact, event } from './scoring/test-support.js';

const now = Date.UTC(2026, 10, 20, 12);
const system = { kind: 'system' as const, id: null, name: 'Tandem' };

function briefEvent(
  type: string,
  at: number,
  properties: BriefEvent['properties'] = {},
  name: string | null = null,
): BriefEvent {
  return { type, name, occurredAt: new Date(at), properties };
}

function move(from: string | null, to: string, at: number, reasonCode: string | null = null) {
  return { from, to, occurredAt: new Date(at), actor: system, reasonCode } as BriefTransition;
}

function material(partial: Partial<BriefMaterial> = {}): BriefMaterial {
  return {
    contactId: 'c1',
    scoring: null,
    persona: null,
    firstTouch: null,
    lastTouch: null,
    events: [],
    transitions: [],
    routeStages: ['mql', 'pql', 'cql'],
    ...partial,
  };
}

const asBrief = (events: readonly ScoringEvent[]): BriefEvent[] =>
  [...events]
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())
    .map((e) => ({
      type: e.type,
      name: e.name,
      occurredAt: e.occurredAt,
      properties: e.properties as BriefEvent['properties'],
    }));

describe('buildHandoffBrief', () => {
  it('explains a demo-like lead as the score explanation does: the five largest contributions', () => {
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
    const at = new Date(now);
    const explained = evaluate(defaultScoringModel, lead, events, at);
    const brief = buildHandoffBrief(
      material({
        scoring: {
          model: defaultScoringModel,
          contact: lead,
          state: buildScoreState(defaultScoringModel, events),
        },
      }),
      at,
    );
    expect(brief.topContributions).toEqual(
      explained.contributions
        .slice(0, 5)
        .map((c) => ({ rule: c.ruleId, label: c.label, points: c.points })),
    );
    expect(brief.topContributions[0]!.rule).toBe('demo-request');
    expect(brief.score).toEqual({
      total: explained.total,
      fit: explained.fit,
      engagement: explained.engagement,
      band: 'hot',
    });
  });

  it('agrees with the explanation from the whole history, for any model, contact and history', () => {
    fc.assert(
      fc.property(
        arbModel,
        arbContact,
        arbEvents({ maxLength: 50 }),
        fc.integer({ min: 40 * dayMs, max: 120 * dayMs }),
        (m, who, events, after) => {
          const at = new Date(base + after);
          const explained = evaluate(m, who, events, at);
          const brief = buildHandoffBrief(
            material({ scoring: { model: m, contact: who, state: buildScoreState(m, events) } }),
            at,
          );
          expect(
            Math.abs(toUnits(brief.score!.total) - toUnits(explained.total)),
          ).toBeLessThanOrEqual(1);
          expect(brief.score!.band).toBe(explained.band);
          expect(brief.topContributions).toHaveLength(Math.min(5, explained.contributions.length));
          // The state and the replay add the same terms in another order: at most one unit
          // of 0.0001 can land elsewhere, and only where two figures were a hair apart.
          const points = new Map(explained.contributions.map((c) => [c.ruleId, c.points]));
          for (const c of brief.topContributions)
            expect(Math.abs(toUnits(c.points) - toUnits(points.get(c.rule)!))).toBeLessThanOrEqual(
              1,
            );
          const shown = brief.topContributions.map((c) => c.points);
          expect(shown).toEqual([...shown].sort((a, b) => b - a));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('shows no score where the active model has not scored the contact', () => {
    const brief = buildHandoffBrief(material(), new Date(now));
    expect(brief.score).toBeNull();
    expect(brief.topContributions).toEqual([]);
    expect(brief.generatedAt).toBe(new Date(now).toISOString());
  });

  it('names the route the lead last qualified on, and keeps the newest 30 moves', () => {
    const moves = [
      move(null, 'lead', now - 9 * dayMs),
      move('lead', 'mql', now - 8 * dayMs),
      move('mql', 'recycled', now - 7 * dayMs, 'not_ready'),
      move('recycled', 'pql', now - 2 * dayMs),
      move('pql', 'sal', now - dayMs),
    ];
    const brief = buildHandoffBrief(material({ transitions: moves }), new Date(now));
    expect(brief.qualifiedAs).toBe('pql');
    expect(brief.qualifiedAt).toBe(new Date(now - 2 * dayMs).toISOString());
    expect(brief.stageHistory.map((s) => [s.from, s.to, s.reasonCode])).toEqual([
      [null, 'lead', null],
      ['lead', 'mql', null],
      ['mql', 'recycled', 'not_ready'],
      ['recycled', 'pql', null],
      ['pql', 'sal', null],
    ]);
    const many = Array.from({ length: 40 }, (_, i) => move('lead', 'mql', now - (40 - i) * 1000));
    const bounded = buildHandoffBrief(material({ transitions: many }), new Date(now));
    expect(bounded.stageHistory).toHaveLength(30);
    expect(bounded.stageHistory.at(-1)!.occurredAt).toBe(new Date(now - 1000).toISOString());
    expect(buildHandoffBrief(material(), new Date(now)).qualifiedAs).toBeNull();
  });

  it('lists the 10 newest activities with their url and title where they have one', () => {
    const events = asBrief(
      Array.from({ length: 14 }, (_, i) =>
        event(i % 2 ? 'page_viewed' : 'email_opened', now - i * 60_000, {
          path: `/p/${i}`,
          url: `https://x.test/p/${i}`,
          title: `Page ${i}`,
          subject: `Mail ${i}`,
        }),
      ),
    );
    const brief = buildHandoffBrief(material({ events }), new Date(now));
    expect(brief.recentActivities).toHaveLength(10);
    expect(brief.recentActivities.map((a) => a.occurredAt)).toEqual(
      events.slice(0, 10).map((e) => e.occurredAt.toISOString()),
    );
    expect(brief.recentActivities[1]).toEqual({
      type: 'page_viewed',
      name: null,
      occurredAt: new Date(now - 60_000).toISOString(),
      url: 'https://x.test/p/1',
      title: 'Page 1',
    });
    const attempt = buildHandoffBrief(
      material({ events: [briefEvent('sales_attempt', now, {}, 'Call: no answer')] }),
      new Date(now),
    );
    expect(attempt.recentActivities[0]).toMatchObject({
      name: 'Call: no answer',
      url: null,
      title: null,
    });
  });
});

describe('contentConsumed', () => {
  it('counts pages by path, downloads by asset and webinars by title; nothing else is content', () => {
    const events = [
      briefEvent('page_viewed', now, { path: '/pricing', title: 'Pricing' }),
      briefEvent('form_submitted', now - 1, {}, 'Form Submitted'),
      briefEvent('page_viewed', now - 2, { url: 'https://x.test/pricing?utm_source=g' }),
      briefEvent('whitepaper_downloaded', now - 3, { title: 'SLA template' }),
      briefEvent('asset_downloaded', now - 4, { asset: 'SLA template' }),
      briefEvent('webinar_registered', now - 5, { webinar: 'Routing that reps trust' }),
      briefEvent('page_viewed', now - 6, { path: '/pricing', title: 'Pricing (old)' }),
      briefEvent('screen_viewed', now - 7, {}, 'Dashboard'),
      briefEvent('email_clicked', now - 8, { url: 'https://x.test/pricing' }),
      briefEvent('feature_used', now - 9, {}, 'Used feature: routing'),
    ];
    expect(contentConsumed(events)).toEqual([
      {
        kind: 'page',
        title: 'Pricing',
        url: '/pricing',
        times: 3,
        lastAt: new Date(now).toISOString(),
      },
      {
        kind: 'download',
        title: 'SLA template',
        url: null,
        times: 2,
        lastAt: new Date(now - 3).toISOString(),
      },
      {
        kind: 'webinar',
        title: 'Routing that reps trust',
        url: null,
        times: 1,
        lastAt: new Date(now - 5).toISOString(),
      },
      {
        kind: 'page',
        title: 'Dashboard',
        url: null,
        times: 1,
        lastAt: new Date(now - 7).toISOString(),
      },
    ]);
  });

  it('keeps the 10 most read pieces, most often first, then most recent', () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      briefEvent('page_viewed', now - i, { path: `/p/${i % 12}` }),
    );
    const content = contentConsumed(events);
    expect(content).toHaveLength(10);
    expect(content.slice(0, 6).map((c) => [c.url, c.times])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => [`/p/${i}`, 3]),
    );
    expect(content.slice(6).every((c) => c.times === 2)).toBe(true);
  });
});
