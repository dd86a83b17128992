/**
 * The minimum and maximum of every state over one period, from the collocation polynomial (not
 * only its mesh values): the extreme mesh value of each state is refined by golden-section search
 * (Kiefer 1953; Press et al., Numerical Recipes, section 10.2) of the polynomial over the intervals
 * next to it. For spiky orbits the mesh values alone miss the peak by about |u''| h^2 / 8.
 */
import { lagrange } from './collocation';

const GOLDEN = (Math.sqrt(5) - 1) / 2;
const ITERATIONS = 48;

/** The value of state i of interval j's polynomial at s in [0, 1]. */
function value(u: Float64Array, n: number, ncol: number, j: number, i: number, s: number): number {
  let v = 0;
  for (let k = 0; k <= ncol; k++) v += lagrange(ncol, k, s) * u[(j * ncol + k) * n + i];
  return v;
}

/** Largest value of sign * (state i) over interval j (golden section from the best of a few samples). */
function intervalMax(u: Float64Array, n: number, ncol: number, j: number, i: number, sign: number): number {
  const samples = 2 * ncol;
  let best = -Infinity;
  let at = 0;
  for (let q = 0; q <= samples; q++) {
    const v = sign * value(u, n, ncol, j, i, q / samples);
    if (v > best) {
      best = v;
      at = q / samples;
    }
  }
  let a = Math.max(0, at - 1 / samples);
  let b = Math.min(1, at + 1 / samples);
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = sign * value(u, n, ncol, j, i, c);
  let fd = sign * value(u, n, ncol, j, i, d);
  for (let it = 0; it < ITERATIONS; it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = sign * value(u, n, ncol, j, i, c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = sign * value(u, n, ncol, j, i, d);
    }
  }
  return Math.max(best, fc, fd);
}

/** Minimum and maximum of each of the n states of the orbit u (physical mesh values, NTST NCOL + 1 of them). */
export function orbitExtrema(u: Float64Array, n: number, ncol: number): { min: number[]; max: number[] } {
  const values = u.length / n;
  const ntst = (values - 1) / ncol;
  const min: number[] = [];
  const max: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const sign of [1, -1]) {
      let m = 0;
      for (let q = 1; q < values; q++) if (sign * u[q * n + i] > sign * u[m * n + i]) m = q;
      // The intervals holding mesh value m (an end value belongs to two; 0 and the last are the same point).
      const j = Math.min(Math.floor(m / ncol), ntst - 1);
      const intervals = m % ncol === 0 ? [(j - 1 + ntst) % ntst, m === values - 1 ? 0 : j] : [j];
      if (m === values - 1) intervals[0] = ntst - 1;
      let best = sign * u[m * n + i];
      for (const q of intervals) best = Math.max(best, intervalMax(u, n, ncol, q, i, sign));
      if (sign === 1) max.push(best);
      else min.push(-best);
    }
  }
  return { min, max };
}
