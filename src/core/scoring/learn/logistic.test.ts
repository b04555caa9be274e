import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLogistic, sigmoid, solveSpd } from './logistic.js';
import { seeded } from './test-support.js';

function gradientAt(
  x: Float64Array,
  y: boolean[],
  n: number,
  p: number,
  fit: { intercept: number; weights: number[] },
  l2: number,
): number[] {
  const g = new Array(p + 1).fill(0);
  for (let i = 0; i < n; i++) {
    let z = fit.intercept;
    for (let j = 0; j < p; j++) z += fit.weights[j]! * x[i * p + j]!;
    const r = sigmoid(z) - (y[i] ? 1 : 0);
    g[0] += r;
    for (let j = 0; j < p; j++) g[j + 1] += r * x[i * p + j]!;
  }
  for (let j = 0; j < p; j++) g[j + 1] += l2 * fit.weights[j]!;
  return g;
}

describe('L2 logistic regression', () => {
  it('recovers known coefficients from data drawn from them', () => {
    const rnd = seeded(7);
    const n = 6000;
    const truth = { intercept: 0.5, weights: [2, -1, 0] };
    const x = new Float64Array(n * 3);
    const y: boolean[] = [];
    for (let i = 0; i < n; i++) {
      let z = truth.intercept;
      for (let j = 0; j < 3; j++) {
        x[i * 3 + j] = rnd() * 4 - 2;
        z += truth.weights[j]! * x[i * 3 + j]!;
      }
      y.push(rnd() < sigmoid(z));
    }
    const fit = fitLogistic(x, y, n, 3, { l2: 0.01 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(truth.intercept, 0);
    expect(fit.weights[0]).toBeGreaterThan(1.7);
    expect(fit.weights[0]).toBeLessThan(2.3);
    expect(fit.weights[1]).toBeGreaterThan(-1.3);
    expect(fit.weights[1]).toBeLessThan(-0.7);
    expect(Math.abs(fit.weights[2]!)).toBeLessThan(0.15);
  });

  it('stops where the penalised gradient vanishes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        fc.constantFrom(0.1, 1, 10),
        (n, p, seed, l2) => {
          const rnd = seeded(seed);
          const x = Float64Array.from({ length: n * p }, () => rnd() * 2 - 1);
          const y = Array.from({ length: n }, () => rnd() < 0.4);
          const fit = fitLogistic(x, y, n, p, { l2 });
          for (const g of gradientAt(x, y, n, p, fit, l2)) expect(Math.abs(g)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('stays finite on separable data, where the unpenalised weights would run off', () => {
    const x = Float64Array.from([-2, -1, -0.5, 0.5, 1, 2]);
    const y = [false, false, false, true, true, true];
    const fit = fitLogistic(x, y, 6, 1, { l2: 1 });
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(0);
  });

  it('solves symmetric positive definite systems', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), (m, seed) => {
        const rnd = seeded(seed);
        const b = Float64Array.from({ length: m * m }, () => rnd() - 0.5);
        const a = new Float64Array(m * m);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < m; j++) {
            let s = i === j ? 1 : 0;
            for (let k = 0; k < m; k++) s += b[k * m + i]! * b[k * m + j]!;
            a[i * m + j] = s;
          }
        const rhs = Float64Array.from({ length: m }, () => rnd() * 10 - 5);
        const sol = solveSpd(a, rhs, m);
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let j = 0; j < m; j++) s += a[i * m + j]! * sol[j]!;
          expect(s).toBeCloseTo(rhs[i]!, 9);
        }
      }),
    );
  });
});
