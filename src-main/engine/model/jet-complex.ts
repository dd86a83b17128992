/**
 * The jet's multilinear forms on complex vectors, from the real ones by multilinearity: with
 * u = a + i b, v = c + i d, B(u, v) = B(a, c) - B(b, d) + i (B(a, d) + B(b, c)), and C likewise
 * over its eight real combinations. (Normal-form coefficients take B and C at complex
 * eigenvectors: Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., eq. (3.20).)
 * Allocation-free after construction: the scratch vectors are made once per instance.
 */
import type { Vec } from '../compiled-model';
import type { ModelJet } from './jet';

/** A complex vector as its real and imaginary parts (each n entries). */
export interface Cvec {
  re: Vec;
  im: Vec;
}

/** The complex conjugate of v (sharing its real part). */
export const conj = (v: Cvec): Cvec => ({ re: v.re, im: v.im.map((x) => -x) });

/** <u, v> = sum conj(u_i) v_i as [re, im]. */
export function cdot(u: Cvec, v: Cvec): [number, number] {
  let re = 0;
  let im = 0;
  for (let i = 0; i < u.re.length; i++) {
    re += u.re[i] * v.re[i] + u.im[i] * v.im[i];
    im += u.re[i] * v.im[i] - u.im[i] * v.re[i];
  }
  return [re, im];
}

export class ComplexJet {
  private readonly scratch: Vec;

  constructor(private readonly jet: ModelJet) {
    this.scratch = new Float64Array(jet.n);
  }

  /** out = B(u, v) for complex u, v (out must not alias u or v). */
  bilinear(y: Vec, p: Vec, u: Cvec, v: Cvec, out: Cvec): void {
    const { bilinear } = this.jet;
    const s = this.scratch;
    const n = this.jet.n;
    bilinear(y, p, u.re, v.re, out.re);
    bilinear(y, p, u.im, v.im, s);
    for (let i = 0; i < n; i++) out.re[i] -= s[i];
    bilinear(y, p, u.re, v.im, out.im);
    bilinear(y, p, u.im, v.re, s);
    for (let i = 0; i < n; i++) out.im[i] += s[i];
  }

  /** out = C(u, v, w) for complex u, v, w (out must not alias them). */
  trilinear(y: Vec, p: Vec, u: Cvec, v: Cvec, w: Cvec, out: Cvec): void {
    const n = this.jet.n;
    out.re.fill(0);
    out.im.fill(0);
    // Each real combination (a part of u, v, w each) contributes i^(number of imaginary parts).
    for (let mask = 0; mask < 8; mask++) {
      const iu = mask & 1;
      const iv = (mask >> 1) & 1;
      const iw = (mask >> 2) & 1;
      const count = iu + iv + iw;
      this.jet.trilinear(y, p, iu ? u.im : u.re, iv ? v.im : v.re, iw ? w.im : w.re, this.scratch);
      // i^0 = 1, i^1 = i, i^2 = -1, i^3 = -i.
      const target = count % 2 === 0 ? out.re : out.im;
      const sign = count >= 2 ? -1 : 1;
      for (let i = 0; i < n; i++) target[i] += sign * this.scratch[i];
    }
  }

  /**
   * out = D(args[0..3]) (order 4) or E(args[0..4]) (order 5) for complex vectors, over the 2^order
   * real combinations (out must not alias the arguments). Only for the few points where a
   * coefficient is reported: it allocates a small list per call.
   */
  higher(order: 4 | 5, y: Vec, p: Vec, args: readonly Cvec[], out: Cvec): void {
    const n = this.jet.n;
    const s = this.scratch;
    const parts: Vec[] = [];
    out.re.fill(0);
    out.im.fill(0);
    for (let mask = 0; mask < 1 << order; mask++) {
      let count = 0;
      parts.length = 0;
      for (let k = 0; k < order; k++) {
        const imag = (mask >> k) & 1;
        count += imag;
        parts.push(imag ? args[k].im : args[k].re);
      }
      if (order === 4) this.jet.quadrilinear(y, p, parts[0], parts[1], parts[2], parts[3], s);
      else this.jet.quintilinear(y, p, parts[0], parts[1], parts[2], parts[3], parts[4], s);
      // i^count: 1, i, -1, -i.
      const target = count % 2 === 0 ? out.re : out.im;
      const sign = count % 4 >= 2 ? -1 : 1;
      for (let i = 0; i < n; i++) target[i] += sign * s[i];
    }
  }
}
