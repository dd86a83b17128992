/**
 * ik_nodim's steady-state branch in g at I_ext = 0.15 against test/fixtures/reference (AUTO-07p,
 * cross-checked with scipy): Hopf points, criticality, stability stretches and states.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { eqProblem } from '../../../../src-main/engine/continuation/eq-problem';
import { BorderedNewton } from '../../../../src-main/engine/continuation/newton';
import { ROOT } from '../../ensure-build';
import { trace } from './tiny-models';

interface Reference {
  special_points: { type: string; g: number; state: Record<string, number>; omega: number }[];
  branch: { columns: string[]; points: (number | boolean)[][] };
}

const ref = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reference/ik_nodim_equilibria_g_Iext0.15.json'), 'utf8')) as Reference;
const def = getTemplate('ik_nodim')!;
const result = trace(def, 'g', [0, 3], { inputs: { I_ext: 0.15 } });
const branch = result.branch!;
const refPoints = ref.branch.points.map((row) => ({ g: row[0] as number, x: row.slice(1, 5) as number[], stable: row[5] as boolean }));

describe('ik_nodim, g in [0, 3], I_ext = 0.15', () => {
  it('traces the whole range from the default g = 0.5', () => {
    expect(result.status).toBe('ok');
    expect(branch.ends.map((e) => e.reason)).toEqual(['bound', 'bound']);
    expect(branch.points[0].p).toBe(0);
    expect(branch.points[branch.points.length - 1].p).toBe(3);
    expect(branch.points[branch.startIndex].p).toBe(0.5);
    expect(branch.stateNames).toEqual(['r', 'v', 'u', 's']);
  });

  it('finds exactly the two Hopf points of the reference, located and classified', () => {
    expect(branch.special.map((s) => s.label)).toEqual(['HB1', 'HB2']);
    const errors = branch.special.map((s, i) => {
      const r = ref.special_points[i];
      expect(s.converged).toBe(true);
      expect(Math.abs(s.p - r.g) / r.g).toBeLessThan(1e-7);
      expect(Math.abs(s.omega! - r.omega) / r.omega).toBeLessThan(1e-6);
      expect(s.period).toBeCloseTo((2 * Math.PI) / s.omega!, 12);
      s.x.forEach((v, j) => expect(Math.abs(v - r.state[def.states[j].name])).toBeLessThan(1e-8));
      // The critical pair is on the imaginary axis at the located point.
      const crit = s.eigenvalues.filter(([, im]) => Math.abs(Math.abs(im) - s.omega!) < 1e-12);
      expect(crit).toHaveLength(2);
      for (const [re] of crit) expect(Math.abs(re)).toBeLessThan(1e-10);
      return { label: s.label, g: s.p, ref: r.g, relError: Math.abs(s.p - r.g) / r.g, l1: s.l1 };
    });
    expect(branch.special[0].criticality).toBe('supercritical');
    expect(branch.special[0].p).toBeCloseTo(0.6711, 4);
    expect(branch.special[1].criticality).toBe('subcritical');
    expect(branch.special[1].p).toBeCloseTo(1.9887, 4);
    console.log('ik_nodim Hopf points vs AUTO-07p reference:', JSON.stringify(errors));
  });

  it('has the reference stability on every stretch', () => {
    let compared = 0;
    for (const pt of branch.points) {
      const j = refPoints.findIndex((r, i) => i + 1 < refPoints.length && r.g <= pt.p && pt.p <= refPoints[i + 1].g);
      expect(j).toBeGreaterThanOrEqual(0);
      if (refPoints[j].stable !== refPoints[j + 1].stable) continue; // a Hopf point lies between them
      expect(pt.stable).toBe(refPoints[j].stable);
      compared++;
    }
    expect(compared).toBeGreaterThan(branch.points.length - 3);
    const hb = branch.special.map((s) => s.p);
    // Unstable exactly between the Hopf points.
    for (const pt of branch.points) if (Math.min(...hb.map((h) => Math.abs(pt.p - h))) > 1e-9) expect(pt.stable).toBe(pt.p < hb[0] || pt.p > hb[1]);
  });

  it("agrees with the reference's states to 1e-8", () => {
    const model = compileModel(def);
    const p = [...def.params.map((q) => q.default), 0.15];
    const k = model.paramNames.indexOf('g');
    const newton = new BorderedNewton(eqProblem(model, p, k));
    const e = Float64Array.from([0, 0, 0, 0, 1]);
    let maxCorrected = 0;
    let maxInterpolated = 0;
    let compared = 0;
    for (const r of refPoints) {
      if (r.g < 0 || r.g > 3) continue;
      const i = branch.points.findIndex((q, m) => m + 1 < branch.points.length && q.p <= r.g && r.g <= branch.points[m + 1].p);
      const a = branch.points[i];
      const b = branch.points[i + 1];
      const w = (r.g - a.p) / (b.p - a.p);
      const z = Float64Array.from([...a.x.map((v, j) => v + w * (b.x[j] - v)), r.g]);
      z.forEach((v, j) => j < 4 && (maxInterpolated = Math.max(maxInterpolated, Math.abs(v - r.x[j]))));
      expect(newton.solve(z, e, r.g, { tol: 1e-12, maxIter: 5 })).toBe('converged');
      for (let j = 0; j < 4; j++) maxCorrected = Math.max(maxCorrected, Math.abs(z[j] - r.x[j]));
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
    // The branch's own points lie on that curve (linear interpolation between them: O(ds^2)).
    expect(maxInterpolated).toBeLessThan(1e-3);
    expect(maxCorrected).toBeLessThan(1e-8);
    console.log(
      `ik_nodim branch states vs reference: max |error| ${maxCorrected.toExponential(2)} (corrected at the reference's g), ${maxInterpolated.toExponential(2)} (linear interpolation between branch points)`,
    );
  });

  it('every branch point is an equilibrium with the stored eigenvalues', () => {
    const model = compileModel(def);
    const p = Float64Array.from([...def.params.map((q) => q.default), 0.15]);
    const k = model.paramNames.indexOf('g');
    const f = new Float64Array(4);
    for (const pt of branch.points) {
      p[k] = pt.p;
      model.rhs(Float64Array.from(pt.x), p, f);
      for (const v of f) expect(Math.abs(v)).toBeLessThan(1e-10);
      expect(pt.eigenvalues).toHaveLength(4);
      expect(pt.stable).toBe(pt.eigenvalues.every(([re]) => re < 0));
    }
  });
});
