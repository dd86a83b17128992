/**
 * Eigenvalues of a small dense real matrix (the state Jacobian at every point of a branch), without
 * eigenvectors: balancing by a diagonal similarity of powers of 2 (Parlett & Reinsch 1969, "Balancing
 * a matrix for calculation of eigenvalues and eigenvectors"; it keeps models in physical units, with
 * entries from 1e-3 to 1e2, accurate), Householder reduction to upper Hessenberg form, then Francis' implicit double-shift
 * QR iteration with deflation on small subdiagonal entries (Golub & Van Loan, Matrix Computations,
 * 4th ed., algorithms 7.4.2, 7.5.1 and 7.5.2), and LAPACK's exceptional shifts after 10 and 20
 * iterations without deflation (Anderson et al., LAPACK Users' Guide, xLAHQR).
 *
 * Only the active diagonal block is updated (eigenvalues need neither the Schur vectors nor the
 * coupling to blocks already deflated). Real eigenvalues have an imaginary part of exactly 0; a
 * complex pair is returned as (a, -b), (a, b) with b > 0. Allocation-free after construction; for
 * the n <= ~10 of mean-field models it is several times faster than a general eigen-decomposition
 * on first use (no library code to warm up). The computation runs as WebAssembly where it is
 * available (../wasm/dense-kernels.ts: the same bits, without the interpreter's cost on a first
 * trace), as the methods below otherwise.
 */
import { denseKernels, smallEigenBytes, type DenseKernels } from '../wasm/dense-kernels';

/** A SmallEigen's views of the kernels' memory (../wasm/small-eigen-code.ts's layout for its order). */
interface EigenViews {
  generation: number;
  h: Float64Array;
  re: Float64Array;
  im: Float64Array;
}

export class SmallEigen {
  /** Real and imaginary parts of the eigenvalues after `compute` (in deflation order). */
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly h: Float64Array;
  private views: EigenViews | null = null;

  constructor(readonly n: number) {
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    this.h = new Float64Array(n * n);
  }

  /**
   * The eigenvalues of the row-major n x n matrix `a` into re/im. Returns false (and NaN
   * eigenvalues) when an entry is not finite or the iteration does not converge in 30 n sweeps.
   */
  compute(a: ArrayLike<number>): boolean {
    const { n, h, re, im } = this;
    const kernels = denseKernels();
    if (kernels !== null) {
      const v = this.viewsIn(kernels);
      if (a.length === n * n) v.h.set(a);
      else for (let i = 0; i < n * n; i++) v.h[i] = a[i];
      kernels.owner = this;
      if (kernels.eigen(n) === 0) return this.fail();
      re.set(v.re);
      im.set(v.im);
      return true;
    }
    for (let i = 0; i < n * n; i++) {
      if (!Number.isFinite(a[i])) return this.fail();
      h[i] = a[i];
    }
    this.balance();
    this.hessenberg();
    // |x| is written x < 0 ? -x : x in the loops: a short trace runs in V8's baseline tiers, where
    // a call of Math.abs costs more than the arithmetic (the values are the same).
    let norm = 0;
    for (let i = 0; i < n * n; i++) {
      const v = h[i];
      norm += v < 0 ? -v : v;
    }
    let hi = n - 1;
    let iter = 0;
    let total = 0;
    while (hi >= 0) {
      // l: the first row of the unreduced block that ends at hi.
      let l = hi;
      while (l > 0) {
        const d1 = h[l * n + l];
        const d0 = h[(l - 1) * n + l - 1];
        const sub = h[l * n + l - 1];
        let s = (d1 < 0 ? -d1 : d1) + (d0 < 0 ? -d0 : d0);
        if (s === 0) s = norm;
        if ((sub < 0 ? -sub : sub) <= Number.EPSILON * s) {
          h[l * n + l - 1] = 0;
          break;
        }
        l--;
      }
      if (l === hi) {
        re[hi] = h[hi * n + hi];
        im[hi] = 0;
        hi--;
        iter = 0;
        continue;
      }
      if (l === hi - 1) {
        this.twoByTwo(hi);
        hi -= 2;
        iter = 0;
        continue;
      }
      if (++total > 30 * n) return this.fail();
      iter++;
      // Shifts: the eigenvalues of the trailing 2 x 2 block (their sum and product), or exceptional ones.
      const a11 = h[(hi - 1) * n + hi - 1];
      const a12 = h[(hi - 1) * n + hi];
      const a21 = h[hi * n + hi - 1];
      const a22 = h[hi * n + hi];
      let sum = a11 + a22;
      let prod = a11 * a22 - a12 * a21;
      if (iter === 10 || iter === 20) {
        const w = Math.abs(a21) + Math.abs(h[(hi - 1) * n + hi - 2]);
        const c = a22 + 0.75 * w;
        sum = 2 * c;
        prod = c * c + 0.4375 * w * w;
      }
      this.francisStep(l, hi, sum, prod);
    }
    return true;
  }

  /** This order's views of the kernels' memory, made again after the memory has grown. */
  private viewsIn(k: DenseKernels): EigenViews {
    const v = this.views;
    if (v !== null && v.generation === k.generation) return v;
    const n = this.n;
    const nn = n * n;
    k.reserve(smallEigenBytes(n));
    const views = { generation: k.generation, h: k.f64.subarray(0, nn), re: k.f64.subarray(nn, nn + n), im: k.f64.subarray(nn + n, nn + 2 * n) };
    this.views = views;
    return views;
  }

  private fail(): false {
    this.re.fill(NaN);
    this.im.fill(NaN);
    return false;
  }

  /** Eigenvalues of the deflated 2 x 2 block in rows/columns hi-1, hi. */
  private twoByTwo(hi: number): void {
    const { n, h, re, im } = this;
    const a = h[(hi - 1) * n + hi - 1];
    const b = h[(hi - 1) * n + hi];
    const c = h[hi * n + hi - 1];
    const d = h[hi * n + hi];
    const p = 0.5 * (a - d);
    const disc = p * p + b * c;
    if (disc >= 0) {
      // Roots d + p +- sqrt(disc), the smaller one from the product (no cancellation).
      const z = p + (p >= 0 ? 1 : -1) * Math.sqrt(disc);
      re[hi - 1] = d + z;
      re[hi] = z !== 0 ? d - (b * c) / z : d + z;
      im[hi - 1] = 0;
      im[hi] = 0;
    } else {
      const w = Math.sqrt(-disc);
      re[hi - 1] = d + p;
      re[hi] = d + p;
      im[hi - 1] = -w;
      im[hi] = w;
    }
  }

  /**
   * Scales row i by 1/f and column i by f (f a power of 2, so exactly), repeatedly, until the
   * off-diagonal norms of each row and its column are within a factor of 2 (Parlett & Reinsch).
   */
  private balance(): void {
    const { n, h } = this;
    for (let sweep = 0, done = false; !done && sweep < 100; sweep++) {
      done = true;
      for (let i = 0; i < n; i++) {
        let c = 0;
        let r = 0;
        const ri = i * n;
        for (let j = 0, cj = i; j < n; j++, cj += n) {
          if (j === i) continue;
          const hc = h[cj];
          const hr = h[ri + j];
          c += hc < 0 ? -hc : hc;
          r += hr < 0 ? -hr : hr;
        }
        if (c === 0 || r === 0) continue;
        const total = c + r;
        let f = 1;
        while (c < r / 2) {
          f *= 2;
          c *= 4;
        }
        while (c >= r * 2) {
          f /= 2;
          c /= 4;
        }
        if ((c + r) / f < 0.95 * total) {
          done = false;
          for (let j = 0; j < n; j++) h[ri + j] /= f;
          for (let cj = i; cj < n * n; cj += n) h[cj] *= f;
        }
      }
    }
  }

  /** Reduces h to upper Hessenberg form by Householder similarity transformations (GVL alg. 7.4.2). */
  private hessenberg(): void {
    const { n, h } = this;
    for (let k = 0; k < n - 2; k++) {
      // Column k below the diagonal: entries h[first], h[first + n], ... up to h[end - n].
      const first = (k + 1) * n + k;
      const end = n * n + k;
      let scale = 0;
      for (let ik = first; ik < end; ik += n) {
        const v = h[ik];
        scale += v < 0 ? -v : v;
      }
      if (scale === 0) continue;
      let ss = 0;
      for (let ik = first; ik < end; ik += n) {
        const q = h[ik] / scale;
        ss += q * q;
      }
      const x0 = h[first];
      const alpha = -(x0 >= 0 ? 1 : -1) * scale * Math.sqrt(ss);
      // v = x - alpha e1 is kept in column k below the diagonal while it is applied; beta = 2 / v.v.
      const v0 = x0 - alpha;
      const beta = -1 / (alpha * v0);
      h[first] = v0;
      // Left: rows k+1.., columns k+1.. (column k becomes alpha e1).
      for (let j = k + 1; j < n; j++) {
        let s = 0;
        for (let ik = first; ik < end; ik += n) s += h[ik] * h[ik - k + j];
        s *= beta;
        for (let ik = first; ik < end; ik += n) h[ik - k + j] -= s * h[ik];
      }
      // Right: all rows, columns k+1...
      for (let ri = 0; ri < n * n; ri += n) {
        let s = 0;
        for (let j = k + 1, jk = first; j < n; j++, jk += n) s += h[ri + j] * h[jk];
        s *= beta;
        for (let j = k + 1, jk = first; j < n; j++, jk += n) h[ri + j] -= s * h[jk];
      }
      h[first] = alpha;
      for (let ik = first + n; ik < end; ik += n) h[ik] = 0;
    }
  }

  /**
   * One implicit double-shift QR step on the unreduced block l..hi (at least 3 x 3) with shifts
   * whose sum and product are given (GVL alg. 7.5.1): the bulge is chased down by 3 x 3
   * Householder reflectors and removed by a final 2 x 2 one.
   */
  private francisStep(l: number, hi: number, sum: number, prod: number): void {
    const { n, h } = this;
    const h11 = h[l * n + l];
    const h21 = h[(l + 1) * n + l];
    let x = h11 * h11 + h[l * n + l + 1] * h21 - sum * h11 + prod;
    let y = h21 * (h11 + h[(l + 1) * n + l + 1] - sum);
    let z = h21 * h[(l + 2) * n + l + 1];
    for (let k = l; k <= hi - 2; k++) {
      const norm = (x < 0 ? -x : x) + (y < 0 ? -y : y) + (z < 0 ? -z : z);
      if (norm > 0) {
        x /= norm;
        y /= norm;
        z /= norm;
        const alpha = -(x >= 0 ? 1 : -1) * Math.sqrt(x * x + y * y + z * z);
        const v0 = x - alpha;
        const beta = -1 / (alpha * v0);
        const c0 = Math.max(l, k - 1);
        const row0 = k * n;
        const row1 = row0 + n;
        const row2 = row1 + n;
        for (let j = c0; j <= hi; j++) {
          const a0 = h[row0 + j];
          const a1 = h[row1 + j];
          const a2 = h[row2 + j];
          const s = beta * (v0 * a0 + y * a1 + z * a2);
          h[row0 + j] = a0 - s * v0;
          h[row1 + j] = a1 - s * y;
          h[row2 + j] = a2 - s * z;
        }
        const last = Math.min(k + 3, hi) * n + k;
        for (let ik = l * n + k; ik <= last; ik += n) {
          const a0 = h[ik];
          const a1 = h[ik + 1];
          const a2 = h[ik + 2];
          const s = beta * (a0 * v0 + a1 * y + a2 * z);
          h[ik] = a0 - s * v0;
          h[ik + 1] = a1 - s * y;
          h[ik + 2] = a2 - s * z;
        }
      }
      x = h[(k + 1) * n + k];
      y = h[(k + 2) * n + k];
      z = k + 3 <= hi ? h[(k + 3) * n + k] : 0;
      if (k + 3 <= hi) continue;
      // Last reflector: 2 x 2 on rows hi-1, hi.
      const norm2 = (x < 0 ? -x : x) + (y < 0 ? -y : y);
      if (norm2 === 0) break;
      x /= norm2;
      y /= norm2;
      const alpha = -(x >= 0 ? 1 : -1) * Math.sqrt(x * x + y * y);
      const v0 = x - alpha;
      const beta = -1 / (alpha * v0);
      const rowA = (hi - 1) * n;
      const rowB = rowA + n;
      for (let j = hi - 2; j <= hi; j++) {
        const a0 = h[rowA + j];
        const a1 = h[rowB + j];
        const s = beta * (v0 * a0 + y * a1);
        h[rowA + j] = a0 - s * v0;
        h[rowB + j] = a1 - s * y;
      }
      for (let ih = l * n + hi; ih <= rowB + hi; ih += n) {
        const a0 = h[ih - 1];
        const a1 = h[ih];
        const s = beta * (a0 * v0 + a1 * y);
        h[ih - 1] = a0 - s * v0;
        h[ih] = a1 - s * y;
      }
      break;
    }
  }
}
