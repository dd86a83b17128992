import { describe, expect, it } from 'vitest';
import { StepInput } from '../../../../src-main/engine/network/step-input';

describe('network input per Euler step', () => {
  it('uses the mean of the input over each step, so a window acts for exactly its length', () => {
    const dt = 0.01;
    // Window [0.0525, 0.0775) = 0 on a baseline of 1: edges inside steps 5 and 7.
    const input = new StepInput({ kind: 'schedule', baseline: 1, windows: [{ start: 0.0525, stop: 0.0775, value: 0 }] }, dt, 1);
    const values = Array.from({ length: 10 }, (_, n) => input.at(n));
    expect(values[4]).toBe(1);
    expect(values[5]).toBeCloseTo(0.25, 12);
    expect(values[6]).toBe(0);
    expect(values[7]).toBeCloseTo(0.25, 12);
    expect(values[8]).toBe(1);
    // The integral of the input equals its exact integral, 1 - 0.025.
    expect(values.reduce((s, v) => s + v * dt, 0)).toBeCloseTo(0.1 - 0.025, 12);
  });

  it('switches between steps for edges on the grid (up to rounding) and holds windows shorter than a step', () => {
    const dt = 5e-4;
    const on = new StepInput({ kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] }, dt, 1000);
    expect(on.at(799_999)).toBe(0.15);
    expect(on.at(800_000)).toBe(0);
    expect(on.at(1_199_999)).toBe(0);
    expect(on.at(1_200_000)).toBe(0.15);
    const pulse = new StepInput({ kind: 'schedule', baseline: 0, windows: [{ start: 0.0121, stop: 0.0124, value: 2 }] }, 0.01, 1);
    expect(pulse.at(0)).toBe(0);
    expect(pulse.at(1)).toBeCloseTo(2 * 0.03, 12);
    expect(pulse.at(2)).toBe(0);
  });
});
