import { describe, expect, it } from 'vitest';
import { ExprError } from '@shared/expr/errors';
import { evaluate } from '@shared/expr/evaluate';
import { ModelError, buildModel, derivativeAsts } from '@shared/models/build';
import { TEMPLATES } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { assertSafeSource, compileModel, generatedSource, numberLiteral } from '../../../src-main/engine/compile';
import { rng, uniform } from '../../shared/expr/rng';
import { randomPoint } from '../../shared/models/points';

/** A small model whose symbols carry the given names (states a, b; params p1, p2; input i1). */
function model(names: { a: string; b: string; p1: string; p2: string; i1: string }, text = ''): ModelDef {
  const { a, b, p1, p2, i1 } = names;
  const info = (name: string) => ({ name, latex: `${text}\\${name}`, description: `${text} ${name}`, unit: text });
  return {
    name: `m${text}`,
    version: 1,
    title: text,
    description: text,
    states: [
      { ...info(a), initial: 0.5 },
      { ...info(b), initial: 1 },
    ],
    params: [
      { ...info(p1), default: 2 },
      { ...info(p2), default: 3, domain: 'positive' },
    ],
    inputs: [{ ...info(i1), default: 0 }],
    definitions: [{ ...info(`${a}_def`), expr: `${p1}*${a}` }],
    equations: [
      { state: a, rhs: `-${a}_def/${p2} + ${i1} + sin(${b})^2`, latex: text },
      { state: b, rhs: `${a}^3 - ${b}*${p1} + exp(-${a}) + max(${a}, ${b})`, latex: text },
    ],
  };
}

/** Evaluates a built model's rhs with the tree walker, as the reference for compiled code. */
function referenceRhs(def: ModelDef, y: Float64Array, p: Float64Array): number[] {
  const m = buildModel(def);
  const env = new Map<string, number>();
  m.stateNames.forEach((n, i) => env.set(n, y[i]));
  m.paramNames.forEach((n, k) => env.set(n, p[k]));
  return m.rhs.map((f) => evaluate(f, (name) => env.get(name) as number));
}

const near = (a: number, b: number, rel = 1e-13) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe('numberLiteral', () => {
  it('prints finite numbers that read back exactly, refuses others', () => {
    const r = rng(7);
    for (let i = 0; i < 1000; i++) {
      const v = (r() - 0.5) * 10 ** Math.floor(uniform(r, -300, 300));
      const lit = numberLiteral(v);
      expect(Number(lit.replace(/[()]/g, ''))).toBe(v);
    }
    expect(numberLiteral(-0)).toBe('(-0)');
    for (const bad of [NaN, Infinity, -Infinity]) expect(() => numberLiteral(bad)).toThrow();
  });
});

describe('compileModel on the templates', () => {
  for (const def of TEMPLATES) {
    it(`${def.name}: rhs equals the evaluated AST at random points`, () => {
      const c = compileModel(def);
      expect(c.stateNames).toEqual(def.states.map((s) => s.name));
      expect(c.paramNames).toEqual([...def.params.map((p) => p.name), ...def.inputs.map((p) => p.name)]);
      expect(c.nParams).toBe(def.params.length);
      const r = rng(11);
      const dy = new Float64Array(c.stateNames.length);
      for (let trial = 0; trial < 50; trial++) {
        const { y, p } = randomPoint(def, r);
        c.rhs(y, p, dy);
        const ref = referenceRhs(def, y, p);
        ref.forEach((v, i) => expect(near(dy[i], v), `${def.name} ${c.stateNames[i]}: ${dy[i]} vs ${v}`).toBe(true));
      }
    });

    it(`${def.name}: jacobians equal the evaluated derivative ASTs, also when the out array is reused`, () => {
      const c = compileModel(def);
      const m = buildModel(def);
      const d = derivativeAsts(m);
      const n = c.stateNames.length;
      const np = c.paramNames.length;
      const J = new Float64Array(n * n).fill(NaN);
      const P = new Float64Array(n * np).fill(12345);
      const r = rng(5);
      for (let trial = 0; trial < 20; trial++) {
        const { y, p } = randomPoint(def, r);
        const env = new Map<string, number>();
        m.stateNames.forEach((s, i) => env.set(s, y[i]));
        m.paramNames.forEach((s, k) => env.set(s, p[k]));
        const get = (s: string) => env.get(s) as number;
        c.jacobian(y, p, J);
        c.paramJacobian(y, p, P);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) expect(near(J[i * n + j], evaluate(d.jacobian[i][j], get))).toBe(true);
          for (let k = 0; k < np; k++) expect(near(P[i * np + k], evaluate(d.paramJacobian[i][k], get))).toBe(true);
        }
      }
    });
  }

  for (const def of [...TEMPLATES, model({ a: 'x', b: 'y', p1: 'k', p2: 'tau', i1: 'I' })]) {
    it(`${def.name}: each paramColumn is bit-identical to its column of paramJacobian`, () => {
      const c = compileModel(def);
      const n = c.stateNames.length;
      const np = c.paramNames.length;
      const P = new Float64Array(n * np);
      const col = new Float64Array(n);
      const r = rng(11);
      for (let trial = 0; trial < 10; trial++) {
        const { y, p } = def.name.startsWith('ik_')
          ? randomPoint(def, r)
          : { y: Float64Array.from([uniform(r, -1, 1), uniform(r, -1, 1)]), p: Float64Array.from([uniform(r, 1, 3), uniform(r, 1, 3), uniform(r, -1, 1)]) };
        c.paramJacobian(y, p, P);
        for (let k = 0; k < np; k++) {
          col.fill(NaN);
          c.paramColumn!(k)(y, p, col);
          for (let i = 0; i < n; i++) expect(Object.is(col[i], P[i * np + k])).toBe(true);
        }
      }
      expect(c.paramColumn!(0)).toBe(c.paramColumn!(0));
      expect(() => c.paramColumn!(np)).toThrow(RangeError);
    });
  }

  for (const def of TEMPLATES) {
    it(`${def.name}: fused Euler and RK4 kernels are bit-identical to stepping with rhs`, () => {
      const c = compileModel(def);
      const n = c.stateNames.length;
      const r = rng(3);
      const k1 = new Float64Array(n);
      const k2 = new Float64Array(n);
      const k3 = new Float64Array(n);
      const k4 = new Float64Array(n);
      const yt = new Float64Array(n);
      const euler = (y: Float64Array, p: Float64Array, h: number) => {
        c.rhs(y, p, k1);
        for (let i = 0; i < n; i++) y[i] += h * k1[i];
      };
      const rk4 = (y: Float64Array, p: Float64Array, h: number) => {
        c.rhs(y, p, k1);
        for (let i = 0; i < n; i++) yt[i] = y[i] + 0.5 * h * k1[i];
        c.rhs(yt, p, k2);
        for (let i = 0; i < n; i++) yt[i] = y[i] + 0.5 * h * k2[i];
        c.rhs(yt, p, k3);
        for (let i = 0; i < n; i++) yt[i] = y[i] + h * k3[i];
        c.rhs(yt, p, k4);
        for (let i = 0; i < n; i++) y[i] += (h / 6) * (k1[i] + 2 * (k2[i] + k3[i]) + k4[i]);
      };
      for (let trial = 0; trial < 5; trial++) {
        const { y, p } = randomPoint(def, r);
        const h = def.name === 'ik_nodim' ? 1e-3 : 1e-2;
        for (const count of [1, 37]) {
          const a = y.slice();
          const b = y.slice();
          c.eulerSteps?.(a, p, h, count);
          for (let s = 0; s < count; s++) euler(b, p, h);
          expect([...a]).toEqual([...b]);
          const u = y.slice();
          const v = y.slice();
          c.rk4Steps?.(u, p, h, count);
          for (let s = 0; s < count; s++) rk4(v, p, h);
          expect([...u]).toEqual([...v]);
          expect(u.some((x, i) => x !== y[i])).toBe(true);
        }
      }
      // count = 0 leaves y untouched.
      const y0 = new Float64Array(n).fill(0.5);
      c.rk4Steps?.(y0, new Float64Array(c.paramNames.length).fill(1), 0.1, 0);
      expect([...y0]).toEqual(Array(n).fill(0.5));
    });
  }

  it('generated code is straight-line: hoisted loads, products for small powers, no symbol names', () => {
    const src = generatedSource(TEMPLATES[0]);
    expect(src.rhs).toContain('const y0 = y[0];');
    expect(src.rhs).toContain('(y1*y1)');
    expect(src.rhs).not.toContain('Math.pow');
    for (const s of Object.values(src)) {
      expect(() => assertSafeSource(s)).not.toThrow();
      for (const name of ['tau', 'Delta', 'alpha', 'eta', 'E_r', 'I_ext', 'r_in', 'tau_s']) expect(s).not.toContain(name);
    }
  });

  it('every jacobian entry is written, zeros included', () => {
    const src = generatedSource(TEMPLATES[1]);
    for (let k = 0; k < 16; k++) expect(src.jacobian).toContain(`out[${k}] = `);
    for (let k = 0; k < 4 * 14; k++) expect(src.paramJacobian).toContain(`out[${k}] = `);
  });
});

describe('hostile model text', () => {
  const hostileNames = [
    { a: 'constructor', b: '__proto__', p1: 'prototype', p2: 'this', i1: 'globalThis' },
    { a: 'process', b: 'require', p1: 'eval', p2: 'Function', i1: 'window' },
    { a: 'y', b: 'p', p1: 'dy', p2: 'out', i1: 'Math' },
    { a: 'p0', b: 'y1', p1: 'y0', p2: 't0', i1: 'p1' },
    { a: 'toString', b: 'valueOf', p1: 'hasOwnProperty', p2: 'arguments', i1: 'return' },
  ];
  for (const names of hostileNames) {
    it(`names ${Object.values(names).join(', ')} compile safely and compute the right values`, () => {
      const def = model(names, '`${process.exit(1)}`"); require("fs"); ("');
      const c = compileModel(def);
      const y = new Float64Array([0.7, -0.3]);
      const p = new Float64Array([1.3, 2.9, 0.4]);
      const dy = new Float64Array(2);
      c.rhs(y, p, dy);
      const ref = referenceRhs(def, y, p);
      expect(near(dy[0], ref[0])).toBe(true);
      expect(near(dy[1], ref[1])).toBe(true);
      const expected0 = (-1.3 * 0.7) / 2.9 + 0.4 + Math.sin(-0.3) ** 2;
      expect(near(dy[0], expected0)).toBe(true);
      const src = generatedSource(def);
      for (const s of Object.values(src)) {
        for (const bad of ['process', 'require', 'exit', 'constructor', '__proto__', 'this', '`', '$', "'", 'eval', 'window']) {
          expect(s).not.toContain(bad);
        }
      }
    });
  }

  it('no name or text of the model appears in the generated source', () => {
    const def = model({ a: 'zqa', b: 'zqb', p1: 'zqp', p2: 'zqq', i1: 'zqi' }, 'zqtext');
    const src = generatedSource(def);
    expect(Object.keys(src)).toHaveLength(5);
    for (const s of Object.values(src)) expect(s).not.toMatch(/zq/);
  });

  const badNames = ['process.exit', 'a b', '1x', 'exp', 'pi', 'min', '', 'x;y', '${x}', 'x\u0430', 'a-b', '`x`', 'x'.repeat(65)];
  for (const bad of badNames) {
    it(`refuses the symbol name ${JSON.stringify(bad)} at build`, () => {
      const def = model({ a: 'x', b: 'z', p1: 'k', p2: 'q', i1: 'w' });
      def.params[0].name = bad;
      expect(() => compileModel(def)).toThrow(ModelError);
      expect(() => compileModel(def)).toThrow(/params\[0\]\.name/);
    });
  }

  const badRhs = ['process.exit()', 'constructor', 'x; process.exit()', '`${x}`', 'x[0]', '"x"', 'this', 'q => q'];
  for (const rhs of badRhs) {
    it(`refuses the equation text ${JSON.stringify(rhs)} naming the equation`, () => {
      const def = model({ a: 'x', b: 'z', p1: 'k', p2: 'q', i1: 'w' });
      def.equations[1].rhs = rhs;
      expect(() => compileModel(def)).toThrow(ExprError);
      expect(() => compileModel(def)).toThrow(/^equation z': /);
    });
  }

  it('assertSafeSource refuses words and characters the generator never emits', () => {
    expect(() => assertSafeSource('dy[0] = y0;')).not.toThrow();
    for (const bad of ['process.exit()', 'dy[0] = constructor;', 'dy[0] = `x`;', "dy[0] = 'x';", 'dy[0] = y0; // c', 'x0 = 1']) {
      expect(() => assertSafeSource(bad), bad).toThrow();
    }
  });
});
