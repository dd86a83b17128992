/**
 * Samples of the Lorentzian (Cauchy) distribution the mean field assumes, with centre mu and
 * half-width Delta, optionally truncated to mu +- L (L = Infinity: no truncation).
 *
 * Quantile function of the truncated Lorentzian: F^-1(p) = mu + Delta tan((2p - 1) atan(L/Delta)),
 * which for L = Infinity is the usual mu + Delta tan(pi (p - 1/2)).
 *
 * - Deterministic (default): the quantiles p_j = j/(N + 1), j = 1..N, i.e. for no truncation
 *   x_j = mu + Delta tan(pi/2 (2j - N - 1)/(N + 1)) (Montbrio, Pazo & Roxin 2015, Phys Rev X 5:021028,
 *   and the code of Gast et al.). For odd N the middle one is mu; when (N + 1)/4 is whole the
 *   quartiles are exactly mu - Delta and mu + Delta.
 * - Seeded random: p uniform in [1/(N + 1), N/(N + 1)] (the central mass the quantiles cover, so a
 *   draw is never wilder than the most extreme quantile: a neuron firing faster than one spike per
 *   step would break the Euler scheme), then sorted ascending, so neuron j has the j-th smallest
 *   value in both modes (the network is all-to-all, so the order changes nothing but the raster's).
 */
import { Xoshiro128 } from './prng';

/** p in [0, 1] mapped to the truncated Lorentzian (see the file comment). */
export function lorentzianQuantile(p: number, mu: number, delta: number, halfRange: number): number {
  if (delta === 0) return mu;
  const span = halfRange === Infinity ? Math.PI / 2 : Math.atan(halfRange / delta);
  return mu + delta * Math.tan((2 * p - 1) * span);
}

/**
 * N values of the Lorentzian(mu, delta) truncated to mu +- halfRange, ascending: the quantiles
 * j/(N + 1) when `seed` is undefined, else seeded random draws as described above.
 */
export function lorentzianSample(n: number, mu: number, delta: number, halfRange = Infinity, seed?: number): Float64Array {
  const x = new Float64Array(n);
  if (seed === undefined) {
    for (let j = 1; j <= n; j++) x[j - 1] = lorentzianQuantile(j / (n + 1), mu, delta, halfRange);
    return x;
  }
  const rng = new Xoshiro128(seed);
  const lo = 1 / (n + 1);
  const width = (n - 1) / (n + 1);
  for (let j = 0; j < n; j++) x[j] = lorentzianQuantile(lo + width * rng.nextDouble(), mu, delta, halfRange);
  return x.sort();
}
