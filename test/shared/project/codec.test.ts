import { describe, expect, it } from 'vitest';
import { decodeArray, encodeArray, ENCODING_PRED2, ENCODING_RAW, INLINE_MAX, pred2Filter, pred2Unfilter } from '@shared/project/arrays';
import { decodeBase64, encodeBase64 } from '@shared/project/base64';
import { sampleTime } from '@shared/simulation/grid';
import { rng } from '../expr/rng';
import { bitDiff, zlibCodec } from './helpers';

describe('base64', () => {
  it('agrees with Node for every length 0..300 and random bytes', () => {
    const rand = rng(1);
    for (let n = 0; n <= 300; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('refuses text that is not base64', () => {
    for (const bad of ['A', 'AB', 'ABC', 'AB=C', '====', 'AB\u0100C', 'ab!d', 'A===']) expect(decodeBase64(bad)).toBeNull();
  });
});

/** Doubles whose bit patterns cover the special cases, mixed with smooth data. */
function specialValues(n: number, seed: number): Float64Array {
  const rand = rng(seed);
  const out = new Float64Array(n);
  const bytes = new Uint8Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const k = rand();
    if (k < 0.6) out[i] = Math.sin(i / 50) * 1e3 + i * 1e-7;
    else if (k < 0.7) out[i] = [NaN, -0, 0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE][Math.floor(rand() * 8)];
    else for (let b = 0; b < 8; b++) bytes[8 * i + b] = Math.floor(rand() * 256); // any bit pattern, NaN payloads included
  }
  return out;
}

describe('numeric arrays', () => {
  it('pred2 filter is a bijection on every bit pattern', () => {
    for (const seed of [1, 2, 3]) {
      const v = specialValues(1000, seed);
      const le = new Uint8Array(v.buffer.slice(0));
      expect(pred2Unfilter(pred2Filter(le))).toEqual(le);
    }
  });

  it('every encoding gives back the same bits', () => {
    for (const n of [0, 1, 2, 3, INLINE_MAX, INLINE_MAX + 1, 1000]) {
      const v = specialValues(n, n + 7);
      for (const codec of [undefined, zlibCodec]) {
        const enc = JSON.parse(JSON.stringify(encodeArray(v, codec)));
        const dec = decodeArray(enc, zlibCodec);
        if (!dec.ok) throw new Error(dec.message);
        expect(bitDiff(dec.value, v)).toBeNull();
      }
    }
  });

  it('short finite lists are plain JSON; smooth long ones compress; the time grid costs nothing', () => {
    expect(encodeArray([1, 2.5, -3])).toEqual([1, 2.5, -3]);
    expect(encodeArray([1, -0])).toMatchObject({ encoding: ENCODING_RAW });
    const smooth = Float64Array.from({ length: 10_000 }, (_, i) => Math.exp(-i / 3000) * Math.cos(i / 100));
    const packed = encodeArray(smooth, zlibCodec) as { encoding: string; data: string };
    expect(packed.encoding).toBe(ENCODING_PRED2);
    expect(packed.data.length).toBeLessThan(0.75 * ((smooth.length * 8 * 4) / 3)); // well below raw base64
    const t = Float64Array.from({ length: 501 }, (_, i) => sampleTime(0.01, 250 + i));
    expect(encodeArray(t, zlibCodec, { sample: 0.01, kFirst: 250 })).toEqual({ length: 501, grid: { sample: 0.01, kFirst: 250 } });
    t[100] += 1e-15;
    expect(encodeArray(t, zlibCodec, { sample: 0.01, kFirst: 250 })).not.toHaveProperty('grid');
  });

  it('refuses bad arrays without throwing', () => {
    const cases: unknown[] = [
      null,
      5,
      'abc',
      [1, 'x'],
      { length: -1 },
      { length: 1.5 },
      { length: 2 },
      { length: 2, encoding: 'f64le' },
      { length: 2, encoding: 'f64le', data: 'AAAA' },
      { length: 1, encoding: 'f64le', data: '!!!!!!!!!!!=' },
      { length: 3, grid: { sample: 0, kFirst: 0 } },
      { length: 3, grid: { sample: 0.1, kFirst: -1 } },
      { length: 3, grid: 7 },
      { length: 4, encoding: ENCODING_PRED2, data: encodeBase64(new Uint8Array([1, 2, 3])) },
      { length: 1, encoding: ENCODING_PRED2, data: encodeBase64(zlibCodec.deflate(new Uint8Array(100))) }, // decompresses to too much
      { length: 1e12, encoding: ENCODING_RAW, data: '' },
    ];
    for (const c of cases) {
      const r = decodeArray(c, zlibCodec);
      expect(r.ok, JSON.stringify(c)).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }
  });
});
