/**
 * Small cycle families for the renderer's tests: a made-up family with a fold of cycles (LPC) and a
 * period doubling (PD), built so every number is different and known.
 */
import type { CycleBranch, CyclePoint, CycleRequest, CycleResult } from '@shared/cycles/types';

/** Point k of the family: p = 0.5 + 0.1 k up to the fold at k = 5, then back; stable up to the fold. */
export function cyclePoint(k: number, withOrbit = false): CyclePoint {
  const p = k <= 5 ? 0.5 + 0.1 * k : 1.0 - 0.1 * (k - 5);
  const amp = 0.01 * (k + 1);
  const q: CyclePoint = {
    p,
    period: 100 + 3 * k,
    stable: k < 5,
    multipliers: [
      [1 + 1e-7 * k, 0],
      [k < 5 ? 0.5 + 0.05 * k : 1.2 + 0.1 * k, 0],
    ],
    trivialError: 1e-7 * k,
    min: [0.05 - amp, 0.2 - 2 * amp],
    max: [0.05 + amp, 0.2 + 2 * amp],
    start: [0.05 + amp, 0.2],
  };
  if (withOrbit) q.orbit = Float64Array.from([0, q.start[0], q.start[1], 0.5, q.min[0], q.min[1], 1, q.start[0], q.start[1]]);
  return q;
}

export function cycleBranch(n = 9, withOrbit = false): CycleBranch {
  const points = Array.from({ length: n }, (_, k) => cyclePoint(k, withOrbit));
  const fold = { ...cyclePoint(5), p: 1.0 + 1 / 3, multipliers: [[1, 0] as [number, number], [1 - 1e-9, 0] as [number, number]] };
  return {
    from: 'HB1',
    param: 'g',
    stateNames: ['r', 'v'],
    values: { I_ext: 0.15, eta: 0.08 },
    ntst: 80,
    ncol: 4,
    points,
    special: [
      { type: 'LPC', label: 'LPC1', index: 4, point: fold, converged: true, info: {} },
      {
        type: 'PD',
        label: 'PD1',
        index: 6,
        point: {
          ...cyclePoint(6),
          multipliers: [
            [1, 0],
            [-1, 0],
          ],
        },
        converged: false,
        info: { multiplier: -1 },
      },
    ],
    ends: [
      { reason: 'hopf', message: 'born at HB1', p: 0.5 },
      { reason: 'bound', message: 'g left [0, 3]' },
    ],
  };
}

export function cycleRequest(): CycleRequest {
  return {
    model: 'ik_nodim',
    param: 'g',
    values: { I_ext: 0.15, eta: 0.08 },
    start: { label: 'HB1', state: [0.04, 0.25, 0.1, 0.1], p: 0.5, omega: 0.05 },
    bounds: [0, 3],
    settings: { maxPoints: 500 },
  };
}

export function cycleResult(branch: CycleBranch | null = cycleBranch(), status: CycleResult['status'] = 'ok'): CycleResult {
  return {
    status,
    message: status === 'ok' ? 'g left [0, 3]' : 'cancelled',
    branch,
    stats: { points: branch?.points.length ?? 0, wallMs: 12, iterations: 40, factorizations: 40 },
  };
}
