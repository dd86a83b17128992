/**
 * Base64 (RFC 4648 §4, standard alphabet, with padding) of bytes, written out here so it runs the
 * same in main, the worker, the CLI and the renderer (no Buffer, no atob/btoa).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(ALPHABET.length);
for (let i = 0; i < ALPHABET.length; i++) CODES[i] = ALPHABET.charCodeAt(i);
/** Character code -> 6-bit value, 255 for characters outside the alphabet. */
const VALUES = new Uint8Array(256).fill(255);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

const CHUNK = 0x8000;

/** The base64 text of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = CODES[v >>> 18];
    out[o++] = CODES[(v >>> 12) & 63];
    out[o++] = CODES[(v >>> 6) & 63];
    out[o++] = CODES[v & 63];
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i] << 16) | (two ? bytes[i + 1] << 8 : 0);
    out[o++] = CODES[v >>> 18];
    out[o++] = CODES[(v >>> 12) & 63];
    out[o++] = two ? CODES[(v >>> 6) & 63] : 61;
    out[o++] = 61;
  }
  let text = '';
  for (let k = 0; k < out.length; k += CHUNK) {
    text += String.fromCharCode.apply(null, out.subarray(k, k + CHUNK) as unknown as number[]);
  }
  return text;
}

/**
 * The bytes of base64 `text`, or null when it is not canonical base64 (wrong length, a character
 * outside the alphabet, misplaced padding).
 */
export function decodeBase64(text: string): Uint8Array | null {
  const len = text.length;
  if (len % 4 !== 0) return null;
  if (len === 0) return new Uint8Array(0);
  const pad = text.charCodeAt(len - 1) === 61 ? (text.charCodeAt(len - 2) === 61 ? 2 : 1) : 0;
  const out = new Uint8Array((len / 4) * 3 - pad);
  let o = 0;
  const full = pad > 0 ? len - 4 : len;
  for (let i = 0; i < full; i += 4) {
    const a = VALUES[text.charCodeAt(i) & 255];
    const b = VALUES[text.charCodeAt(i + 1) & 255];
    const c = VALUES[text.charCodeAt(i + 2) & 255];
    const d = VALUES[text.charCodeAt(i + 3) & 255];
    if ((a | b | c | d) === 255 || text.charCodeAt(i) > 255 || text.charCodeAt(i + 1) > 255 || text.charCodeAt(i + 2) > 255 || text.charCodeAt(i + 3) > 255)
      return null;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (pad > 0) {
    const i = len - 4;
    const a = VALUES[text.charCodeAt(i) & 255];
    const b = VALUES[text.charCodeAt(i + 1) & 255];
    const c = pad === 1 ? VALUES[text.charCodeAt(i + 2) & 255] : 0;
    if ((a | b | c) === 255 || text.charCodeAt(i) > 255 || text.charCodeAt(i + 1) > 255 || text.charCodeAt(i + 2) > 255) return null;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[o++] = v >>> 16;
    if (pad === 1) out[o++] = (v >>> 8) & 255;
  }
  return out;
}
