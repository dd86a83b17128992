/**
 * Random states and parameters in each template's physically sensible range, for derivative and
 * compilation tests. Parameters vary by ±20 % around their defaults (zero defaults within a range
 * of the template's scale); states within typical trajectory ranges.
 */
import type { ModelDef } from '@shared/models/types';
import { uniform } from '../expr/rng';

const STATE_RANGES: Record<string, Record<string, [number, number]>> = {
  ik_nodim: { r: [0.001, 0.5], v: [-2, 2], u: [-0.5, 0.5], s: [0, 1] },
  ik_eta: { r: [0.0001, 0.1], v: [-80, -20], u: [-50, 50], s: [0, 1] },
  ik_theta: { r: [0.0001, 0.1], v: [-80, -20], u: [-50, 50], s: [0, 1] },
};

/** Ranges for parameters and inputs whose default is 0. */
const ZERO_DEFAULT_RANGES: Record<string, [number, number]> = {
  eta: [-0.5, 0.5],
  I_ext: [-0.5, 0.5],
  E_r: [-20, 20],
};
const BIOPHYSICAL_SCALE = 100;

export function randomPoint(def: ModelDef, r: () => number): { y: Float64Array; p: Float64Array } {
  const ranges = STATE_RANGES[def.name];
  const y = Float64Array.from(def.states, (s) => {
    const range = ranges?.[s.name] ?? [-1, 1];
    return uniform(r, range[0], range[1]);
  });
  const scale = def.name === 'ik_nodim' ? 1 : BIOPHYSICAL_SCALE;
  const value = (name: string, d: number) => {
    if (d !== 0) return d * uniform(r, 0.8, 1.2);
    const [lo, hi] = ZERO_DEFAULT_RANGES[name] ?? [-0.5, 0.5];
    return uniform(r, lo, hi) * (name === 'E_r' ? 1 : scale);
  };
  const p = Float64Array.from([...def.params, ...def.inputs], (q) => value(q.name, q.default));
  return { y, p };
}
