import { describe, expect, it } from 'vitest';
import { defaultStageDefinitions } from '../stages.js';
import { clockEventOfMove, openLeadStageKeys, routeStageKeys } from './lead-events.js';

const stage = (key: string) => defaultStageDefinitions.find((s) => s.key === key)!;
const move = (from: string | null, to: string, reasonKind: 'reject' | 'lost' | null = null) =>
  clockEventOfMove({ from: from === null ? null : stage(from), to: stage(to), reasonKind });

describe('clockEventOfMove', () => {
  it('reads the lead desk actions as clock events', () => {
    expect(move('mql', 'sal')).toBe('accepted');
    expect(move('pql', 'sal')).toBe('accepted');
    expect(move('mql', 'recycled', 'reject')).toBe('rejected');
    expect(move('mql', 'disqualified', 'reject')).toBe('rejected');
    expect(move('opportunity', 'recycled', 'lost')).toBe('outcome_recorded');
    expect(move('sal', 'sql')).toBe('outcome_recorded');
    expect(move('opportunity', 'customer')).toBe('outcome_recorded');
  });

  it('pauses on a disqualification by hand and closes the handoff when it is undone', () => {
    expect(move('sal', 'disqualified')).toBe('paused');
    expect(move('mql', 'disqualified')).toBe('paused');
    expect(move('disqualified', 'lead')).toBe('outcome_recorded');
  });

  it("leaves marketing's own moves alone", () => {
    expect(move('subscriber', 'lead')).toBeNull();
    expect(move('lead', 'mql')).toBeNull();
    expect(move(null, 'lead')).toBeNull();
    expect(move('recycled', 'mql')).toBeNull();
  });
});

describe('stage sets', () => {
  it('counts handed-over, unclosed leads as open', () => {
    expect(openLeadStageKeys(defaultStageDefinitions).sort()).toEqual(
      ['cql', 'mql', 'opportunity', 'pql', 'sal', 'sql'].sort(),
    );
    expect(routeStageKeys(defaultStageDefinitions).sort()).toEqual(['cql', 'mql', 'pql']);
  });
});
