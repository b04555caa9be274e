import { describe, expect, it } from 'vitest';
import { defaultStageDefinitions } from '../stages.js';
import { funnelSteps, groupOf, stepConversions, velocityStages } from './funnel-steps.js';

describe('funnel steps', () => {
  it('puts qualified after the routes and the exits last, in position order', () => {
    const { steps, main } = funnelSteps([...defaultStageDefinitions].reverse());
    expect(steps.map((s) => s.key)).toEqual([
      'subscriber',
      'lead',
      'mql',
      'pql',
      'cql',
      'qualified',
      'sal',
      'sql',
      'opportunity',
      'customer',
      'recycled',
      'disqualified',
    ]);
    expect(steps.filter((_, i) => main[i]).map((s) => s.key)).toEqual([
      'subscriber',
      'lead',
      'qualified',
      'sal',
      'sql',
      'opportunity',
      'customer',
    ]);
    expect(velocityStages(defaultStageDefinitions).map((s) => s.key)).toEqual(
      steps
        .slice(0, 10)
        .filter((s) => s.key !== 'qualified')
        .map((s) => s.key),
    );
  });

  it('converts along the main path only, skipping routes and exits', () => {
    const { main } = funnelSteps(defaultStageDefinitions);
    const counts = [100, 80, 30, 10, 0, 40, 20, 10, 5, 2, 7, 3];
    expect(stepConversions(counts, main)).toEqual([
      null,
      0.8,
      null,
      null,
      null,
      0.5,
      0.5,
      0.5,
      0.5,
      0.4,
      null,
      null,
    ]);
    expect(stepConversions([0, 0, 0], [true, true, true])).toEqual([null, null, null]);
  });

  it('labels the empty key as none recorded', () => {
    expect(groupOf('')).toEqual({ key: null, label: '(none)' });
    expect(groupOf('p1', new Map([['p1', 'RevOps leader']]))).toEqual({
      key: 'p1',
      label: 'RevOps leader',
    });
    expect(groupOf('google')).toEqual({ key: 'google', label: 'google' });
  });
});
