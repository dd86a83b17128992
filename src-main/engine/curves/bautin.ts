/**
 * The second Lyapunov coefficient l2 of a generalised Hopf (Bautin, GH) point, by the homological
 * equations of the centre manifold up to fifth order (Kuznetsov, Elements of Applied Bifurcation
 * Theory, 3rd ed., sections 8.3 and 8.7: the same projection method that gives his closed
 * formula for l2, here carried out term by term so no long formula has to be transcribed).
 *
 * At an equilibrium x0 with Jacobian J, J q = i omega q, J^T p = -i omega p, |q| = 1 and
 * <p, q> = 1 (Kuznetsov's and MatCont's normalisation, as for l1: ../continuation/lyapunov.ts),
 * the centre manifold x = x0 + H(z, conj z), H = q z + conj(q z) + sum a_jk z^j conj(z)^k, carries
 * the normal form z' = i omega z + g21 z |z|^2 + g32 z |z|^4. Matching the coefficient of
 * z^j conj(z)^k in H_z z' + H_conj(z) conj(z)' = f(x0 + H) = J H + sum_m D^m f[H, ..., H] / m!
 * (D^m f the m-th derivative as a multilinear form: B, C, D, E of ../model/jet.ts) gives, degree by
 * degree,
 *
 *   (i omega (j - k) - J) a_jk = R_jk - L_jk,
 *
 * R_jk the Taylor terms built from coefficients of lower degree, L_jk the terms of the known g's
 * times lower coefficients. At the resonant (2, 1) and (3, 2) the matrix is singular:
 * g = <p, R - L> makes the system solvable and a is fixed by <p, a> = 0 (bordered solve). Then
 * l1 = Re g21 / omega and l2 = Re g32 / omega (Kuznetsov's l_k = Re c_k / omega). l1 agrees with
 * the closed formula of ../continuation/lyapunov.ts; l2 is the invariant of the Bautin point (where
 * l1 = 0 it does not depend on the normalisation of a21). Like l1, its magnitude depends on the
 * scaling of the state variables (|q| = 1 in the model's own variables), its sign does not.
 * The planar normal form rho' = rho (beta1 + beta2 rho^2 + s rho^4), with rho the Euclidean
 * amplitude, has l1 = 2 beta2 / omega and l2 = 4 s / omega.
 */
import type { Cvec } from '../model/jet-complex';
import { cdot, conj, cscale, cvec, shiftedSolve } from './complex-solve';
import { hopfVectors, type PointJet } from './normal-forms';

const key = (j: number, k: number): string => `${j},${k}`;
const FACTORIAL = [1, 1, 2, 6, 24, 120];

/** {l1, l2} at a Hopf point with Jacobian `jac` and frequency omega; null when a system is singular. */
export function lyapunovCoefficients(pj: PointJet, jac: Float64Array, omega: number): { l1: number; l2: number } | null {
  const n = pj.n;
  const vectors = hopfVectors(jac, n, omega);
  if (vectors === null) return null;
  const { q, p } = vectors;
  const a = new Map<string, Cvec>([
    [key(1, 0), q],
    [key(0, 1), conj(q)],
  ]);
  const g = new Map<string, [number, number]>();
  const monomials: [number, number][] = [];
  // Forms that vanish identically (e.g. D and E of a quadratic model) are skipped.
  const vanishing = [false, false, pj.jet.vanishes(2), pj.jet.vanishes(3), pj.jet.vanishes(4), pj.jet.vanishes(5)];
  let maxOrder = 5;
  while (maxOrder > 2 && vanishing[maxOrder]) maxOrder--;
  for (let d = 1; d <= 4; d++) for (let j = d; j >= 0; j--) monomials.push([j, d - j]);

  /** The Taylor terms of f(x0 + H) at z^J conj(z)^K from the coefficients known (degree < J + K). */
  const taylor = (J: number, K: number): Cvec => {
    const out = cvec(n);
    const known = monomials.filter(([j, k]) => j + k < J + K && a.has(key(j, k)));
    // Non-decreasing sequences of monomials (multisets) summing to (J, K), weight 1 / prod(multiplicity!).
    const walk = (from: number, j: number, k: number, chosen: number[]): void => {
      if (j === J && k === K) {
        if (chosen.length < 2 || vanishing[chosen.length]) return;
        let weight = 1;
        let run = 1;
        for (let i = 1; i <= chosen.length; i++) {
          if (i < chosen.length && chosen[i] === chosen[i - 1]) run++;
          else {
            weight /= FACTORIAL[run];
            run = 1;
          }
        }
        const args = chosen.map((c) => a.get(key(known[c][0], known[c][1])) as Cvec);
        const term =
          args.length === 2
            ? pj.b(args[0], args[1])
            : args.length === 3
              ? pj.c(args[0], args[1], args[2])
              : args.length === 4
                ? pj.d(args[0], args[1], args[2], args[3])
                : pj.e(args[0], args[1], args[2], args[3], args[4]);
        for (let i = 0; i < n; i++) {
          out.re[i] += weight * term.re[i];
          out.im[i] += weight * term.im[i];
        }
        return;
      }
      if (chosen.length >= maxOrder) return;
      for (let c = from; c < known.length; c++) {
        const [dj, dk] = known[c];
        if (j + dj <= J && k + dk <= K) walk(c, j + dj, k + dk, [...chosen, c]);
      }
    };
    walk(0, 0, 0, []);
    return out;
  };

  /** R - L at (J, K): L from g21 times a_{J-1,K-1} (H_z z' and H_conj(z) conj(z)'), when known. */
  const rhs = (J: number, K: number): Cvec => {
    const r = taylor(J, K);
    const g21 = g.get(key(2, 1));
    const lower = a.get(key(J - 1, K - 1));
    if (g21 !== undefined && lower !== undefined && J + K > 3) {
      // ((J - 1) g21 + (K - 1) conj g21) a_{J-1,K-1}
      const c: [number, number] = [(J - 1 + K - 1) * g21[0], (J - 1 - (K - 1)) * g21[1]];
      const l = cscale(lower, c);
      for (let i = 0; i < n; i++) {
        r.re[i] -= l.re[i];
        r.im[i] -= l.im[i];
      }
    }
    return r;
  };

  const solveAt = (J: number, K: number): boolean => {
    const r = rhs(J, K);
    if (J === K + 1) {
      const gk = cdot(p, r);
      g.set(key(J, K), gk);
      const gq = cscale(q, gk);
      for (let i = 0; i < n; i++) {
        r.re[i] -= gq.re[i];
        r.im[i] -= gq.im[i];
      }
      const s = shifted(r, omega, true);
      if (s === null) return false;
      store(J, K, s);
      return true;
    }
    const s = shifted(r, omega * (J - K), false);
    if (s === null) return false;
    store(J, K, s);
    return true;
  };
  const shifted = (r: Cvec, sigma: number, bordered: boolean): Cvec | null => shiftedSolve(jac, n, sigma, r, bordered ? { col: q, row: p } : {})?.x ?? null;
  const store = (J: number, K: number, v: Cvec): void => {
    a.set(key(J, K), v);
    if (J !== K) a.set(key(K, J), conj(v));
  };

  for (const [J, K] of [
    [2, 0],
    [1, 1],
    [3, 0],
    [2, 1],
    [4, 0],
    [3, 1],
    [2, 2],
  ] as const) {
    if (!solveAt(J, K)) return null;
  }
  const r32 = rhs(3, 2);
  const g32 = cdot(p, r32);
  const g21 = g.get(key(2, 1)) as [number, number];
  const l1 = g21[0] / omega;
  const l2 = g32[0] / omega;
  return Number.isFinite(l1) && Number.isFinite(l2) ? { l1, l2 } : null;
}
