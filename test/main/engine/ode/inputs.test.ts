/**
 * Input schedules at window edges. The model y' = I(t), y(0) = 0 integrates its input exactly with
 * every method, so y(t) must equal the exact integral of the schedule, whatever the method and dt
 * (a window edge moved to the step grid, or any smearing of a jump, would show as an O(h) error).
 */
import { describe, expect, it } from 'vitest';
import { edgesOnSteps, fromWindows, mergeSignals, signalInTime } from '../../../../src-main/engine/inputs';
import { simulate } from '../../../../src-main/engine/simulate';
import type { InputSpec } from '@shared/simulation/types';
import { handModel, integrator, request } from './models';

/** baseline 1; [0.3, 0.9) = 3; [0.5, 0.7) = -5 (overlapping: the later window wins). */
const OVERLAP: InputSpec = {
  kind: 'schedule',
  baseline: 1,
  windows: [
    { start: 0.3, stop: 0.9, value: 3 },
    { start: 0.5, stop: 0.7, value: -5 },
  ],
};

/** The exact integral of piecewise-constant pieces: values[i] on [breaks[i], breaks[i+1]). */
function integral(breaks: number[], values: number[], t: number): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const a = breaks[i];
    const b = Math.min(breaks[i + 1], t);
    if (b > a) s += values[i] * (b - a);
  }
  return s;
}

describe('fixed-step methods land on every window edge', () => {
  it.each(['euler', 'rk4'] as const)('%s integrates overlapping windows at off-grid times exactly', (method) => {
    // dt = 1/8: the edges 0.3, 0.7 and 0.9 fall inside steps, 0.5 on the grid.
    const res = simulate(integrator, request(integrator, { method, dt: 0.125, tEnd: 2, sample: 0.125 }, { inputs: { I: OVERLAP } }));
    expect(res.status).toBe('ok');
    expect(res.t.length).toBe(17);
    res.t.forEach((t, k) => expect(t).toBe(k / 8));
    for (let k = 0; k <= 16; k++) {
      const exact = integral([0, 0.3, 0.5, 0.7, 0.9, 2], [1, 3, -5, 3, 1], res.t[k]);
      expect(Math.abs(res.columns[0][k] - exact)).toBeLessThan(1e-14);
    }
    // 16 grid steps, three of them split once at an edge inside them.
    expect(res.stats.steps).toBe(19);
    expect(res.message).toContain('3 shortened to end at input changes');
  });

  it('a window edge within rounding of a grid time starts on that step (0.07 / 0.01 = 7.000000000000001)', () => {
    const input: InputSpec = { kind: 'schedule', baseline: 0, windows: [{ start: 0.07, stop: 0.14, value: 1 }] };
    const res = simulate(integrator, request(integrator, { method: 'euler', dt: 0.01, tEnd: 0.2, sample: 0.01 }, { inputs: { I: input } }));
    for (let k = 0; k <= 20; k++) {
      const covered = Math.min(Math.max(k - 7, 0), 7);
      expect(Math.abs(res.columns[0][k] - 0.01 * covered)).toBeLessThan(1e-15);
    }
  });

  it('the seed window [400, 600) at dt = 5e-4 switches exactly at steps 800000 and 1200000', () => {
    const input: InputSpec = { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] };
    const res = simulate(integrator, request(integrator, { method: 'euler', dt: 5e-4, tEnd: 1000, sample: 100 }, { inputs: { I: input } }));
    // One step too many or too few with I = 0.15 would be off by 7.5e-5.
    const expected = [0, 15, 30, 45, 60, 60, 60, 75, 90, 105, 120];
    expected.forEach((v, k) => expect(Math.abs(res.columns[0][k] - v)).toBeLessThan(1e-8));
  });

  it('a window shorter than a step acts in full, as with dopri5', () => {
    const input: InputSpec = { kind: 'schedule', baseline: 0, windows: [{ start: 0.3, stop: 0.35, value: 7 }] };
    for (const method of ['euler', 'rk4', 'dopri5'] as const) {
      const res = simulate(integrator, request(integrator, { method, dt: 0.125, tEnd: 1, sample: 1 }, { inputs: { I: input } }));
      expect(Math.abs(res.columns[0][1] - 0.35)).toBeLessThan(1e-14);
    }
  });

  it('array inputs hold one value per step; values beyond the run are ignored', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 99];
    for (const method of ['euler', 'rk4'] as const) {
      const res = simulate(integrator, request(integrator, { method, dt: 0.25, tEnd: 2, sample: 0.25 }, { inputs: { I: { kind: 'array', values } } }));
      let y = 0;
      for (let k = 0; k <= 8; k++) {
        expect(res.columns[0][k]).toBe(y);
        y += 0.25 * values[k];
      }
    }
  });
});

describe('dopri5 lands on every input change', () => {
  it('integrates overlapping windows exactly (no smearing, even at loose tolerance)', () => {
    for (const rtol of [1e-3, 1e-8]) {
      const res = simulate(
        integrator,
        request(integrator, { method: 'dopri5', dt: 0.01, tEnd: 2, sample: 0.05, rtol, atol: 1e-6 }, { inputs: { I: OVERLAP } }),
      );
      expect(res.status).toBe('ok');
      for (let k = 0; k < res.t.length; k++) {
        const exact = integral([0, 0.3, 0.5, 0.7, 0.9, 2], [1, 3, -5, 3, 1], res.t[k]);
        expect(Math.abs(res.columns[0][k] - exact)).toBeLessThan(1e-12);
      }
    }
  });

  it('integrates array inputs exactly, and a second input merged with the first', () => {
    const twoInputs = handModel({
      name: 'two',
      states: [['y', 0]],
      inputs: [
        ['a', 0],
        ['b', 0],
      ],
      rhs: (_y, p, dy) => {
        dy[0] = p[0] + p[1];
      },
    });
    // 40 values on the grid 0.05 i (runs of equal values included), window edges off the grid.
    const values = Array.from({ length: 40 }, (_, i) => Math.round(3 * Math.sin(i * i)));
    const grid = Array.from({ length: 41 }, (_, i) => 0.05 * i);
    const inputs: Record<string, InputSpec> = {
      a: { kind: 'array', values },
      b: { kind: 'schedule', baseline: 0, windows: [{ start: 0.62, stop: 1.13, value: 10 }] },
    };
    const res = simulate(twoInputs, request(twoInputs, { method: 'dopri5', dt: 0.05, tEnd: 2, sample: 0.05 }, { inputs }));
    expect(res.t.length).toBe(41);
    for (let k = 0; k < res.t.length; k++) {
      const t = res.t[k];
      const exact = integral(grid, values, t) + integral([0, 0.62, 1.13, 2], [0, 10, 0], t);
      expect(Math.abs(res.columns[0][k] - exact)).toBeLessThan(1e-12);
    }
  });
});

describe('input pieces', () => {
  it('later windows win and equal neighbours merge', () => {
    const s = fromWindows(0, [1, 2, 5], [4, 3, 6], [7, 8, 0], 10);
    expect([...s.at]).toEqual([0, 1, 2, 3, 4]);
    expect([...s.values]).toEqual([0, 7, 8, 7, 0]);
  });

  it('edges on the step grid: multiples of dt up to rounding switch between steps, others split a step', () => {
    const spec: InputSpec = {
      kind: 'schedule',
      baseline: 0,
      windows: [
        { start: 400, stop: 600, value: 1 },
        { start: 700.0001, stop: 700.0002, value: 2 },
      ],
    };
    const segs = mergeSignals([signalInTime(spec, 5e-4, 1000)], 1000);
    expect([...segs.starts]).toEqual([0, 400, 600, 700.0001, 700.0002, 1000]);
    const edges = edgesOnSteps(segs, 5e-4);
    expect([...edges.step]).toEqual([0, 800_000, 1_200_000, 1_400_000, 1_400_000, Infinity]);
    expect([...edges.inside]).toEqual([0, 0, 0, 1, 1, 0]);
  });

  it('merges several inputs into common segments', () => {
    const a = fromWindows(0, [2], [6], [1], 10);
    const b = fromWindows(5, [4], [8], [6], 10);
    const m = mergeSignals([a, b], 10);
    expect(m.count).toBe(5);
    expect([...m.starts]).toEqual([0, 2, 4, 6, 8, 10]);
    expect([...m.values]).toEqual([0, 5, 1, 5, 1, 6, 0, 6, 0, 5]);
  });
});
