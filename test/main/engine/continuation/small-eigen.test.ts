/**
 * The small Hessenberg-QR eigenvalue solver against ml-matrix's EigenvalueDecomposition (EISPACK's
 * hqr2) and against matrices with known spectra.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { SmallEigen } from '../../../../src-main/engine/continuation/small-eigen';
import { eigenvalues, SMALL_N } from '../../../../src-main/engine/continuation/stability';

/** A deterministic pseudo-random generator (xorshift), so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32 - 0.5;
  };
}

const sorted = (re: ArrayLike<number>, im: ArrayLike<number>) =>
  Array.from(re, (r, i): [number, number] => [r, im[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

function reference(a: Float64Array, n: number) {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: false });
  return sorted(evd.realEigenvalues, evd.imaginaryEigenvalues);
}

/** Largest distance between two spectra matched greedily, over the matrix's norm. */
function spectralError(a: [number, number][], b: [number, number][], scale: number): number {
  const left = [...b];
  let worst = 0;
  for (const [r, i] of a) {
    let k = 0;
    for (let j = 1; j < left.length; j++) if (Math.hypot(left[j][0] - r, left[j][1] - i) < Math.hypot(left[k][0] - r, left[k][1] - i)) k = j;
    worst = Math.max(worst, Math.hypot(left[k][0] - r, left[k][1] - i));
    left.splice(k, 1);
  }
  return worst / scale;
}

describe('SmallEigen', () => {
  it('agrees with ml-matrix on 2000 random matrices of sizes 1..10; graded ones D B D^-1 have the spectrum of B', () => {
    const rand = rng(12345);
    const worst = [0, 0];
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + (trial % 10);
      const a = new Float64Array(n * n);
      const graded = trial % 3 === 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = rand() * (graded ? 10 ** (i - j) : 1);
      const solver = new SmallEigen(n);
      expect(solver.compute(a)).toBe(true);
      const mine = sorted(solver.re, solver.im);
      let scale = 0;
      for (const v of a) scale = Math.max(scale, Math.abs(v));
      if (!graded) worst[0] = Math.max(worst[0], spectralError(mine, reference(a, n), scale * n));
      else {
        // a = D B D^-1 with D = diag(10^i): the spectrum of the well-scaled B (entries in [-0.5, 0.5]).
        const b = a.map((v, k) => v / 10 ** (Math.floor(k / n) - (k % n)));
        worst[1] = Math.max(worst[1], spectralError(mine, reference(b, n), n));
      }
      // Conjugate pairs exactly; real eigenvalues with an imaginary part of exactly 0.
      for (let i = 0; i < n; i++) if (solver.im[i] !== 0) expect(mine.some(([r, im]) => r === solver.re[i] && im === -solver.im[i])).toBe(true);
    }
    console.log('small-eigen vs ml-matrix, worst error / (n max|a_ij|): plain', worst[0], 'graded', worst[1]);
    expect(worst[0]).toBeLessThan(1e-12);
    expect(worst[1]).toBeLessThan(1e-12);
  });

  it('finds known spectra: a companion matrix, a rotation block, a triangular and a nilpotent-plus-shift matrix', () => {
    // Companion matrix of (x - 1)(x - 2)(x - 3)(x^2 + 4) = x^5 - 6x^4 + 15x^3 - 30x^2 + 44x - 24.
    const c = [6, -15, 30, -44, 24];
    const comp = new Float64Array(25);
    for (let j = 0; j < 5; j++) comp[j] = c[j];
    for (let i = 1; i < 5; i++) comp[i * 5 + i - 1] = 1;
    const s5 = new SmallEigen(5);
    expect(s5.compute(comp)).toBe(true);
    const got = sorted(s5.re, s5.im);
    const want: [number, number][] = [
      [0, -2],
      [0, 2],
      [1, 0],
      [2, 0],
      [3, 0],
    ];
    expect(spectralError(got, want, 1)).toBeLessThan(1e-10);
    // [[0, -w, 0], [w, 0, 0], [0, 0, -1]]: +-w i and -1.
    const s3 = new SmallEigen(3);
    expect(s3.compute([0, -0.05, 0, 0.05, 0, 0, 0, 0, -1])).toBe(true);
    expect(
      spectralError(
        sorted(s3.re, s3.im),
        [
          [-1, 0],
          [0, -0.05],
          [0, 0.05],
        ],
        1,
      ),
    ).toBeLessThan(1e-15);
    // Upper triangular: the diagonal, exactly real.
    const s4 = new SmallEigen(4);
    expect(s4.compute([4, 1, 2, 3, 0, -1, 5, 6, 0, 0, 2.5, 7, 0, 0, 0, -3])).toBe(true);
    expect(sorted(s4.re, s4.im)).toEqual([
      [-3, 0],
      [-1, 0],
      [2.5, 0],
      [4, 0],
    ]);
    // 2 I + N (N nilpotent, one Jordan block): all eigenvalues 2 (to the usual eps^(1/4) of a defective one).
    const jb = new Float64Array(16);
    for (let i = 0; i < 4; i++) jb[i * 4 + i] = 2;
    for (let i = 0; i < 3; i++) jb[i * 4 + i + 1] = 1;
    expect(s4.compute(jb)).toBe(true);
    for (let i = 0; i < 4; i++) expect(Math.hypot(s4.re[i] - 2, s4.im[i])).toBeLessThan(1e-3);
  });

  it('converges on cyclic permutation matrices (the standard stall of unshifted QR): the n-th roots of unity', () => {
    for (let n = 2; n <= 12; n++) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[((i + 1) % n) * n + i] = 1;
      const s = new SmallEigen(n);
      expect(s.compute(a)).toBe(true);
      const roots = Array.from({ length: n }, (_, k): [number, number] => [Math.cos((2 * Math.PI * k) / n), Math.sin((2 * Math.PI * k) / n)]);
      expect(spectralError(sorted(s.re, s.im), roots, 1)).toBeLessThan(1e-13);
    }
  });

  it('reports non-finite input as failure with NaN eigenvalues (never a throw)', () => {
    const s = new SmallEigen(2);
    expect(s.compute([1, NaN, 0, 1])).toBe(false);
    expect(Number.isNaN(s.re[0]) && Number.isNaN(s.im[1])).toBe(true);
  });

  it('gives a branch point NaN eigenvalues where the Jacobian has an entry that is not finite, small or large', () => {
    for (const n of [3, SMALL_N + 2]) {
      const jac = Array.from({ length: n * n }, (_, i): number => (i % (n + 1) === 0 ? -1 : 0.1));
      jac[n + 2] = Infinity;
      const eigs = eigenvalues(jac, n);
      expect(eigs).toHaveLength(n);
      for (const [re, im] of eigs) expect(Number.isNaN(re) && Number.isNaN(im)).toBe(true);
      jac[n + 2] = 0.1;
      expect(eigenvalues(jac, n).every(([re, im]) => Number.isFinite(re) && Number.isFinite(im))).toBe(true);
    }
  });
});
