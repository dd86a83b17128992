/**
 * The first Lyapunov coefficient from the model's jet (exact B and C) against an independent mpmath
 * computation at 50 digits (test/fixtures/reference/hopf_l1_mpmath.py: Jacobian and second
 * derivatives written by hand), at the three Hopf points of ik_nodim_hopf_points_mpmath.json: given
 * the reference point itself, and at the point the continuation locates. The eta point has
 * l1 = -4.8e-6, a near-cancellation of terms of order 1e-2, so it probes rounding too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { compileModel } from '../../../../src-main/engine/compile';
import { firstLyapunovCoefficient } from '../../../../src-main/engine/continuation/lyapunov';
import { ROOT } from '../../ensure-build';
import { trace } from './tiny-models';

interface L1Reference {
  points: { fixed: Record<string, string>; param: string; value: string; state: Record<string, string>; l1: string; omega: string }[];
}

const ref = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reference/ik_nodim_hopf_l1_mpmath.json'), 'utf8')) as L1Reference;
const def = getTemplate('ik_nodim')!;
const model = compileModel(def);
const ranges: Record<string, [number, number]> = { g: [0, 3], eta: [-1, 100] };

describe('ik_nodim l1 at its Hopf points against mpmath', () => {
  for (const point of ref.points) {
    const fixed = Object.fromEntries(Object.entries(point.fixed).map(([k, v]) => [k, Number(v)]));
    const l1 = Number(point.l1);
    const value = Number(point.value);

    it(`${point.param} = ${value.toPrecision(10)}: l1 = ${l1.toPrecision(8)} to 1e-11 relative at the reference point`, () => {
      const p = Float64Array.from([...def.params.map((q) => (q.name === point.param ? value : (fixed[q.name] ?? q.default))), fixed.I_ext ?? 0]);
      const x = Float64Array.from(['r', 'v', 'u', 's'], (k) => Number(point.state[k]));
      const a = new Float64Array(16);
      model.jacobian(x, p, a);
      const got = firstLyapunovCoefficient(model, x, p, a, Number(point.omega));
      expect(Math.abs(got.l1 - l1)).toBeLessThan(1e-11 * Math.abs(l1));
      expect(got.criticality).toBe(l1 < 0 ? 'supercritical' : 'subcritical');
    });

    it(`${point.param} = ${value.toPrecision(10)}: the located Hopf point carries l1 to 1e-9 relative`, () => {
      const inputs: Record<string, number> = 'I_ext' in fixed ? { I_ext: fixed.I_ext } : {};
      const hb = trace(def, point.param, ranges[point.param], { inputs }).branch!.special.filter(
        (s) => s.type === 'HB' && Math.abs(s.p - value) < 1e-3 * Math.abs(value),
      );
      expect(hb).toHaveLength(1);
      expect(Math.abs(hb[0].l1! - l1)).toBeLessThan(1e-9 * Math.abs(l1));
    });
  }
});
