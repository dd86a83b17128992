import { describe, expect, it } from 'vitest';
import {
  clampSplit,
  listsShown,
  SPLIT_DEFAULT,
  SPLIT_MAX,
  SPLIT_MIN,
  SPLIT_STEP,
  splitAfterKey,
  splitAtPointer,
  WIDE_SPLIT,
} from '../../src-renderer/src/lib/layout';

describe('split handle', () => {
  it('moves by a step with the arrows, four with Page keys, to the ends with Home/End, back with Enter', () => {
    expect(splitAfterKey(0.5, 'ArrowRight')).toBeCloseTo(0.5 + SPLIT_STEP, 12);
    expect(splitAfterKey(0.5, 'ArrowLeft')).toBeCloseTo(0.5 - SPLIT_STEP, 12);
    expect(splitAfterKey(0.5, 'PageUp')).toBeCloseTo(0.5 + 4 * SPLIT_STEP, 12);
    expect(splitAfterKey(0.5, 'Home')).toBe(SPLIT_MIN);
    expect(splitAfterKey(0.5, 'End')).toBe(SPLIT_MAX);
    expect(splitAfterKey(0.3, 'Enter')).toBe(SPLIT_DEFAULT);
    expect(splitAfterKey(0.5, 'a')).toBeNull();
  });

  it('stays within its limits', () => {
    expect(splitAfterKey(SPLIT_MAX, 'ArrowRight')).toBe(SPLIT_MAX);
    expect(splitAfterKey(SPLIT_MIN, 'PageDown')).toBe(SPLIT_MIN);
    expect(clampSplit(Number.NaN)).toBe(SPLIT_DEFAULT);
    expect(splitAtPointer(100, 0, 1000)).toBe(SPLIT_MIN);
    expect(splitAtPointer(600, 100, 1000)).toBe(0.5);
    expect(splitAtPointer(5, 0, 0)).toBe(SPLIT_DEFAULT);
  });
});

describe('lists', () => {
  it('fold only in Side by side on a narrow window, unless the user chose', () => {
    expect(listsShown('split', 1280, null)).toBe(false);
    expect(listsShown('split', WIDE_SPLIT, null)).toBe(true);
    expect(listsShown('timeseries', 1280, null)).toBe(true);
    expect(listsShown('split', 1280, true)).toBe(true);
    expect(listsShown('bifurcation', 1920, false)).toBe(false);
  });
});
