/**
 * The first Lyapunov coefficient along a Hopf curve, allocation-free, as the test function of
 * generalised Hopf (GH, Bautin) points: Kuznetsov's formula (Elements of Applied Bifurcation
 * Theory, 3rd ed., eq. (3.20) and section 10.2; the same as ../continuation/lyapunov.ts)
 *
 *   l1 = Re[ <p, C(q,q,qb)> - 2 <p, B(q, J^-1 B(q,qb))> + <p, B(qb, (2 i omega - J)^-1 B(q,q))> ] / (2 omega),
 *
 * with the eigenvectors taken from the Hopf curve's bordered solve instead of an eigen-solver: a
 * vector v of the null space of J^2 + omega^2 I (real, two-dimensional) gives q = J v + i omega v
 * with J q = i omega q, and a vector w of the left null space gives p = J^T w - i omega w with
 * J^T p = -i omega p. Normalised as Kuznetsov's (|q| = 1, <p, q> = 1).
 *
 * The test value is l1's numerator divided by s + s0, s the sum of the moduli of its three terms
 * and s0 that sum at the first point evaluated (fixed for the curve): dimensionless, in (-1, 1),
 * with l1's sign and continuous (also at a GH point where all three terms vanish, as in the
 * Bautin normal form). Where l1 has a pole (a zero-Hopf point, where J is singular) the value
 * tends to +-1 and changes sign without a zero: such a sign change is no GH point (the located
 * point's value is not small). Where
 * omega^2 <= 0 (neutral saddles beyond a Bogdanov–Takens point) l1 is not defined and the value
 * is NaN, so the sign change of l1 through a Bogdanov–Takens point is never taken for a GH point.
 */
import type { Vec } from '../compiled-model';
import { DenseLu } from '../continuation/lu';
import type { ModelJet } from '../model/jet';
import { ComplexJet, type Cvec } from '../model/jet-complex';

export class CurveLyapunov {
  /** l1 of the last evaluate (NaN when it failed). */
  l1 = NaN;
  /** det J of the last evaluate (NaN when kappa <= 0 or J is singular). */
  detJ = NaN;
  /** The size of l1's terms at the first point where it was positive (the test's fixed scale). */
  private reference = 0;
  private readonly cj: ComplexJet;
  private readonly q: Cvec;
  private readonly qb: Cvec;
  private readonly p: Cvec;
  private readonly c3: Cvec;
  private readonly t0: Float64Array;
  private readonly t1: Float64Array;
  private readonly bqqb: Float64Array;
  private readonly r: Float64Array;
  private readonly rhs: Float64Array;
  private readonly s: Float64Array;
  private readonly sr: Float64Array;
  private readonly si: Float64Array;
  private readonly big: Float64Array;
  private readonly lu: DenseLu;
  private readonly lu2: DenseLu;
  /** C is not identically zero (for a quadratic model its term is skipped). */
  private readonly cubic: boolean;

  constructor(
    private readonly jet: ModelJet,
    readonly n: number,
  ) {
    this.cj = new ComplexJet(jet);
    this.cubic = !jet.vanishes(3);
    const vec = () => new Float64Array(n);
    this.q = { re: vec(), im: vec() };
    this.qb = { re: this.q.re, im: vec() };
    this.p = { re: vec(), im: vec() };
    this.c3 = { re: vec(), im: vec() };
    this.t0 = vec();
    this.t1 = vec();
    this.bqqb = vec();
    this.r = vec();
    this.rhs = new Float64Array(2 * n);
    this.s = new Float64Array(2 * n);
    this.sr = this.s.subarray(0, n);
    this.si = this.s.subarray(n);
    this.big = new Float64Array(4 * n * n);
    this.lu = new DenseLu(n);
    this.lu2 = new DenseLu(2 * n);
  }

  /**
   * The test value at (y, p) with Jacobian `jac` on a Hopf curve with omega^2 = kappa; v and w
   * (n entries from vAt, wAt) span part of the right and left null spaces of J^2 + kappa I.
   * NaN when kappa <= 0 or a system is singular.
   */
  evaluate(y: Vec, par: Vec, jac: Float64Array, kappa: number, v: Float64Array, vAt: number, w: Float64Array, wAt: number): number {
    this.l1 = NaN;
    this.detJ = NaN;
    if (!(kappa > 0)) return NaN;
    const { n, q, qb, p, c3, t0, t1, bqqb, r, rhs, s, big } = this;
    const omega = Math.sqrt(kappa);
    const { bilinear } = this.jet;
    let nq = 0;
    for (let i = 0; i < n; i++) {
      let a = 0;
      let b = 0;
      for (let k = 0; k < n; k++) {
        a += jac[i * n + k] * v[vAt + k];
        b += jac[k * n + i] * w[wAt + k];
      }
      q.re[i] = a;
      q.im[i] = omega * v[vAt + i];
      p.re[i] = b;
      p.im[i] = -omega * w[wAt + i];
      nq += a * a + q.im[i] * q.im[i];
    }
    nq = Math.sqrt(nq);
    if (!(nq > 0)) return NaN;
    let cr = 0;
    let ci = 0;
    for (let i = 0; i < n; i++) {
      q.re[i] /= nq;
      q.im[i] /= nq;
      qb.im[i] = -q.im[i];
      cr += p.re[i] * q.re[i] + p.im[i] * q.im[i];
      ci += p.re[i] * q.im[i] - p.im[i] * q.re[i];
    }
    const c2 = cr * cr + ci * ci;
    if (!(c2 > 0)) return NaN;
    for (let i = 0; i < n; i++) {
      const a = p.re[i];
      const b = p.im[i];
      p.re[i] = (a * cr - b * ci) / c2;
      p.im[i] = (a * ci + b * cr) / c2;
    }

    // B(q, qb) = B(qr, qr) + B(qi, qi); r = J^-1 B(q, qb).
    bilinear(y, par, q.re, q.re, bqqb);
    bilinear(y, par, q.im, q.im, t0);
    for (let i = 0; i < n; i++) bqqb[i] += t0[i];
    const regular = this.lu.factor(jac);
    // 0 when J is singular to working precision (at a zero-Hopf point itself).
    this.detJ = this.lu.det();
    if (!regular) return NaN;
    this.lu.solve(bqqb, r);
    // B(q, q) = B(qr, qr) - B(qi, qi) + 2 i B(qr, qi); s = (2 i omega - J)^-1 B(q, q).
    bilinear(y, par, q.re, q.re, t1);
    for (let i = 0; i < n; i++) rhs[i] = t1[i] - t0[i];
    bilinear(y, par, q.re, q.im, t1);
    for (let i = 0; i < n; i++) rhs[n + i] = 2 * t1[i];
    const n2 = 2 * n;
    big.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        big[i * n2 + j] = -jac[i * n + j];
        big[(n + i) * n2 + n + j] = -jac[i * n + j];
      }
      big[i * n2 + n + i] = -2 * omega;
      big[(n + i) * n2 + i] = 2 * omega;
    }
    if (!this.lu2.factor(big)) return NaN;
    this.lu2.solve(rhs, s);

    let a1 = 0;
    if (this.cubic) {
      this.cj.trilinear(y, par, q, q, qb, c3);
      a1 = this.re(c3.re, c3.im);
    }
    // B(q, r) = B(qr, r) + i B(qi, r).
    bilinear(y, par, q.re, r, t0);
    bilinear(y, par, q.im, r, t1);
    const a2 = -2 * this.re(t0, t1);
    // B(qb, s) = B(qr, sr) + B(qi, si) + i (B(qr, si) - B(qi, sr)).
    const { sr, si } = this;
    bilinear(y, par, q.re, sr, t0);
    bilinear(y, par, q.im, si, t1);
    for (let i = 0; i < n; i++) t0[i] += t1[i];
    bilinear(y, par, q.re, si, t1);
    bilinear(y, par, q.im, sr, c3.re);
    for (let i = 0; i < n; i++) t1[i] -= c3.re[i];
    const a3 = this.re(t0, t1);
    const sum = a1 + a2 + a3;
    const size = Math.abs(a1) + Math.abs(a2) + Math.abs(a3);
    this.l1 = sum / (2 * omega);
    if (!Number.isFinite(sum)) return NaN;
    if (this.reference === 0 && size > 0) this.reference = size;
    return this.reference > 0 ? sum / (size + this.reference) : NaN;
  }

  /** Re <p, x> for x = xr + i xi. */
  private re(xr: Float64Array, xi: Float64Array): number {
    const { n, p } = this;
    let d = 0;
    for (let i = 0; i < n; i++) d += p.re[i] * xr[i] + p.im[i] * xi[i];
    return d;
  }
}
