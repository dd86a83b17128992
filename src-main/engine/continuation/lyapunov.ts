/**
 * The first Lyapunov coefficient at a Hopf point (Kuznetsov, Elements of Applied Bifurcation
 * Theory, 3rd ed., eq. (3.20) and section 10.2):
 *
 *   l1 = 1/(2 omega) Re[ <p, C(q,q,qb)> - 2 <p, B(q, A^-1 B(q,qb))> + <p, B(qb, (2 i omega - A)^-1 B(q,q))> ]
 *
 * with A the Jacobian, A q = i omega q, A^T p = -i omega p, <u, v> = sum conj(u_i) v_i; B and C are
 * the second and third derivatives of the right-hand side as multilinear forms (exact: the model's
 * derivative jet, generated from the symbolic model, ../model/jet.ts, on complex vectors by
 * ../model/jet-complex.ts).
 *
 * Normalisation (Kuznetsov's, also MatCont's): <q, q> = 1 and <p, q> = 1, in the model's own state
 * variables. Then l1 = Re c1 / omega for the normal form z' = i omega z + c1 z |z|^2 of the complex
 * amplitude z along q, i.e. the amplitude equation rho' = rho (beta + l1 rho^2) with rho the
 * Euclidean amplitude of x - x* in the model's variables. Consequences:
 * - l1 depends only on the vector field at the point (x, parameters), not on which parameter was
 *   traced to reach it (q, p, A, B, C are all taken at fixed parameters);
 * - its sign (the criticality) is invariant under any smooth change of variables, but its magnitude
 *   is not: with y = T^-1 x, l1_y = l1_x / |T^-1 q|^2, so rescaling a state variable rescales l1.
 *   E.g. in ik_nodim, (g, J) and (g', J') with g J = g' J' are the same dynamics with s scaled by
 *   g / g', and their Hopf points have the same r, v, u and omega but different l1 (-91.13 at
 *   g = 0.6711, J = 1; -118.11 at g = 1, J = 0.6711).
 * The Hopf normal form x' = -omega y + s x (x^2 + y^2), y' = omega x + s y (x^2 + y^2) has
 * l1 = 2 s / omega. l1 < 0: supercritical (a stable limit cycle is born); l1 > 0: subcritical.
 */
import type { CompiledModel } from '../compiled-model';
import { modelJet } from '../compile';
import { cdot, ComplexJet, conj, type Cvec } from '../model/jet-complex';
import { DenseLu } from './lu';
import { eigenvalues, nearestUpper } from './stability';

export interface LyapunovResult {
  l1: number;
  criticality: 'supercritical' | 'subcritical' | 'degenerate';
}

/** |l1| below this fraction of the size of its terms counts as zero (a degenerate Hopf point). */
export const DEGENERATE_RELATIVE = 1e-8;

const cvec = (n: number): Cvec => ({ re: new Float64Array(n), im: new Float64Array(n) });

/** Inverse iterations of `eigenvector`: the error shrinks by about SHIFT_OFFSET / gap per iteration. */
const INVERSE_ITERATIONS = 3;
/** The shift lies this far (relative to the size of the matrix) from the eigenvalue. */
const SHIFT_OFFSET = 1e-9;

/**
 * The complex eigenvector v of the row-major n x n matrix `a` with a v = (tr + i ti) v, by inverse
 * iteration (Golub & Van Loan, Matrix Computations, 4th ed., section 7.6.1) with the shift
 * mu = tr + i ti + SHIFT_OFFSET * (1 + max|a_ij|): (a - mu I) v' = v as the real 2n x 2n system
 * [[a - Re mu I, Im mu I], [-Im mu I, a - Re mu I]] [v'_re; v'_im] = [v_re; v_im]. Unit length;
 * null when the system is singular or the result is not an eigenvector (relative residual > 1e-6).
 */
function eigenvector(a: Float64Array, n: number, tr: number, ti: number): Cvec | null {
  let size = 0;
  for (let i = 0; i < n * n; i++) size = Math.max(size, Math.abs(a[i]));
  const mr = tr + SHIFT_OFFSET * (1 + size);
  const n2 = 2 * n;
  const m = new Float64Array(n2 * n2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      m[i * n2 + j] = a[i * n + j];
      m[(n + i) * n2 + n + j] = a[i * n + j];
    }
    m[i * n2 + i] -= mr;
    m[(n + i) * n2 + n + i] -= mr;
    m[i * n2 + n + i] = ti;
    m[(n + i) * n2 + i] = -ti;
  }
  const lu = new DenseLu(n2);
  if (!lu.factor(m)) return null;
  const x = new Float64Array(n2).fill(1);
  for (let i = 0; i < n; i++) x[n + i] = 0.5 + i / n2; // not orthogonal to any eigenvector in general
  const y = new Float64Array(n2);
  for (let it = 0; it < INVERSE_ITERATIONS; it++) {
    lu.solve(x, y);
    let norm = 0;
    for (let i = 0; i < n2; i++) norm += y[i] * y[i];
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) return null;
    for (let i = 0; i < n2; i++) x[i] = y[i] / norm;
  }
  const v: Cvec = { re: x.slice(0, n), im: x.slice(n) };
  let res = 0;
  for (let i = 0; i < n; i++) {
    let sr = 0;
    let si = 0;
    for (let k = 0; k < n; k++) {
      sr += a[i * n + k] * v.re[k];
      si += a[i * n + k] * v.im[k];
    }
    res += (sr - (tr * v.re[i] - ti * v.im[i])) ** 2 + (si - (tr * v.im[i] + ti * v.re[i])) ** 2;
  }
  return Math.sqrt(res) <= 1e-6 * (size + Math.hypot(tr, ti)) ? v : null;
}

/**
 * l1 at the Hopf point (x, p) of `model` with Jacobian `a` (row-major n x n), for the eigenvalue
 * of `a` nearest to i omega (its imaginary part is the omega of the formula). Returns NaN with
 * 'degenerate' when the eigenvectors or the linear solves fail (e.g. A singular at a
 * Bogdanov–Takens point).
 */
export function firstLyapunovCoefficient(model: CompiledModel, x: Float64Array, p: Float64Array, a: Float64Array, omegaNear: number): LyapunovResult {
  const n = model.stateNames.length;
  const none: LyapunovResult = { l1: NaN, criticality: 'degenerate' };
  const pair = nearestUpper(eigenvalues(a, n), [0, Math.abs(omegaNear)]);
  if (pair === null) return none;
  const [lr, omega] = pair;
  const q = eigenvector(a, n, lr, omega);
  const at = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) at[j * n + i] = a[i * n + j];
  const pv = eigenvector(at, n, lr, -omega);
  if (q === null || pv === null) return none;
  // <q, q> = 1, then <p, q> = 1 by p <- p / conj(<p, q>).
  const qn = Math.sqrt(cdot(q, q)[0]);
  for (let i = 0; i < n; i++) {
    q.re[i] /= qn;
    q.im[i] /= qn;
  }
  const [cr, ci] = cdot(pv, q);
  const c2 = cr * cr + ci * ci;
  if (!(c2 > 0)) return none;
  for (let i = 0; i < n; i++) {
    // p / conj(c) = p c / |c|^2
    const r = pv.re[i];
    const m = pv.im[i];
    pv.re[i] = (r * cr - m * ci) / c2;
    pv.im[i] = (r * ci + m * cr) / c2;
  }

  const jet = new ComplexJet(modelJet(model));
  const bilinear = (u: Cvec, v: Cvec): Cvec => {
    const out = cvec(n);
    jet.bilinear(x, p, u, v, out);
    return out;
  };
  const qb = conj(q);

  // r = A^-1 B(q, qb) (B(q, qb) is real).
  const lu = new DenseLu(n);
  if (!lu.factor(a)) return none;
  const bqqb = bilinear(q, qb);
  const r = cvec(n);
  lu.solve(bqqb.re, r.re);
  // s = (2 i omega - A)^-1 B(q, q) as the real system [[-A, -2w I], [2w I, -A]] [sr; si] = [br; bi].
  const bqq = bilinear(q, q);
  const n2 = 2 * n;
  const big = new Float64Array(n2 * n2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      big[i * n2 + j] = -a[i * n + j];
      big[(n + i) * n2 + n + j] = -a[i * n + j];
    }
    big[i * n2 + n + i] = -2 * omega;
    big[(n + i) * n2 + i] = 2 * omega;
  }
  const lu2 = new DenseLu(n2);
  if (!lu2.factor(big)) return none;
  const rhs = new Float64Array(n2);
  rhs.set(bqq.re, 0);
  rhs.set(bqq.im, n);
  const sol = new Float64Array(n2);
  lu2.solve(rhs, sol);
  const s: Cvec = { re: sol.slice(0, n), im: sol.slice(n) };

  const cqqqb = cvec(n);
  jet.trilinear(x, p, q, q, qb, cqqqb);
  const t1 = cdot(pv, cqqqb)[0];
  const t2 = -2 * cdot(pv, bilinear(q, r))[0];
  const t3 = cdot(pv, bilinear(qb, s))[0];
  const l1 = (t1 + t2 + t3) / (2 * omega);
  const size = (Math.abs(t1) + Math.abs(t2) + Math.abs(t3)) / (2 * omega);
  if (!Number.isFinite(l1)) return none;
  const criticality = !(Math.abs(l1) > DEGENERATE_RELATIVE * size) ? 'degenerate' : l1 < 0 ? 'supercritical' : 'subcritical';
  return { l1, criticality };
}
