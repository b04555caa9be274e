import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChooseOwnerInput,
  chooseOwner,
  eligibilityOf,
  initialRoutingState,
  type RoutingCandidate,
  readRoutingState,
  type SkipReason,
  type TeamRoutingState,
} from './choose-owner.js';
import { type RoutingStrategy, routingStrategies } from './routing-rules.js';

const now = new Date('2026-03-10T12:00:00Z');
const hour = 3_600_000;

type Kind = 'eligible' | SkipReason;

function candidate(
  memberId: string,
  kind: Kind,
  capacity: number,
  openLeads = 0,
): RoutingCandidate {
  const away = [{ from: new Date(now.getTime() - hour), to: new Date(now.getTime() + hour) }];
  const past = [{ from: new Date(now.getTime() - 2 * hour), to: new Date(now.getTime() - hour) }];
  return {
    memberId,
    active: kind !== 'inactive',
    awayPeriods: kind === 'away' ? away : past,
    capacity,
    openLeads: kind === 'at_capacity' ? capacity : openLeads,
  };
}

const arbIds = (min: number, max: number) =>
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: min, maxLength: max });
const arbSkip = fc.constantFrom<SkipReason>('inactive', 'away', 'at_capacity');

/** k eligible members (capacity 1…20) and some ineligible ones, ids all distinct. */
const arbTeam = fc
  .record({ k: fc.integer({ min: 1, max: 8 }), ineligible: fc.array(arbSkip, { maxLength: 5 }) })
  .chain(({ k, ineligible }) =>
    fc.record({
      ids: arbIds(k + ineligible.length, k + ineligible.length),
      capacities: fc.array(fc.integer({ min: 1, max: 20 }), {
        minLength: k + ineligible.length,
        maxLength: k + ineligible.length,
      }),
      kinds: fc.shuffledSubarray<Kind>([...Array<Kind>(k).fill('eligible'), ...ineligible], {
        minLength: k + ineligible.length,
      }),
    }),
  )
  .map(({ ids, capacities, kinds }) =>
    ids.map((id, i) => ({ id, kind: kinds[i]!, capacity: capacities[i]! })),
  );

/** A state to start from: nobody, a member, or someone who has left. */
function arbStart(ids: string[]): fc.Arbitrary<string | null> {
  return fc.oneof(fc.constant(null), fc.constantFrom(...ids), fc.string({ maxLength: 6 }));
}

/** The candidates in a different order on every call: the order given must not matter. */
function shuffled<T>(list: readonly T[], t: number): T[] {
  const rotated = [...list.slice(t % list.length), ...list.slice(0, t % list.length)];
  return t % 2 === 0 ? rotated : rotated.reverse();
}

describe('round robin fairness', () => {
  it('over n leads and k eligible members: everyone eligible gets ⌊n/k⌋ or ⌈n/k⌉, nobody else any', () => {
    fc.assert(
      fc.property(
        arbTeam.chain((team) =>
          fc.tuple(
            fc.constant(team),
            arbStart(team.map((m) => m.id)),
            fc.integer({ min: 0, max: 120 }),
          ),
        ),
        ([team, start, n]) => {
          const eligible = team.filter((m) => m.kind === 'eligible').map((m) => m.id);
          const k = eligible.length;
          const counts = new Map<string, number>();
          // Open leads grow as leads are assigned; capacities leave room for all n.
          const open = new Map<string, number>();
          let state: TeamRoutingState = { lastMemberId: start, credits: {} };
          for (let t = 1; t <= n; t++) {
            const candidates = team.map((m) =>
              m.kind === 'eligible'
                ? candidate(m.id, m.kind, n + 1, open.get(m.id) ?? 0)
                : candidate(m.id, m.kind, m.capacity),
            );
            const r = chooseOwner({
              strategy: 'round_robin',
              candidates: shuffled(candidates, t),
              state,
              now,
            });
            if (r.memberId === null || !eligible.includes(r.memberId))
              throw new Error(`pick ${t} went to ${r.memberId}`);
            counts.set(r.memberId, (counts.get(r.memberId) ?? 0) + 1);
            open.set(r.memberId, (open.get(r.memberId) ?? 0) + 1);
            // Every prefix is fair too, not only the end. (Plain checks: expect is slow in loops.)
            for (const [id, c] of counts)
              if (c > Math.ceil(t / k)) throw new Error(`${id} has ${c} of ${t} leads, k = ${k}`);
            state = r.state;
          }
          for (const id of eligible)
            expect([Math.floor(n / k), Math.ceil(n / k)]).toContain(counts.get(id) ?? 0);
        },
      ),
    );
  });
});

/*
 * Smooth weighted round robin's bounds, for a fixed set of k eligible members
 * with weights w_i (capacities), W = Σ w_i, credits starting at 0. After t
 * picks member i's credit is cw_i = t·w_i − c_i·W, where c_i counts its picks,
 * and Σ cw_i = 0. Before each pick the credits sum to W, so the highest is at
 * least W/k; the winner falls to at least W/k − W and nobody else falls. So
 * cw_i ≥ −(k−1)·W/k always, that is
 *
 *   ahead:   c_i − t·w_i/W ≤ (k−1)/k < 1, hence c_i ≤ ⌈t·w_i/W⌉;
 *   behind:  t·w_i/W − c_i = −Σ_{j≠i} cw_j / W ≤ (k−1)²/k;
 *   cycles:  at t = m·W every c_i ≤ m·w_i and they sum to m·W, so c_i = m·w_i.
 *
 * "Within ±1 of the ideal share" holds ahead but not behind: a member can
 * trail by more than one lead from six members on (a hand case in
 * choose-owner.test.ts trails by 1 1/12; searches found about 1.3 at twelve).
 * The bound asserted behind is the proven one.
 */
describe('weighted by capacity (smooth weighted round robin)', () => {
  it('never puts anyone a whole lead ahead of capacity share, is exact every W picks, and skips the ineligible', () => {
    fc.assert(
      fc.property(
        arbTeam.chain((team) => fc.tuple(fc.constant(team), fc.integer({ min: 0, max: 3 }))),
        ([team, extra]) => {
          const pool = team.filter((m) => m.kind === 'eligible');
          const k = pool.length;
          const W = pool.reduce((s, m) => s + m.capacity, 0);
          const n = W * 2 + extra * 7;
          const candidates = team.map((m) => candidate(m.id, m.kind, m.capacity));
          const counts = new Map<string, number>();
          let state = initialRoutingState();
          for (let t = 1; t <= n; t++) {
            const r = chooseOwner({
              strategy: 'weighted',
              candidates: shuffled(candidates, t),
              state,
              now,
            });
            state = r.state;
            if (!pool.some((m) => m.id === r.memberId))
              throw new Error(`pick ${t} went to ${r.memberId}`);
            counts.set(r.memberId!, (counts.get(r.memberId!) ?? 0) + 1);
            for (const m of pool) {
              const c = counts.get(m.id) ?? 0;
              const w = m.capacity;
              const at = `member ${m.id} (capacity ${w} of ${W}, k = ${k}) has ${c} of ${t}`;
              // Whole numbers only: c − t·w/W ≤ (k−1)/k, and t·w/W − c ≤ (k−1)²/k.
              if (c * W * k > t * w * k + (k - 1) * W) throw new Error(`${at}: too far ahead`);
              if (c > Math.ceil((t * w) / W)) throw new Error(`${at}: above ⌈t·w/W⌉`);
              if ((t * w - c * W) * k > (k - 1) ** 2 * W) throw new Error(`${at}: too far behind`);
              if (t % W === 0 && c !== (t / W) * w)
                throw new Error(`${at}: not exact after a cycle`);
            }
          }
        },
      ),
    );
  });
});

const arbAnyTeam = arbIds(0, 7).chain((ids) =>
  fc.tuple(
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          memberId: fc.constant(id),
          active: fc.boolean(),
          awayPeriods: fc.array(
            fc
              .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 3 }))
              .map(([from, len]) => ({
                from: new Date(now.getTime() + from * hour),
                to: new Date(now.getTime() + (from + len) * hour),
              })),
            { maxLength: 2 },
          ),
          capacity: fc.integer({ min: 0, max: 12 }),
          openLeads: fc.integer({ min: 0, max: 14 }),
        }),
      ),
    ),
    fc.record({
      lastMemberId: ids.length > 0 ? arbStart(ids) : fc.constant(null),
      credits: fc.dictionary(
        ids.length > 0 ? fc.constantFrom(...ids, 'gone') : fc.constant('gone'),
        fc.integer({ min: -50, max: 50 }),
      ),
    }),
    ids.length > 0 ? fc.option(fc.constantFrom(...ids, 'elsewhere')) : fc.constant(null),
  ),
);

const arbInput: fc.Arbitrary<ChooseOwnerInput> = fc
  .tuple(arbAnyTeam, fc.constantFrom<RoutingStrategy>(...routingStrategies))
  .map(([[candidates, state, accountOwnerId], strategy]) => ({
    strategy,
    candidates,
    state,
    now,
    accountOwnerId,
  }));

describe('least loaded', () => {
  it('never picks a member with a higher load ratio than another eligible one', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = chooseOwner({ ...input, strategy: 'least_loaded' });
        const eligible = input.candidates.filter((c) => eligibilityOf(c, now) === null);
        if (eligible.length === 0) {
          expect(r.memberId).toBeNull();
          return;
        }
        const chosen = eligible.find((c) => c.memberId === r.memberId);
        expect(chosen).toBeDefined();
        for (const c of eligible)
          expect(chosen!.openLeads * c.capacity).toBeLessThanOrEqual(
            c.openLeads * chosen!.capacity,
          );
      }),
    );
  });
});

describe('every strategy', () => {
  it('picks an eligible member when there is one, and lists exactly the others as skipped', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = chooseOwner(input);
        const reasons = input.candidates.map((c) => [c.memberId, eligibilityOf(c, now)] as const);
        const eligible = reasons.filter(([, why]) => why === null).map(([id]) => id);
        if (eligible.length === 0) expect(r.memberId).toBeNull();
        else expect(eligible).toContain(r.memberId);
        expect(r.skipped).toEqual(
          reasons
            .filter(([, why]) => why !== null)
            .map(([memberId, reason]) => ({ memberId, reason }))
            .sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
        );
        expect(r.reason).not.toBe('');
      }),
    );
  });

  it('is deterministic, ignores the order candidates come in, and modifies nothing', () => {
    fc.assert(
      fc.property(
        arbInput.chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray([...input.candidates], { minLength: input.candidates.length }),
          ),
        ),
        ([input, reordered]) => {
          const before = structuredClone(input);
          const r = chooseOwner(input);
          expect(input).toEqual(before);
          expect(chooseOwner(input)).toEqual(r);
          expect(chooseOwner({ ...input, candidates: reordered })).toEqual(r);
        },
      ),
    );
  });

  it('account owner first: the owner when eligible, otherwise what round robin picks', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = chooseOwner({ ...input, strategy: 'account_owner_first' });
        const owner = input.candidates.find((c) => c.memberId === input.accountOwnerId);
        if (owner && eligibilityOf(owner, now) === null) {
          expect(r.memberId).toBe(owner.memberId);
          expect(r.state.lastMemberId).toBe(input.state.lastMemberId);
        } else {
          const rr = chooseOwner({ ...input, strategy: 'round_robin' });
          expect(r.memberId).toBe(rr.memberId);
          expect(r.state).toEqual(rr.state);
        }
      }),
    );
  });

  it('state survives a JSON round trip: stored and reloaded, the picks are the same', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 25 }), (input, n) => {
        let inMemory = input.state;
        let stored = JSON.stringify(input.state);
        for (let t = 0; t < n; t++) {
          const a = chooseOwner({ ...input, state: inMemory });
          const b = chooseOwner({ ...input, state: readRoutingState(JSON.parse(stored)) });
          expect(b).toEqual(a);
          expect(JSON.parse(JSON.stringify(a.state))).toEqual(a.state);
          inMemory = a.state;
          stored = JSON.stringify(b.state);
        }
      }),
    );
  });
});
