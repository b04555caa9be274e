import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { type Definitions, defaultDefinitions, frameworks } from './definitions.js';
import {
  exitFor,
  needsFreshActivity,
  planTransition,
  qualificationRoute,
  routePreference,
} from './lifecycle.js';

const defs = defaultDefinitions;
const complete = { budget: '10k', authority: 'CEO', need: 'Yes', timeline: 'Q2' };

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('planTransition', () => {
  it('allows what the stage allows and records the note', () => {
    expect(
      planTransition(defs, { stage: 'mql', qualification: {} }, { to: 'sal', note: 'ok' }),
    ).toEqual({ from: 'mql', to: 'sal', reasonCode: null, note: 'ok', amount: null });
  });

  it('refuses a move the stage does not allow, listing the allowed ones', () => {
    const e = errorOf(() =>
      planTransition(defs, { stage: 'lead', qualification: {} }, { to: 'customer', amount: 5 }),
    );
    expect(e.code).toBe('invalid_transition');
    expect(e.extensions).toEqual({
      from: 'lead',
      to: 'customer',
      allowed: ['mql', 'pql', 'cql', 'recycled', 'disqualified'],
    });
  });

  it('needs a reason code whose outcome is the target for exits', () => {
    const lead = { stage: 'sal', qualification: {} };
    expect(errorOf(() => planTransition(defs, lead, { to: 'recycled' })).fields[0]!.field).toBe(
      'reasonCode',
    );
    expect(
      errorOf(() => planTransition(defs, lead, { to: 'recycled', reasonCode: 'spam' })).message,
    ).toMatch(/moves a lead to "disqualified"/);
    expect(
      errorOf(() => planTransition(defs, lead, { to: 'recycled', reasonCode: 'nope' })).code,
    ).toBe('validation_failed');
    expect(planTransition(defs, lead, { to: 'disqualified', reasonCode: 'spam' }).reasonCode).toBe(
      'spam',
    );
  });

  it('refuses an unknown reason code even where none is needed', () => {
    const e = errorOf(() =>
      planTransition(defs, { stage: 'mql', qualification: {} }, { to: 'sal', reasonCode: 'x' }),
    );
    expect(e.code).toBe('validation_failed');
  });

  it('needs a positive amount to win', () => {
    const opp = { stage: 'opportunity', qualification: complete };
    for (const amount of [undefined, null, 0, -5])
      expect(errorOf(() => planTransition(defs, opp, { to: 'customer', amount })).code).toBe(
        'validation_failed',
      );
    expect(planTransition(defs, opp, { to: 'customer', amount: 1200 }).amount).toBe(1200);
  });

  it('needs every framework field answered, blanks included, for SQL', () => {
    const e = errorOf(() =>
      planTransition(
        defs,
        { stage: 'sal', qualification: { budget: '10k', need: '   ' } },
        { to: 'sql' },
      ),
    );
    expect(e.code).toBe('conflict');
    expect(e.extensions.missing).toEqual(['authority', 'need', 'timeline']);
    expect(planTransition(defs, { stage: 'sal', qualification: complete }, { to: 'sql' }).to).toBe(
      'sql',
    );
  });

  it('follows the framework in force (GPCT asks other questions)', () => {
    const gpct: Definitions = { ...defs, qualification: frameworks.gpct };
    expect(
      errorOf(() => planTransition(gpct, { stage: 'sal', qualification: complete }, { to: 'sql' }))
        .extensions.missing,
    ).toEqual(['goals', 'plans', 'challenges']);
  });
});

describe('exitFor', () => {
  it('maps reject and lost codes to their exit, and refuses the other kind', () => {
    expect(exitFor(defs, 'reject', 'not_ready')).toBe('recycled');
    expect(exitFor(defs, 'reject', 'competitor')).toBe('disqualified');
    expect(exitFor(defs, 'lost', 'lost_price')).toBe('recycled');
    expect(errorOf(() => exitFor(defs, 'reject', 'lost_price')).code).toBe('validation_failed');
    expect(errorOf(() => exitFor(defs, 'lost', 'spam')).code).toBe('validation_failed');
  });
});

describe('qualificationRoute', () => {
  it('prefers CQL, then PQL, then MQL, where the stage allows the route', () => {
    expect(routePreference).toEqual(['cql', 'pql', 'mql']);
    expect(qualificationRoute(defs, 'lead', ['mql', 'pql', 'cql'])).toBe('cql');
    expect(qualificationRoute(defs, 'lead', ['mql', 'pql'])).toBe('pql');
    expect(qualificationRoute(defs, 'subscriber', ['mql'])).toBe('mql');
    expect(qualificationRoute(defs, 'recycled', ['mql'])).toBe('mql');
  });

  it('leaves contacts already handed over, in sales or out alone', () => {
    for (const stage of ['mql', 'sal', 'sql', 'opportunity', 'customer', 'disqualified', 'nope'])
      expect(qualificationRoute(defs, stage, ['mql', 'pql', 'cql'])).toBeNull();
    expect(qualificationRoute(defs, 'lead', [])).toBeNull();
  });

  it('asks exit stages for fresh activity, funnel stages not', () => {
    expect(needsFreshActivity(defs, 'recycled')).toBe(true);
    expect(needsFreshActivity(defs, 'lead')).toBe(false);
    expect(needsFreshActivity(defs, 'subscriber')).toBe(false);
  });
});
