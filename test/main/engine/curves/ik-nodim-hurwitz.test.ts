/**
 * The Hopf curve of ik_nodim in (eta, g) at I_ext = 0, through HB1 of the branch in eta at g = 1.5,
 * against Hopf points computed without the engine (../continuation/ik-hopf-reference.ts: the
 * explicit steady-state curve and the Hurwitz determinant of the characteristic polynomial): at
 * each g asked for, the curve must cross every reference Hopf point (eta, omega, state) and no
 * other in eta in [-0.5, 0.5] (the curve turns in g and holds both Hopf points of the branches in
 * eta there). A second Hopf curve (frequency near 2, eta above 0.5) is traced from a reference
 * point, without any one-parameter branch, and checked the same way.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTINUATION } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { runContinuation } from '../../../../src-main/engine/continuation/run';
import { traceCurve } from '../../../../src-main/engine/curves/trace';
import { hopfPoints } from '../continuation/ik-hopf-reference';

const G = [0.8, 0.9, 1, 1.25, 1.5, 2, 3, 3.9];

describe('ik_nodim Hopf curve in (eta, g) at I_ext = 0 against the Hurwitz determinant', () => {
  const model = compileModel(getTemplate('ik_nodim')!);
  const branch = runContinuation(model, {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: {},
    param: 'eta',
    bounds: [-2, 2],
    settings: { ...DEFAULT_CONTINUATION },
  }).branch!;
  const hb = branch.special.find((s) => s.label === 'HB1')!;
  const curve = traceCurve(model, {
    kind: 'hopf',
    params: ['eta', 'g'],
    values: { g: 1.5 },
    start: { x: hb.x, p: [hb.p, 1.5], omega: hb.omega },
    bounds: { eta: [-0.5, 0.5], g: [0, 4] },
    at: { g: G },
  });

  it('crosses exactly the reference Hopf points at each g, to 1e-9 relative', () => {
    expect(curve.status).toBe('ok');
    let worst = 0;
    let count = 0;
    for (const g of G) {
      const ours = curve.located.filter((pt) => pt.params[1] === g).sort((a, b) => a.params[0] - b.params[0]);
      const ref = hopfPoints(g, -0.5, 0.5);
      expect(ours.length, `Hopf points at g = ${g}`).toBe(ref.length);
      ref.forEach((h, i) => {
        const pt = ours[i];
        worst = Math.max(worst, Math.abs(pt.params[0] - h.eta) / Math.abs(h.eta), Math.abs((pt.omega as number) - h.omega) / h.omega);
        for (let k = 0; k < 4; k++) worst = Math.max(worst, Math.abs(pt.state[k] - h.x[k]) / Math.abs(h.x[k]));
        count++;
      });
    }
    expect(count).toBeGreaterThanOrEqual(15);
    expect(worst).toBeLessThan(1e-9);
  });

  it('traces the second, high-frequency Hopf curve from a reference point', () => {
    const start = hopfPoints(2, 0.5, 5)[0];
    const second = traceCurve(model, {
      kind: 'hopf',
      params: ['eta', 'g'],
      values: { g: 2 },
      start: { x: start.x, p: [start.eta, 2], omega: start.omega },
      bounds: { eta: [0.5, 5], g: [0, 4] },
      at: { g: G },
    });
    expect(second.status).toBe('ok');
    let worst = 0;
    let count = 0;
    for (const g of G) {
      const ours = second.located.filter((pt) => pt.params[1] === g);
      const ref = hopfPoints(g, 0.5, 5);
      expect(ours.length, `Hopf points at g = ${g}`).toBe(ref.length);
      ref.forEach((h, i) => {
        worst = Math.max(worst, Math.abs(ours[i].params[0] - h.eta) / h.eta, Math.abs((ours[i].omega as number) - h.omega) / h.omega);
        count++;
      });
    }
    expect(count).toBeGreaterThanOrEqual(4);
    expect(worst).toBeLessThan(1e-9);
  });
});
