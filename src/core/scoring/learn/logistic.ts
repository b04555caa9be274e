/**
 * L2-regularised logistic regression by Newton's method (IRLS). Deterministic:
 * no random starts, no sampling, the same answer for the same rows in the same
 * order. The loss is the mean log-loss plus (l2 / 2n)·|w|² over the weights
 * (not the intercept), i.e. a penalty of l2/2·|w|² on the summed log-loss.
 */

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
  converged: boolean;
  /** Summed log-loss on the training rows (without the penalty). */
  logLoss: number;
}

export interface LogisticOptions {
  l2?: number;
  maxIterations?: number;
  /** Stop when no parameter moves more than this in a step. */
  tolerance?: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Solves A·x = b for a symmetric positive definite A (row-major, size m), in place of a copy. */
export function solveSpd(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(a);
  for (let j = 0; j < m; j++) {
    let d = l[j * m + j]!;
    for (let k = 0; k < j; k++) d -= l[j * m + k]! ** 2;
    if (!(d > 0)) throw new Error('the matrix is not positive definite');
    const root = Math.sqrt(d);
    l[j * m + j] = root;
    for (let i = j + 1; i < m; i++) {
      let s = l[i * m + j]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      l[i * m + j] = s / root;
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * y[k]!;
    y[i] = s / l[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * x[k]!;
    x[i] = s / l[i * m + i]!;
  }
  return x;
}

/**
 * Fits P(y = 1) = σ(b + w·x) to `n` rows of `p` columns (`x` row-major).
 * Each Newton step solves (XᵀWX + λI)·Δ = −∇ over [b, w]; a step that does not
 * lower the penalised loss is halved, so the loss never rises.
 */
export function fitLogistic(
  x: Float64Array,
  y: ArrayLike<boolean>,
  n: number,
  p: number,
  options: LogisticOptions = {},
): LogisticFit {
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const m = p + 1;
  // θ = [intercept, w…]
  const theta = new Float64Array(m);
  const eta = new Float64Array(n);
  const etaOf = (t: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let z = t[0]!;
      const row = i * p;
      for (let j = 0; j < p; j++) z += t[j + 1]! * x[row + j]!;
      out[i] = z;
    }
  };
  const lossOf = (t: Float64Array, e: Float64Array) => {
    let loss = 0;
    for (let i = 0; i < n; i++) loss += softplus(e[i]!) - (y[i] ? e[i]! : 0);
    let penalty = 0;
    for (let j = 1; j < m; j++) penalty += t[j]! ** 2;
    return { logLoss: loss, total: loss + (l2 / 2) * penalty };
  };

  etaOf(theta, eta);
  let current = lossOf(theta, eta);
  let iterations = 0;
  let converged = false;
  const hessian = new Float64Array(m * m);
  const gradient = new Float64Array(m);
  const xi = new Float64Array(m);
  while (iterations < maxIterations && !converged) {
    iterations++;
    hessian.fill(0);
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      const prob = sigmoid(eta[i]!);
      const w = prob * (1 - prob);
      const r = prob - (y[i] ? 1 : 0);
      xi[0] = 1;
      for (let j = 0; j < p; j++) xi[j + 1] = x[i * p + j]!;
      for (let a = 0; a < m; a++) {
        const xa = xi[a]!;
        if (xa === 0) continue;
        gradient[a]! += r * xa;
        const wa = w * xa;
        const rowA = a * m;
        for (let b = 0; b <= a; b++) hessian[rowA + b]! += wa * xi[b]!;
      }
    }
    for (let a = 0; a < m; a++) {
      if (a > 0) {
        gradient[a]! += l2 * theta[a]!;
        hessian[a * m + a]! += l2;
      }
      for (let b = 0; b < a; b++) hessian[b * m + a] = hessian[a * m + b]!;
    }
    // A whisker on the intercept's diagonal keeps the system solvable when every row is one class.
    hessian[0]! += 1e-9;
    const step = solveSpd(hessian, gradient, m);
    let scale = 1;
    let accepted = false;
    const next = new Float64Array(m);
    const nextEta = new Float64Array(n);
    for (let halvings = 0; halvings < 30; halvings++) {
      for (let j = 0; j < m; j++) next[j] = theta[j]! - scale * step[j]!;
      etaOf(next, nextEta);
      const loss = lossOf(next, nextEta);
      if (loss.total <= current.total + 1e-12 * Math.abs(current.total)) {
        let moved = 0;
        for (let j = 0; j < m; j++) moved = Math.max(moved, Math.abs(next[j]! - theta[j]!));
        theta.set(next);
        eta.set(nextEta);
        current = loss;
        accepted = true;
        converged = moved < tolerance;
        break;
      }
      scale /= 2;
    }
    if (!accepted) converged = true;
  }
  return {
    intercept: theta[0]!,
    weights: Array.from(theta.subarray(1)),
    iterations,
    converged,
    logLoss: current.logLoss,
  };
}
