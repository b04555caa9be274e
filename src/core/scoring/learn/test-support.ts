import type { ScoringContact } from '../model.js';
import type { TrainingRow } from './training.js';

/*
 * Synthetic contacts with a known truth, for the learn tests (imported by
 * *.test.ts only): the outcome is drawn from a logistic model whose signs the
 * tests expect the fit to recover.
 */

/** mulberry32: a small seeded generator, so every run draws the same rows. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function contactOf(properties: Record<string, unknown>): ScoringContact {
  return { email: null, title: null, properties, account: null, personaKey: null };
}

export const sources = ['Webinar', 'Partner', 'Google', 'Cold list'] as const;
/** The true log-odds of each source (Webinar best, Cold list worst). */
export const sourceEffect: Record<string, number> = {
  webinar: 2,
  partner: 1,
  google: 0,
  'cold list': -2,
};

/**
 * Rows whose outcome depends on `source` (levels above), `minutes` (more is
 * better, log-shaped), `newsletter` (a yes/no, small plus), page views (events,
 * more is better) and unsubscribes (events, worse). `noise` is unrelated;
 * `sales_rating` is what sales wrote afterwards (it knows the outcome);
 * `lead_number` is an identifier.
 */
export function syntheticRows(n: number, seed = 1): TrainingRow[] {
  const rnd = seeded(seed);
  const rows: TrainingRow[] = [];
  for (let i = 0; i < n; i++) {
    const source = sources[Math.floor(rnd() * sources.length)]!;
    // Some contacts write the level in another case: one level for the predicates all the same.
    const spelled = rnd() < 0.2 ? source.toUpperCase() : source;
    const minutes = Math.floor(-Math.log(1 - rnd()) * 12);
    const newsletter = rnd() < 0.5;
    const pages = Math.floor(-Math.log(1 - rnd()) * 3);
    const unsubscribes = rnd() < 0.15 ? 1 : 0;
    const eta =
      -1 +
      sourceEffect[source.toLowerCase()]! +
      1.2 * Math.log1p(minutes) -
      2 +
      (newsletter ? 0.3 : 0) +
      1 * Math.log1p(pages) -
      1.2 * unsubscribes;
    const positive = rnd() < 1 / (1 + Math.exp(-eta));
    const properties: Record<string, unknown> = {
      lead_number: 500_000 + i,
      source: spelled,
      minutes,
      newsletter,
      noise: rnd() < 0.5 ? 'left' : 'right',
      sales_rating: positive ? (rnd() < 0.95 ? 'hot' : 'cold') : rnd() < 0.05 ? 'hot' : 'cold',
    };
    if (rnd() < 0.1) delete properties.minutes;
    rows.push({
      contactId: `contact-${i}`,
      contact: contactOf(properties),
      eventCounts: {
        ...(pages > 0 ? { page_viewed: pages } : {}),
        ...(unsubscribes > 0 ? { unsubscribed: unsubscribes } : {}),
      },
      positive,
    });
  }
  return rows;
}
