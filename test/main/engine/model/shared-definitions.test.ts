/**
 * Definitions computed once as locals (with their derivatives, by the chain rule) give the same
 * numbers as substituting their text into every equation: compared bit for bit against code
 * generated from the substituted equations, on the templates and on a model whose definitions use
 * definitions several times.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, type ModelAst } from '@shared/models/build';
import { TEMPLATES } from '@shared/models/templates';
import { compileBuilt, compileModel, generatedSource, generateSource } from '../../../../src-main/engine/compile';
import { rng } from '../../../shared/expr/rng';
import { randomPoint } from '../../../shared/models/points';
import { CHAINED } from './chained-model';

/** The model with its definitions substituted into the equations (how code was generated before). */
const substituted = (m: ModelAst): ModelAst => ({ ...m, definitions: [], equations: m.rhs });

describe.each([...TEMPLATES, CHAINED].map((d) => [d.name, d] as const))('%s', (_, def) => {
  const shared = compileModel(def);
  const inlined = compileBuilt(substituted(buildModel(def)));
  const n = shared.stateNames.length;
  const m = shared.paramNames.length;

  it('rhs, both Jacobians and the fused kernels are bit-identical to the substituted equations', () => {
    const r = rng(17);
    const a = new Float64Array(n * m);
    const b = new Float64Array(n * m);
    for (let trial = 0; trial < 200; trial++) {
      const { y, p } = randomPoint(def, r);
      for (const f of ['rhs', 'jacobian', 'paramJacobian'] as const) {
        shared[f](y, p, a);
        inlined[f](y, p, b);
        expect([...a], f).toEqual([...b]);
        expect(a.every(Number.isFinite)).toBe(true);
      }
      if (trial < 10) {
        const u = y.slice();
        const v = y.slice();
        shared.rk4Steps!(u, p, 1e-3, 20);
        inlined.rk4Steps!(v, p, 1e-3, 20);
        expect([...u]).toEqual([...v]);
        shared.eulerSteps!(u, p, 1e-3, 20);
        inlined.eulerSteps!(v, p, 1e-3, 20);
        expect([...u]).toEqual([...v]);
      }
    }
  });
});

describe('chained definitions', () => {
  it('each definition (and each function call) is computed once per evaluation', () => {
    const src = generatedSource(CHAINED);
    const old = generateSource(substituted(buildModel(CHAINED)));
    const count = (s: string, w: string) => s.split(w).length - 1;
    // Two sigmoids: one exp each, in rhs, in the Jacobian (values and derivatives) and per RK4 stage.
    expect(count(src.rhs, 'Math.exp(')).toBe(2);
    expect(count(src.jacobian, 'Math.exp(')).toBe(2);
    expect(count(src.rk4Steps, 'Math.exp(')).toBe(8);
    // x_e = w_ee*E - ... is used by s_e and by I': computed once (inlined, it appears in both).
    expect(count(src.rhs, '(p0 * y0)')).toBe(1);
    expect(count(old.rhs, '(p0 * y0)')).toBeGreaterThan(1);
    expect(src.rhs.length).toBeLessThan(old.rhs.length);
    expect(src.jacobian.length).toBeLessThan(old.jacobian.length);
  });

  it('a definition free of states is computed before the kernels loop', () => {
    const def = structuredClone(CHAINED);
    def.definitions.push({ name: 'k_e', latex: '', description: '', unit: '', expr: 'gain*theta/tau_e' });
    def.equations[0].rhs = '(-E + drive)/tau_e + k_e*E';
    const src = generatedSource(def).rk4Steps;
    const loop = src.indexOf('for (');
    const kLocal = /const (q\d+) = \(\(p4 \* p5\) \/ p8\);/.exec(src);
    expect(kLocal).not.toBeNull();
    expect(src.indexOf(kLocal![0])).toBeLessThan(loop);
    const c = compileModel(def);
    const i = compileBuilt(substituted(buildModel(def)));
    const y = Float64Array.from([0.3, 0.2, 0.1]);
    const p = Float64Array.from([...def.params.map((q) => q.default), 1.2, 0.3]);
    const u = y.slice();
    c.rk4Steps!(u, p, 1e-2, 50);
    i.rk4Steps!(y, p, 1e-2, 50);
    expect([...u]).toEqual([...y]);
  });
});
