/**
 * The fourth and fifth multilinear forms D and E of the jet: each against central differences of
 * the form below it (D(u, v, w, z) = d/ds C(u, v, w) at y + s z; E likewise from D), symmetric in
 * its arguments, and on complex vectors by multilinearity; `vanishes` tells which orders are zero.
 */
import { describe, expect, it } from 'vitest';
import { compileModel, modelJet } from '../../../../src-main/engine/compile';
import { ComplexJet } from '../../../../src-main/engine/model/jet-complex';
import { tinyModel } from '../continuation/tiny-models';

const model = compileModel(
  tinyModel(
    'higher',
    { x: 0, y: 0, z: 0 },
    { a: 0.7, b: -1.2 },
    { x: 'exp(a*x*y) + sin(x)*y^3 - z^2*x', y: 'x^5*y + cos(b*y) + z^4', z: 'log(2 + x^2)*z - y^3*z^2' },
  ),
);
const jet = modelJet(model);
const n = 3;
const p = Float64Array.from([0.7, -1.2]);
const rand = (seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(12.9898 * (i + 1) * seed + 4.1414 * seed));

/** Central difference of g(y) along z with step h, Richardson-extrapolated (error O(h^4)). */
function derivative(g: (y: Float64Array, out: Float64Array) => void, y: Float64Array, z: Float64Array): Float64Array {
  const at = (h: number) => {
    const plus = new Float64Array(n);
    const minus = new Float64Array(n);
    g(
      y.map((v, i) => v + h * z[i]),
      plus,
    );
    g(
      y.map((v, i) => v - h * z[i]),
      minus,
    );
    return plus.map((v, i) => (v - minus[i]) / (2 * h));
  };
  const h = 1e-3;
  const fine = at(h);
  const coarse = at(2 * h);
  return fine.map((v, i) => (4 * v - coarse[i]) / 3);
}

const close = (a: Float64Array, b: Float64Array, tol: number) => {
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < n; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol * scale);
};

describe('fourth and fifth derivatives of the jet', () => {
  const [y, u, v, w, z, e] = [1, 2, 3, 4, 5, 6].map((s) => rand(s).map((x) => 0.5 * x));

  it('D is the derivative of C, E the derivative of D', () => {
    const d = new Float64Array(n);
    jet.quadrilinear(y, p, u, v, w, z, d);
    close(
      d,
      derivative((yy, out) => jet.trilinear(yy, p, u, v, w, out), y, z),
      1e-7,
    );
    const ee = new Float64Array(n);
    jet.quintilinear(y, p, u, v, w, z, e, ee);
    close(
      ee,
      derivative((yy, out) => jet.quadrilinear(yy, p, u, v, w, z, out), y, e),
      1e-7,
    );
  });

  it('both are symmetric in their arguments', () => {
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    jet.quadrilinear(y, p, u, v, w, z, a);
    jet.quadrilinear(y, p, z, w, u, v, b);
    close(a, b, 1e-13);
    jet.quintilinear(y, p, u, v, w, z, e, a);
    jet.quintilinear(y, p, e, w, z, u, v, b);
    close(a, b, 1e-13);
  });

  it('on complex vectors by multilinearity: D(q, q, q, qb) and E(q, q, q, qb, qb) of a rotated real vector', () => {
    // With q = c x for real x and complex c, D(q, q, q, qb) = c^3 conj(c) D(x, x, x, x).
    const cj = new ComplexJet(jet);
    const c = [0.6, -0.8];
    const q = { re: u.map((x) => c[0] * x), im: u.map((x) => c[1] * x) };
    const qb = { re: q.re, im: q.im.map((x) => -x) };
    const real = new Float64Array(n);
    jet.quadrilinear(y, p, u, u, u, u, real);
    const out = { re: new Float64Array(n), im: new Float64Array(n) };
    cj.higher(4, y, p, [q, q, q, qb], out);
    // c^3 conj(c) = c^2 |c|^2 with |c| = 1.
    const c2 = [c[0] * c[0] - c[1] * c[1], 2 * c[0] * c[1]];
    close(
      out.re,
      real.map((x) => c2[0] * x),
      1e-13,
    );
    close(
      out.im,
      real.map((x) => c2[1] * x),
      1e-13,
    );
    jet.quintilinear(y, p, u, u, u, u, u, real);
    cj.higher(5, y, p, [q, q, q, qb, qb], out);
    // c^3 conj(c)^2 = c.
    close(
      out.re,
      real.map((x) => c[0] * x),
      1e-13,
    );
    close(
      out.im,
      real.map((x) => c[1] * x),
      1e-13,
    );
  });

  it('says which orders vanish identically', () => {
    expect([2, 3, 4, 5].map((k) => jet.vanishes(k as 2 | 3 | 4 | 5))).toEqual([false, false, false, false]);
    const quadratic = modelJet(compileModel(tinyModel('quad', { x: 0, y: 0 }, { a: 1 }, { x: 'a*x*y - x', y: 'x^2 - y' })));
    expect([2, 3, 4, 5].map((k) => quadratic.vanishes(k as 2 | 3 | 4 | 5))).toEqual([false, true, true, true]);
  });
});
