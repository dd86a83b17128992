/**
 * The bordered systems of minimally augmented curves (Govaerts, Numerical Methods for Bifurcations
 * of Dynamical Equilibria (2000), sections 3.4 and 4.4; Kuznetsov, Elements of Applied Bifurcation
 * Theory, 3rd ed., section 10.2.2): for an n x n matrix A with rank deficiency at most k and
 * borders B, C (n x k each),
 *
 *     M = [[A, B], [C^T, 0]],   M [V; G] = [0; I_k],   M^T [W; H] = [0; I_k],
 *
 * M is nonsingular near a point where A has rank n - k and the borders are transversal to its null
 * spaces; G (k x k) vanishes exactly where A has rank n - k, and its derivative along any change
 * A' of A (borders fixed) is G'_ij = -w_i^T A' v_j. The columns of V and W approximate the right
 * and left null vectors; refreshing C from V and B from W at each accepted point keeps M well
 * conditioned along the curve.
 *
 * Allocation-free after construction. Column j of V is V[j*n .. j*n + n), likewise W.
 */
import { DenseLu } from '../continuation/lu';

export class BorderedSolver {
  /** Borders, column-major like V and W: column j at [j*n, (j+1)*n). */
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly v: Float64Array;
  readonly w: Float64Array;
  /** G row-major k x k: G[i*k + j] = g_ij. */
  readonly g: Float64Array;
  private readonly m: Float64Array;
  private readonly mt: Float64Array;
  private readonly lu: DenseLu;
  private readonly lut: DenseLu;
  private readonly rhs: Float64Array;
  private readonly sol: Float64Array;
  private readonly nv: Float64Array;
  private readonly nw: Float64Array;

  constructor(
    readonly n: number,
    readonly k: number,
  ) {
    const s = n + k;
    this.b = new Float64Array(n * k);
    this.c = new Float64Array(n * k);
    this.v = new Float64Array(n * k);
    this.w = new Float64Array(n * k);
    this.g = new Float64Array(k * k);
    this.m = new Float64Array(s * s);
    this.mt = new Float64Array(s * s);
    this.lu = new DenseLu(s);
    this.lut = new DenseLu(s);
    this.rhs = new Float64Array(s);
    this.sol = new Float64Array(s);
    this.nv = new Float64Array(n * k);
    this.nw = new Float64Array(n * k);
    genericBorders(this.b, n, k, 1);
    genericBorders(this.c, n, k, 2);
  }

  /**
   * Solves both systems for A (row-major n x n) with the current borders; false when M is
   * numerically singular (the borders are not transversal, or A has a larger rank deficiency).
   */
  solve(a: Float64Array, withLeft = true): boolean {
    const { n, k, m, mt, b, c, rhs, sol, v, w, g } = this;
    const s = n + k;
    m.fill(0);
    mt.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        m[i * s + j] = a[i * n + j];
        mt[j * s + i] = a[i * n + j];
      }
      for (let q = 0; q < k; q++) {
        m[i * s + n + q] = b[q * n + i];
        m[(n + q) * s + i] = c[q * n + i];
        mt[i * s + n + q] = c[q * n + i];
        mt[(n + q) * s + i] = b[q * n + i];
      }
    }
    if (!this.lu.factor(m)) return false;
    for (let q = 0; q < k; q++) {
      rhs.fill(0);
      rhs[n + q] = 1;
      this.lu.solve(rhs, sol);
      for (let i = 0; i < n; i++) v[q * n + i] = sol[i];
      for (let i = 0; i < k; i++) g[i * k + q] = sol[n + i];
    }
    if (!withLeft) return true;
    if (!this.lut.factor(mt)) return false;
    for (let q = 0; q < k; q++) {
      rhs.fill(0);
      rhs[n + q] = 1;
      this.lut.solve(rhs, sol);
      for (let i = 0; i < n; i++) w[q * n + i] = sol[i];
    }
    return true;
  }

  /**
   * New borders from the last solve: C from V and B from W, each orthonormalised (Gram–Schmidt).
   * The new border columns keep the orientation of the old (c_j . c_j' > 0 before orthogonalising).
   * False (borders unchanged) when V or W is not of full rank.
   */
  refresh(): boolean {
    const { n, k, nv, nw } = this;
    nv.set(this.v);
    nw.set(this.w);
    if (!orthonormalise(nv, n, k) || !orthonormalise(nw, n, k)) return false;
    this.c.set(nv);
    this.b.set(nw);
    return true;
  }
}

/** Gram–Schmidt on the k columns (column-major, n each) in place; false on a column of (relative) norm below 1e-12. */
export function orthonormalise(x: Float64Array, n: number, k: number): boolean {
  for (let q = 0; q < k; q++) {
    const size0 = norm(x, q * n, n);
    for (let r = 0; r < q; r++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += x[r * n + i] * x[q * n + i];
      for (let i = 0; i < n; i++) x[q * n + i] -= d * x[r * n + i];
    }
    const size = norm(x, q * n, n);
    if (!(size > 1e-12 * size0) || !Number.isFinite(size)) return false;
    for (let i = 0; i < n; i++) x[q * n + i] /= size;
  }
  return true;
}

function norm(x: Float64Array, at: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[at + i] * x[at + i];
  return Math.sqrt(s);
}

/**
 * Fixed generic start borders (entries from a sine sequence, then orthonormalised): deterministic,
 * and transversal to any given null space except on a set of measure zero. `seed` varies them.
 */
export function genericBorders(out: Float64Array, n: number, k: number, seed: number): void {
  for (let q = 0; q < k; q++) for (let i = 0; i < n; i++) out[q * n + i] = Math.sin(12.9898 * (i + 1) + 78.233 * (q + 1) * seed + seed);
  orthonormalise(out, n, k);
}
