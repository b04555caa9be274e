import { describe, expect, it } from 'vitest';
import { defaultStageDefinitions } from '../../stages.js';
import { isTruthy, parseOutcome, stagesReaching } from './outcome.js';

describe('outcome', () => {
  it('reads properties.<key> as a property and anything else as a stage', () => {
    expect(parseOutcome(' properties.converted ')).toEqual({
      kind: 'property',
      field: 'properties.converted',
    });
    expect(parseOutcome('sql')).toEqual({ kind: 'stage', stage: 'sql' });
    expect(() => parseOutcome('properties.')).toThrow(/name a property/);
    expect(() => parseOutcome('  ')).toThrow(/needs a stage key/);
  });

  it('counts later funnel stages as reaching a funnel stage, but a route or exit only as itself', () => {
    const stages = defaultStageDefinitions;
    expect(stagesReaching(stages, 'sql')).toEqual(['sql', 'opportunity', 'customer']);
    expect(stagesReaching(stages, 'customer')).toEqual(['customer']);
    expect(stagesReaching(stages, 'mql')).toEqual(['mql']);
    expect(stagesReaching(stages, 'disqualified')).toEqual(['disqualified']);
    expect(() => stagesReaching(stages, 'won')).toThrow(
      /--outcome won: no such stage; use one of subscriber, lead, mql/,
    );
  });

  it('takes true, non-zero numbers and yes-like texts as truthy', () => {
    for (const v of [true, 1, 2.5, 'yes', 'Yes', ' TRUE ', '1', 'y', 'converted', 'won'])
      expect(isTruthy(v)).toBe(true);
    for (const v of [false, 0, Number.NaN, 'no', '0', 'false', '', null, undefined, {}, []])
      expect(isTruthy(v)).toBe(false);
  });
});
