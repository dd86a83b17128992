import { describe, expect, it } from 'vitest';
import { lorentzianQuantile, lorentzianSample } from '../../../../src-main/engine/network/lorentzian';
import { Xoshiro128 } from '../../../../src-main/engine/network/prng';

/** Order-statistic estimate of the p-quantile of an ascending sample (linear between neighbours). */
function quantileOf(x: Float64Array, p: number): number {
  const h = p * (x.length - 1);
  const i = Math.floor(h);
  return i + 1 < x.length ? x[i] + (h - i) * (x[i + 1] - x[i]) : x[i];
}

describe('Lorentzian heterogeneity', () => {
  it('deterministic quantiles: median mu, quartiles mu -+ Delta', () => {
    const [mu, delta] = [0.12, 0.02];
    // (N + 1)/4 whole: neurons 100, 200, 300 (1-based) sit exactly at p = 1/4, 1/2, 3/4.
    const x = lorentzianSample(399, mu, delta);
    expect(x[199]).toBeCloseTo(mu, 14);
    expect(x[99]).toBeCloseTo(mu - delta, 14);
    expect(x[299]).toBeCloseTo(mu + delta, 14);
    // The quantile formula x_j = mu + Delta tan(pi/2 (2j - N - 1)/(N + 1)).
    expect(x[0]).toBeCloseTo(mu + delta * Math.tan(((Math.PI / 2) * (2 - 400)) / 400), 10);
    // Any N: sample median and quartiles converge to mu and mu -+ Delta.
    for (const n of [1000, 10_000]) {
      const y = lorentzianSample(n, -40, 1.5);
      expect(Math.abs(quantileOf(y, 0.5) + 40)).toBeLessThan(1e-12 + 1.5 * (10 / n));
      expect(quantileOf(y, 0.25)).toBeCloseTo(-41.5, 2);
      expect(quantileOf(y, 0.75)).toBeCloseTo(-38.5, 2);
    }
  });

  it('ascending, symmetric about mu, and Delta = 0 gives mu for all', () => {
    const x = lorentzianSample(1001, 2, 0.5);
    for (let j = 1; j < x.length; j++) expect(x[j]).toBeGreaterThan(x[j - 1]);
    for (let j = 0; j < x.length; j++) expect(x[j] - 2 + (x[x.length - 1 - j] - 2)).toBeCloseTo(0, 9);
    expect([...lorentzianSample(5, 3, 0)]).toEqual([3, 3, 3, 3, 3]);
  });

  it('truncation keeps values inside mu +- L and has the truncated quartiles', () => {
    const [mu, delta, L] = [-40, 5, 10];
    const x = lorentzianSample(399, mu, delta, L);
    expect(x[0]).toBeGreaterThan(mu - L);
    expect(x[398]).toBeLessThan(mu + L);
    expect(x[99]).toBeCloseTo(mu + delta * Math.tan(-Math.atan(L / delta) / 2), 12);
    expect(lorentzianQuantile(0.75, mu, delta, Infinity)).toBeCloseTo(mu + delta, 12);
  });

  it('seeded random draws: reproducible, seed-dependent, Lorentzian median and quartiles', () => {
    const n = 100_000;
    const [mu, delta] = [0.5, 2];
    const a = lorentzianSample(n, mu, delta, Infinity, 42);
    expect(lorentzianSample(n, mu, delta, Infinity, 42)).toEqual(a);
    expect(lorentzianSample(n, mu, delta, Infinity, 43)).not.toEqual(a);
    // Standard error of a sample quartile of the Lorentzian: sqrt(p(1-p)/n) / f(q) = 2.72 Delta / sqrt(n).
    const se = (2.72 * delta) / Math.sqrt(n);
    expect(Math.abs(quantileOf(a, 0.5) - mu)).toBeLessThan((5 * (Math.PI * delta)) / (2 * Math.sqrt(n)));
    expect(Math.abs(quantileOf(a, 0.25) - (mu - delta))).toBeLessThan(5 * se);
    expect(Math.abs(quantileOf(a, 0.75) - (mu + delta))).toBeLessThan(5 * se);
    // Never beyond the extreme quantiles.
    const q = lorentzianSample(n, mu, delta);
    expect(a[0]).toBeGreaterThanOrEqual(q[0]);
    expect(a[n - 1]).toBeLessThanOrEqual(q[n - 1]);
    expect(a.every((v, j) => j === 0 || v >= a[j - 1])).toBe(true);
  });

  it('xoshiro128**: uniform doubles in [0, 1) with the moments of the uniform distribution', () => {
    const rng = new Xoshiro128(7);
    const n = 200_000;
    let [m1, m2, lowBits, outside] = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const u = rng.nextDouble();
      if (!(u >= 0 && u < 1)) outside++;
      m1 += u;
      m2 += u * u;
    }
    expect(outside).toBe(0);
    for (let i = 0; i < 1000; i++) lowBits += rng.nextUint32() & 1;
    expect(Math.abs(m1 / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(m2 / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n));
    expect(Math.abs(lowBits - 500)).toBeLessThan(5 * Math.sqrt(250));
    expect(new Xoshiro128(7).nextUint32()).toBe(new Xoshiro128(7).nextUint32());
    expect(new Xoshiro128(7).nextUint32()).not.toBe(new Xoshiro128(8).nextUint32());
  });
});
