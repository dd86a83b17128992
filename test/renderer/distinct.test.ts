import { describe, expect, it } from 'vitest';
import { differingTexts, distinctDigits, MIN_DIGITS, roundedText, uniqueLabels } from '../../src-renderer/src/lib/distinct';

describe('distinctDigits', () => {
  it('is the minimum for values that differ early, more when they agree in the leading digits', () => {
    expect(distinctDigits([0.5, 1.9887447910552893])).toBe(MIN_DIGITS);
    expect(distinctDigits([1.9887447910552893, 1.98875])).toBe(5);
    expect(distinctDigits([1.9887447910552893, 1.98874])).toBe(7);
    expect(distinctDigits([1.5, 1.5000000001])).toBe(11);
    expect(distinctDigits([42])).toBe(MIN_DIGITS);
    expect(distinctDigits([0.1 + 0.2, 0.3])).toBe(17);
  });

  it('always gives distinct texts for distinct values (random doubles close together)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 200; k++) {
      const base = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 6);
      const values = [base, base * (1 + 10 ** -(1 + Math.floor(rnd() * 14))), base + rnd() * Math.abs(base)];
      const d = distinctDigits(values);
      const unique = new Set(values);
      expect(new Set([...unique].map((v) => roundedText(v, d))).size, `${values}`).toBe(unique.size);
      // And one digit fewer would merge two of them (unless already at the minimum).
      if (d > MIN_DIGITS && d < 17) expect(new Set([...unique].map((v) => roundedText(v, d - 1))).size).toBeLessThan(unique.size);
    }
  });
});

describe('roundedText', () => {
  it('never prints more than the exact text, and keeps whole digits', () => {
    expect(roundedText(0.15, 4)).toBe('0.15');
    expect(roundedText(12345, 4)).toBe('12345');
    expect(roundedText(12345.6, 4)).toBe('12346');
    expect(roundedText(1.9887447910552893, 4)).toBe('1.989');
    expect(roundedText(3.0373e-12, 4)).toBe('3.037e-12');
    expect(roundedText(1.9887447910552893, 17)).toBe('1.9887447910552893');
  });
});

describe('differingTexts', () => {
  it('keeps differing facts only, rounding per key', () => {
    const a = [
      { key: 'm', text: 'ik_nodim' },
      { key: 'g', text: 'g = ', value: 1.9887447910552893 },
      { key: 'd', text: 'd = ', value: 2 },
    ];
    const b = [
      { key: 'm', text: 'ik_nodim' },
      { key: 'g', text: 'g = ', value: 0.5 },
      { key: 'd', text: 'd = ', value: 2 },
    ];
    expect(differingTexts([a, b])).toEqual([['g = 1.989'], ['g = 0.5']]);
    expect(differingTexts([a, b], true)).toEqual([['g = 1.9887447910552893'], ['g = 0.5']]);
  });

  it('makes shared labels unique with the entry number', () => {
    expect(uniqueLabels(['x', 'x', 'y'], [1, 2, 3], 'run')).toEqual(['x (run 1)', 'x (run 2)', 'y']);
  });
});
