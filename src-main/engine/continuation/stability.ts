/**
 * Eigenvalues of the state Jacobian at an equilibrium (ml-matrix's EigenvalueDecomposition, the
 * JAMA port of the EISPACK Hessenberg-QR algorithm), and the stability they imply.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Complex } from '@shared/continuation/types';

/** The n x n row-major matrix `a` as an ml-matrix Matrix. */
export function toMatrix(a: ArrayLike<number>, n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  return m;
}

/**
 * Eigenvalues of the row-major n x n matrix `jac` as [re, im] pairs, sorted by decreasing real
 * part, then increasing imaginary part (a complex pair reads [a, -b], [a, b]). Non-finite entries
 * give NaN eigenvalues (never a throw).
 */
export function eigenvalues(jac: ArrayLike<number>, n: number): Complex[] {
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(jac[i])) return Array.from({ length: n }, (): Complex => [NaN, NaN]);
  }
  const evd = new EigenvalueDecomposition(toMatrix(jac, n), { assumeSymmetric: false });
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  const out: Complex[] = re.map((r, i): Complex => [r, im[i]]);
  out.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return out;
}

/** Stable: every eigenvalue has a negative real part (a zero real part is not stable). */
export function isStable(eigs: readonly Complex[]): boolean {
  return eigs.every(([re]) => re < 0);
}

/**
 * The Hopf test function prod_{i<j} (lambda_i + lambda_j), the determinant of the bialternate
 * product 2 J (.) I (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., section 10.2.2).
 * It vanishes at a Hopf point and also at a neutral saddle (a real pair lambda, -lambda); only its
 * sign is used, so the magnitude is reduced to avoid overflow.
 */
export function hopfTestSign(eigs: readonly Complex[]): number {
  let re = 1;
  let im = 0;
  for (let i = 0; i < eigs.length; i++) {
    for (let j = i + 1; j < eigs.length; j++) {
      const a = eigs[i][0] + eigs[j][0];
      const b = eigs[i][1] + eigs[j][1];
      const nr = re * a - im * b;
      const ni = re * b + im * a;
      const mag = Math.hypot(nr, ni);
      re = mag > 0 ? nr / mag : 0;
      im = mag > 0 ? ni / mag : 0;
    }
  }
  return Math.sign(re);
}

/**
 * The real part of the complex eigenvalue (imaginary part > `minOmega`) closest to the imaginary
 * axis, and its imaginary part; null when there is no complex eigenvalue.
 */
export function criticalPair(eigs: readonly Complex[], minOmega = 0): { re: number; omega: number } | null {
  let best: { re: number; omega: number } | null = null;
  for (const [re, im] of eigs) {
    if (im > minOmega && (best === null || Math.abs(re) < Math.abs(best.re))) best = { re, omega: im };
  }
  return best;
}
