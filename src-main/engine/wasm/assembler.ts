/**
 * Structured WebAssembly code written as nested calls that read like the text format: locals and
 * branch targets by name, resolved to indices when a function is assembled. Only the engine's own
 * numeric kernels are written with it (./dense-lu-code.ts, ./small-eigen-code.ts); only numbers and
 * fixed opcodes go into a module (./bytes.ts). Every value is an i32 or an f64; blocks have no
 * results. Opcodes: WebAssembly Core Specification, 5.4 (Instructions).
 */
import { f64Const, F64, I32, moduleOf, sleb, uleb, VOID, type ModuleFunction, type ModuleImports } from './bytes';

/** What a piece of code is assembled in: its function's locals, the enclosing labels (innermost first), the module's functions. */
interface Scope {
  locals: ReadonlyMap<string, number>;
  labels: readonly string[];
  functions: ReadonlyMap<string, number>;
}

/** A piece of code: appends its bytes in a scope to `out`. */
export type Code = (scope: Scope, out: number[]) => void;

function push(out: number[], b: readonly number[]): void {
  for (let i = 0; i < b.length; i++) out.push(b[i]);
}

function indexOf(map: ReadonlyMap<string, number>, key: string, what: string): number {
  const i = map.get(key);
  if (i === undefined) throw new Error(`wasm assembler: no ${what} ${key}`);
  return i;
}

const bytes =
  (...b: number[]): Code =>
  (_, out) =>
    push(out, b);
function emit(parts: readonly Code[], s: Scope, out: number[]): void {
  for (let i = 0; i < parts.length; i++) parts[i](s, out);
}
/** The operands' code, then the opcode and its immediates. */
const op =
  (opcode: number[], ...operands: Code[]): Code =>
  (s, out) => {
    emit(operands, s, out);
    push(out, opcode);
  };

export const seq =
  (...parts: Code[]): Code =>
  (s, out) =>
    emit(parts, s, out);

export const i32 = (k: number): Code => bytes(0x41, ...sleb(k));
export const f64 = (x: number): Code => bytes(...f64Const(x));

export const get: (name: string) => Code = (name) => (s, out) => {
  out.push(0x20);
  push(out, uleb(indexOf(s.locals, name, 'local')));
};
export const set =
  (name: string, value: Code): Code =>
  (s, out) => {
    value(s, out);
    out.push(0x21);
    push(out, uleb(indexOf(s.locals, name, 'local')));
  };

// i32 arithmetic and comparisons (signed); comparisons give 1 or 0.
export const iAdd = (a: Code, b: Code): Code => op([0x6a], a, b);
export const iSub = (a: Code, b: Code): Code => op([0x6b], a, b);
export const iMul = (a: Code, b: Code): Code => op([0x6c], a, b);
export const iAnd = (a: Code, b: Code): Code => op([0x71], a, b);
export const iOr = (a: Code, b: Code): Code => op([0x72], a, b);
export const iEqz = (a: Code): Code => op([0x45], a);
export const iEq = (a: Code, b: Code): Code => op([0x46], a, b);
export const iNe = (a: Code, b: Code): Code => op([0x47], a, b);
export const iLt = (a: Code, b: Code): Code => op([0x48], a, b);
export const iGt = (a: Code, b: Code): Code => op([0x4a], a, b);
export const iLe = (a: Code, b: Code): Code => op([0x4c], a, b);
export const iGe = (a: Code, b: Code): Code => op([0x4e], a, b);

// f64 arithmetic (IEEE 754, as JavaScript's) and comparisons (false with a NaN, except ne).
export const fAdd = (a: Code, b: Code): Code => op([0xa0], a, b);
export const fSub = (a: Code, b: Code): Code => op([0xa1], a, b);
export const fMul = (a: Code, b: Code): Code => op([0xa2], a, b);
export const fDiv = (a: Code, b: Code): Code => op([0xa3], a, b);
export const fNeg = (a: Code): Code => op([0x9a], a);
export const fAbs = (a: Code): Code => op([0x99], a);
export const fSqrt = (a: Code): Code => op([0x9f], a);
/** Math.max: NaN when either is NaN, +0 above -0. */
export const fMax = (a: Code, b: Code): Code => op([0xa5], a, b);
/** Math.min: NaN when either is NaN, -0 below +0. */
export const fMin = (a: Code, b: Code): Code => op([0xa4], a, b);
/** The f64 of a signed i32. */
export const fFromInt = (a: Code): Code => op([0xb7], a);
export const fEq = (a: Code, b: Code): Code => op([0x61], a, b);
export const fNe = (a: Code, b: Code): Code => op([0x62], a, b);
export const fLt = (a: Code, b: Code): Code => op([0x63], a, b);
export const fGt = (a: Code, b: Code): Code => op([0x64], a, b);
export const fLe = (a: Code, b: Code): Code => op([0x65], a, b);
export const fGe = (a: Code, b: Code): Code => op([0x66], a, b);
/** `cond ? a : b`, both evaluated (a and b of one type). */
export const select = (cond: Code, a: Code, b: Code): Code => op([0x1b], a, b, cond);

/** The f64 at byte address `addr` of the memory; the i32 likewise. */
export const f64Load = (addr: Code): Code => op([0x2b, 3, 0], addr);
export const f64Store = (addr: Code, value: Code): Code => op([0x39, 3, 0], addr, value);
export const i32Load = (addr: Code): Code => op([0x28, 2, 0], addr);
export const i32Store = (addr: Code, value: Code): Code => op([0x36, 2, 0], addr, value);
/** The byte address of entry `index` of an array of f64 (or of i32) starting at byte `base` (null: 0). */
export const f64At = (base: Code | null, index: Code): Code => (base === null ? op([0x41, 3, 0x74], index) : iAdd(base, op([0x41, 3, 0x74], index)));
export const i32At = (base: Code, index: Code): Code => iAdd(base, op([0x41, 2, 0x74], index));

const nested =
  (opcode: number, label: string, body: Code[]): Code =>
  (s, out) => {
    out.push(opcode, VOID);
    emit(body, { ...s, labels: [label, ...s.labels] }, out);
    out.push(0x0b);
  };
export const block = (label: string, ...body: Code[]): Code => nested(0x02, label, body);
export const loop = (label: string, ...body: Code[]): Code => nested(0x03, label, body);
/** Branches to the end of the block, or the start of the loop, named `label`. */
export const br: (label: string) => Code = (label) => (s, out) => {
  out.push(0x0c);
  push(out, uleb(labelDepth(s, label)));
};
export const brIf =
  (label: string, cond: Code): Code =>
  (s, out) => {
    cond(s, out);
    out.push(0x0d);
    push(out, uleb(labelDepth(s, label)));
  };

function labelDepth(s: Scope, label: string): number {
  const depth = s.labels.indexOf(label);
  if (depth < 0) throw new Error(`wasm assembler: no enclosing label ${label}`);
  return depth;
}

export const ifThen =
  (cond: Code, then: Code[], otherwise: Code[] = []): Code =>
  (s, out) => {
    const inner = { ...s, labels: ['', ...s.labels] };
    cond(s, out);
    out.push(0x04, VOID);
    emit(then, inner, out);
    if (otherwise.length > 0) {
      out.push(0x05);
      emit(otherwise, inner, out);
    }
    out.push(0x0b);
  };

/** Returns (with the function's result, if any). */
export const ret = (value?: Code): Code => (value === undefined ? bytes(0x0f) : op([0x0f], value));
/** Calls a function of the module by name (with no result, or its result left for an enclosing expression). */
export const call =
  (name: string, ...args: Code[]): Code =>
  (s, out) => {
    emit(args, s, out);
    out.push(0x10);
    push(out, uleb(indexOf(s.functions, name, 'function')));
  };

/**
 * `for (init; cond; step) body`. Inside the body, `br(label)` continues (to the step) and
 * `br(label + '!')` breaks out of the loop.
 */
export const forLoop = (label: string, init: Code, cond: Code, step: Code, ...body: Code[]): Code =>
  seq(init, block(`${label}!`, loop(`${label}@`, brIf(`${label}!`, iEqz(cond)), block(label, ...body), step, br(`${label}@`))));

/** `while (cond) body`: `br(label)` continues (to the test), `br(label + '!')` breaks. */
export const whileLoop = (label: string, cond: Code, ...body: Code[]): Code =>
  block(`${label}!`, loop(label, brIf(`${label}!`, iEqz(cond)), ...body, br(label)));

/** i += 1 and the like for an i32 local. */
export const inc = (name: string, by: Code = i32(1)): Code => set(name, iAdd(get(name), by));

/** A function of a module: named parameters and locals (each an i32 or f64), its result type or null, its body. */
export interface FunctionSource {
  name: string;
  params: Record<string, typeof I32 | typeof F64>;
  locals: Record<string, typeof I32 | typeof F64>;
  result: typeof I32 | typeof F64 | null;
  body: Code[];
}

/**
 * The module of these functions over one memory of `pages` 64 KiB pages, each function exported
 * under its name. Imported functions are called by their names too (`call`), as are the module's own.
 */
export function assemble(sources: readonly FunctionSource[], pages: number, imports: ModuleImports = {}): Uint8Array {
  const imported = imports.functions ?? [];
  const functions = new Map([...imported.map((f) => f.name), ...sources.map((f) => f.name)].map((name, i) => [name, i]));
  if (functions.size !== imported.length + sources.length) throw new Error('wasm assembler: a function name is repeated');
  const compiled: ModuleFunction[] = sources.map((f) => {
    const names = [...Object.keys(f.params), ...Object.keys(f.locals)];
    if (new Set(names).size !== names.length) throw new Error(`wasm assembler: a name is repeated in ${f.name}`);
    const scope: Scope = { locals: new Map(names.map((n, i) => [n, i])), labels: [], functions };
    const body: number[] = [];
    emit(f.body, scope, body);
    return { name: f.name, params: Object.values(f.params), result: f.result, locals: Object.values(f.locals), body };
  });
  return moduleOf(compiled, pages, imports);
}
