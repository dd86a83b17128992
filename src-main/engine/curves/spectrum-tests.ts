/**
 * Test functions on the spectrum of the Jacobian left after removing the eigenvalues a curve
 * holds critical (the zero eigenvalue of a fold curve, the pair +-i omega of a Hopf curve), for
 * zero-Hopf (ZH) and double-Hopf (HH) points (Kuznetsov, Elements of Applied Bifurcation Theory,
 * 3rd ed., section 10.2.2; Govaerts, Numerical Methods for Bifurcations of Dynamical Equilibria
 * (2000), section 4.4; MatCont's Hopf and fold curves use the same products through bordered
 * bialternate matrices):
 *
 * - product: prod_i lambda_i over the remaining eigenvalues (det J / omega^2 on a Hopf curve),
 *   zero where a further real eigenvalue passes through 0 (ZH on a Hopf curve);
 * - bialternate: prod_{i<j} (lambda_i + lambda_j) over the remaining eigenvalues, zero where a
 *   remaining pair has zero sum: a complex pair on the imaginary axis (ZH on a fold curve, HH on
 *   a Hopf curve) or a real pair (mu, -mu), a neutral saddle, which is no bifurcation; `pairAtZeroSum`
 *   tells the two apart at a located zero.
 *
 * Both are symmetric functions of the eigenvalues, hence continuous (and real) through the
 * collisions where a real pair turns complex. Each factor is divided by |factor| + scale (scale =
 * the size of the Jacobian), so the tests are dimensionless, of modulus below 1, and keep their
 * sign. Allocation-free after construction (SmallEigen, preallocated arrays).
 */
import { SmallEigen } from '../continuation/small-eigen';

export class RemainingSpectrum {
  private readonly eig: SmallEigen;
  private readonly keep: Uint8Array;
  /** Size of the Jacobian of the last compute: its Frobenius norm over sqrt(n). */
  scale = 1;
  /** The running complex product of `product` and `bialternate`. */
  private pr = 1;
  private pi = 0;

  constructor(readonly n: number) {
    this.eig = new SmallEigen(n);
    this.keep = new Uint8Array(n);
  }

  /**
   * Eigenvalues of `jac` without the critical ones: omega null removes the one nearest 0 (fold
   * curves), omega > 0 the pair nearest +-i omega (Hopf curves). False when the eigenvalues
   * cannot be computed.
   */
  compute(jac: Float64Array, omega: number | null): boolean {
    const { n, eig, keep } = this;
    if (!eig.compute(jac)) return false;
    let norm = 0;
    for (let i = 0; i < n * n; i++) norm += jac[i] * jac[i];
    this.scale = Math.sqrt(norm / n) || 1;
    keep.fill(1);
    const { re, im } = eig;
    if (omega === null) {
      let best = -1;
      for (let i = 0; i < n; i++) if (best < 0 || Math.hypot(re[i], im[i]) < Math.hypot(re[best], im[best])) best = i;
      if (best >= 0) keep[best] = 0;
      return true;
    }
    for (const sign of [1, -1]) {
      let best = -1;
      let dist = Infinity;
      for (let i = 0; i < n; i++) {
        if (keep[i] === 0) continue;
        const d = Math.hypot(re[i], im[i] - sign * omega);
        if (d < dist) {
          dist = d;
          best = i;
        }
      }
      if (best >= 0) keep[best] = 0;
    }
    return true;
  }

  /** prod lambda_i / (|lambda_i| + scale) over the remaining eigenvalues (1 when none remain). */
  product(): number {
    const { n, keep } = this;
    const { re, im } = this.eig;
    this.pr = 1;
    this.pi = 0;
    for (let i = 0; i < n; i++) if (keep[i] !== 0) this.times(re[i], im[i]);
    return this.pr;
  }

  /** prod_{i<j} (lambda_i + lambda_j) / (|lambda_i + lambda_j| + scale) over the remaining eigenvalues. */
  bialternate(): number {
    const { n, keep } = this;
    const { re, im } = this.eig;
    this.pr = 1;
    this.pi = 0;
    for (let i = 0; i < n; i++) {
      if (keep[i] === 0) continue;
      for (let j = i + 1; j < n; j++) if (keep[j] !== 0) this.times(re[i] + re[j], im[i] + im[j]);
    }
    return this.pr;
  }

  /** Multiplies the running product pr + i pi by z / (|z| + scale), z = x + i y. */
  private times(x: number, y: number): void {
    const d = Math.hypot(x, y) + this.scale;
    const a = x / d;
    const b = y / d;
    const t = this.pr * a - this.pi * b;
    this.pi = this.pr * b + this.pi * a;
    this.pr = t;
  }

  /**
   * The remaining pair of least |lambda_i + lambda_j|: its imaginary part's modulus (omega of a
   * pair on the imaginary axis), 0 when the pair is real (a neutral saddle); NaN when fewer than
   * two eigenvalues remain.
   */
  pairAtZeroSum(): number {
    const { n, keep } = this;
    const { re, im } = this.eig;
    let best = Infinity;
    let omega = NaN;
    for (let i = 0; i < n; i++) {
      if (keep[i] === 0) continue;
      for (let j = i + 1; j < n; j++) {
        if (keep[j] === 0) continue;
        const d = Math.hypot(re[i] + re[j], im[i] + im[j]);
        if (d < best) {
          best = d;
          omega = Math.abs(im[i]) > this.scale * 1e-9 && Math.abs(im[i] + im[j]) <= 1e-9 * this.scale ? Math.abs(im[i]) : 0;
        }
      }
    }
    return omega;
  }
}
