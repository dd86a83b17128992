/**
 * Scalars in project files: finite numbers (other than -0) as JSON numbers; NaN, ±Infinity and -0,
 * which JSON cannot hold, as the strings "NaN", "Infinity", "-Infinity", "-0" (read back by
 * `anyNumber` in ./reader.ts).
 *
 * A NaN scalar reads back as the one canonical NaN: its payload bits are not kept. Scalars are
 * settings and summaries (a NaN there is only ever "not a number"); numeric arrays (./arrays.ts),
 * where the engine's results live, keep every bit including NaN payloads.
 */
export type StoredNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export function num(v: number): StoredNumber {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return v;
}

/** Every value of a name -> number record stored by `num`. */
export function numRecord(rec: Record<string, number>): Record<string, StoredNumber> {
  const out: Record<string, StoredNumber> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = num(v);
  return out;
}
