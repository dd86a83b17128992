import { describe, expect, it } from 'vitest';
import { scheduleSteps, scheduleValue } from '../../src-renderer/src/lib/schedule';

describe('scheduleValue', () => {
  const w = [{ start: 400, stop: 600, value: 0 }];
  it('holds a window on [start, stop) and the baseline elsewhere', () => {
    expect(scheduleValue(0.15, w, 399.999)).toBe(0.15);
    expect(scheduleValue(0.15, w, 400)).toBe(0);
    expect(scheduleValue(0.15, w, 599.999)).toBe(0);
    expect(scheduleValue(0.15, w, 600)).toBe(0.15);
  });
  it('lets later windows win where they overlap', () => {
    const ws = [
      { start: 0, stop: 10, value: 1 },
      { start: 5, stop: 8, value: 2 },
    ];
    expect(scheduleValue(0, ws, 4)).toBe(1);
    expect(scheduleValue(0, ws, 6)).toBe(2);
    expect(scheduleValue(0, ws, 9)).toBe(1);
  });
});

describe('scheduleSteps', () => {
  it('gives the breakpoints of the seed input over [0, T]', () => {
    const s = scheduleSteps(0.15, [{ start: 400, stop: 600, value: 0 }], 1000);
    expect(s).toEqual({ t: [0, 400, 600, 1000], v: [0.15, 0, 0.15, 0.15] });
  });
  it('ignores edges outside (0, T) and still spans [0, T]', () => {
    const s = scheduleSteps(1, [{ start: 50, stop: 2000, value: 3 }], 100);
    expect(s).toEqual({ t: [0, 50, 100], v: [1, 3, 3] });
  });
  it('falls back to [0, 1] when T is not a positive number', () => {
    expect(scheduleSteps(2, [], NaN)).toEqual({ t: [0, 1], v: [2, 2] });
  });
});
