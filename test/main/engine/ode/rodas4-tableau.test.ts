/**
 * Invariants of the Rodas4 coefficients, checked from theory rather than against a copy of them:
 * - the Rosenbrock order conditions (HW II, IV.7, Table 7.1, written for rooted trees): with the
 *   standard coefficients alpha (strictly lower), Gamma (lower, gamma on the diagonal),
 *   beta = alpha + Gamma and weights b, order p iff sum_i b_i Phi_i(t) = 1/gamma(t) for every rooted
 *   tree with at most p vertices, where a vertex with one child contributes beta (diagonal
 *   included) and a vertex with two or more children contributes alpha. The transformed
 *   coefficients of the code map back by Gamma = (I/gamma - C)^-1, alpha = A Gamma, b = m Gamma
 *   (HW II, IV.7).
 * - stiff accuracy and L-stability: R(z) = 1 + z b^T (I - z beta)^-1 1 satisfies R(-inf) = 0 and
 *   |R(iy)| <= 1 (A-stability on the imaginary axis).
 * - the embedded solution has order 3 and not 4 (so u_6 measures the error);
 * - the dense output matches y0 and y1 at s = 0 and s = 1 (its form guarantees it) and has order 3
 *   (tested on problems in rodas4.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { RODAS4 } from '../../../../src-main/engine/ode/rodas4';
import { density, treesOfOrder, type Tree } from './rooted-trees';

type Mat = number[][];
const S = RODAS4.m.length;
const zeros = (): Mat => Array.from({ length: S }, () => new Array<number>(S).fill(0));

function lowerInverse(l: Mat): Mat {
  // Forward substitution column by column: L X = I.
  const x = zeros();
  for (let col = 0; col < S; col++) {
    for (let i = 0; i < S; i++) {
      let v = i === col ? 1 : 0;
      for (let j = 0; j < i; j++) v -= l[i][j] * x[j][col];
      x[i][col] = v / l[i][i];
    }
  }
  return x;
}

const mul = (a: Mat, b: Mat): Mat => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const vecMat = (v: readonly number[], a: Mat): number[] => a[0].map((_, j) => v.reduce((s, vi, k) => s + vi * a[k][j], 0));

/** The standard coefficients alpha, beta = alpha + Gamma, b, bHat of the transformed tableau. */
function standardForm() {
  const g = RODAS4.gamma;
  const gInv = zeros();
  const a = zeros();
  for (let i = 0; i < S; i++) {
    gInv[i][i] = 1 / g;
    for (let j = 0; j < i; j++) {
      gInv[i][j] = -RODAS4.c[i][j];
      a[i][j] = RODAS4.a[i][j];
    }
  }
  const gamma = lowerInverse(gInv);
  const alpha = mul(a, gamma);
  const beta = alpha.map((row, i) => row.map((v, j) => v + gamma[i][j]));
  return { alpha, beta, gamma, b: vecMat(RODAS4.m, gamma), bHat: vecMat(RODAS4.mHat, gamma) };
}

const { alpha, beta, gamma, b, bHat } = standardForm();

function phi(t: Tree): number[] {
  if (t.children.length === 0) return new Array<number>(S).fill(1);
  if (t.children.length === 1) {
    const c = phi(t.children[0]);
    return beta.map((row) => row.reduce((s, v, j) => s + v * c[j], 0));
  }
  const out = new Array<number>(S).fill(1);
  for (const child of t.children) {
    const c = phi(child);
    for (let i = 0; i < S; i++) out[i] *= alpha[i].reduce((s, v, j) => s + v * c[j], 0);
  }
  return out;
}

/** Largest |sum w_i Phi_i(t) - 1/gamma(t)| over the trees with exactly n vertices. */
function defect(w: readonly number[], n: number): number {
  let worst = 0;
  for (const t of treesOfOrder(n)) {
    const sum = phi(t).reduce((s, v, i) => s + w[i] * v, 0);
    worst = Math.max(worst, Math.abs(sum - 1 / density(t)));
  }
  return worst;
}

/** R(z) = 1 + z b^T (I - z beta)^-1 1 for complex z = (re, im), by complex forward substitution. */
function stability(re: number, im: number): number {
  const xr = new Array<number>(S).fill(0);
  const xi = new Array<number>(S).fill(0);
  for (let i = 0; i < S; i++) {
    // (1 - z beta_ii) x_i = 1 + z sum_{j<i} beta_ij x_j
    let sr = 0;
    let si = 0;
    for (let j = 0; j < i; j++) {
      sr += beta[i][j] * xr[j];
      si += beta[i][j] * xi[j];
    }
    const nr = 1 + re * sr - im * si;
    const ni = re * si + im * sr;
    const dr = 1 - re * beta[i][i];
    const di = -im * beta[i][i];
    const den = dr * dr + di * di;
    xr[i] = (nr * dr + ni * di) / den;
    xi[i] = (ni * dr - nr * di) / den;
  }
  let br = 0;
  let bi = 0;
  for (let i = 0; i < S; i++) {
    br += b[i] * xr[i];
    bi += b[i] * xi[i];
  }
  return Math.hypot(1 + re * br - im * bi, re * bi + im * br);
}

describe('Rodas4 coefficients', () => {
  it('has the tree counts 1, 1, 2, 4, 9 of the order conditions it is checked against', () => {
    expect([1, 2, 3, 4, 5].map((n) => treesOfOrder(n).length)).toEqual([1, 1, 2, 4, 9]);
  });

  it('satisfies the Rosenbrock order conditions up to order 4, and not all of order 5', () => {
    for (let n = 1; n <= 4; n++) expect(defect(b, n)).toBeLessThan(1e-12);
    expect(defect(b, 5)).toBeGreaterThan(1e-4);
  });

  it('its embedded solution has order 3 and not 4 (the pair differ)', () => {
    for (let n = 1; n <= 3; n++) expect(defect(bHat, n)).toBeLessThan(1e-12);
    expect(defect(bHat, 4)).toBeGreaterThan(1e-3);
    expect(Math.max(...b.map((v, i) => Math.abs(v - bHat[i])))).toBeGreaterThan(1e-3);
  });

  it('has gamma on the diagonal and the classical consistency sums', () => {
    for (let i = 0; i < S; i++) expect(gamma[i][i]).toBeCloseTo(RODAS4.gamma, 14);
    // sum b_i = 1 and sum b_i beta_ij (off-diagonal) = 1/2 - gamma (HW II, Table 7.1)
    expect(Math.abs(b.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-13);
    let s2 = 0;
    for (let i = 0; i < S; i++) for (let j = 0; j < i; j++) s2 += b[i] * beta[i][j];
    expect(Math.abs(s2 - (0.5 - RODAS4.gamma))).toBeLessThan(1e-13);
  });

  it('is stiffly accurate: the last row of alpha + Gamma is b (so y1 is the last stage)', () => {
    for (let j = 0; j < S; j++) expect(Math.abs(beta[S - 1][j] - b[j])).toBeLessThan(1e-12);
  });

  it('is L-stable: R(z) -> 0 as z -> -infinity and |R(iy)| <= 1 on the imaginary axis', () => {
    expect(stability(-1e8, 0)).toBeLessThan(1e-6);
    expect(Math.abs(stability(-1e-3, 0) - Math.exp(-1e-3))).toBeLessThan(1e-15);
    for (let k = 0; k <= 400; k++) {
      const y = 10 ** (-3 + (k * 9) / 400);
      expect(stability(0, y)).toBeLessThanOrEqual(1 + 1e-12);
    }
    for (let k = 0; k <= 200; k++) expect(stability(-(10 ** (-3 + (k * 11) / 200)), 0)).toBeLessThan(1);
  });
});
