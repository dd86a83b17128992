/**
 * The start of a cycle family at a Hopf point, as AUTO-07p starts it (Doedel, Keller & Kernevez,
 * Int. J. Bifurcation and Chaos 1 (1991), section 7; Kuznetsov, Elements of Applied Bifurcation
 * Theory, 3rd ed., section 10.3.3): at the Hopf point (x_H, lambda_H) with eigenvalues +-i omega of
 * J = f_x and critical eigenvector q = zeta1 + i zeta2 (J q = i omega q), the family is tangent to
 *
 *     u(t) = x_H + eps (zeta1 cos 2 pi t - zeta2 sin 2 pi t),   T = 2 pi / omega,   lambda = lambda_H,
 *
 * whose time derivative is the phase reference. The first point of the family is the solution of
 * the collocation equations on the hyperplane at distance eps along that direction (pseudo-
 * arclength from the constant orbit); the corrector finds lambda and T, so the family goes to the
 * side where it exists, super- or subcritical, without the Lyapunov coefficient.
 */
import { DenseLu } from '../continuation/lu';

/**
 * zeta1, zeta2 (n each, in one array of 2n) of the critical eigenvector of J (row-major n x n) for
 * +i omega: the null vector of [[J, omega I], [-omega I, J]] by inverse iteration with a tiny shift;
 * normalised so |zeta1| = 1 and zeta1 . zeta2 = 0. Null when J has no eigenvalue near i omega.
 */
export function criticalEigenvector(jac: Float64Array, n: number, omega: number): Float64Array | null {
  const m = 2 * n;
  const a = new Float64Array(m * m);
  let norm = Math.abs(omega);
  for (let i = 0; i < n * n; i++) norm = Math.max(norm, Math.abs(jac[i]));
  const shift = 1e-9 * norm;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i * m + j] = jac[i * n + j];
      a[(n + i) * m + n + j] = jac[i * n + j];
    }
    a[i * m + n + i] = omega;
    a[(n + i) * m + i] = -omega;
    a[i * m + i] -= shift;
    a[(n + i) * m + n + i] -= shift;
  }
  const lu = new DenseLu(m);
  if (!lu.factor(a)) return null;
  let v = Float64Array.from({ length: m }, (_, k) => 1 + 0.1 * Math.sin(k + 1));
  const w = new Float64Array(m);
  for (let it = 0; it < 4; it++) {
    lu.solve(v, w);
    const s = Math.hypot(...w);
    if (!(s > 0) || !Number.isFinite(s)) return null;
    v = w.map((x) => x / s);
  }
  // v spans the null space with its rotation (-zeta2, zeta1): rotate so zeta1 . zeta2 = 0.
  const z1 = v.subarray(0, n);
  const z2 = v.subarray(n);
  let p = 0;
  let q = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    p += z1[i] * z1[i];
    q += z2[i] * z2[i];
    r += z1[i] * z2[i];
  }
  const phi = 0.5 * Math.atan2(2 * r, p - q);
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  const out = new Float64Array(m);
  let len = 0;
  for (let i = 0; i < n; i++) {
    // (zeta1 + i zeta2) e^{-i phi}: another eigenvector of the same eigenvalue.
    out[i] = c * z1[i] + s * z2[i];
    out[n + i] = -s * z1[i] + c * z2[i];
    len += out[i] * out[i];
  }
  len = Math.sqrt(len);
  if (!(len > 0)) return null;
  for (let i = 0; i < m; i++) out[i] /= len;
  // Check: J zeta1 = -omega zeta2 and J zeta2 = omega zeta1.
  let res = 0;
  for (let i = 0; i < n; i++) {
    let a1 = 0;
    let a2 = 0;
    for (let j = 0; j < n; j++) {
      a1 += jac[i * n + j] * out[j];
      a2 += jac[i * n + j] * out[n + j];
    }
    res = Math.max(res, Math.abs(a1 + omega * out[n + i]), Math.abs(a2 - omega * out[i]));
  }
  return res <= 1e-6 * norm ? out : null;
}

/** The direction zeta1 cos 2 pi t - zeta2 sin 2 pi t at t, into out (n). */
export function hopfMode(zeta: Float64Array, n: number, t: number, out: Float64Array, at = 0): void {
  const c = Math.cos(2 * Math.PI * t);
  const s = Math.sin(2 * Math.PI * t);
  for (let i = 0; i < n; i++) out[at + i] = zeta[i] * c - zeta[n + i] * s;
}

/** Its derivative in t on [0, 1]: -2 pi (zeta1 sin 2 pi t + zeta2 cos 2 pi t). */
export function hopfModeDot(zeta: Float64Array, n: number, t: number, out: Float64Array, at = 0): void {
  const c = Math.cos(2 * Math.PI * t);
  const s = Math.sin(2 * Math.PI * t);
  for (let i = 0; i < n; i++) out[at + i] = -2 * Math.PI * (zeta[i] * s + zeta[n + i] * c);
}
