/** Reading stored numeric arrays (./arrays.ts) under the file's total-size budget. */
import { decodeArray } from './arrays';
import { MAX_TOTAL_VALUES, type Reader } from './reader';

/** The array at `path`; with `length`, it must hold exactly that many values. */
export function readArray(r: Reader, path: string, x: unknown, length?: number): Float64Array | undefined {
  const left = MAX_TOTAL_VALUES - r.values;
  const d = decodeArray(x, r.codec, Math.max(0, left));
  if (!d.ok) {
    if (d.message.startsWith('length') && d.message.includes('exceeds') && left < MAX_TOTAL_VALUES) {
      return r.error(path, `the file's arrays hold more than ${MAX_TOTAL_VALUES} numbers in all`);
    }
    return r.error(path, d.message);
  }
  r.values += d.value.length;
  if (length !== undefined && d.value.length !== length) {
    return r.error(path, `must hold ${length} values (got ${d.value.length})`);
  }
  return d.value;
}
