/**
 * Butcher-tableau invariants, checked from the order conditions of rooted trees (HNW I, II.2,
 * Theorem 2.13): a method has order p iff sum_i b_i Phi_i(t) = 1/gamma(t) for every rooted tree t
 * with at most p vertices. The trees are generated here, not listed by hand.
 */
import { describe, expect, it } from 'vitest';
import { DOPRI5, DOPRI5_DENSE_D, EULER, RK4, dopri5DenseWeights, type ButcherTableau } from '../../../../src-main/engine/ode/tableau';
import { density, treesOfOrder, type Tree } from './rooted-trees';

/** Phi_i(t) for each stage i: product over children of sum_j a_ij Phi_j(child). */
function stagePhi(tab: ButcherTableau, t: Tree): number[] {
  const s = tab.c.length;
  const phi = new Array<number>(s).fill(1);
  for (const child of t.children) {
    const pc = stagePhi(tab, child);
    for (let i = 0; i < s; i++) {
      let acc = 0;
      for (let j = 0; j < i; j++) acc += (tab.a[i][j] ?? 0) * pc[j];
      phi[i] *= acc;
    }
  }
  return phi;
}

/** max over trees of order <= p of |sum b_i Phi_i(t) - scale(t)/gamma(t)|, per order. */
function defects(tab: ButcherTableau, weights: readonly number[], maxOrder: number, scale = (_: Tree) => 1): number[] {
  const out: number[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    let worst = 0;
    for (const t of treesOfOrder(n)) {
      const phi = stagePhi(tab, t);
      const sum = phi.reduce((s, v, i) => s + weights[i] * v, 0);
      worst = Math.max(worst, Math.abs(sum - scale(t) / density(t)));
    }
    out.push(worst);
  }
  return out;
}

const TOL = 1e-14;

describe('rooted trees', () => {
  it('has the known counts 1, 1, 2, 4, 9, 20', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => treesOfOrder(n).length)).toEqual([1, 1, 2, 4, 9, 20]);
  });
});

describe.each([EULER, RK4, DOPRI5])('tableau $name', (tab) => {
  it('is explicit with consistent sizes and row sums c_i = sum_j a_ij', () => {
    const s = tab.b.length;
    expect(tab.c.length).toBe(s);
    expect(tab.a.length).toBe(s);
    tab.a.forEach((row, i) => {
      expect(row.length).toBe(i);
      expect(Math.abs(row.reduce((x, v) => x + v, 0) - tab.c[i])).toBeLessThan(TOL);
    });
  });

  it(`satisfies the order conditions up to its order and not beyond`, () => {
    const d = defects(tab, tab.b, tab.order + 1);
    for (let n = 0; n < tab.order; n++) expect(d[n]).toBeLessThan(TOL);
    expect(d[tab.order]).toBeGreaterThan(1e-6);
  });
});

describe('Dormand–Prince 5(4)', () => {
  it('has a fourth-order embedded method that is not fifth order', () => {
    expect(DOPRI5.embeddedOrder).toBe(4);
    const d = defects(DOPRI5, DOPRI5.bHat as number[], 5);
    for (let n = 0; n < 4; n++) expect(d[n]).toBeLessThan(TOL);
    expect(d[4]).toBeGreaterThan(1e-6);
  });

  it('is FSAL: the last stage is the new solution (a[6] = b, b[6] = 0, c[6] = 1)', () => {
    expect(DOPRI5.fsal).toBe(true);
    const last = DOPRI5.a[6];
    last.forEach((v, j) => expect(v).toBe(DOPRI5.b[j]));
    expect(DOPRI5.b[6]).toBe(0);
    expect(DOPRI5.c[6]).toBe(1);
  });

  it('dense output starts at y0 (theta = 0) and ends at y1 (theta = 1), with the end slopes', () => {
    const w = new Float64Array(7);
    dopri5DenseWeights(0, w);
    w.forEach((v) => expect(v).toBe(0));
    dopri5DenseWeights(1, w);
    w.forEach((v, i) => expect(Math.abs(v - DOPRI5.b[i])).toBeLessThan(TOL));
    // C^1: d/dtheta b_i(theta) is e_1 at 0 (slope k1) and e_7 at 1 (slope k7 = f(y1)).
    const eps = 1e-6;
    const w1 = new Float64Array(7);
    const w2 = new Float64Array(7);
    for (const [theta, stage] of [
      [0, 0],
      [1, 6],
    ]) {
      dopri5DenseWeights(theta - eps, w1);
      dopri5DenseWeights(theta + eps, w2);
      for (let i = 0; i < 7; i++) expect(Math.abs((w2[i] - w1[i]) / (2 * eps) - (i === stage ? 1 : 0))).toBeLessThan(1e-8);
    }
  });

  it('dense output has order 4 at every theta (sum b_i(theta) Phi_i(t) = theta^|t| / gamma(t))', () => {
    expect(DOPRI5_DENSE_D.length).toBe(7);
    const w = new Float64Array(7);
    for (const theta of [0.1, 0.25, 0.5, 0.77, 0.9]) {
      dopri5DenseWeights(theta, w);
      const d = defects(DOPRI5, [...w], 5, (t) => theta ** t.order);
      for (let n = 0; n < 4; n++) expect(d[n]).toBeLessThan(TOL);
      // and not order 5 (a continuous extension of order 5 does not exist with these stages)
      expect(d[4]).toBeGreaterThan(1e-8);
    }
  });
});
