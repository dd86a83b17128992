/**
 * The derivative jet: each part against central differences of the part below it (Jacobian ->
 * B, A_y[v], d/dp Jacobian; B -> C; parameter Jacobian -> f_pp), on the three templates and on a
 * model whose definitions use definitions; exactly against hand-derived derivatives of a small
 * polynomial model (at dyadic points, where every product is exact); and the generated code's shape.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '@shared/models/build';
import { TEMPLATES } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { assertSafeSource, compileModel, modelJet } from '../../../../src-main/engine/compile';
import type { CompiledModel } from '../../../../src-main/engine/compiled-model';
import { jetSource } from '../../../../src-main/engine/model/jet';
import { ComplexJet } from '../../../../src-main/engine/model/jet-complex';
import { rng, uniform } from '../../../shared/expr/rng';
import { randomPoint } from '../../../shared/models/points';
import { CHAINED } from './chained-model';

type Vec = Float64Array;

/**
 * Central difference of `g` (writing `size` numbers) along direction `dir` of the point `x`, with
 * step 1e-5 dir (directions carry the scale of x); also returns a bound on its error: the
 * truncation term estimated by the difference of two step sizes, plus rounding of the values
 * divided by the step.
 */
function centralDifference(g: (x: Vec, out: Vec) => void, x: Vec, dir: Vec, size: number): { d: Vec; bound: Vec; floor: number } {
  const diff = (h: number): { d: Vec; mag: Vec } => {
    const xp = x.map((v, i) => v + h * dir[i]);
    const xm = x.map((v, i) => v - h * dir[i]);
    const gp = new Float64Array(size);
    const gm = new Float64Array(size);
    g(xp, gp);
    g(xm, gm);
    return { d: gp.map((v, i) => (v - gm[i]) / (2 * h)), mag: gp.map((v, i) => (Math.abs(v) + Math.abs(gm[i])) / (2 * h)) };
  };
  const h = 1e-5;
  const fine = diff(h);
  const coarse = diff(2 * h);
  // Truncation error of the fine step is about (coarse - fine) / 3; rounding about 1e-13 of the
  // largest value divided by the step (entries can be differences of much larger terms).
  const floor = 1e-13 * Math.max(...fine.mag);
  const bound = fine.d.map((v, i) => 2 * Math.abs(coarse.d[i] - v) + floor);
  return { d: fine.d, bound, floor };
}

/** |exact - differences| within the differences' error bound, and no looser than 1e-5 relative above their rounding floor. */
function expectWithin(exact: Vec, fd: { d: Vec; bound: Vec; floor: number }, what: string): void {
  for (let i = 0; i < exact.length; i++) {
    const err = Math.abs(exact[i] - fd.d[i]);
    expect(err, `${what}[${i}]: exact ${exact[i]}, differences ${fd.d[i]}`).toBeLessThanOrEqual(
      Math.min(fd.bound[i], 1e-5 * Math.abs(exact[i]) + fd.floor) + 1e-300,
    );
  }
}

const unitRandom = (r: () => number, n: number): Vec => Float64Array.from({ length: n }, () => uniform(r, -1, 1));

describe.each([...TEMPLATES, CHAINED].map((d) => [d.name, d] as const))('jet of %s against differences of the lower derivatives', (_, def) => {
  const model = compileModel(def);
  const jet = modelJet(model);
  const n = model.stateNames.length;
  const m = model.paramNames.length;
  const r = rng(29);
  const points = Array.from({ length: 4 }, () => randomPoint(def, r));

  it('B(u, v) and A_y[v] are the derivatives of the Jacobian along v; B is symmetric', () => {
    for (const { y, p } of points) {
      // Directions scaled like the states, so that the steps stay in the model's range.
      const u = unitRandom(r, n).map((c, i) => c * Math.max(1e-3, Math.abs(y[i])));
      const v = unitRandom(r, n).map((c, i) => c * Math.max(1e-3, Math.abs(y[i])));
      const along = new Float64Array(n * n);
      jet.jacobianAlong(y, p, v, along);
      expectWithin(
        along,
        centralDifference((x, out) => model.jacobian(x, p, out), y, v, n * n),
        'A_y[v]',
      );
      const b = new Float64Array(n);
      jet.bilinear(y, p, u, v, b);
      const bu = new Float64Array(n);
      jet.bilinear(y, p, v, u, bu);
      const au = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) au[i] += along[i * n + j] * u[j];
      for (let i = 0; i < n; i++) {
        const size = Math.abs(b[i]) + 1e-300;
        expect(Math.abs(b[i] - bu[i])).toBeLessThanOrEqual(1e-13 * size);
        expect(Math.abs(b[i] - au[i])).toBeLessThanOrEqual(1e-12 * (size + Math.abs(au[i])) + 1e-300);
      }
      const fdB = centralDifference(
        (x, out) => {
          const jx = new Float64Array(n * n);
          model.jacobian(x, p, jx);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += jx[i * n + j] * u[j];
        },
        y,
        v,
        n,
      );
      expectWithin(b, fdB, 'B(u, v)');
    }
  });

  it('C(u, v, w) is the derivative of B(u, v) along w, symmetric in its arguments; the tensors agree with B and C', () => {
    for (const { y, p } of points) {
      const [u, v, w] = [0, 1, 2].map(() => unitRandom(r, n).map((c, i) => c * Math.max(1e-3, Math.abs(y[i]))));
      const c = new Float64Array(n);
      jet.trilinear(y, p, u, v, w, c);
      expectWithin(
        c,
        centralDifference((x, out) => jet.bilinear(x, p, u, v, out), y, w, n),
        'C(u, v, w)',
      );
      for (const [a, b2, d] of [
        [w, u, v],
        [v, w, u],
        [u, w, v],
      ]) {
        const c2 = new Float64Array(n);
        jet.trilinear(y, p, a, b2, d, c2);
        for (let i = 0; i < n; i++) expect(Math.abs(c2[i] - c[i])).toBeLessThanOrEqual(1e-13 * Math.abs(c[i]) + 1e-300);
      }
      const h = new Float64Array(n ** 3).fill(NaN);
      const t = new Float64Array(n ** 4).fill(NaN);
      jet.hessian(y, p, h);
      jet.third(y, p, t);
      for (let i = 0; i < n; i++) {
        let bi = 0;
        let ci = 0;
        let bAbs = 0;
        let cAbs = 0;
        for (let j = 0; j < n; j++) {
          for (let k = 0; k < n; k++) {
            bi += h[(i * n + j) * n + k] * u[j] * v[k];
            bAbs += Math.abs(h[(i * n + j) * n + k] * u[j] * v[k]);
            for (let l = 0; l < n; l++) {
              ci += t[((i * n + j) * n + k) * n + l] * u[j] * v[k] * w[l];
              cAbs += Math.abs(t[((i * n + j) * n + k) * n + l] * u[j] * v[k] * w[l]);
            }
          }
        }
        const b = new Float64Array(n);
        jet.bilinear(y, p, u, v, b);
        expect(Math.abs(b[i] - bi)).toBeLessThanOrEqual(1e-13 * bAbs + 1e-300);
        expect(Math.abs(c[i] - ci)).toBeLessThanOrEqual(1e-13 * cAbs + 1e-300);
      }
    }
  });

  it('d/dp_k of the Jacobian and d2 f / dp_k dp_l are the differences in p_k of the Jacobians, for every parameter', () => {
    const { y, p } = points[0];
    for (let k = 0; k < m; k++) {
      // Along e = s e_k with s the scale of p_k, so the differences divided by s are d/dp_k.
      const e = new Float64Array(m);
      const scale = Math.max(1e-3, Math.abs(p[k]));
      e[k] = scale;
      const perUnit = (fd: { d: Vec; bound: Vec; floor: number }) => ({
        d: fd.d.map((x) => x / scale),
        bound: fd.bound.map((x) => x / scale),
        floor: fd.floor / scale,
      });
      const ap = new Float64Array(n * n);
      jet.jacobianParam(k)(y, p, ap);
      expectWithin(ap, perUnit(centralDifference((q, out) => model.jacobian(y, q, out), p, e, n * n)), `A_p${k}`);
      const pp = new Float64Array(n * m);
      jet.paramSecond(k)(y, p, pp);
      expectWithin(pp, perUnit(centralDifference((q, out) => model.paramJacobian(y, q, out), p, e, n * m)), `f_p${k}p`);
    }
    expect(() => jet.jacobianParam(m)).toThrow(RangeError);
  });
});

/** A polynomial model with a definition used twice, whose derivatives are written out by hand below. */
const info = (name: string) => ({ name, latex: name, description: name, unit: '' });
const POLY: ModelDef = {
  name: 'poly',
  version: 1,
  title: 'poly',
  description: 'poly',
  states: ['x', 'y', 'z'].map((s) => ({ ...info(s), initial: 0 })),
  params: [
    { ...info('a'), default: 1 },
    { ...info('b'), default: 1 },
  ],
  inputs: [],
  definitions: [
    { ...info('q'), expr: 'x*y' },
    { ...info('q2'), expr: 'q*z' },
  ],
  equations: [
    { state: 'x', rhs: 'a*x*q + b*z^3 - x', latex: '' },
    { state: 'y', rhs: 'q2 + a^2*y', latex: '' },
    { state: 'z', rhs: 'b*x^3 + y^2 + a*b*z + q', latex: '' },
  ],
};

describe('jet of a polynomial model, exactly as derived by hand', () => {
  const model = compileModel(POLY);
  const jet = modelJet(model);
  const r = rng(41);
  // Dyadic numbers with few bits: every product and sum below is exact in doubles.
  const dyadic = () => Math.round(uniform(r, -8, 8) * 4) / 4;
  const vec = (k: number) => Float64Array.from({ length: k }, dyadic);

  it('B, C, A_y[v], A_p and f_pp equal the hand-derived forms at 50 random dyadic points', () => {
    for (let trial = 0; trial < 50; trial++) {
      const [x, y, z] = vec(3);
      const [a, b] = vec(2);
      const s = Float64Array.from([x, y, z]);
      const p = Float64Array.from([a, b]);
      const [u, v, w] = [vec(3), vec(3), vec(3)];
      const sym2 = (j: number, k: number) => u[j] * v[k] + u[k] * v[j];
      // f1 = a x^2 y + b z^3 - x; f2 = x y z + a^2 y; f3 = b x^3 + y^2 + a b z + x y.
      const B = [
        2 * a * y * u[0] * v[0] + 2 * a * x * sym2(0, 1) + 6 * b * z * u[2] * v[2],
        z * sym2(0, 1) + y * sym2(0, 2) + x * sym2(1, 2),
        6 * b * x * u[0] * v[0] + 2 * u[1] * v[1] + sym2(0, 1),
      ];
      const perms = (j: number, k: number, l: number) =>
        [
          [j, k, l],
          [j, l, k],
          [k, j, l],
          [k, l, j],
          [l, j, k],
          [l, k, j],
        ].reduce((acc, [a1, b1, c1]) => acc + u[a1] * v[b1] * w[c1], 0);
      // f1_xxy = 2a (three distinct orderings of x, x, y), f1_zzz = 6b; f2_xyz = 1; f3_xxx = 6b.
      const C = [2 * a * (perms(0, 0, 1) / 2) + 6 * b * u[2] * v[2] * w[2], perms(0, 1, 2), 6 * b * u[0] * v[0] * w[0]];
      const J = (xx: number, yy: number, zz: number) => [
        [2 * a * xx * yy - 1, a * xx * xx, 3 * b * zz * zz],
        [yy * zz, xx * zz + a * a, xx * yy],
        [3 * b * xx * xx + yy, 2 * yy + xx, a * b],
      ];
      // A_y[v]: the Jacobian's entries differentiated along v.
      const Ay = [
        [2 * a * (v[0] * y + x * v[1]), 2 * a * x * v[0], 6 * b * z * v[2]],
        [v[1] * z + y * v[2], v[0] * z + x * v[2], v[0] * y + x * v[1]],
        [6 * b * x * v[0] + v[1], 2 * v[1] + v[0], 0],
      ];
      const Aa = [
        [2 * x * y, x * x, 0],
        [0, 2 * a, 0],
        [0, 0, b],
      ];
      const Ab = [
        [0, 0, 3 * z * z],
        [0, 0, 0],
        [3 * x * x, 0, a],
      ];
      const fpa = [0, 0, 2 * y, 0, 0, z]; // d2 f_i / da dp_l, rows i, columns (a, b)
      const fpb = [0, 0, 0, 0, z, 0];
      const got = (k: number) => new Float64Array(k);
      const b3 = got(3);
      jet.bilinear(s, p, u, v, b3);
      expect([...b3]).toEqual(B);
      const c3 = got(3);
      jet.trilinear(s, p, u, v, w, c3);
      expect([...c3]).toEqual(C);
      const ay = got(9);
      jet.jacobianAlong(s, p, v, ay);
      expect([...ay]).toEqual(Ay.flat());
      const ja = got(9);
      jet.jacobianParam(0)(s, p, ja);
      expect([...ja]).toEqual(Aa.flat());
      jet.jacobianParam(1)(s, p, ja);
      expect([...ja]).toEqual(Ab.flat());
      const pp = got(6);
      jet.paramSecond(0)(s, p, pp);
      expect([...pp]).toEqual(fpa);
      jet.paramSecond(1)(s, p, pp);
      expect([...pp]).toEqual(fpb);
      const jac = got(9);
      model.jacobian(s, p, jac);
      expect([...jac]).toEqual(J(x, y, z).flat());
    }
  });

  it('complex B and C follow from the real ones by multilinearity', () => {
    const cj = new ComplexJet(jet);
    const s = vec(3);
    const p = vec(2);
    const q = { re: vec(3), im: vec(3) };
    const qb = { re: q.re, im: q.im.map((x) => -x) };
    const out = { re: new Float64Array(3), im: new Float64Array(3) };
    // B(q, qb) is real: B(a, a) + B(b, b) with q = a + i b.
    cj.bilinear(s, p, q, qb, out);
    const baa = new Float64Array(3);
    const bbb = new Float64Array(3);
    jet.bilinear(s, p, q.re, q.re, baa);
    jet.bilinear(s, p, q.im, q.im, bbb);
    expect([...out.re]).toEqual([...baa].map((x, i) => x + bbb[i]));
    expect([...out.im]).toEqual([0, 0, 0]);
    // C(q, q, qb) = C(a,a,a) + C(a,b,b) + i (C(a,a,b) + C(b,b,b)).
    cj.trilinear(s, p, q, q, qb, out);
    const c = (x: Vec, y: Vec, z: Vec) => {
      const o = new Float64Array(3);
      jet.trilinear(s, p, x, y, z, o);
      return o;
    };
    const [aaa, abb, aab, bbb3] = [c(q.re, q.re, q.re), c(q.re, q.im, q.im), c(q.re, q.re, q.im), c(q.im, q.im, q.im)];
    expect([...out.re]).toEqual([...aaa].map((x, i) => x + abb[i]));
    expect([...out.im]).toEqual([...aab].map((x, i) => x + bbb3[i]));
  });
});

describe('generated jet code', () => {
  for (const def of [...TEMPLATES, CHAINED, POLY]) {
    it(`${def.name}: safe, free of the model's names, straight-line and allocation-free`, () => {
      const src = jetSource(buildModel(def), 1);
      for (const [name, body] of Object.entries(src)) {
        expect(() => assertSafeSource(body), name).not.toThrow();
        for (const s of [...def.states, ...def.params, ...def.inputs, ...def.definitions]) {
          // (Names that are also the generator's own argument names, such as v, are left out.)
          if (!['y', 'p', 'u', 'v', 'w', 'out'].includes(s.name)) expect(body).not.toMatch(new RegExp(`\\b${s.name}\\b`));
        }
        // Only loads and stores index arrays; no array or object literals, no calls but Math's, no loops.
        expect(
          (body.match(/[A-Za-z0-9_]*\[/g) ?? []).every((w) => ['y[', 'p[', 'u[', 'v[', 'w[', 'out['].includes(w)),
          name,
        ).toBe(true);
        expect(body).not.toMatch(/[{}]|\bnew\b|\bfor\b|=>/);
        expect(body.match(/[A-Za-z_.]+\(/g)?.every((c) => c.startsWith('Math.')) ?? true).toBe(true);
      }
    });
  }

  it('is generated on first use only and kept with the compiled model, shared by its copies', () => {
    const model: CompiledModel = compileModel(CHAINED);
    const jet = model.jet!();
    expect(model.jet!()).toBe(jet);
    const copy: CompiledModel = { ...model, def: structuredClone(CHAINED) };
    expect(modelJet(copy)).toBe(jet);
    expect(jet.bilinear).toBe(jet.bilinear);
    expect(jet.jacobianParam(2)).toBe(jet.jacobianParam(2));
  });
});
