/**
 * The first Lyapunov coefficient's normalisation (Kuznetsov, Elements of Applied Bifurcation
 * Theory, 3rd ed., section 3.5 and eq. (3.20); MatCont's Hopf normal form uses the same: q^H q = 1,
 * p^H q = 1, l1 = Re c1 / omega):
 *
 * - at a given point (x, parameters) l1 depends on the vector field alone, so the same Hopf point
 *   reached by tracing different parameters has the same l1;
 * - it is NOT invariant under a non-orthogonal linear change of variables y = T^-1 x: there
 *   q_y = T^-1 q_x / |T^-1 q_x|, the complex amplitude scales by k = |T^-1 q_x|, and
 *   l1_y = l1_x / k^2 (its sign, the criticality, is invariant). For the Hopf normal form with
 *   q_x = (1, -i)/sqrt(2): k^2 = ||T^-1||_F^2 / 2.
 * - ik_nodim at (g, J) and at (g', J') with g J = g' J' are the same dynamics with s rescaled by
 *   g / g' (s enters only through g s, and s = tau_s J r at rest), so their Hopf points share
 *   r, v, u and omega but have l1 in the ratio k^2 of that rescaling: -91.13 at (0.6711, 1) and
 *   -118.11 at (1, 0.6711). This is the "same Hopf point, different l1" seen when tracing g and J.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { SpecialPoint } from '@shared/continuation/types';
import { compileModel } from '../../../../src-main/engine/compile';
import { tinyModel, trace } from './tiny-models';

const ik = getTemplate('ik_nodim')!;
const G_HB = 0.67112371843;

const hopf = (special: SpecialPoint[]): SpecialPoint => {
  const hb = special.filter((s) => s.type === 'HB');
  expect(hb.length).toBeGreaterThan(0);
  return hb[0];
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** The unit eigenvector (complex, as [re, im] arrays) of the row-major n x n `a` for the eigenvalue nearest i w. */
function unitEigenvector(a: Float64Array, n: number, w: number): { re: number[]; im: number[] } {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: false });
  const im = evd.imaginaryEigenvalues;
  let j = 0;
  for (let k = 0; k < n; k++) if (Math.abs(im[k] - w) < Math.abs(im[j] - w)) j = k;
  // ml-matrix: the pair's columns j (real part) and j + 1 (imaginary part) for the eigenvalue with im > 0.
  const V = evd.eigenvectorMatrix;
  const re = Array.from({ length: n }, (_, i) => V.get(i, j));
  const ii = Array.from({ length: n }, (_, i) => V.get(i, j + 1));
  const norm = Math.hypot(...re, ...ii);
  return { re: re.map((v) => v / norm), im: ii.map((v) => v / norm) };
}

describe('ik_nodim HB1 (I_ext = 0.15): l1 is a property of the point, not of the traced parameter', () => {
  const byG = hopf(trace(ik, 'g', [0, 3], { inputs: { I_ext: 0.15 } }).branch!.special);
  const others = [
    { param: 'J', bounds: [0, 3] as [number, number], params: { g: G_HB }, inputs: { I_ext: 0.15 } },
    { param: 'I_ext', bounds: [0.1, 0.2] as [number, number], params: { g: G_HB }, inputs: { I_ext: 0.15 } },
    { param: 'tau_s', bounds: [2, 2.8] as [number, number], params: { g: G_HB }, inputs: { I_ext: 0.15 } },
  ];
  for (const o of others) {
    it(`tracing ${o.param} through the point gives the l1 of the trace in g to 1e-8`, () => {
      const hb = trace(ik, o.param, o.bounds, { params: o.params, inputs: o.inputs }).branch!.special.find(
        (s) => s.type === 'HB' && Math.abs(s.x[0] - byG.x[0]) < 1e-6,
      )!;
      expect(hb).toBeDefined();
      for (let i = 0; i < 4; i++) expect(Math.abs(hb.x[i] - byG.x[i])).toBeLessThan(1e-8);
      expect(rel(hb.l1!, byG.l1!)).toBeLessThan(1e-8);
      expect(Math.abs(byG.l1! + 91.133)).toBeLessThan(0.01);
    });
  }

  it('at (g, J) = (1, 0.6711...) the Hopf point has the same r, v, u, omega, and l1 = l1(0.6711, 1) / k^2 (s rescaled)', () => {
    const other = hopf(trace(ik, 'J', [0, 3], { params: { g: 1 }, inputs: { I_ext: 0.15 } }).branch!.special);
    expect(rel(other.p, G_HB)).toBeLessThan(1e-8); // J = 0.6711..., so g J is the same
    for (let i = 0; i < 3; i++) expect(rel(other.x[i], byG.x[i])).toBeLessThan(1e-8);
    expect(rel(other.omega!, byG.omega!)).toBeLessThan(1e-9);
    // The change of variables s' = (g / g') s = G_HB s maps the trace-in-g point to this one.
    const model = compileModel(ik);
    const p = Float64Array.from([...ik.params.map((q) => (q.name === 'g' ? byG.p : q.default)), 0.15]);
    const jac = new Float64Array(16);
    model.jacobian(Float64Array.from(byG.x), p, jac);
    const q = unitEigenvector(jac, 4, byG.omega!);
    const k2 = q.re[0] ** 2 + q.im[0] ** 2 + q.re[1] ** 2 + q.im[1] ** 2 + q.re[2] ** 2 + q.im[2] ** 2 + (q.re[3] ** 2 + q.im[3] ** 2) * byG.p ** 2;
    expect(rel(other.l1!, byG.l1! / k2)).toBeLessThan(1e-8);
    expect(Math.abs(other.l1! + 118.108)).toBeLessThan(0.01);
    expect(other.criticality).toBe(byG.criticality);
  });
});

/** y' = T^-1 f(T y) for the Hopf normal form f with frequency w and cubic coefficient s (T row-major 2 x 2). */
function transformedHopf(t: [number, number, number, number], w: number, s: number) {
  const [a, b, c, d] = t;
  const det = a * d - b * c;
  const [ia, ib, ic, id] = [d / det, -b / det, -c / det, a / det];
  const x1 = `(${a}*y1 + ${b}*y2)`;
  const x2 = `(${c}*y1 + ${d}*y2)`;
  const f1 = `(p*${x1} - ${w}*${x2} + ${s}*${x1}*(${x1}^2 + ${x2}^2))`;
  const f2 = `(${w}*${x1} + p*${x2} + ${s}*${x2}*(${x1}^2 + ${x2}^2))`;
  const def = tinyModel('hopf_t', { y1: 0.01, y2: -0.02 }, { p: -0.5 }, { y1: `${ia}*${f1} + ${ib}*${f2}`, y2: `${ic}*${f1} + ${id}*${f2}` });
  const k2 = (ia * ia + ib * ib + ic * ic + id * id) / 2;
  return { def, expected: (2 * s) / (w * k2), k2 };
}

describe('the Hopf normal form in linearly transformed coordinates y = T^-1 x', () => {
  const cases: { name: string; t: [number, number, number, number]; w: number; s: number }[] = [
    { name: 'a rotation (orthogonal: l1 = 2 s / w unchanged)', t: [Math.cos(0.7), -Math.sin(0.7), Math.sin(0.7), Math.cos(0.7)], w: 1.3, s: -0.8 },
    { name: 'a shear and stretch', t: [1, 0.8, 0.1, 0.5], w: 1.3, s: -0.8 },
    { name: 'a strong anisotropic scaling with rotation', t: [3, 0.2, -0.5, 0.05], w: 0.4, s: 1.5 },
  ];
  for (const c of cases) {
    it(`${c.name}: l1 = 2 s / (w k^2) with k^2 = ||T^-1||_F^2 / 2, as with MatCont's normalisation`, () => {
      const { def, expected, k2 } = transformedHopf(c.t, c.w, c.s);
      const hb = hopf(trace(def, 'p', [-1, 1]).branch!.special);
      expect(Math.abs(hb.p)).toBeLessThan(1e-10);
      expect(rel(hb.omega!, c.w)).toBeLessThan(1e-10);
      expect(rel(hb.l1!, expected)).toBeLessThan(1e-8);
      expect(hb.criticality).toBe(c.s < 0 ? 'supercritical' : 'subcritical');
      if (c.name.startsWith('a rotation')) expect(Math.abs(k2 - 1)).toBeLessThan(1e-15);
      else expect(Math.abs(k2 - 1)).toBeGreaterThan(0.1); // the normalisation matters here
    });
  }
});

describe('a 3-state system with quadratic coupling, in original and sheared coordinates', () => {
  // x' = p x - y + x z, y' = x + p y + y z - x^2 y, z' = -z + x^2 + y^2: the quadratic terms enter l1
  // through A^-1 B(q, qb) and (2 i w - A)^-1 B(q, q). In y = T^-1 x coordinates l1 must scale by 1/k^2.
  const f = ['p*X - Y + X*Z', 'X + p*Y + Y*Z - X^2*Y', '-Z + X^2 + Y^2'];
  const original = tinyModel('quad3', { X: 0.01, Y: 0, Z: 0 }, { p: -0.5 }, { X: f[0], Y: f[1], Z: f[2] });
  // T = [[1, 0.5, 0], [0, 2, 0], [0.3, 0, 1]] (X = u + 0.5 v, Y = 2 v, Z = 0.3 u + w); T^-1 by hand.
  const sub = (e: string) => e.replace(/X/g, '(u + 0.5*v)').replace(/Y/g, '(2*v)').replace(/Z/g, '(0.3*u + w)');
  const [fX, fY, fZ] = f.map(sub);
  // T^-1 = [[1, -0.25, 0], [0, 0.5, 0], [-0.3, 0.075, 1]].
  const sheared = tinyModel(
    'quad3t',
    { u: 0.01, v: 0, w: 0 },
    { p: -0.5 },
    {
      u: `(${fX}) - 0.25*(${fY})`,
      v: `0.5*(${fY})`,
      w: `-0.3*(${fX}) + 0.075*(${fY}) + (${fZ})`,
    },
  );
  it('has l1_sheared = l1_original / |T^-1 q|^2 with q the unit critical eigenvector in the original coordinates', () => {
    const a = hopf(trace(original, 'p', [-1, 1]).branch!.special);
    const b = hopf(trace(sheared, 'p', [-1, 1]).branch!.special);
    expect(Math.abs(a.p)).toBeLessThan(1e-10);
    expect(Math.abs(b.p)).toBeLessThan(1e-10);
    // At p = 0 the critical eigenvector of [[0, -1, 0], [1, 0, 0], [0, 0, -1]] is (1, -i, 0)/sqrt(2).
    const tinv = [
      [1, -0.25, 0],
      [0, 0.5, 0],
      [-0.3, 0.075, 1],
    ];
    const qr = [Math.SQRT1_2, 0, 0];
    const qi = [0, -Math.SQRT1_2, 0];
    let k2 = 0;
    for (const row of tinv) k2 += row.reduce((s, v, j) => s + v * qr[j], 0) ** 2 + row.reduce((s, v, j) => s + v * qi[j], 0) ** 2;
    expect(Math.abs(a.l1!)).toBeGreaterThan(0.1);
    expect(rel(b.l1!, a.l1! / k2)).toBeLessThan(1e-8);
  });
});
