/**
 * The fixed data of orthogonal collocation with NCOL points per mesh interval (de Boor & Swartz,
 * "Collocation at Gaussian points", SIAM J. Numer. Anal. 10 (1973); as in Doedel's AUTO-07p):
 * on each interval the orbit is the polynomial of degree NCOL through its values at NCOL + 1
 * equally spaced points sigma_k = k / NCOL of the interval (Lagrange basis), and the ODE is imposed
 * at the NCOL Gauss–Legendre points of the interval. Everything is on the reference interval [0, 1];
 * callers divide derivatives by the interval's width.
 */

/** Gauss–Legendre points and weights on [0, 1] for m points (Newton on P_m from Chebyshev-like guesses). */
export function gaussLegendre(m: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let t = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      // Legendre recurrence: P_{k+1} = ((2k+1) t P_k - k P_{k-1}) / (k+1).
      let p0 = 1;
      let p1 = t;
      for (let k = 1; k < m; k++) {
        const p2 = ((2 * k + 1) * t * p1 - k * p0) / (k + 1);
        p0 = p1;
        p1 = p2;
      }
      const pm = m === 1 ? t : p1;
      const pm1 = m === 1 ? 1 : p0;
      dp = (m * (t * pm - pm1)) / (t * t - 1);
      const dt = pm / dp;
      t -= dt;
      if (Math.abs(dt) < 1e-16) break;
    }
    // Ascending order on [0, 1].
    x[m - 1 - i] = 0.5 * (1 + t);
    w[m - 1 - i] = 1 / ((1 - t * t) * dp * dp);
  }
  return { x, w };
}

/** Value of the k-th Lagrange basis polynomial on the nodes k / m (k = 0..m) at s. */
export function lagrange(m: number, k: number, s: number): number {
  let v = 1;
  for (let q = 0; q <= m; q++) if (q !== k) v *= (s * m - q) / (k - q);
  return v;
}

/** Derivative (d/ds) of the k-th Lagrange basis polynomial on the nodes k / m at s. */
export function lagrangeDerivative(m: number, k: number, s: number): number {
  let sum = 0;
  for (let r = 0; r <= m; r++) {
    if (r === k) continue;
    let v = m / (k - r);
    for (let q = 0; q <= m; q++) if (q !== k && q !== r) v *= (s * m - q) / (k - q);
    sum += v;
  }
  return sum;
}

/** The collocation scheme of NCOL = m points per interval. */
export interface Collocation {
  readonly ncol: number;
  /** wt[c * (m + 1) + k] = l_k(x_c): the orbit at collocation point c from the interval's m + 1 values. */
  readonly wt: Float64Array;
  /** wp[c * (m + 1) + k] = l_k'(x_c): its derivative on [0, 1] (divide by the interval's width). */
  readonly wp: Float64Array;
  /** Newton–Cotes weights of the m + 1 equally spaced values: integral over [0, 1] = sum_k wi[k] u_k. */
  readonly wi: Float64Array;
  /** The Gauss points on [0, 1]. */
  readonly points: Float64Array;
}

/** The scheme for m = NCOL in 2..7 (Newton–Cotes weights are positive up to 8 nodes). */
export function collocation(m: number): Collocation {
  if (!Number.isInteger(m) || m < 2 || m > 7) throw new RangeError(`collocation: NCOL must be an integer in 2..7, got ${m}`);
  const g = gaussLegendre(m);
  const wt = new Float64Array(m * (m + 1));
  const wp = new Float64Array(m * (m + 1));
  const wi = new Float64Array(m + 1);
  for (let c = 0; c < m; c++) {
    for (let k = 0; k <= m; k++) {
      wt[c * (m + 1) + k] = lagrange(m, k, g.x[c]);
      wp[c * (m + 1) + k] = lagrangeDerivative(m, k, g.x[c]);
      // The m Gauss points integrate polynomials of degree 2m - 1 >= m exactly.
      wi[k] += g.w[c] * wt[c * (m + 1) + k];
    }
  }
  return { ncol: m, wt, wp, wi, points: g.x };
}
