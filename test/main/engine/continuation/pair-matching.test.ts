/**
 * The matching of complex pairs between the ends of an interval (stability.ts matchComplexPairs):
 * its written-out cases (one pair or two pairs at both ends) give the greedy matching's couples, in
 * its order, on random spectra with ties and NaNs; the greedy matching itself on known cases.
 */
import { describe, expect, it } from 'vitest';
import type { Complex } from '@shared/continuation/types';
import { matchComplexPairs, matchGreedily, upperEigenvalues } from '../../../../src-main/engine/continuation/stability';

/** A deterministic generator of numbers in [0, 1) (a linear congruential sequence). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** A spectrum of `pairs` complex pairs and `reals` real eigenvalues in random order; coarse values make ties. */
function spectrum(next: () => number, pairs: number, reals: number, withNaN: boolean): Complex[] {
  const value = () => Math.round(next() * 8) / 4 - 1;
  const out: Complex[] = [];
  for (let k = 0; k < pairs; k++) {
    const re = withNaN && next() < 0.2 ? NaN : value();
    const im = 0.25 + Math.round(next() * 4) / 4;
    out.push([re, -im], [re, im]);
  }
  for (let k = 0; k < reals; k++) out.push([value(), 0]);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('matching complex pairs', () => {
  it('gives the greedy matching (same couples, same order) with one or two pairs at both ends', () => {
    const next = random(7);
    let ties = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const pairs = 1 + (trial % 2);
      const a = spectrum(next, pairs, trial % 3, trial % 5 === 0);
      const b = spectrum(next, pairs, (trial >> 1) % 3, trial % 7 === 0);
      const fast = matchComplexPairs(a, b);
      const greedy = matchGreedily(upperEigenvalues(a), upperEigenvalues(b));
      expect(fast.length).toBe(pairs);
      fast.forEach(([x, y], i) => {
        expect(x).toBe(greedy[i][0]);
        expect(y).toBe(greedy[i][1]);
      });
      if (pairs === 2) {
        const [u0, u1] = upperEigenvalues(a);
        const [w0, w1] = upperEigenvalues(b);
        if (Math.hypot(u0[0] - w0[0], u0[1] - w0[1]) === Math.hypot(u1[0] - w1[0], u1[1] - w1[1])) ties++;
      }
    }
    // The sample does hold ties, where only the order of the cases decides.
    expect(ties).toBeGreaterThan(50);
  });

  it('matches nothing when an end has no pair, and keeps unequal counts to the greedy matching', () => {
    const pair = (re: number, im: number): Complex[] => [
      [re, -im],
      [re, im],
    ];
    expect(matchComplexPairs(pair(-1, 1), [[-1, 0]])).toEqual([]);
    const a = [...pair(-1, 1), ...pair(0.5, 3)];
    const b = [...pair(0.4, 3.1), [-2, 0] as Complex, [-3, 0] as Complex];
    const m = matchComplexPairs(a, b);
    expect(m).toEqual([[a[3], b[1]]]);
    expect(matchComplexPairs(a, b)).toBe(m);
  });

  it('takes the closest couple first', () => {
    const a0: Complex = [0, 1];
    const a1: Complex = [0, 2];
    const b0: Complex = [0, 2.05];
    const b1: Complex = [0, 1.5];
    expect(matchGreedily([a0, a1], [b0, b1])).toEqual([
      [a1, b0],
      [a0, b1],
    ]);
  });
});
