/** Reading stored numeric arrays (./arrays.ts) under the file's total-size budget. */
import { declaredLength, decodeArray, type ArrayExpectation } from './arrays';
import { MAX_TOTAL_VALUES, type Reader } from './reader';

const budgetMessage = `the file's arrays hold more than ${MAX_TOTAL_VALUES} numbers in all`;

/** Values still allowed by MAX_TOTAL_VALUES. */
const left = (r: Reader): number => Math.max(0, MAX_TOTAL_VALUES - r.values);

/**
 * The declared length of the array at `path` after checking its form against `expect` and the
 * file's budget; nothing is decoded or allocated. Use it to check several arrays before decoding
 * any of them.
 */
export function arrayLength(r: Reader, path: string, x: unknown, expect: ArrayExpectation = {}): number | undefined {
  const d = declaredLength(x, expect);
  if (!d.ok) return r.error(path, d.message);
  if (d.length > left(r)) return r.error(path, budgetMessage);
  return d.length;
}

/** Checks that `count` more values fit the file's budget (before decoding them). */
export function reserveValues(r: Reader, path: string, count: number): boolean {
  if (count > left(r)) return r.error(path, budgetMessage) ?? false;
  return true;
}

/** The array at `path`, checked against `expect` and the budget before it is decoded. */
export function readArray(r: Reader, path: string, x: unknown, expect: ArrayExpectation = {}): Float64Array | undefined {
  if (arrayLength(r, path, x, expect) === undefined) return undefined;
  const d = decodeArray(x, r.codec, expect);
  if (!d.ok) return r.error(path, d.message);
  r.values += d.value.length;
  return d.value;
}
