/**
 * Numeric arrays in project files, bit-exact (NaN payloads, -0, ±Infinity survive). An array is
 * stored as one of:
 *
 * - a plain JSON list, for at most INLINE_MAX finite values (no -0): readable and diffable;
 * - `{ "length": n, "encoding": "f64le", "data": B }`: B is the base64 of the n doubles as IEEE 754
 *   binary64, little-endian (8n bytes);
 * - `{ "length": n, "encoding": "f64le-pred2-deflate", "data": B }`: the doubles' 64-bit patterns
 *   u_i (as unsigned integers) are replaced by prediction residuals r_i = u_i - (2u_{i-1} - u_{i-2})
 *   mod 2^64 (u_{-1} = u_{-2} = 0, and r_1 = u_1 - u_0), zigzag-mapped (r -> (r << 1) ^ (r >> 63),
 *   so small negative residuals have zero high bytes), split into 8 byte planes (all lowest bytes,
 *   then all second bytes, ...) and compressed with raw DEFLATE (RFC 1951). Smooth samples give
 *   small residuals whose high planes are nearly constant, which DEFLATE shrinks ~3x;
 * - `{ "length": n, "grid": { "sample": h, "kFirst": k } }` (time columns only): t_i =
 *   sampleTime(h, k + i) exactly as the engine computes sample times; written only when every
 *   value matches bit for bit.
 */
import { sampleTime } from '../simulation/grid';
import { MAX_OUTPUT_VALUES } from '../simulation/types';
import { decodeBase64, encodeBase64 } from './base64';
import type { ByteCodec } from './codec';

/** Longest array written as a plain JSON list. */
export const INLINE_MAX = 32;
/** Longest array accepted in a file (as one run's output limit). */
export const MAX_ARRAY_LENGTH = MAX_OUTPUT_VALUES;

export const ENCODING_RAW = 'f64le';
export const ENCODING_PRED2 = 'f64le-pred2-deflate';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export type EncodedArray = number[] | { length: number; encoding: string; data: string } | { length: number; grid: { sample: number; kFirst: number } };

/** The little-endian bytes of `values` (a copy). */
function toBytes(values: ArrayLike<number>): Uint8Array {
  const f = Float64Array.from(values);
  const bytes = new Uint8Array(f.buffer);
  if (!LITTLE_ENDIAN) swap8(bytes);
  return bytes;
}

/** Reverses every 8-byte group in place (big-endian hosts only). */
function swap8(b: Uint8Array): void {
  for (let i = 0; i < b.length; i += 8) {
    for (let j = 0; j < 4; j++) {
      const x = b[i + j];
      b[i + j] = b[i + 7 - j];
      b[i + 7 - j] = x;
    }
  }
}

/** The doubles in little-endian `bytes`, a buffer of their own (taken over, not copied, when aligned). */
function fromBytes(bytes: Uint8Array): Float64Array {
  let own = bytes;
  if (bytes.byteOffset % 8 !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
    own = new Uint8Array(bytes.length);
    own.set(bytes);
  }
  if (!LITTLE_ENDIAN) swap8(own);
  return new Float64Array(own.buffer, own.byteOffset, own.length / 8);
}

/**
 * The pred2 predictor (see the module comment) over 64-bit patterns held as two 32-bit words:
 * `predict()` sets (hi, lo) to the prediction of the next value from the values `push`ed so far.
 */
class Pred2 {
  hi = 0;
  lo = 0;
  private p1h = 0;
  private p1l = 0;
  private p2h = 0;
  private p2l = 0;
  private i = 0;

  /** pred = 2*p1 - p2 (from the third value on), p1 (second value), 0 (first value). */
  predict(): void {
    if (this.i >= 2) {
      const dh = ((this.p1h << 1) | (this.p1l >>> 31)) >>> 0,
        dl = (this.p1l << 1) >>> 0;
      this.lo = (dl - this.p2l) >>> 0;
      this.hi = (dh - this.p2h - (dl < this.p2l ? 1 : 0)) >>> 0;
    } else if (this.i === 1) {
      this.hi = this.p1h;
      this.lo = this.p1l;
    }
  }

  /** Records the actual value (hi, lo) after `predict`. */
  push(hi: number, lo: number): void {
    this.p2h = this.p1h;
    this.p2l = this.p1l;
    this.p1h = hi;
    this.p1l = lo;
    this.i++;
  }
}

/** Prediction residuals, zigzag-mapped, as byte planes (see the module comment). */
export function pred2Filter(le: Uint8Array): Uint8Array {
  const n = le.length / 8;
  const w = new Uint32Array(le.buffer, le.byteOffset, n * 2); // little-endian words: lo, hi
  const out = new Uint8Array(n * 8);
  const pred = new Pred2();
  for (let i = 0; i < n; i++) {
    const lo = w[2 * i],
      hi = w[2 * i + 1];
    pred.predict();
    const rl = (lo - pred.lo) >>> 0;
    const rh = (hi - pred.hi - (lo < pred.lo ? 1 : 0)) >>> 0;
    const mask = rh >>> 31 ? 0xffffffff : 0;
    const zl = ((rl << 1) ^ mask) >>> 0;
    const zh = (((rh << 1) | (rl >>> 31)) ^ mask) >>> 0;
    out[i] = zl & 255;
    out[n + i] = (zl >>> 8) & 255;
    out[2 * n + i] = (zl >>> 16) & 255;
    out[3 * n + i] = zl >>> 24;
    out[4 * n + i] = zh & 255;
    out[5 * n + i] = (zh >>> 8) & 255;
    out[6 * n + i] = (zh >>> 16) & 255;
    out[7 * n + i] = zh >>> 24;
    pred.push(hi, lo);
  }
  return out;
}

/** Inverse of pred2Filter: byte planes back to little-endian doubles' bytes. */
export function pred2Unfilter(planes: Uint8Array): Uint8Array {
  const n = planes.length / 8;
  const out = new Uint8Array(n * 8);
  const w = new Uint32Array(out.buffer);
  const pred = new Pred2();
  for (let i = 0; i < n; i++) {
    const zl = (planes[i] | (planes[n + i] << 8) | (planes[2 * n + i] << 16) | (planes[3 * n + i] << 24)) >>> 0;
    const zh = (planes[4 * n + i] | (planes[5 * n + i] << 8) | (planes[6 * n + i] << 16) | (planes[7 * n + i] << 24)) >>> 0;
    const mask = zl & 1 ? 0xffffffff : 0;
    const rl = (((zl >>> 1) | (zh << 31)) ^ mask) >>> 0;
    const rh = ((zh >>> 1) ^ mask) >>> 0;
    pred.predict();
    const lo = (rl + pred.lo) >>> 0;
    const hi = (rh + pred.hi + (lo < rl ? 1 : 0)) >>> 0;
    w[2 * i] = lo;
    w[2 * i + 1] = hi;
    pred.push(hi, lo);
  }
  if (!LITTLE_ENDIAN) {
    // The words were written in host order; make the bytes little-endian.
    for (let i = 0; i < out.length; i += 4) {
      const a = out[i],
        b = out[i + 1];
      out[i] = out[i + 3];
      out[i + 1] = out[i + 2];
      out[i + 2] = b;
      out[i + 3] = a;
    }
  }
  return out;
}

const isPlain = (v: number): boolean => Number.isFinite(v) && !Object.is(v, -0);

/**
 * The stored form of `values`: a JSON list when short and plain, compressed when a codec is given
 * and it helps, else raw base64. `time`: try the sample-grid form first.
 */
export function encodeArray(values: ArrayLike<number>, codec?: ByteCodec, time?: { sample: number; kFirst: number }): EncodedArray {
  const n = values.length;
  if (time && n > 0 && matchesGrid(values, time.sample, time.kFirst)) {
    return { length: n, grid: { sample: time.sample, kFirst: time.kFirst } };
  }
  if (n <= INLINE_MAX) {
    let plain = true;
    for (let i = 0; i < n; i++) if (!isPlain(values[i])) plain = false;
    if (plain) return Array.from(values);
  }
  const bytes = toBytes(values);
  if (codec && n > INLINE_MAX) {
    const packed = codec.deflate(pred2Filter(bytes));
    if (packed.length < bytes.length) return { length: n, encoding: ENCODING_PRED2, data: encodeBase64(packed) };
  }
  return { length: n, encoding: ENCODING_RAW, data: encodeBase64(bytes) };
}

function matchesGrid(values: ArrayLike<number>, sample: number, kFirst: number): boolean {
  if (!(sample > 0) || !Number.isFinite(sample) || !Number.isSafeInteger(kFirst) || kFirst < 0) return false;
  for (let i = 0; i < values.length; i++) {
    if (!Object.is(values[i], sampleTime(sample, kFirst + i))) return false;
  }
  return true;
}

export type Decoded = { ok: true; value: Float64Array } | { ok: false; message: string };

const fail = (message: string): Decoded & { ok: false } => ({ ok: false, message });

/** Longest plain JSON list accepted (the writer inlines at most INLINE_MAX values). */
const MAX_PLAIN = INLINE_MAX * 64;

/** What a stored array must be, checked before anything is allocated. */
export interface ArrayExpectation {
  /** Exactly this many values. */
  length?: number;
  /** At most this many values (default MAX_ARRAY_LENGTH). */
  maxLength?: number;
  /**
   * The sample-grid form is allowed (time columns only), and must be this grid when given. It
   * carries no data, so anywhere else it would let a small file claim millions of values.
   */
  grid?: { sample: number; kFirst: number } | true;
}

/**
 * The number of values a stored array declares, after checking its form against `expect`
 * (length, limit, grid allowed), without decoding or allocating anything.
 */
export function declaredLength(x: unknown, expect: ArrayExpectation = {}): { ok: true; length: number } | { ok: false; message: string } {
  const maxLength = expect.maxLength ?? MAX_ARRAY_LENGTH;
  let n: number;
  if (Array.isArray(x)) {
    n = x.length;
    if (n > MAX_PLAIN) return fail(`a plain list may hold at most ${MAX_PLAIN} numbers (got ${n})`);
  } else {
    if (typeof x !== 'object' || x === null) return fail('must be a list of numbers or an encoded array { length, encoding, data }');
    const o = x as Record<string, unknown>;
    if (typeof o.length !== 'number' || !Number.isSafeInteger(o.length) || o.length < 0) return fail('length must be a whole number >= 0');
    n = o.length;
    if (o.grid !== undefined) {
      if (!expect.grid) return fail('the sample-grid form { length, grid } is only allowed for time columns (result.t)');
      const g = o.grid as Record<string, unknown>;
      if (typeof g !== 'object' || g === null) return fail('grid must be { sample, kFirst }');
      const { sample, kFirst } = g;
      if (typeof sample !== 'number' || !(sample > 0) || !Number.isFinite(sample)) return fail('grid.sample must be a positive number');
      if (typeof kFirst !== 'number' || !Number.isSafeInteger(kFirst) || kFirst < 0) return fail('grid.kFirst must be a whole number >= 0');
      if (expect.grid !== true && (sample !== expect.grid.sample || kFirst !== expect.grid.kFirst)) {
        return fail(`grid must be the run's samples { sample: ${expect.grid.sample}, kFirst: ${expect.grid.kFirst} }`);
      }
    }
  }
  if (expect.length !== undefined && n !== expect.length) return fail(`must hold ${expect.length} values (got ${n})`);
  if (n > maxLength) return fail(`length ${n} exceeds the limit of ${maxLength} values`);
  return { ok: true, length: n };
}

/**
 * Reads a stored array (any of the forms above). The form and length are checked against `expect`
 * (declaredLength) before anything is allocated; compressed data never inflates past the declared
 * length. Never throws.
 */
export function decodeArray(x: unknown, codec: ByteCodec | undefined, expect: ArrayExpectation = {}): Decoded {
  const declared = declaredLength(x, expect);
  if (!declared.ok) return declared;
  const n = declared.length;
  if (Array.isArray(x)) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (typeof x[i] !== 'number') return fail(`[${i}] must be a number`);
      out[i] = x[i] as number;
    }
    return { ok: true, value: out };
  }
  const o = x as Record<string, unknown>;
  if (o.grid !== undefined) {
    const { sample, kFirst } = o.grid as { sample: number; kFirst: number };
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = sampleTime(sample, kFirst + i);
    return { ok: true, value: out };
  }
  if (typeof o.data !== 'string') return fail('data must be a base64 string');
  if (o.encoding === ENCODING_RAW) {
    if (o.data.length !== Math.ceil((8 * n) / 3) * 4) {
      return fail(`data has ${o.data.length} characters; ${n} values need ${Math.ceil((8 * n) / 3) * 4} (truncated?)`);
    }
    const bytes = decodeBase64(o.data);
    if (bytes === null || bytes.length !== 8 * n) return fail('data is not valid base64 of 8 bytes per value');
    return { ok: true, value: fromBytes(bytes) };
  }
  if (o.encoding === ENCODING_PRED2) {
    if (!codec) return fail('compressed arrays can only be read by the app or the command line');
    const packed = decodeBase64(o.data);
    if (packed === null) return fail('data is not valid base64');
    let planes: Uint8Array;
    try {
      planes = codec.inflate(packed, 8 * n);
    } catch {
      return fail('compressed data is corrupt or truncated');
    }
    if (planes.length !== 8 * n) return fail(`compressed data holds ${planes.length} bytes; ${n} values need ${8 * n}`);
    return { ok: true, value: fromBytes(pred2Unfilter(planes)) };
  }
  return fail(`unknown encoding ${JSON.stringify(String(o.encoding)).slice(0, 60)} (known: ${ENCODING_RAW}, ${ENCODING_PRED2})`);
}
