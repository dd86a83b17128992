/**
 * Checked reading of untrusted JSON: each helper looks at one value, records a problem under its
 * path (`runs[1].request.solver.dt`) and returns undefined when the value is unusable. Unknown
 * object keys are dropped and listed as warnings. Nothing here throws.
 */
import type { ProjectIssue } from './types';
import type { ByteCodec } from './codec';

/** Most numbers decoded from one file's arrays together (800 MB of doubles). */
export const MAX_TOTAL_VALUES = 100_000_000;
/** Longest string field (equations, names, form drafts, messages). */
export const MAX_STRING_LENGTH = 100_000;
/** Most entries of one list or record (runs, branches, symbols, windows, special points...). */
export const MAX_ENTRIES = 10_000;

export type Obj = Record<string, unknown>;

export class Reader {
  readonly errors: ProjectIssue[] = [];
  readonly warnings: ProjectIssue[] = [];
  /** Numbers decoded so far (see MAX_TOTAL_VALUES). */
  values = 0;
  constructor(readonly codec?: ByteCodec) {}

  error(path: string, message: string): undefined {
    if (this.errors.length < 200) this.errors.push({ path, message });
    return undefined;
  }
  warn(path: string, message: string): void {
    if (this.warnings.length < 200) this.warnings.push({ path, message });
  }
}

export const at = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

export function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `x` as an object whose keys outside `known` are dropped with a warning. */
export function obj(r: Reader, path: string, x: unknown, known: readonly string[], what = 'an object'): Obj | undefined {
  if (!isObj(x)) return r.error(path || 'file', `must be ${what}`);
  for (const key of Object.keys(x)) {
    if (!known.includes(key)) r.warn(at(path, key), 'unknown field, ignored');
  }
  return x;
}

export function list(r: Reader, path: string, x: unknown, max = MAX_ENTRIES): unknown[] | undefined {
  if (!Array.isArray(x)) return r.error(path, 'must be a list');
  if (x.length > max) return r.error(path, `must hold at most ${max} entries (got ${x.length})`);
  return x;
}

export function str(r: Reader, path: string, x: unknown, max = MAX_STRING_LENGTH): string | undefined {
  if (typeof x !== 'string') return r.error(path, 'must be a string');
  if (x.length > max) return r.error(path, `must be at most ${max} characters (got ${x.length})`);
  return x;
}

export function bool(r: Reader, path: string, x: unknown): boolean | undefined {
  if (typeof x !== 'boolean') return r.error(path, 'must be true or false');
  return x;
}

/** A finite JSON number. */
export function finite(r: Reader, path: string, x: unknown): number | undefined {
  if (typeof x !== 'number' || !Number.isFinite(x)) return r.error(path, 'must be a finite number');
  return x;
}

export function int(r: Reader, path: string, x: unknown, min: number, max: number): number | undefined {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    return r.error(path, `must be a whole number from ${min} to ${max}`);
  }
  return x;
}

export function oneOf<T extends string>(r: Reader, path: string, x: unknown, options: readonly T[]): T | undefined {
  if (typeof x !== 'string' || !(options as readonly string[]).includes(x)) {
    return r.error(path, `must be one of ${options.map((o) => `'${o}'`).join(', ')}`);
  }
  return x as T;
}

/**
 * A number stored by `num` (./numbers.ts): a JSON number, or "NaN", "Infinity", "-Infinity", "-0".
 */
export function anyNumber(r: Reader, path: string, x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (x === '-0') return -0;
  return r.error(path, 'must be a number');
}

/** A record of names to values, each read by `read`; `__proto__` refused. */
export function record<T>(
  r: Reader,
  path: string,
  x: unknown,
  read: (path: string, v: unknown) => T | undefined,
): Record<string, T> | undefined {
  if (!isObj(x)) return r.error(path, 'must be an object mapping names to values');
  const keys = Object.keys(x);
  if (keys.length > MAX_ENTRIES) return r.error(path, `must hold at most ${MAX_ENTRIES} entries (got ${keys.length})`);
  const out: Record<string, T> = {};
  let ok = true;
  for (const key of keys) {
    if (key === '__proto__') {
      r.error(at(path, key), 'is not an allowed name');
      ok = false;
      continue;
    }
    const v = read(at(path, key), x[key]);
    if (v === undefined) ok = false;
    else out[key] = v;
  }
  return ok ? out : undefined;
}
