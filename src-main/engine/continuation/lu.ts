/**
 * Dense LU factorisation with partial pivoting (Golub & Van Loan, Matrix Computations, alg. 3.4.1)
 * on a row-major Float64Array, for the small bordered systems of continuation. Allocation-free after
 * construction. A singular matrix is reported by `factor` returning false, never thrown.
 */
export class DenseLu {
  /** The factors: unit lower L below the diagonal, U on and above it (row-major n x n). */
  readonly lu: Float64Array;
  private readonly perm: Int32Array;
  private sign = 1;
  private ok = false;

  constructor(readonly n: number) {
    this.lu = new Float64Array(n * n);
    this.perm = new Int32Array(n);
  }

  /**
   * Factors `a` (row-major n x n, not modified). Returns false when a pivot is zero, not finite, or
   * below 1e-14 times the largest entry of `a` (numerically singular).
   */
  factor(a: Float64Array): boolean {
    const { n, lu, perm } = this;
    lu.set(a.length === n * n ? a : a.subarray(0, n * n));
    // |x| is written x < 0 ? -x : x in the loops: a short trace runs in V8's baseline tiers, where
    // a call of Math.abs or Math.max costs more than the arithmetic (results are the same).
    let scale = 0;
    let nan = false;
    for (let i = 0; i < n * n; i++) {
      const v = lu[i];
      const a = v < 0 ? -v : v;
      if (a > scale) scale = a;
      else if (a !== a) nan = true;
    }
    for (let i = 0; i < n; i++) perm[i] = i;
    this.sign = 1;
    this.ok = false;
    if (nan || !(scale > 0) || !Number.isFinite(scale)) return false;
    const tiny = 1e-14 * scale;
    for (let k = 0; k < n; k++) {
      const rk = k * n;
      let piv = k;
      const diagonal = lu[rk + k];
      let best = diagonal < 0 ? -diagonal : diagonal;
      for (let i = k + 1, ik = rk + n + k; i < n; i++, ik += n) {
        const x = lu[ik];
        const v = x < 0 ? -x : x;
        if (v > best) {
          best = v;
          piv = i;
        }
      }
      if (!(best > tiny)) return false;
      if (piv !== k) {
        for (let j = 0; j < n; j++) {
          const t = lu[k * n + j];
          lu[k * n + j] = lu[piv * n + j];
          lu[piv * n + j] = t;
        }
        const t = perm[k];
        perm[k] = perm[piv];
        perm[piv] = t;
        this.sign = -this.sign;
      }
      const d = lu[rk + k];
      for (let ri = rk + n; ri < n * n; ri += n) {
        const f = (lu[ri + k] /= d);
        if (f !== 0) for (let j = k + 1; j < n; j++) lu[ri + j] -= f * lu[rk + j];
      }
    }
    this.ok = true;
    return true;
  }

  /** Determinant of the last factored matrix (0 when it was singular). */
  det(): number {
    if (!this.ok) return 0;
    let d = this.sign;
    for (let k = 0; k < this.n; k++) d *= this.lu[k * this.n + k];
    return d;
  }

  /** Solves A x = b into `out` (a different array from b). Requires a successful `factor`. */
  solve(b: Float64Array, out: Float64Array): void {
    const { n, lu, perm } = this;
    for (let i = 0, ri = 0; i < n; i++, ri += n) {
      let s = b[perm[i]];
      for (let j = 0; j < i; j++) s -= lu[ri + j] * out[j];
      out[i] = s;
    }
    for (let i = n - 1, ri = (n - 1) * n; i >= 0; i--, ri -= n) {
      let s = out[i];
      for (let j = i + 1; j < n; j++) s -= lu[ri + j] * out[j];
      out[i] = s / lu[ri + i];
    }
  }
}
