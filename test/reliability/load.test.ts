import { describe, expect, it } from 'vitest';
import type { LoadDatabasePlan } from '../../bench/lib/load-server.js';
import { type LoadParams, runLoadTarget, type ScenarioName } from '../../bench/lib/load-target.js';
import { boundedSeconds } from '../support/soak.js';

/**
 * The load benchmark's own code, small and bounded: the real `tandem serve`
 * in a child process under closed-loop clients, each scenario for
 * boundedSeconds(10) (longer with `npm run test:reliability -- --soak MIN`).
 * No timing thresholds: under load, every request answers 2xx with what it
 * should (tracking: all stored; inbox: the rep's leads), every acknowledged
 * event is stored exactly once and every acknowledged attempt is stored.
 */
const seconds = boundedSeconds(10);
const scenarios: ScenarioName[] = ['track', 'batch', 'inbox', 'attempt', 'mixed'];
const params: LoadParams = {
  seconds,
  clients: 4,
  reps: 4,
  leadsPerRep: 5,
  contacts: 200,
  batch: 100,
  seed: 1,
  baseline: 0,
};
const adminUrl = process.env.TANDEM_TEST_DATABASE_URL;
const plans: LoadDatabasePlan[] = [
  { name: 'pglite' },
  ...(adminUrl ? [{ name: 'postgres' as const, adminUrl }] : []),
];

describe.each(plans)('loopback load on $name', (plan) => {
  it(
    'answers every request 2xx and stores every acknowledged write once',
    async () => {
      const result = await runLoadTarget(plan, params, scenarios);
      expect(result.scenarios.map((s) => s.scenario)).toEqual(scenarios);
      for (const s of result.scenarios) {
        expect({ scenario: s.scenario, errors: s.errors, samples: s.errorSamples }).toEqual({
          scenario: s.scenario,
          errors: 0,
          samples: [],
        });
        expect(s.requests).toBeGreaterThan(0);
        for (const k of [s, ...Object.values(s.byKind)]) {
          expect(k.p50Ms).toBeGreaterThan(0);
          expect(k.p99Ms).toBeGreaterThanOrEqual(k.p50Ms!);
          expect(Number.isFinite(k.p99Ms)).toBe(true);
        }
        if (s.scenario === 'inbox') continue;
        if (s.scenario !== 'attempt') {
          expect(s.events).toBeGreaterThan(0);
          expect({ scenario: s.scenario, ...s.stored }).toEqual({
            scenario: s.scenario,
            acknowledged: s.events,
            stored: s.events,
            distinct: s.events,
          });
        }
        if (s.scenario !== 'track' && s.scenario !== 'batch') {
          expect(s.attempts!.acknowledged).toBeGreaterThan(0);
          expect({ scenario: s.scenario, ...s.attempts }).toEqual({
            scenario: s.scenario,
            acknowledged: s.attempts!.acknowledged,
            stored: s.attempts!.acknowledged,
          });
        }
      }
      expect({ exit: result.serverExitCode, stderr: result.serverStderr }).toEqual({
        exit: 0,
        stderr: '',
      });
    },
    (scenarios.length * seconds + 240) * 1000,
  );
});
