/**
 * Eigenvalues of the state Jacobian at an equilibrium (./small-eigen.ts up to SMALL_N states,
 * ml-matrix's EigenvalueDecomposition, the JAMA port of the EISPACK Hessenberg-QR algorithm, above),
 * and the stability they imply.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Complex } from '@shared/continuation/types';
import { SmallEigen } from './small-eigen';

/** Largest system solved by ./small-eigen.ts (no library code to warm up on the first trace). */
export const SMALL_N = 12;
const solvers = new Map<number, SmallEigen>();

/** The n x n row-major matrix `a` as an ml-matrix Matrix. */
export function toMatrix(a: ArrayLike<number>, n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  return m;
}

/**
 * Eigenvalues of the row-major n x n matrix `jac` as [re, im] pairs, sorted by decreasing real
 * part, then increasing imaginary part (a complex pair reads [a, -b], [a, b]). Non-finite entries
 * give NaN eigenvalues (never a throw).
 */
export function eigenvalues(jac: ArrayLike<number>, n: number): Complex[] {
  if (n > SMALL_N) {
    for (let i = 0; i < n * n; i++) {
      if (!Number.isFinite(jac[i])) return Array.from({ length: n }, (): Complex => [NaN, NaN]);
    }
    const evd = new EigenvalueDecomposition(toMatrix(jac, n), { assumeSymmetric: false });
    const im = evd.imaginaryEigenvalues;
    return evd.realEigenvalues.map((r, i): Complex => [r, im[i]]).sort(eigenvalueOrder);
  }
  const solver = solvers.get(n) ?? new SmallEigen(n);
  solvers.set(n, solver);
  // A matrix with an entry that is not finite gives NaN eigenvalues (SmallEigen checks), listed as they come.
  solver.compute(jac);
  // Plain loops and an insertion sort (stable, as Array.prototype.sort): this runs at every point
  // of a branch, and a first trace runs it in V8's interpreter, where callbacks cost most.
  // (eigenvalueOrder written out in the loop.)
  const out: Complex[] = [];
  const re = solver.re;
  const im = solver.im;
  for (let i = 0; i < n; i++) {
    const er = re[i];
    const ei = im[i];
    let j = i;
    while (j > 0) {
      const o = out[j - 1];
      if (!((er - o[0] || o[1] - ei) > 0)) break;
      out[j] = o;
      j--;
    }
    out[j] = [er, ei];
  }
  return out;
}

/** The order of `eigenvalues`: decreasing real part, then increasing imaginary part. */
function eigenvalueOrder(a: Complex, b: Complex): number {
  return b[0] - a[0] || a[1] - b[1];
}

/** Stable: every eigenvalue has a negative real part (a zero real part is not stable). */
export function isStable(eigs: readonly Complex[]): boolean {
  for (let i = 0; i < eigs.length; i++) if (!(eigs[i][0] < 0)) return false;
  return true;
}

/**
 * The Hopf test function prod_{i<j} (lambda_i + lambda_j), the determinant of the bialternate
 * product 2 J (.) I (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., section 10.2.2).
 * It vanishes at a Hopf point and also at a neutral saddle (a real pair lambda, -lambda); only its
 * sign is used, so the magnitude is reduced to avoid overflow.
 */
export function hopfTestSign(eigs: readonly Complex[]): number {
  let re = 1;
  let im = 0;
  for (let i = 0; i < eigs.length; i++) {
    for (let j = i + 1; j < eigs.length; j++) {
      const a = eigs[i][0] + eigs[j][0];
      const b = eigs[i][1] + eigs[j][1];
      const nr = re * a - im * b;
      const ni = re * b + im * a;
      const mag = Math.hypot(nr, ni);
      re = mag > 0 ? nr / mag : 0;
      im = mag > 0 ? ni / mag : 0;
    }
  }
  return Math.sign(re);
}

/** The complex eigenvalues with positive imaginary part: one member of each complex pair. */
export function upperEigenvalues(eigs: readonly Complex[]): Complex[] {
  const out: Complex[] = [];
  for (let i = 0; i < eigs.length; i++) if (eigs[i][1] > 0) out.push(eigs[i]);
  return out;
}

/** The last matching of several pairs from each eigenvalue list, with the list it was matched to. */
const matched = new WeakMap<readonly Complex[], { b: readonly Complex[]; pairs: readonly [Complex, Complex][] }>();

/**
 * The complex pairs of two nearby points of a branch matched one to one by continuity: greedily,
 * the closest remaining (upper eigenvalue at a, upper eigenvalue at b) first, in the complex plane.
 * Pairs present at only one end (born from or dying into two real eigenvalues) stay unmatched.
 * Returns [a, b] eigenvalue couples. Since every pair is matched when both ends have as many, the
 * number of unstable complex eigenvalues can only change between such ends through a matched
 * pair whose real part changes sign. The list returned is not to be changed: unless both ends
 * have one or two pairs, it is kept for the next call with the same two lists (an interval of a
 * branch is matched by the step control while tracing and again by the detection; eigenvalue
 * lists are never changed once made).
 */
export function matchComplexPairs(a: readonly Complex[], b: readonly Complex[]): readonly [Complex, Complex][] {
  // The usual cases, read without building lists (this runs at every step, in V8's interpreter on
  // a first trace): no pair at one end; one pair at both ends, that couple whatever its distance;
  // two pairs at both ends, the greedy matching written out (matchTwoPairs).
  const na = upperCount(a);
  const nb = upperCount(b);
  if (na === 0 || nb === 0) return [];
  if (na === 1 && nb === 1) return [[a[upperAt(a, 0)], b[upperAt(b, 0)]]];
  if (na === 2 && nb === 2) return matchTwoPairs(a[upperAt(a, 0)], a[upperAt(a, 1)], b[upperAt(b, 0)], b[upperAt(b, 1)]);
  const known = matched.get(a);
  if (known !== undefined && known.b === b) return known.pairs;
  const out = matchGreedily(upperEigenvalues(a), upperEigenvalues(b));
  matched.set(a, { b, pairs: out });
  return out;
}

/**
 * The greedy matching of the upper eigenvalues ua (at a) and ub (at b): each round takes the
 * closest couple of two unused eigenvalues, the first in the order (i, then j) among equals: the
 * couples in order of distance, as a stable sort gives them, each taken when both its ends are
 * still free. A NaN distance comes after every number.
 */
export function matchGreedily(ua: readonly Complex[], ub: readonly Complex[]): [Complex, Complex][] {
  const out: [Complex, Complex][] = [];
  const na = ua.length;
  const nb = ub.length;
  const d: number[] = [];
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) d.push(Math.hypot(ua[i][0] - ub[j][0], ua[i][1] - ub[j][1]));
  const usedA: boolean[] = [];
  const usedB: boolean[] = [];
  for (let round = Math.min(na, nb); round > 0; round--) {
    let bi = -1;
    let bj = -1;
    let best = NaN;
    for (let i = 0; i < na; i++) {
      if (usedA[i] === true) continue;
      for (let j = 0; j < nb; j++) {
        const dij = d[i * nb + j];
        if (usedB[j] !== true && (bi < 0 || dij < best || (best !== best && dij === dij))) {
          bi = i;
          bj = j;
          best = dij;
        }
      }
    }
    usedA[bi] = true;
    usedB[bj] = true;
    out.push([ua[bi], ub[bj]]);
  }
  return out;
}

/** matchGreedily for two upper eigenvalues at each end (a0, a1 at a; b0, b1 at b): the same couples in the same order. */
export function matchTwoPairs(a0: Complex, a1: Complex, b0: Complex, b1: Complex): [Complex, Complex][] {
  const d00 = Math.hypot(a0[0] - b0[0], a0[1] - b0[1]);
  const d01 = Math.hypot(a0[0] - b1[0], a0[1] - b1[1]);
  const d10 = Math.hypot(a1[0] - b0[0], a1[1] - b0[1]);
  const d11 = Math.hypot(a1[0] - b1[0], a1[1] - b1[1]);
  // The first round: the least distance in the order 00, 01, 10, 11 (NaN after every number).
  let first = 0;
  let best = d00;
  if (d01 < best || (best !== best && d01 === d01)) {
    first = 1;
    best = d01;
  }
  if (d10 < best || (best !== best && d10 === d10)) {
    first = 2;
    best = d10;
  }
  if (d11 < best || (best !== best && d11 === d11)) first = 3;
  // The first couple is (a_(first >> 1), b_(first & 1)); the second round takes the other two.
  const a = first >> 1 === 0 ? [a0, a1] : [a1, a0];
  const b = (first & 1) === 0 ? [b0, b1] : [b1, b0];
  return [
    [a[0], b[0]],
    [a[1], b[1]],
  ];
}

/** The number of upper eigenvalues (imaginary part > 0) of `eigs`. */
function upperCount(eigs: readonly Complex[]): number {
  let c = 0;
  for (let i = 0; i < eigs.length; i++) if (eigs[i][1] > 0) c++;
  return c;
}

/** The index in `eigs` of its upper eigenvalue number `k` (from 0). */
function upperAt(eigs: readonly Complex[], k: number): number {
  for (let i = 0; i < eigs.length; i++) if (eigs[i][1] > 0 && k-- === 0) return i;
  return -1;
}

/** The upper eigenvalue (imaginary part > 0) of `eigs` closest to `target`; null when there is none. */
export function nearestUpper(eigs: readonly Complex[], target: Complex): Complex | null {
  let best: Complex | null = null;
  let dist = Infinity;
  for (let i = 0; i < eigs.length; i++) {
    const e = eigs[i];
    if (!(e[1] > 0)) continue;
    const d = Math.hypot(e[0] - target[0], e[1] - target[1]);
    if (d < dist) {
      dist = d;
      best = e;
    }
  }
  return best;
}

/**
 * What the stability checks along a branch need of a spectrum: the eigenvalues with positive real
 * part, counted separately among the real ones and the complex ones (both members of a pair), the
 * number of complex pairs, and the sign of prod_{i<j} (r_i + r_j) over the real eigenvalues alone.
 * That last sign is the real-eigenvalue factor of the bialternate product (hopfTestSign): the
 * factors of a complex pair with any other eigenvalue come in conjugate couples (positive), so
 * sign(bialternate) = sign(prod over pairs of Re) * realSumSign, and a change of realSumSign is a
 * neutral saddle (two real eigenvalues lambda, -lambda). `finite` is false when an eigenvalue is NaN.
 */
export interface SpectrumCounts {
  unstableReal: number;
  unstableComplex: number;
  pairs: number;
  realSumSign: number;
  finite: boolean;
}

export function spectrumCounts(eigs: readonly Complex[]): SpectrumCounts {
  let unstableReal = 0;
  let unstableComplex = 0;
  let complex = 0;
  let negativeSums = 0;
  let finite = true;
  for (let i = 0; i < eigs.length; i++) {
    const re = eigs[i][0];
    const im = eigs[i][1];
    if (!Number.isFinite(re) || !Number.isFinite(im)) finite = false;
    if (im !== 0) {
      complex++;
      if (re > 0) unstableComplex++;
      continue;
    }
    if (re > 0) unstableReal++;
    for (let j = i + 1; j < eigs.length; j++) if (eigs[j][1] === 0 && re + eigs[j][0] < 0) negativeSums++;
  }
  return { unstableReal, unstableComplex, pairs: complex >> 1, realSumSign: negativeSums % 2 === 0 ? 1 : -1, finite };
}
