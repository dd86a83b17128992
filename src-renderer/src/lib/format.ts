/**
 * Number formatting for the UI. Pure functions, no DOM.
 *
 * - `formatExact` keeps full precision (shortest text that reads back to the same double) and picks
 *   plain decimals unless scientific notation is clearly shorter: 0.15, 1000, 5e-4, 1e6.
 *   Used for run labels, defaults and exports, where two different values must never print alike.
 * - `formatValue` rounds to a few significant digits for read-outs (cursor values, axis ticks).
 */

/** Shortest round-trip text of `x`, in decimal unless the exponent form is at least 2 chars shorter. */
export function formatExact(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const exp = tidyExponent(x.toExponential());
  const plain = String(x);
  if (plain.includes('e')) return exp;
  return exp.length + 2 <= plain.length ? exp : plain;
}

/** `x` rounded to `digits` significant digits, trailing zeros dropped: 0.035841 -> "0.03584". */
export function formatValue(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return formatExact(x);
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax < 1e-3 || ax >= 1e6) {
    return tidyExponent(x.toExponential(digits - 1));
  }
  const fixed = x.toPrecision(digits);
  // toPrecision writes e.g. 1230 as "1.23e+3": print such values in full.
  return fixed.includes('e') ? String(Number(fixed)) : stripZeros(fixed);
}

/** "1.500e+3" -> "1.5e3", "5e-4" stays. */
function tidyExponent(s: string): string {
  const [mant, ex] = s.split('e');
  const m = stripZeros(mant);
  const e = ex.startsWith('+') ? ex.slice(1) : ex;
  return `${m}e${e}`;
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/\.?0+$/, '');
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What the user typed in a number field: a finite number, or a message saying why not. */
export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

/**
 * Parses a number field strictly: decimal or scientific notation (`1e-3`, `-.5`), surrounding spaces
 * allowed. Empty text, words, `Infinity` and overflowing values are refused with a message.
 */
export function parseNumber(text: string): ParsedNumber {
  const s = text.trim();
  if (s === '') return { ok: false, message: 'enter a number' };
  if (!NUMBER_RE.test(s)) return { ok: false, message: `"${clip(s)}" is not a number` };
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, message: 'number too large' };
  return { ok: true, value };
}

function clip(s: string): string {
  return s.length > 12 ? `${s.slice(0, 12)}…` : s;
}
