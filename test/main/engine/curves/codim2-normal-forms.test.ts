/**
 * Codimension-two points on fold and Hopf curves of systems whose points and normal-form
 * coefficients are known in closed form (the normalisations are those of
 * src-main/engine/curves/normal-forms.ts and bautin.ts: unit eigenvectors in the model's
 * variables, so a Euclidean complex amplitude z = x + i y of a planar oscillator is sqrt(2) times
 * the normal-form coordinate, and rho' = rho (beta2 rho^2 + s rho^4) has l1 = 2 beta2 / omega and
 * l2 = 4 s / omega).
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../../src-main/engine/compile';
import { traceCurve, type CurveResult } from '../../../../src-main/engine/curves/trace';
import { tinyModel } from '../continuation/tiny-models';

const kinds = (r: CurveResult) => r.special.map((s) => s.kind);
const worst = (r: CurveResult, target: [number, number]) =>
  Math.max(...r.special.map((s) => Math.max(Math.abs(s.point.params[0] - target[0]), Math.abs(s.point.params[1] - target[1]))));

/**
 * The Bautin normal form in (x, y), z = x + i y: z' = (b1 + i) z + b2 z |z|^2 + s z |z|^4, seen
 * through the near-identity change of variables X = x + cc y^2 then Y = y + dd X^2 (inverse
 * x = X - cc y^2, y = Y - dd X^2): the Hopf curve is b1 = 0, the GH point b1 = b2 = 0, and the
 * linear part and so l1 = 2 b2 and l2 = 4 s are unchanged, while B, C, D and E all become nonzero.
 */
function bautin(s: number, cc: number, dd: number) {
  const y = dd === 0 ? 'Y' : `(Y - ${dd}*X^2)`;
  const x = cc === 0 ? 'X' : `(X - ${cc}*${y}^2)`;
  const r2 = `(${x}^2 + ${y}^2)`;
  const f1 = `(b1*${x} - ${y} + ${x}*(b2*${r2} + s*${r2}^2))`;
  const f2 = `(${x} + b1*${y} + ${y}*(b2*${r2} + s*${r2}^2))`;
  const g1 = cc === 0 ? f1 : `(${f1} + ${2 * cc}*${y}*${f2})`;
  const g2 = dd === 0 ? f2 : `${f2} + ${2 * dd}*X*${g1}`;
  return compileModel(tinyModel('bautin', { X: 0, Y: 0 }, { b1: 0, b2: 0.5, s }, { X: g1, Y: g2 }));
}

describe('generalised Hopf (Bautin) points', () => {
  for (const [s, cc, dd] of [
    [-0.7, 0, 0],
    [0.45, 0, 0],
    [-0.7, 0.8, 0],
    [0.45, 0, -1.3],
  ]) {
    it(`finds GH at b1 = b2 = 0 with l2 = 4 s (s = ${s}, change of variables ${cc}, ${dd})`, () => {
      const r = traceCurve(bautin(s, cc, dd), {
        kind: 'hopf',
        params: ['b2', 'b1'],
        start: { x: [0, 0], p: [0.5, 0], omega: 1 },
        bounds: { b2: [-1, 1], b1: [-1, 1] },
      });
      expect(r.status).toBe('ok');
      expect(kinds(r)).toEqual(['GH']);
      const gh = r.special[0];
      expect(gh.converged).toBe(true);
      expect(worst(r, [0, 0])).toBeLessThan(1e-10);
      expect(gh.coefficients.l2).toBeCloseTo(4 * s, 9);
    });
  }
});

describe('Bogdanov–Takens points', () => {
  // x' = y, y' = b1 + b2 x + a x^2 + b x y: folds at b2 = -2 a x, b1 = a x^2; Hopf points at x = 0,
  // b1 = 0, kappa = -b2 > 0; BT at b1 = b2 = 0 with normal-form coefficients exactly (a, b).
  const a = 0.7;
  const b = -1.3;
  const model = compileModel(tinyModel('bt', { x: 0, y: 0 }, { b1: 0, b2: -1, a, b }, { x: 'y', y: 'b1 + b2*x + a*x^2 + b*x*y' }));
  const fold = traceCurve(model, { kind: 'fold', params: ['b1', 'b2'], start: { x: [1, 0], p: [a, -2 * a] }, bounds: { b1: [-2, 2], b2: [-2, 2] } });
  const hopf = traceCurve(model, { kind: 'hopf', params: ['b2', 'b1'], start: { x: [0, 0], p: [-1, 0], omega: 1 }, bounds: { b1: [-2, 2], b2: [-2, 1] } });

  it('on the fold curve: BT at (0, 0) with (a, b), and nothing else', () => {
    expect(kinds(fold)).toEqual(['BT']);
    expect(worst(fold, [0, 0])).toBeLessThan(1e-10);
    expect(fold.special[0].coefficients.a).toBeCloseTo(a, 9);
    expect(fold.special[0].coefficients.b).toBeCloseTo(b, 9);
  });

  it('on the Hopf curve: BT where kappa = 0, the same point and coefficients; no GH through it', () => {
    // l1's terms grow as kappa -> 0 and l1 is not defined beyond (neutral
    // saddles); the curve must report the BT only.
    expect(kinds(hopf)).toEqual(['BT']);
    const bt = hopf.special[0];
    expect(Math.abs(bt.point.params[0])).toBeLessThan(1e-10);
    expect(Math.abs(bt.point.params[1])).toBeLessThan(1e-10);
    expect(Math.abs(bt.point.kappa as number)).toBeLessThan(1e-10);
    expect(bt.coefficients.a).toBeCloseTo(a, 9);
    expect(bt.coefficients.b).toBeCloseTo(b, 9);
    expect(hopf.points.some((p) => (p.kappa as number) < -0.5)).toBe(true);
  });

  it('the planar system of the fold and Hopf curve tests: its Hopf curve reports its BT point alone, with (a, b)', () => {
    // x' = y, y' = c + d x + x^2 + (x - q) y at d = -1: Hopf curve c = q - q^2, kappa = 1 - 2 q, BT at
    // q = 1/2 where, in X = x - 1/2, y' = ... + X^2 + X y: (a, b) = (1, 1).
    const planar = compileModel(tinyModel('planar_bt', { x: 0, y: 0 }, { c: 0, d: -1, q: 0 }, { x: 'y', y: 'c + d*x + x^2 + (x - q)*y' }));
    const h = traceCurve(planar, { kind: 'hopf', params: ['q', 'c'], start: { x: [0, 0], p: [0, 0], omega: 1 }, bounds: { q: [-1, 1.5], c: [-5, 5] } });
    expect(kinds(h)).toEqual(['BT']);
    expect(Math.abs(h.special[0].point.params[0] - 0.5)).toBeLessThan(1e-10);
    expect(Math.abs(h.special[0].point.params[1] - 0.25)).toBeLessThan(1e-10);
    expect(h.special[0].coefficients.a).toBeCloseTo(1, 9);
    expect(h.special[0].coefficients.b).toBeCloseTo(1, 9);
  });
});

describe('cusp points', () => {
  it("x' = a + b x - x^3 + k x y, y' = -y + x^2 has CP at a = b = 0 with c = k - 1 (centre manifold y = x^2)", () => {
    for (const k of [0, 0.5, 1.6]) {
      const model = compileModel(tinyModel('cusp2', { x: 0, y: 0 }, { a: 0, b: 1, k }, { x: 'a + b*x - x^3 + k*x*y', y: '-y + x^2' }));
      // Equilibria have y = x^2 and a + b x + (k - 1) x^3 = 0, so folds lie at b = 3 (1 - k) x^2, a = -2 (1 - k) x^3.
      const x = 1;
      const bFold = 3 * (1 - k) * x * x;
      const aFold = -2 * (1 - k) * x ** 3;
      const r = traceCurve(model, { kind: 'fold', params: ['a', 'b'], start: { x: [x, x * x], p: [aFold, bFold] }, bounds: { a: [-4, 4], b: [-2, 4] } });
      expect(r.status).toBe('ok');
      expect(kinds(r)).toEqual(['CP']);
      expect(worst(r, [0, 0])).toBeLessThan(1e-9);
      expect(r.special[0].coefficients.c).toBeCloseTo(k - 1, 9);
    }
  });
});

describe('zero-Hopf points', () => {
  // x' = b1 + x^2 + s (y^2 + z^2), (y + i z)' = (b2 + theta x + i omega)(y + i z): equilibria x^2 = -b1,
  // y = z = 0; Hopf curve b2 = -theta x, b1 = -x^2; fold curve b1 = 0; ZH at b1 = b2 = 0, where the
  // normal form xi' = xi^2 + s |zeta|^2, zeta' = (i omega + theta xi) zeta is the model itself.
  // Two further stable states (u, v: eigenvalues -1 +- 2i), fed by x only, leave the point and the
  // coefficients alone and make the Hopf curve's ZH test run on the eigenvalues instead of det J.
  const make = (s: number, theta: number, n: number) =>
    compileModel(
      tinyModel(
        'zh',
        n === 5 ? { x: 0, y: 0, z: 0, u: 0, v: 0 } : { x: 0, y: 0, z: 0 },
        { b1: 0, b2: 0, s, theta, w: 1.5 },
        {
          x: 'b1 + x^2 + s*(y^2 + z^2)',
          y: '(b2 + theta*x)*y - w*z',
          z: 'w*y + (b2 + theta*x)*z',
          ...(n === 5 ? { u: '-u - 2*v + x^2', v: '2*u - v' } : {}),
        },
      ),
    );
  for (const [s, theta, n] of [
    [-1, 0.6, 3],
    [1, -2.5, 3],
    [-1, 0.6, 5],
  ]) {
    it(`on the Hopf and the fold curve at (0, 0) with s = ${s}, theta = ${theta} (${n} states)`, () => {
      const model = make(s, theta, n);
      const x0 = -0.5;
      // u = x^2 / 5, v = 2 x^2 / 5 at equilibrium.
      const start = n === 5 ? [x0, 0, 0, (x0 * x0) / 5, (2 * x0 * x0) / 5] : [x0, 0, 0];
      const hopf = traceCurve(model, {
        kind: 'hopf',
        params: ['b2', 'b1'],
        start: { x: start, p: [-theta * x0, -x0 * x0], omega: 1.5 },
        bounds: { b1: [-2, 1], b2: [-2, 2] },
      });
      expect(kinds(hopf)).toEqual(['ZH']);
      expect(worst(hopf, [0, 0])).toBeLessThan(1e-9);
      const fold = traceCurve(model, {
        kind: 'fold',
        params: ['b2', 'b1'],
        start: { x: new Array(n).fill(0), p: [-0.5, 0] },
        bounds: { b1: [-2, 1], b2: [-1, 1] },
      });
      expect(kinds(fold)).toEqual(['ZH']);
      expect(worst(fold, [0, 0])).toBeLessThan(1e-10);
      for (const zh of [hopf.special[0], fold.special[0]]) {
        expect(zh.coefficients.s).toBe(s);
        expect(zh.coefficients.theta).toBeCloseTo(theta, 9);
        expect(zh.coefficients.omega).toBeCloseTo(1.5, 9);
      }
    });
  }

  it('a fold curve through a neutral saddle of the other eigenvalues reports no ZH', () => {
    // x' = b1 + x^2, y' = (1 + b2) y, z' = -z: the other eigenvalues 1 + b2 and -1 sum to zero at b2 = 0.
    const model = compileModel(tinyModel('ns', { x: 0, y: 0, z: 0 }, { b1: 0, b2: 0 }, { x: 'b1 + x^2 + y*z', y: '(1 + b2)*y + x*y', z: '-z + y^2' }));
    const fold = traceCurve(model, { kind: 'fold', params: ['b2', 'b1'], start: { x: [0, 0, 0], p: [-0.5, 0] }, bounds: { b1: [-2, 1], b2: [-1, 1] } });
    expect(fold.status).toBe('ok');
    expect(fold.points.some((p) => p.params[0] > 0.5) && fold.points.some((p) => p.params[0] < -0.4)).toBe(true);
    expect(kinds(fold)).toEqual([]);
  });
});

describe('double Hopf points', () => {
  // Two oscillators z_k = x_k + i y_k: z_k' = (mu_k + i omega_k) z_k + z_k (P_k1 |z1|^2 + P_k2 |z2|^2), with
  // mu1 = a + b/2, mu2 = b - a/5, omega1 = 1 + 0.3 b, omega2 = 2.2 + 0.1 a. The Hopf curve of the first
  // pair is a = -b/2; HH at a = b = 0 with theta = P12 / P22, delta = P21 / P11 and p11 p22 = 4 P11 P22.
  const P = { P11: -1, P12: 0.5, P21: -2, P22: -0.8 };
  const osc = (k: 1 | 2, mu: string, omega: string, other: string) => {
    const r1 = '(x1^2 + y1^2)';
    const r2 = '(x2^2 + y2^2)';
    const cubic = `(P${k}1*${r1} + P${k}2*${r2})`;
    return {
      [`x${k}`]: `(${mu})*x${k} - (${omega})*y${k} + x${k}*${cubic}${other}`,
      [`y${k}`]: `(${omega})*x${k} + (${mu})*y${k} + y${k}*${cubic}`,
    };
  };
  const states = { x1: 0, y1: 0, x2: 0, y2: 0 };

  it.each([4, 5])('finds HH at (0, 0) with its frequencies, theta and delta (%i states)', (n) => {
    // With a fifth, stable state the test runs on the eigenvalues instead of the trace.
    const extra: Record<string, string> = n === 5 ? { e: '-0.7*e + x1*y2' } : {};
    const model = compileModel(
      tinyModel(
        'hh',
        n === 5 ? { ...states, e: 0 } : states,
        { a: 0, b: 0, ...P },
        { ...osc(1, 'a + b/2', '1 + 0.3*b', ''), ...osc(2, 'b - a/5', '2.2 + 0.1*a', ''), ...extra },
      ),
    );
    const r = traceCurve(model, {
      kind: 'hopf',
      params: ['b', 'a'],
      start: { x: new Array(n).fill(0), p: [-0.5, 0.25], omega: 0.85 },
      bounds: { a: [-1, 1], b: [-1, 1] },
    });
    expect(kinds(r)).toEqual(['HH']);
    expect(worst(r, [0, 0])).toBeLessThan(1e-10);
    const c = r.special[0].coefficients;
    expect(c.omega1).toBeCloseTo(1, 9);
    expect(c.omega2).toBeCloseTo(2.2, 9);
    expect(c.theta).toBeCloseTo(P.P12 / P.P22, 9);
    expect(c.delta).toBeCloseTo(P.P21 / P.P11, 9);
    expect(c.p11p22).toBeCloseTo(4 * P.P11 * P.P22, 9);
  });

  it("a quadratic coupling x1 x2 in x2' moves neither the point nor theta, delta, p11p22", () => {
    // It enters the cubic coefficients only through h1010 and h0110 (B(q1, q2) and B(conj q1, q2) lie
    // in the second oscillator's plane), and their terms in g1110 are purely imaginary (worked by
    // hand: i/4 [sigma / (omega2^2 - sigma^2) + sigma' / (omega2^2 - sigma'^2)], sigma = omega1 + omega2,
    // sigma' = omega2 - omega1), so the real parts p_jk stay.
    const model = compileModel(
      tinyModel('hh2', states, { a: 0, b: 0, ...P }, { ...osc(1, 'a + b/2', '1 + 0.3*b', ''), ...osc(2, 'b - a/5', '2.2 + 0.1*a', ' + x1*x2') }),
    );
    const r = traceCurve(model, {
      kind: 'hopf',
      params: ['b', 'a'],
      start: { x: [0, 0, 0, 0], p: [-0.5, 0.25], omega: 0.85 },
      bounds: { a: [-1, 1], b: [-1, 1] },
    });
    expect(kinds(r)).toEqual(['HH']);
    expect(worst(r, [0, 0])).toBeLessThan(1e-10);
    const c = r.special[0].coefficients;
    expect(c.theta).toBeCloseTo(P.P12 / P.P22, 9);
    expect(c.delta).toBeCloseTo(P.P21 / P.P11, 9);
    expect(c.p11p22).toBeCloseTo(4 * P.P11 * P.P22, 9);
  });

  it("quadratic couplings x1 x2 in x1' and x1^2 in y2' shift p11 and p21 by the centre-manifold terms", () => {
    // Worked by hand (q_k = (1, -i)/sqrt(2) in each plane, p_k = q_k; at a = b = 0): B(q1, q1) and
    // B(q1, conj q1) are e_y2, so h1100 = -J^-1 e_y2 = -e_x2 / omega2 and h2000 = (2 i omega1 - J)^-1 e_y2 =
    // (-omega2 e_x2 + 2 i omega1 e_y2) / (omega2^2 - 4 omega1^2), which give
    //   p11 = 2 P11 + (-omega2 / (omega2^2 - 4 omega1^2) - 2 / omega2) / 4;
    // B(q1, q2) = B(q1, conj q2) = e_x1 / 2 put h1010 and h1001 (and h0110) in the first plane, with
    // real parts in g1110 only:  p21 = 2 P21 - sigma / (2 (omega1^2 - sigma^2)) - sigma' / (2 (omega1^2 - sigma'^2)),
    // sigma = omega1 + omega2, sigma' = omega2 - omega1; p12 = 2 P12 and p22 = 2 P22 are unchanged.
    const model = compileModel(
      tinyModel(
        'hh3',
        states,
        { a: 0, b: 0, ...P },
        { ...osc(1, 'a + b/2', '1 + 0.3*b', ' + x1*x2'), x2: osc(2, 'b - a/5', '2.2 + 0.1*a', '').x2, y2: `${osc(2, 'b - a/5', '2.2 + 0.1*a', '').y2} + x1^2` },
      ),
    );
    const r = traceCurve(model, {
      kind: 'hopf',
      params: ['b', 'a'],
      start: { x: [0, 0, 0, 0], p: [-0.5, 0.25], omega: 0.85 },
      bounds: { a: [-1, 1], b: [-1, 1] },
    });
    expect(kinds(r)).toEqual(['HH']);
    expect(worst(r, [0, 0])).toBeLessThan(1e-10);
    const [w1, w2] = [1, 2.2];
    const p11 = 2 * P.P11 + (-w2 / (w2 * w2 - 4 * w1 * w1) - 2 / w2) / 4;
    const sigma = w1 + w2;
    const sigma2 = w2 - w1;
    const p21 = 2 * P.P21 - sigma / (2 * (w1 * w1 - sigma * sigma)) - sigma2 / (2 * (w1 * w1 - sigma2 * sigma2));
    const c = r.special[0].coefficients;
    expect(c.theta).toBeCloseTo(P.P12 / P.P22, 9);
    expect(c.delta).toBeCloseTo(p21 / p11, 9);
    expect(c.p11p22).toBeCloseTo(p11 * 2 * P.P22, 9);
  });

  it.each([4, 5])('a neutral saddle of the remaining eigenvalues (2 + mu2, -2) is not HH, nor ZH (%i states)', (n) => {
    const extra: Record<string, string> = n === 5 ? { e: '-3*e + x2*y2' } : {};
    const model = compileModel(
      tinyModel(
        'hns',
        n === 5 ? { ...states, e: 0 } : states,
        { a: 0, b: 0, ...P },
        { ...osc(1, 'a + b/2', '1 + 0.3*b', ''), x2: '(2 + b - a/5)*x2 + x1*x2', y2: '-2*y2 + x2^2', ...extra },
      ),
    );
    const r = traceCurve(model, {
      kind: 'hopf',
      params: ['b', 'a'],
      start: { x: new Array(n).fill(0), p: [-0.5, 0.25], omega: 0.85 },
      bounds: { a: [-1, 1], b: [-1, 1] },
    });
    expect(r.status).toBe('ok');
    expect(r.points.some((p) => p.params[0] > 0.5)).toBe(true);
    expect(kinds(r)).toEqual([]);
  });
});
