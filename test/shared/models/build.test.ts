import { describe, expect, it } from 'vitest';
import { ExprError } from '@shared/expr/errors';
import type { Node } from '@shared/expr/ast';
import { evaluate } from '@shared/expr/evaluate';
import { ModelError, buildModel, derivativeAsts, type ModelAst } from '@shared/models/build';
import { TEMPLATES, getTemplate } from '@shared/models/templates';
import type { ModelDef } from '@shared/models/types';
import { rng } from '../expr/rng';
import { randomPoint } from './points';

const clone = (name: string): ModelDef => structuredClone(getTemplate(name) as ModelDef);

/** rhs_i at (y, p) by the tree walker. */
function rhsAt(m: ModelAst, y: Float64Array, p: Float64Array): number[] {
  const env = new Map<string, number>();
  m.stateNames.forEach((n, i) => env.set(n, y[i]));
  m.paramNames.forEach((n, k) => env.set(n, p[k]));
  return m.rhs.map((f) => evaluate(f, (s) => env.get(s) as number));
}

describe('buildModel', () => {
  it("substitutes definitions: s' of ik_nodim is -s/tau_s + J*r", () => {
    const m = buildModel(getTemplate('ik_nodim') as ModelDef);
    expect(m.stateNames).toEqual(['r', 'v', 'u', 's']);
    expect(m.paramNames.at(-1)).toBe('I_ext');
    expect(m.nParams).toBe(11);
    const y = new Float64Array([0.3, 0, 0, 0.7]);
    const p = Float64Array.from(m.paramNames, (n) => ({ J: 1.7, tau_s: 2 })[n as 'J'] ?? 1);
    expect(rhsAt(m, y, p)[3]).toBeCloseTo(-0.7 / 2 + 1.7 * 0.3, 15);
  });

  const problems: [string, (d: ModelDef) => void, RegExp][] = [
    ['duplicate name', (d) => (d.params[1].name = 'Delta'), /params\[1\]\.name: 'Delta' is already declared as params\[0\]/],
    ['state named like a parameter', (d) => (d.states[0].name = 'g'), /'g' is already declared/],
    ['function name', (d) => (d.params[0].name = 'exp'), /params\[0\]\.name: 'exp' is reserved/],
    ['constant name', (d) => (d.inputs[0].name = 'pi'), /inputs\[0\]\.name: 'pi' is reserved/],
    ['bad identifier', (d) => (d.params[0].name = 'De lta'), /params\[0\]\.name: 'De lta' is not a valid name/],
    ['missing equation', (d) => d.equations.pop(), /no equation for state 's'/],
    ['second equation', (d) => (d.equations[3].state = 'u'), /equations\[3\]\.state: second equation for 'u'/],
    ['equation of a non-state', (d) => (d.equations[0].state = 'tau'), /'tau' is not a state variable/],
    ['non-finite default', (d) => (d.params[0].default = NaN), /params\[0\]\.default \(Delta\): must be a finite number/],
    ['default outside its domain', (d) => (d.params[1].default = 0), /params\[1\]\.default \(tau\): must be > 0/],
    ['definition cycle', (d) => d.definitions.push({ ...d.definitions[0], name: 'q', expr: 'r_in + q' }), /refers to itself/],
    ['no states', (d) => (d.states = []), /at least one state/],
  ];
  for (const [what, change, message] of problems) {
    it(`refuses: ${what}`, () => {
      const d = clone('ik_nodim');
      change(d);
      expect(() => buildModel(d)).toThrow(ModelError);
      expect(() => buildModel(d)).toThrow(message);
    });
  }

  it('equation errors name the equation, column and token', () => {
    const d = clone('ik_nodim');
    d.equations[1].rhs = 'v^2 + foo';
    expect(() => buildModel(d)).toThrow(ExprError);
    expect(() => buildModel(d)).toThrow("equation v': unknown symbol 'foo' at column 7");
    const e = clone('ik_nodim');
    e.definitions[0].expr = 'J*r*bar';
    expect(() => buildModel(e)).toThrow("definition r_in: unknown symbol 'bar' at column 5");
  });

  it('refuses exponential blow-up through chained definitions', () => {
    const d = clone('ik_nodim');
    d.definitions = [{ ...d.definitions[0], name: 'd0', expr: 'r*r' }];
    for (let i = 1; i < 30; i++) d.definitions.push({ ...d.definitions[0], name: `d${i}`, expr: `d${i - 1}*d${i - 1}` });
    d.definitions.push({ ...d.definitions[0], name: 'r_in', expr: 'd29' });
    expect(() => buildModel(d)).toThrow(/more than 100000 terms/);
  });
});

/**
 * Central differences: d f / d x_j ~ (f(x + h e_j) - f(x - h e_j)) / 2h with h = 1e-6 * max(|x_j|, 1e-3 * scale).
 * Error ~ h^2 |f'''| + eps |f| / h, far below the bound used below for these polynomial/rational models.
 */
function finiteDifference(f: (x: Float64Array) => number[], x: Float64Array, j: number, scale: number): number[] {
  const h = 1e-6 * Math.max(Math.abs(x[j]), 1e-3 * scale);
  const xp = x.slice();
  const xm = x.slice();
  xp[j] += h;
  xm[j] -= h;
  const fp = f(xp);
  const fm = f(xm);
  return fp.map((v, i) => (v - fm[i]) / (xp[j] - xm[j]));
}

describe('symbolic Jacobians match central finite differences', () => {
  for (const def of TEMPLATES) {
    it(def.name, () => {
      const m = buildModel(def);
      const d = derivativeAsts(m);
      const n = m.stateNames.length;
      const r = rng(2024);
      const scale = def.name === 'ik_nodim' ? 1 : 100;
      let worst = 0;
      for (let trial = 0; trial < 25; trial++) {
        const { y, p } = randomPoint(def, r);
        const env = new Map<string, number>();
        m.stateNames.forEach((s, i) => env.set(s, y[i]));
        m.paramNames.forEach((s, k) => env.set(s, p[k]));
        const get = (s: string) => env.get(s) as number;
        const check = (exact: Node[][], fd: (j: number) => number[], cols: number) => {
          for (let j = 0; j < cols; j++) {
            const approx = fd(j);
            // Scale of row i: the largest entry of the exact row, so tiny entries are not judged alone.
            for (let i = 0; i < n; i++) {
              const rowScale = Math.max(...exact[i].map((e) => Math.abs(evaluate(e, get))), 1e-12);
              const e = evaluate(exact[i][j], get);
              const err = Math.abs(e - approx[i]) / (Math.abs(e) + 1e-3 * rowScale);
              worst = Math.max(worst, err);
              expect(err, `${def.name} d f_${m.stateNames[i]} / d ${j}: ${e} vs ${approx[i]}`).toBeLessThan(1e-6);
            }
          }
        };
        check(d.jacobian, (j) => finiteDifference((yy) => rhsAt(m, yy, p), y, j, scale), n);
        check(d.paramJacobian, (k) => finiteDifference((pp) => rhsAt(m, y, pp), p, k, scale), m.paramNames.length);
      }
      expect(worst).toBeGreaterThan(0);
    });
  }

  it('a wrong Jacobian would be caught: perturbing one entry fails the comparison', () => {
    const m = buildModel(getTemplate('ik_nodim') as ModelDef);
    const d = derivativeAsts(m);
    const { y, p } = randomPoint(m.def, rng(1));
    const env = new Map<string, number>();
    m.stateNames.forEach((s, i) => env.set(s, y[i]));
    m.paramNames.forEach((s, k) => env.set(s, p[k]));
    const exact = evaluate(d.jacobian[1][0], (s) => env.get(s) as number);
    const approx = finiteDifference((yy) => rhsAt(m, yy, p), y, 0, 1)[1];
    expect(Math.abs(exact - approx) / Math.abs(exact)).toBeLessThan(1e-6);
    expect(Math.abs(exact * (1 + 1e-5) - approx) / Math.abs(exact)).toBeGreaterThan(1e-6);
  });
});
