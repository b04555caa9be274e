import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDefinitions } from '../definitions.js';
import {
  type ContactFact,
  type ContactFactInput,
  compareCells,
  deriveContactFact,
  type FactContact,
  type FactDefinitions,
  type FactTransition,
  factCells,
  factDeltas,
  handoffAt,
  type RollupCell,
  rollupLayouts,
  sumCells,
} from './contact-fact.js';
import { durationBucket } from './duration-buckets.js';

const definitions: FactDefinitions = {
  version: 1,
  stages: defaultDefinitions.stages.map((s) => ({
    key: s.key,
    position: s.position,
    kind: s.kind,
  })),
  reasonCodes: defaultDefinitions.reasonCodes.map((r) => ({ key: r.key, kind: r.kind })),
};

const t0 = new Date('2026-03-30T10:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3600_000);

const contact: FactContact = {
  id: 'c1',
  createdAt: t0,
  lifecycleStage: 'customer',
  ownerId: 'rep-1',
  teamId: 'team-1',
  marketerId: 'mkt-1',
  personaKey: 'revops-leader',
  firstTouchSource: 'google',
  firstTouchCampaign: 'spring',
  lastTouchSource: 'newsletter',
  lastTouchCampaign: null,
};

function move(from: string | null, to: string, hours: number, extra: Partial<FactTransition> = {}) {
  return {
    fromStage: from,
    toStage: to,
    occurredAt: at(hours),
    reasonCode: null,
    amount: null,
    ...extra,
  };
}

const won: FactTransition[] = [
  move(null, 'lead', 0),
  move('lead', 'mql', 48),
  move('mql', 'sal', 50),
  move('sal', 'sql', 100),
  move('sql', 'opportunity', 120),
  move('opportunity', 'customer', 800, { amount: 1234.5 }),
];

const derive = (transitions: FactTransition[], extra: Partial<ContactFactInput> = {}) =>
  deriveContactFact({ contact, transitions, scoreAtHandoff: null, definitions, ...extra });

describe('deriveContactFact', () => {
  it('follows a won lead through the funnel', () => {
    const fact = derive(won, { scoreAtHandoff: { total: 87.1234, band: 'hot' } });
    expect(fact.cohort).toBe('2026-03-01');
    expect(fact).toMatchObject({
      source: 'google',
      campaign: 'spring',
      lastSource: 'newsletter',
      lastCampaign: '',
      persona: 'revops-leader',
      team: 'team-1',
      owner: 'rep-1',
      marketer: 'mkt-1',
    });
    // Subscriber comes before lead: a lead has passed it. PQL and CQL are other routes.
    expect([...fact.reached].sort()).toEqual(
      ['subscriber', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'customer', 'qualified'].sort(),
    );
    expect(fact.stays).toEqual([
      ['lead', durationBucket(48 * 3600), 48 * 3600],
      ['mql', durationBucket(2 * 3600), 2 * 3600],
      ['sal', durationBucket(50 * 3600), 50 * 3600],
      ['sql', durationBucket(20 * 3600), 20 * 3600],
      ['opportunity', durationBucket(680 * 3600), 680 * 3600],
    ]);
    expect(fact.handoff).toEqual({
      month: '2026-04-01',
      accepted: true,
      rejected: false,
      sql: true,
      won: true,
      lost: false,
      cents: 123450,
      rejectReason: null,
      lostReason: null,
      band: 'hot',
      scoreBucket: 8,
      score: 871234,
    });
    expect(fact.wins).toEqual([['2026-05-01', 123450]]);
    expect(fact.entries).toEqual([
      ['2026-03-01', 'lead', 0],
      ['2026-04-01', 'mql', 0],
      ['2026-04-01', 'sal', 0],
      ['2026-04-01', 'sql', 0],
      ['2026-04-01', 'opportunity', 0],
      ['2026-05-01', 'customer', 123450],
      ['2026-04-01', 'qualified', 0],
    ]);
    expect(handoffAt(contact, won, definitions)).toEqual(at(48));
  });

  it('counts a rejection once, with the latest reject code, and a handoff without a score', () => {
    const fact = derive([
      move(null, 'lead', 0),
      move('lead', 'mql', 1),
      move('mql', 'recycled', 2, { reasonCode: 'not_ready' }),
      move('recycled', 'mql', 3),
      move('mql', 'disqualified', 4, { reasonCode: 'spam' }),
    ]);
    expect(fact.handoff).toMatchObject({
      month: '2026-03-01',
      accepted: false,
      rejected: true,
      lost: false,
      rejectReason: 'spam',
      lostReason: null,
      band: '',
      scoreBucket: -1,
      score: 0,
    });
    expect(fact.reached).toContain('recycled');
    expect(fact.reached).toContain('disqualified');
    // Both stays in MQL count; exit stages have no stays.
    expect(fact.stays.map((s) => s[0])).toEqual(['lead', 'mql', 'mql']);
    expect(fact.entries.filter((e) => e[1] === 'mql')).toHaveLength(1);
  });

  it('takes the creation stage from the first move, or the current stage when there is none', () => {
    const quiet = derive([], { contact: { ...contact, lifecycleStage: 'subscriber' } });
    expect(quiet.reached).toEqual(['subscriber']);
    expect(quiet.stays).toEqual([]);
    expect(quiet.handoff).toBeNull();
    expect(quiet.entries).toEqual([['2026-03-01', 'subscriber', 0]]);
    const imported = derive([move('lead', 'pql', 5)]);
    expect(imported.stays).toEqual([['lead', durationBucket(5 * 3600), 5 * 3600]]);
    expect(imported.reached).toContain('pql');
    expect(imported.reached).not.toContain('mql');
    expect(handoffAt(contact, [move('lead', 'pql', 5)], definitions)).toEqual(at(5));
  });

  it('records a lost deal by its latest lost code', () => {
    const fact = derive([
      ...won.slice(0, 5),
      move('opportunity', 'recycled', 200, { reasonCode: 'lost_price' }),
    ]);
    expect(fact.handoff).toMatchObject({
      sql: true,
      won: false,
      lost: true,
      lostReason: 'lost_price',
    });
    expect(fact.wins).toEqual([]);
  });
});

describe('factCells', () => {
  it('writes each handed lead under both touches, and every cell in its layout', () => {
    const cells = factCells(derive(won));
    const quality = cells.filter((c) => c.table === 'report_lead_quality');
    expect(quality.map((c) => c.key)).toEqual([
      ['2026-04-01', 'first', 'google', 'spring'],
      ['2026-04-01', 'last', 'newsletter', ''],
    ]);
    expect(quality[0]!.measures).toEqual([1, 1, 0, 1, 1, 0, 123450]);
    for (const c of cells) {
      expect(c.key).toHaveLength(rollupLayouts[c.table].keys.length);
      expect(c.measures).toHaveLength(rollupLayouts[c.table].measures.length);
      expect(c.measures[0]).toBe(1);
    }
  });
});

/* Property tests: random histories under the default definitions. */

const stageKeys = definitions.stages.map((s) => s.key);
const reasonKeys = definitions.reasonCodes.map((r) => r.key);

const arbTransition = fc.record({
  toStage: fc.constantFrom(...stageKeys),
  gapMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
  reasonCode: fc.option(fc.constantFrom(...reasonKeys), { nil: null }),
  amount: fc.option(
    fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100),
    { nil: null },
  ),
});

const arbInput: fc.Arbitrary<ContactFactInput> = fc
  .record({
    createdDays: fc.integer({ min: 0, max: 700 }),
    creation: fc.option(fc.constantFrom(...stageKeys), { nil: null }),
    moves: fc.array(arbTransition, { maxLength: 8 }),
    owner: fc.option(fc.constantFrom('rep-1', 'rep-2'), { nil: null }),
    team: fc.option(fc.constantFrom('team-1', 'team-2'), { nil: null }),
    persona: fc.option(fc.constantFrom('revops-leader', 'sales-leader'), { nil: null }),
    source: fc.option(fc.constantFrom('google', 'linkedin'), { nil: null }),
    lastSource: fc.option(fc.constantFrom('google', 'newsletter'), { nil: null }),
    score: fc.option(
      fc.record({
        total: fc.double({ min: 0, max: 120, noNaN: true }),
        band: fc.constantFrom('cold', 'warm', 'hot'),
      }),
      { nil: null },
    ),
  })
  .map((r) => {
    const createdAt = new Date(Date.UTC(2025, 0, 1) + r.createdDays * 86400_000);
    let time = createdAt.getTime();
    let from = r.creation;
    const transitions: FactTransition[] = r.moves.map((m) => {
      time += m.gapMinutes * 60_000;
      const t = {
        fromStage: from,
        toStage: m.toStage,
        occurredAt: new Date(time),
        reasonCode: m.reasonCode,
        amount: m.amount,
      };
      from = m.toStage;
      return t;
    });
    return {
      contact: {
        ...contact,
        createdAt,
        lifecycleStage: from ?? 'lead',
        ownerId: r.owner,
        teamId: r.team,
        personaKey: r.persona,
        firstTouchSource: r.source,
        lastTouchSource: r.lastSource,
      },
      transitions,
      scoreAtHandoff: r.score,
      definitions,
    };
  });

const arbFact = arbInput.map(deriveContactFact);
const sorted = (cells: readonly RollupCell[]) => [...cells].sort(compareCells);

describe('folding facts', () => {
  it('adds up: the deltas from nothing to a, then a to b, sum to the cells of b', () => {
    fc.assert(
      fc.property(arbFact, arbFact, (a, b) => {
        const total = sumCells([...factDeltas(null, a), ...factDeltas(a, b)]);
        expect(sorted(total)).toEqual(sorted(sumCells(factCells(b))));
      }),
    );
  });

  it('changes nothing when a fact is folded again, and takes everything back when it goes', () => {
    fc.assert(
      fc.property(arbFact, (a) => {
        expect(factDeltas(a, a)).toEqual([]);
        expect(sumCells([...factDeltas(null, a), ...factDeltas(a, null)])).toEqual([]);
      }),
    );
  });

  it('ends where the last fact is, whatever the facts in between', () => {
    fc.assert(
      fc.property(fc.array(arbFact, { minLength: 1, maxLength: 5 }), (facts) => {
        const chain: (ContactFact | null)[] = [null, ...facts];
        const deltas = chain.slice(1).flatMap((f, i) => factDeltas(chain[i]!, f));
        expect(sorted(sumCells(deltas))).toEqual(sorted(sumCells(factCells(facts.at(-1)!))));
      }),
    );
  });

  it('keeps the funnel monotone: a contact that reached a funnel stage reached every one before it', () => {
    const funnel = definitions.stages.filter((s) => s.kind === 'funnel');
    fc.assert(
      fc.property(arbFact, (f) => {
        const reached = new Set(f.reached);
        for (const s of funnel)
          if (reached.has(s.key))
            for (const before of funnel.filter((x) => x.position < s.position))
              expect(reached.has(before.key)).toBe(true);
      }),
    );
  });

  it('survives a round trip through JSON (the fact is stored as jsonb)', () => {
    fc.assert(
      fc.property(arbFact, (f) => {
        expect(JSON.parse(JSON.stringify(f))).toEqual(f);
      }),
    );
  });
});
