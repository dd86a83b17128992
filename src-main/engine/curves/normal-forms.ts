/**
 * Normal-form coefficients of codimension-two points of equilibria, computed at a located point
 * from the exact derivative jet (../model/jet.ts) by the projection method of Kuznetsov
 * (Elements of Applied Bifurcation Theory, 3rd ed., section 8.7; SIAM J. Numer. Anal. 36 (1999)
 * 1104–1124), the method of MatCont's nf_BT, nf_CP, nf_ZH and nf_HH (Dhooge, Govaerts & Kuznetsov,
 * ACM TOMS 29 (2003) 141–164). J is the Jacobian, B and C the second and third
 * derivatives as multilinear forms, <u, v> = sum conj(u_i) v_i. Eigenvectors are unit length in
 * the model's own variables, so coefficients whose value depends on that scaling (stated below)
 * change when a state variable is rescaled; their signs and the ratios marked invariant do not.
 *
 * - BT (Bogdanov–Takens), normal form w0' = w1, w1' = a w0^2 + b w0 w1: J q0 = 0, J q1 = q0,
 *   J^T p1 = 0, J^T p0 = p1, with |q0| = 1, q0 . q1 = 0, p1 . q1 = 1, p0 . q1 = 0 (so
 *   p0 . q0 = 1, p1 . q0 = 0); a = 1/2 p1 . B(q0, q0), b = p0 . B(q0, q0) + p1 . B(q0, q1)
 *   (Kuznetsov 1999; Kuznetsov, Int. J. Bifurc. Chaos 15 (2005) 3535–3546). (a, b) and
 *   (-a, -b) are the same normal form (q0 -> -q0); the sign is fixed by making the entry of q0
 *   of largest modulus positive. The sign of a b decides the unfolding.
 * - CP (cusp), normal form w' = c w^3: J q = 0, J^T p = 0, |q| = 1, p . q = 1,
 *   h2 = -J^INV B(q, q) with p . h2 = 0, c = 1/6 p . (C(q, q, q) + 3 B(q, h2)); independent of the
 *   orientation of q.
 * - ZH (zero-Hopf): J q0 = 0, J q1 = i omega q1, adjoints p0, p1 with <p0, q0> = <p1, q1> = 1;
 *   G200 = p0 . B(q0, q0), G011 = p0 . B(q1, conj q1), G110 = <p1, B(q0, q1)> give the
 *   quadratic normal form xi' = G200 xi^2 / 2 + G011 |zeta|^2, zeta' = i omega zeta + G110 xi zeta,
 *   which scaling xi takes to Kuznetsov's xi' = xi^2 + s |zeta|^2, zeta' = (i omega + (theta + i
 *   vartheta) xi) zeta: s = sign(G200 G011), theta = 2 Re G110 / G200 (both invariant). The
 *   third-order coefficient E(0) is not computed.
 * - HH (double Hopf), frequencies omega1, omega2: q_k, p_k of +-i omega_k, |q_k| = 1,
 *   <p_k, q_k> = 1; the cubic normal form z1' = i omega1 z1 + g2100 z1 |z1|^2 + g1011 z1 |z2|^2,
 *   z2' = i omega2 z2 + g1110 z2 |z1|^2 + g0021 z2 |z2|^2 (Kuznetsov, section 8.7), with
 *   p_jk = Re of the coefficients: theta = p12 / p22 and delta = p21 / p11 (invariant) and
 *   p11p22 = p11 p22 (its sign invariant). The fifth-order Theta, Delta are not computed.
 *
 * Each returns null when a linear system is singular (e.g. a further degeneracy at the point).
 */
import type { Vec } from '../compiled-model';
import type { ModelJet } from '../model/jet';
import { ComplexJet, type Cvec } from '../model/jet-complex';
import { ccombine, cdot, conj, cscale, cvec, nullVector, shiftedSolve } from './complex-solve';

/** The jet at one point (y, p) on complex vectors, allocating its results. */
export class PointJet {
  private readonly cj: ComplexJet;
  readonly n: number;

  constructor(
    readonly jet: ModelJet,
    readonly y: Vec,
    readonly p: Vec,
  ) {
    this.cj = new ComplexJet(jet);
    this.n = jet.n;
  }

  b(u: Cvec, v: Cvec): Cvec {
    const out = cvec(this.n);
    this.cj.bilinear(this.y, this.p, u, v, out);
    return out;
  }

  c(u: Cvec, v: Cvec, w: Cvec): Cvec {
    const out = cvec(this.n);
    this.cj.trilinear(this.y, this.p, u, v, w, out);
    return out;
  }

  d(a: Cvec, b: Cvec, c: Cvec, d: Cvec): Cvec {
    const out = cvec(this.n);
    this.cj.higher(4, this.y, this.p, [a, b, c, d], out);
    return out;
  }

  e(a: Cvec, b: Cvec, c: Cvec, d: Cvec, e: Cvec): Cvec {
    const out = cvec(this.n);
    this.cj.higher(5, this.y, this.p, [a, b, c, d, e], out);
    return out;
  }
}

const rdot = (u: Cvec, v: Cvec): number => cdot(u, v)[0];

/**
 * The eigenvector pair of +-i omega (omega > 0): J q = i omega q, J^T p = -i omega p, |q| = 1,
 * <p, q> = 1.
 */
export function hopfVectors(jac: Float64Array, n: number, omega: number): { q: Cvec; p: Cvec } | null {
  const q = nullVector(jac, n, omega);
  const pv = nullVector(jac, n, -omega, true);
  if (q === null || pv === null) return null;
  const [cr, ci] = cdot(pv, q);
  const c2 = cr * cr + ci * ci;
  if (!(c2 > 0)) return null;
  // p / conj(<p, q>) = p <p, q> / |<p, q>|^2.
  return { q, p: cscale(pv, [cr / c2, ci / c2]) };
}

/** The null vectors of a simple zero eigenvalue: J q = 0, J^T p = 0, |q| = 1, p . q = 1. */
function zeroVectors(jac: Float64Array, n: number): { q: Cvec; p: Cvec } | null {
  const q = nullVector(jac, n, 0);
  const pv = nullVector(jac, n, 0, true);
  if (q === null || pv === null) return null;
  const d = rdot(pv, q);
  if (!(Math.abs(d) > 0)) return null;
  return { q, p: cscale(pv, [1 / d, 0]) };
}

/** BT coefficients {a, b} (see the file comment). */
export function bogdanovTakens(pj: PointJet, jac: Float64Array): Record<string, number> | null {
  const n = pj.n;
  const q0 = nullVector(jac, n, 0);
  const p1v = nullVector(jac, n, 0, true);
  if (q0 === null || p1v === null) return null;
  let big = 0;
  for (let i = 0; i < n; i++) if (Math.abs(q0.re[i]) > Math.abs(q0.re[big])) big = i;
  if (q0.re[big] < 0) for (let i = 0; i < n; i++) q0.re[i] = -q0.re[i];
  // J q1 = q0 with q0 . q1 = 0: (0 - J) q1 + p1 s = -q0, q0^T q1 = 0.
  const r1 = shiftedSolve(jac, n, 0, cscale(q0, [-1, 0]), { col: p1v, row: q0 });
  if (r1 === null) return null;
  const q1 = r1.x;
  const d = rdot(p1v, q1);
  if (!(Math.abs(d) > 0)) return null;
  const p1 = cscale(p1v, [1 / d, 0]);
  // J^T p0 = p1 with p0 . q1 = 0.
  const r0 = shiftedSolve(jac, n, 0, cscale(p1, [-1, 0]), { transpose: true, col: q0, row: q1 });
  if (r0 === null) return null;
  const p0 = r0.x;
  const b00 = pj.b(q0, q0);
  const a = 0.5 * rdot(p1, b00);
  const b = rdot(p0, b00) + rdot(p1, pj.b(q0, q1));
  return Number.isFinite(a) && Number.isFinite(b) ? { a, b } : null;
}

/** CP coefficient {c} (see the file comment). */
export function cusp(pj: PointJet, jac: Float64Array): Record<string, number> | null {
  const n = pj.n;
  const v = zeroVectors(jac, n);
  if (v === null) return null;
  const { q, p } = v;
  // J h2 = -B(q, q) with p . h2 = 0 (bordered): (0 - J) h2 + q s = B(q, q).
  const r = shiftedSolve(jac, n, 0, pj.b(q, q), { col: q, row: p });
  if (r === null) return null;
  const c = (rdot(p, pj.c(q, q, q)) + 3 * rdot(p, pj.b(q, r.x))) / 6;
  return Number.isFinite(c) ? { c } : null;
}

/** ZH coefficients {s, theta, omega} (see the file comment). */
export function zeroHopf(pj: PointJet, jac: Float64Array, omega: number): Record<string, number> | null {
  const n = pj.n;
  const zero = zeroVectors(jac, n);
  const hopf = hopfVectors(jac, n, omega);
  if (zero === null || hopf === null) return null;
  const { q: q0, p: p0 } = zero;
  const { q: q1, p: p1 } = hopf;
  const g200 = rdot(p0, pj.b(q0, q0));
  const g011 = rdot(p0, pj.b(q1, conj(q1)));
  const g110 = cdot(p1, pj.b(q0, q1));
  const theta = (2 * g110[0]) / g200;
  const s = Math.sign(g200 * g011);
  return Number.isFinite(theta) ? { s, theta, omega } : null;
}

/** HH coefficients {omega1, omega2, p11p22, theta, delta} (see the file comment). */
export function doubleHopf(pj: PointJet, jac: Float64Array, omega1: number, omega2: number): Record<string, number> | null {
  const n = pj.n;
  const h1 = hopfVectors(jac, n, omega1);
  const h2 = hopfVectors(jac, n, omega2);
  if (h1 === null || h2 === null) return null;
  const { q: q1, p: p1 } = h1;
  const { q: q2, p: p2 } = h2;
  const q1b = conj(q1);
  const q2b = conj(q2);
  const solve = (sigma: number, rhs: Cvec): Cvec | null => shiftedSolve(jac, n, sigma, rhs)?.x ?? null;
  const h1100 = solve(0, pj.b(q1, q1b));
  const h2000 = solve(2 * omega1, pj.b(q1, q1));
  const h1010 = solve(omega1 + omega2, pj.b(q1, q2));
  const h1001 = solve(omega1 - omega2, pj.b(q1, q2b));
  const h0011 = solve(0, pj.b(q2, q2b));
  const h0020 = solve(2 * omega2, pj.b(q2, q2));
  if (h1100 === null || h2000 === null || h1010 === null || h1001 === null || h0011 === null || h0020 === null) return null;
  const h0110 = conj(h1001);
  const g2100 =
    0.5 *
    cdot(
      p1,
      ccombine([
        [1, pj.c(q1, q1, q1b)],
        [1, pj.b(h2000, q1b)],
        [2, pj.b(h1100, q1)],
      ]),
    )[0];
  const g1011 = cdot(
    p1,
    ccombine([
      [1, pj.c(q1, q2, q2b)],
      [1, pj.b(h1010, q2b)],
      [1, pj.b(h1001, q2)],
      [1, pj.b(h0011, q1)],
    ]),
  )[0];
  const g1110 = cdot(
    p2,
    ccombine([
      [1, pj.c(q1, q1b, q2)],
      [1, pj.b(h1100, q2)],
      [1, pj.b(h1010, q1b)],
      [1, pj.b(h0110, q1)],
    ]),
  )[0];
  const g0021 =
    0.5 *
    cdot(
      p2,
      ccombine([
        [1, pj.c(q2, q2, q2b)],
        [1, pj.b(h0020, q2b)],
        [2, pj.b(h0011, q2)],
      ]),
    )[0];
  const out = { omega1, omega2, p11p22: g2100 * g0021, theta: g1011 / g0021, delta: g1110 / g2100 };
  return Object.values(out).every(Number.isFinite) ? out : null;
}
