/**
 * Dense LU factorisation with partial pivoting (Golub & Van Loan, Matrix Computations, alg. 3.4.1)
 * on a row-major Float64Array, for the small bordered systems of continuation. Allocation-free after
 * construction. A singular matrix is reported by `factor` returning false, never thrown. The
 * factorisation and the solve run as WebAssembly where it is available (../wasm/dense-kernels.ts:
 * the same bits, without the interpreter's cost on a first trace), as the methods below otherwise.
 */
import { denseKernels, denseLuBytes, type DenseKernels } from '../wasm/dense-kernels';

/** A DenseLu's views of the kernels' memory (../wasm/dense-lu-code.ts's layout for its order). */
interface LuViews {
  generation: number;
  m: Float64Array;
  perm: Int32Array;
  b: Float64Array;
  x: Float64Array;
}

export class DenseLu {
  /** The factors: unit lower L below the diagonal, U on and above it (row-major n x n). */
  readonly lu: Float64Array;
  private readonly perm: Int32Array;
  private sign = 1;
  private ok = false;
  private views: LuViews | null = null;

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
    const source = a.length === n * n ? a : a.subarray(0, n * n);
    const kernels = denseKernels();
    if (kernels !== null) {
      const v = this.viewsIn(kernels);
      v.m.set(source);
      const sign = kernels.luFactor(n);
      kernels.owner = this;
      lu.set(v.m);
      perm.set(v.perm);
      this.sign = sign === 0 ? 1 : sign;
      this.ok = sign !== 0;
      return this.ok;
    }
    lu.set(source);
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

  /**
   * Takes as its own the factorisation that the kernels' luFactor has just made, called by another
   * module (../wasm/eq-corrector-code.ts), of an order-n matrix at the start of their memory: what
   * `factor` keeps after its own call, `sign` being what luFactor returned.
   */
  adoptKernelFactors(kernels: DenseKernels, sign: number): void {
    const v = this.viewsIn(kernels);
    kernels.owner = this;
    this.lu.set(v.m);
    this.perm.set(v.perm);
    this.sign = sign === 0 ? 1 : sign;
    this.ok = sign !== 0;
  }

  /** Determinant of the last factored matrix (0 when it was singular). */
  det(): number {
    if (!this.ok) return 0;
    let d = this.sign;
    for (let k = 0; k < this.n; k++) d *= this.lu[k * this.n + k];
    return d;
  }

  /** Smallest over largest |pivot| of the last factored matrix (0 when it was singular): a cheap, rough sign of its conditioning. */
  pivotRatio(): number {
    if (!this.ok) return 0;
    const { n, lu } = this;
    let lo = Infinity;
    let hi = 0;
    for (let k = 0; k < n; k++) {
      const d = lu[k * n + k];
      const a = d < 0 ? -d : d;
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    return hi > 0 ? lo / hi : 0;
  }

  /** Solves A x = b into `out` (a different array from b). Requires a successful `factor`. */
  solve(b: Float64Array, out: Float64Array): void {
    const { n, lu, perm } = this;
    const kernels = denseKernels();
    if (kernels !== null) {
      const v = this.viewsIn(kernels);
      if (kernels.owner !== this) {
        v.m.set(lu);
        v.perm.set(perm);
        kernels.owner = this;
      }
      v.b.set(b.length === n ? b : b.subarray(0, n));
      kernels.luSolve(n);
      out.set(v.x);
      return;
    }
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

  /** This order's views of the kernels' memory, made again after the memory has grown. */
  private viewsIn(k: DenseKernels): LuViews {
    const v = this.views;
    if (v !== null && v.generation === k.generation) return v;
    const n = this.n;
    const nn = n * n;
    k.reserve(denseLuBytes(n));
    const views = {
      generation: k.generation,
      m: k.f64.subarray(0, nn),
      perm: k.i32.subarray(2 * nn, 2 * nn + n),
      b: k.f64.subarray(nn + n, nn + 2 * n),
      x: k.f64.subarray(nn + 2 * n, nn + 3 * n),
    };
    this.views = views;
    return views;
  }
}
