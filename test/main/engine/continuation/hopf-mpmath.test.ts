/**
 * Hopf points of ik_nodim against 30-digit values from an independent mpmath computation
 * (test/fixtures/reference/hopf_points_mpmath.py): located to 1e-11 relative in the parameter and
 * the state, 1e-10 in the frequency, over ranges that put each point far from the start, including
 * a Hopf point whose complex pair crosses slowly (d Re/d eta = 8.8e-5 at eta = 48.35).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import { ROOT } from '../../ensure-build';
import { trace } from './tiny-models';

interface HopfReference {
  points: { fixed: Record<string, string>; param: string; value: string; state: Record<string, string>; omega: string }[];
}

const ref = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reference/ik_nodim_hopf_points_mpmath.json'), 'utf8')) as HopfReference;
const def = getTemplate('ik_nodim')!;
const ranges: Record<string, [number, number]> = { g: [0, 3], eta: [-1, 100] };

describe('ik_nodim Hopf points against mpmath', () => {
  for (const point of ref.points) {
    const fixed = Object.fromEntries(Object.entries(point.fixed).map(([k, v]) => [k, Number(v)]));
    it(`${point.param} = ${Number(point.value).toPrecision(12)} (${JSON.stringify(fixed)})`, () => {
      const inputs: Record<string, number> = 'I_ext' in fixed ? { I_ext: fixed.I_ext } : {};
      const result = trace(def, point.param, ranges[point.param], { inputs });
      expect(result.status).toBe('ok');
      const value = Number(point.value);
      const hb = result.branch!.special.filter((s) => s.type === 'HB' && Math.abs(s.p - value) < 1e-3 * Math.abs(value));
      expect(hb).toHaveLength(1);
      const [s] = hb;
      expect(s.converged).toBe(true);
      expect(Math.abs(s.p - value)).toBeLessThan(1e-11 * Math.abs(value));
      ['r', 'v', 'u', 's'].forEach((name, i) => {
        const x = Number(point.state[name]);
        expect(Math.abs(s.x[i] - x)).toBeLessThan(1e-11 * Math.max(1, Math.abs(x)));
      });
      const omega = Number(point.omega);
      expect(s.type === 'HB' && Math.abs((s.omega as number) - omega)).toBeLessThan(1e-10 * omega);
    });
  }
});
