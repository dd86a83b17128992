/**
 * The engine on ik_theta (no reference values): the trace completes, ends at the range bounds,
 * every point is an equilibrium, and each special point is what its type says. ik_eta is checked
 * against an independent computation in ./ik-eta.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { trace } from './tiny-models';

const cases = [
  { model: 'ik_theta', param: 'eta', bounds: [-100, 200], params: { g: 30, d: 10, Delta: 1 } },
  { model: 'ik_theta', param: 'I_ext', bounds: [-100, 200], params: { g: 30, d: 10, Delta: 1 } },
] as const;

describe.each(cases)('$model in $param over $bounds', ({ model, param, bounds, params }) => {
  const def = getTemplate(model)!;
  const compiled = compileModel(def);
  const r = trace(def, param, [...bounds] as [number, number], { params });
  const b = r.branch!;

  it('traces the whole range and every point is a steady state', () => {
    expect(r.status).toBe('ok');
    expect(b.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    expect(b.points.length).toBeLessThan(1000);
    const p = Float64Array.from([...def.params.map((q) => (params as Record<string, number>)[q.name] ?? q.default), ...def.inputs.map((q) => q.default)]);
    const k = compiled.paramNames.indexOf(param);
    const f = new Float64Array(def.states.length);
    for (const pt of b.points) {
      p[k] = pt.p;
      compiled.rhs(Float64Array.from(pt.x), p, f);
      for (const v of f) expect(Math.abs(v)).toBeLessThan(1e-9);
    }
  });

  it('locates its special points, each of the kind it claims', () => {
    expect(b.special.map((s) => s.type).sort()).toEqual(['HB', 'LP', 'LP']);
    for (const s of b.special) {
      expect(s.converged).toBe(true);
      const size = Math.max(...s.eigenvalues.map(([re, im]) => Math.hypot(re, im)));
      if (s.type === 'LP') {
        // A fold: a real eigenvalue crosses zero.
        expect(Math.min(...s.eigenvalues.map(([re, im]) => Math.hypot(re, im)))).toBeLessThan(1e-8 * size);
      }
      if (s.type === 'HB') {
        expect(s.omega).toBeGreaterThan(0);
        expect(Number.isFinite(s.l1)).toBe(true);
        expect(s.eigenvalues.some(([re, im]) => Math.abs(re) < 1e-10 && Math.abs(im - s.omega!) < 1e-12 * size)).toBe(true);
      }
    }
  });
});

it('ik_theta at g = 30, d = 10, Delta = 1 has two folds and a Hopf point in eta (and the same in I_ext)', () => {
  const def = getTemplate('ik_theta')!;
  const params = { g: 30, d: 10, Delta: 1 };
  const byEta = trace(def, 'eta', [-100, 200], { params }).branch!;
  const byInput = trace(def, 'I_ext', [-100, 200], { params }).branch!;
  expect(byEta.special.map((s) => s.type).sort()).toEqual(['HB', 'LP', 'LP']);
  // eta and I_ext enter only as their sum, so the special points coincide.
  expect(byInput.special.map((s) => s.label)).toEqual(byEta.special.map((s) => s.label));
  byInput.special.forEach((s, i) => expect(s.p).toBeCloseTo(byEta.special[i].p, 7));
});
