/**
 * Floquet multipliers of a periodic orbit from the reduced collocation system (as AUTO-07p: Doedel,
 * Keller & Kernevez, Int. J. Bifurcation and Chaos 1 (1991), section 8; Fairgrieve & Jepson, SIAM
 * J. Numer. Anal. 28 (1991)): after condensation and block reduction (./abd-factor.ts) the
 * linearised collocation equations at fixed period and parameter read P0 X(0) + P1 X(1) = 0, so the
 * monodromy matrix is M = -P1^-1 P0 (in physical units: times the ratio of the scalings of X(0) and
 * X(1)). Its eigenvalues are the multipliers; one of them is 1 for every periodic orbit (the
 * direction along the orbit), and its distance from 1 is a check of the discretisation.
 *
 * Test functions of the cycle bifurcations (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd
 * ed., section 10.3; Govaerts, Numerical Methods for Bifurcations of Dynamical Equilibria, 2000),
 * over the nontrivial multipliers mu_i, each factor normalised to at most 1 in size:
 *   PD (period doubling): prod_i (mu_i + 1) / (1 + |mu_i|), zero where a real multiplier is -1;
 *   NS (torus):           prod_{i<j} (mu_i mu_j - 1) / (1 + |mu_i mu_j|), zero where a complex pair
 *                         crosses the unit circle (also where two real multipliers have product 1,
 *                         a neutral saddle of cycles, which the located point's check refuses).
 */
import type { Complex } from '@shared/continuation/types';
import { TRIVIAL_LIMIT } from '@shared/cycles/mesh-check';
import { DenseLu } from '../continuation/lu';
import { SmallEigen } from '../continuation/small-eigen';
import type { TrackedTest, TracedPoint } from '../continuation/problem';

export interface CycleData {
  /** Multipliers as [re, im]: the trivial one (nearest to 1) first, then by decreasing modulus. */
  multipliers: Complex[];
  /** |mu_trivial - 1|: the discretisation's self-check. */
  trivialError: number;
  /** |mu - 1| of the nontrivial multiplier nearest to 1. */
  secondDistance: number;
  /** Nontrivial multipliers outside the unit circle; stable when 0. */
  unstable: number;
  pd: number;
  ns: number;
}

/**
 * Detection of PD and NS is off while the trivial multiplier is further than this from 1 (as AUTO):
 * the bound beyond which the family's mesh warning calls an orbit unresolved.
 */
export const TRIVIAL_GUARD = TRIVIAL_LIMIT;
/** A located PD or NS point is accepted when its multiplier lies this close to -1 or the unit circle. */
export const ACCEPT_DISTANCE = 1e-3;
const TEST_FLOOR = 1e-3;
const TEST_TOL = 1e-10;

export class FloquetSolver {
  private readonly lu: DenseLu;
  private readonly m: Float64Array;
  private readonly col: Float64Array;
  private readonly out: Float64Array;
  private readonly eig: SmallEigen;

  constructor(readonly n: number) {
    this.lu = new DenseLu(n);
    this.m = new Float64Array(n * n);
    this.col = new Float64Array(n);
    this.out = new Float64Array(n);
    this.eig = new SmallEigen(n);
  }

  failed(): CycleData {
    const nan: Complex = [NaN, NaN];
    return { multipliers: Array.from({ length: this.n }, () => nan), trivialError: NaN, secondDistance: NaN, unstable: NaN, pd: NaN, ns: NaN };
  }

  /** The multipliers of M = -ratio P1^-1 P0 (P0, P1 row-major n x n). */
  compute(p0: Float64Array, p1: Float64Array, ratio: number): CycleData {
    const { n, lu, m, col, out, eig } = this;
    if (!lu.factor(p1)) return this.failed();
    for (let q = 0; q < n; q++) {
      for (let r = 0; r < n; r++) col[r] = p0[r * n + q];
      lu.solve(col, out);
      for (let r = 0; r < n; r++) m[r * n + q] = -ratio * out[r];
    }
    if (!eig.compute(m)) return this.failed();
    const mu: Complex[] = [];
    for (let i = 0; i < n; i++) mu.push([eig.re[i], eig.im[i]]);
    return classify(mu);
  }
}

/** Orders the multipliers (trivial first) and evaluates the stability count and the test functions. */
export function classify(mu: Complex[]): CycleData {
  let t = 0;
  for (let i = 1; i < mu.length; i++) if (Math.hypot(mu[i][0] - 1, mu[i][1]) < Math.hypot(mu[t][0] - 1, mu[t][1])) t = i;
  const trivial = mu[t];
  const rest = mu.filter((_, i) => i !== t).sort((a, b) => Math.hypot(b[0], b[1]) - Math.hypot(a[0], a[1]));
  let secondDistance = Infinity;
  let unstable = 0;
  let pdRe = 1;
  let pdIm = 0;
  for (const [re, im] of rest) {
    secondDistance = Math.min(secondDistance, Math.hypot(re - 1, im));
    const mod = Math.hypot(re, im);
    if (mod > 1) unstable++;
    const s = 1 / (1 + mod);
    const a = (re + 1) * s;
    const b = im * s;
    [pdRe, pdIm] = [pdRe * a - pdIm * b, pdRe * b + pdIm * a];
  }
  let nsRe = 1;
  let nsIm = 0;
  for (let i = 0; i < rest.length; i++) {
    for (let j = i + 1; j < rest.length; j++) {
      const pr = rest[i][0] * rest[j][0] - rest[i][1] * rest[j][1];
      const pi = rest[i][0] * rest[j][1] + rest[i][1] * rest[j][0];
      const s = 1 / (1 + Math.hypot(pr, pi));
      const a = (pr - 1) * s;
      const b = pi * s;
      [nsRe, nsIm] = [nsRe * a - nsIm * b, nsRe * b + nsIm * a];
    }
  }
  return {
    multipliers: [trivial, ...rest],
    trivialError: Math.hypot(trivial[0] - 1, trivial[1]),
    secondDistance,
    unstable,
    pd: pdRe,
    ns: nsRe,
  };
}

function pdAccept(d: CycleData): Record<string, number> | null {
  for (const [re, im] of d.multipliers.slice(1)) if (im === 0 && Math.abs(re + 1) <= ACCEPT_DISTANCE) return { multiplier: re };
  return null;
}

function nsAccept(d: CycleData): Record<string, number> | null {
  for (const [re, im] of d.multipliers.slice(1)) {
    if (im > 0 && Math.abs(Math.hypot(re, im) - 1) <= ACCEPT_DISTANCE) return { theta: Math.atan2(im, re) };
  }
  return null;
}

/** The PD and NS tests of the interval between points with data da and db (none while the trivial multiplier is inaccurate). */
export function cycleTests(da: CycleData, db: CycleData): TrackedTest<CycleData>[] {
  if (!(da.trivialError <= TRIVIAL_GUARD && db.trivialError <= TRIVIAL_GUARD)) return [];
  const value = (key: 'pd' | 'ns') => (_p: TracedPoint, d: CycleData) => d[key];
  return [
    { kind: 'PD', fa: da.pd, fb: db.pd, floor: TEST_FLOOR, tol: TEST_TOL, value: value('pd'), accept: (_p, d) => pdAccept(d) },
    { kind: 'NS', fa: da.ns, fb: db.ns, floor: TEST_FLOOR, tol: TEST_TOL, value: value('ns'), accept: (_p, d) => nsAccept(d) },
  ];
}
