import { describe, expect, it } from 'vitest';
import { formatExact, formatValue, parseNumber } from '../../src-renderer/src/lib/format';

describe('formatExact', () => {
  it('prints plain decimals unless the exponent form is clearly shorter', () => {
    expect(formatExact(0.15)).toBe('0.15');
    expect(formatExact(1.5)).toBe('1.5');
    expect(formatExact(1000)).toBe('1000');
    expect(formatExact(0.001)).toBe('0.001');
    expect(formatExact(5e-4)).toBe('5e-4');
    expect(formatExact(1e6)).toBe('1e6');
    expect(formatExact(-0.01)).toBe('-0.01');
    expect(formatExact(1e-10)).toBe('1e-10');
    expect(formatExact(0)).toBe('0');
  });

  it('reads back to the same double for awkward values', () => {
    for (const x of [0.1 + 0.2, 1 / 3, -2.6e-7, 123456789.123, 1.5000000001, 5e-324, 1.7e308]) {
      expect(Number(formatExact(x))).toBe(x);
    }
  });

  it('names non-finite values', () => {
    expect(formatExact(NaN)).toBe('NaN');
    expect(formatExact(Infinity)).toBe('∞');
    expect(formatExact(-Infinity)).toBe('-∞');
  });
});

describe('formatValue', () => {
  it('rounds to significant digits and drops trailing zeros', () => {
    expect(formatValue(0.0358412, 4)).toBe('0.03584');
    expect(formatValue(2, 4)).toBe('2');
    expect(formatValue(199.2613, 5)).toBe('199.26');
    expect(formatValue(-1234.5678, 3)).toBe('-1230');
  });
  it('switches to exponent form for very small and very large magnitudes', () => {
    expect(formatValue(7.85e-5, 3)).toBe('7.85e-5');
    expect(formatValue(2.5e7, 3)).toBe('2.5e7');
  });
});

describe('parseNumber', () => {
  it('accepts decimal and scientific notation with spaces around', () => {
    expect(parseNumber(' 1e-3 ')).toEqual({ ok: true, value: 1e-3 });
    expect(parseNumber('-.5')).toEqual({ ok: true, value: -0.5 });
    expect(parseNumber('+2.')).toEqual({ ok: true, value: 2 });
    expect(parseNumber('5E+2')).toEqual({ ok: true, value: 500 });
  });
  it('refuses words, empty text, several numbers, hex and infinities with a message', () => {
    for (const bad of ['abc', '', '  ', '1.2.3', '1e', '0x10', 'Infinity', '1,5', '2 3', '--1']) {
      const r = parseNumber(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
    }
    const abc = parseNumber('abc');
    expect(!abc.ok && abc.message).toBe('"abc" is not a number');
    expect(parseNumber('1e999')).toEqual({ ok: false, message: 'number too large' });
  });
});
