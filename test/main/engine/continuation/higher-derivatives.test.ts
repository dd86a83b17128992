/** compileHigherDerivatives against central differences of the exact Jacobian (and of the Hessian). */
import { expect, it } from 'vitest';
import { TEMPLATES } from '@shared/models/templates';
import { compileHigherDerivatives, compileModel } from '../../../../src-main/engine/compile';

it.each(TEMPLATES.map((t) => [t.name, t] as const))('%s: second and third derivatives match differences of the lower ones', (_, def) => {
  const model = compileModel(def);
  const { hessian, third } = compileHigherDerivatives(def);
  const n = model.stateNames.length;
  const p = Float64Array.from([...def.params.map((q) => q.default), ...def.inputs.map((q) => q.default + 0.3)]);
  const y = Float64Array.from(def.states.map((s, i) => s.initial + 0.05 * (i + 1)));
  const h = new Float64Array(n ** 3);
  const t = new Float64Array(n ** 4);
  hessian(y, p, h);
  third(y, p, t);
  const jp = new Float64Array(n * n);
  const jm = new Float64Array(n * n);
  const hp = new Float64Array(n ** 3);
  const hm = new Float64Array(n ** 3);
  for (let k = 0; k < n; k++) {
    const e = 1e-5 * Math.max(1, Math.abs(y[k]));
    const yp = Float64Array.from(y);
    const ym = Float64Array.from(y);
    yp[k] += e;
    ym[k] -= e;
    model.jacobian(yp, p, jp);
    model.jacobian(ym, p, jm);
    hessian(yp, p, hp);
    hessian(ym, p, hm);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const fd = (jp[i * n + j] - jm[i * n + j]) / (2 * e);
        const exact = h[(i * n + j) * n + k];
        expect(Math.abs(exact - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
        for (let l = 0; l < n; l++) {
          const fd3 = (hp[(i * n + j) * n + l] - hm[(i * n + j) * n + l]) / (2 * e);
          expect(Math.abs(t[((i * n + j) * n + l) * n + k] - fd3)).toBeLessThan(1e-6 * (1 + Math.abs(fd3)));
        }
      }
    }
  }
  // Symmetric in the differentiation indices, and not all zero (the models are nonlinear).
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) expect(h[(i * n + j) * n + k]).toBe(h[(i * n + k) * n + j]);
  expect(h.some((v) => v !== 0)).toBe(true);
});
