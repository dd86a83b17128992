/**
 * Checked reading of untrusted JSON: each helper looks at one value, records a problem under its
 * path (`runs[1].request.solver.dt`) and returns undefined when the value is unusable. Unknown
 * object keys are dropped and listed as warnings. Nothing here throws.
 */
import { MAX_OUTPUT_VALUES } from '../simulation/types';
import type { ByteCodec } from './codec';
import { SHAPES } from './shapes';
import type { ProjectIssue } from './types';

/**
 * Most numbers decoded from one file's arrays together: the engine's largest run (50 million, 400
 * MB of doubles). A 256 MiB file holds at most 25 million values as raw base64 and about as many
 * as this compressed (smooth samples shrink ~2-3x); only nearly constant columns compress further,
 * so a legitimate file rarely reaches the limit while a small hostile one cannot go past it. Checked
 * against each array's declared length before it is decoded.
 */
export const MAX_TOTAL_VALUES = MAX_OUTPUT_VALUES;
/**
 * Most branch points in one file, all branches together. A point is read into JS objects (~500
 * bytes with 4 states), so this bounds a file's branches to ~250 MB: two branches of the largest
 * size (2 * 100,000 + 1 points) or over a hundred at the default maxPoints.
 */
export const MAX_TOTAL_BRANCH_POINTS = 500_000;
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
  /** Branch points read so far (see MAX_TOTAL_BRANCH_POINTS). */
  branchPoints = 0;
  constructor(readonly codec?: ByteCodec) {}

  error(path: string, message: string): undefined {
    if (this.errors.length < 200) this.errors.push({ path, message });
    return undefined;
  }
  warn(path: string, message: string): void {
    if (this.warnings.length < 200) this.warnings.push({ path, message });
  }
}

/** Longest object key shown in a path; longer ones are cut (the file may hold any key). */
const MAX_KEY_SHOWN = 64;

/**
 * The path of `key` under `path`: `runs[1]`, `solver.dt` (a key may itself be a path of names and
 * indices, `points.count`, `columns[0]`), or, for a key that is not made of plain names (a file may hold any key),
 * `params["process.exit(7)||alpha"]`, quoted as JSON with control and invisible line-breaking
 * characters escaped and cut after 64 characters, so that a path printed on a terminal or in the
 * window is one line and shows the key as text.
 */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[\d+\])*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  const shown = key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key;
  const quoted = JSON.stringify(shown).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${path}[${quoted}]`;
}

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

/** A list of exactly `n` stored numbers (any count up to 1000 when `n` is undefined), or undefined (recorded). */
export function numbers(r: Reader, path: string, x: unknown, n?: number): number[] | undefined {
  const items = list(r, path, x, n ?? 1000);
  if (!items) return undefined;
  if (n !== undefined && items.length !== n) return r.error(path, `must hold ${n} numbers, got ${items.length}`);
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const v = anyNumber(r, at(path, i), items[i]);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
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
export function record<T>(r: Reader, path: string, x: unknown, read: (path: string, v: unknown) => T | undefined): Record<string, T> | undefined {
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

/** A stored run or branch: list-entry fields (id, name, colour, visibility), request and result. */
export interface Entry<Q, R> {
  id: number;
  name?: string;
  color: number;
  visible: boolean;
  request: Q;
  result: R;
}

/**
 * Reads a stored run or branch: its list-entry fields, then the request (`readRequest`), then,
 * when all of that is usable, the result checked against the request (`readResult`).
 */
export function readEntry<Q, R>(
  r: Reader,
  path: string,
  x: unknown,
  readRequest: (path: string, x: unknown) => Q | undefined,
  readResult: (path: string, x: unknown, request: Q) => R | undefined,
  shape: 'entry' | 'runEntry' = 'entry',
): Entry<Q, R> | undefined {
  const o = obj(r, path, x, SHAPES[shape]);
  if (!o) return undefined;
  const before = r.errors.length;
  const id = int(r, at(path, 'id'), o.id, 0, Number.MAX_SAFE_INTEGER);
  const name = o.name === undefined ? undefined : str(r, at(path, 'name'), o.name, 1000);
  const color = int(r, at(path, 'color'), o.color, 0, 1000);
  const visible = bool(r, at(path, 'visible'), o.visible);
  const request = readRequest(at(path, 'request'), o.request);
  if (r.errors.length > before || request === undefined) return undefined;
  const result = readResult(at(path, 'result'), o.result, request);
  if (result === undefined) return undefined;
  return { id: id!, ...(name ? { name } : {}), color: color!, visible: visible!, request, result };
}
