/**
 * The few pieces of the WebAssembly binary format the engine's modules need (../network/kernel-wasm.ts, which
 * adds the SIMD opcodes; ./assembler.ts): LEB128 integers, f64 constants, sections and modules of
 * functions over one memory. Only numbers and fixed opcodes go into a module; no model or user text.
 * Format: WebAssembly Core Specification, 5 (Binary Format), https://webassembly.github.io/spec/core/binary/
 */

/** Opcodes used by the neuron loop (spec 5.4). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Store: 0x36,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  i64Const: 0x42,
  f64Const: 0x44,
  i32LtS: 0x48,
  i32GtS: 0x4a,
  i64Ne: 0x52,
  f64Lt: 0x63,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f64Neg: 0x9a,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64ConvertI32S: 0xb7,
} as const;

/** Value types (spec 5.3.1) and the empty block type. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const VOID = 0x40;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  pushUleb(out, n);
  return out;
}

/** Appends the unsigned LEB128 of `n` to `out` (as uleb, without an array of its own). */
export function pushUleb(out: number[], n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`uleb: ${n} is not a non-negative integer`);
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
}

/** Appends the signed LEB128 of the 32-bit integer `n` to `out` (as sleb). */
export function pushSleb(out: number[], n: number): void {
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new Error(`sleb: ${n} is not a 32-bit integer`);
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  pushSleb(out, n);
  return out;
}

/** f64.const x: the opcode and x's eight bytes, little-endian (the exact double). */
export function f64Const(x: number): number[] {
  const bytes = new Uint8Array(new Float64Array([x]).buffer);
  return [OP.f64Const, ...bytes];
}

/** A memory argument (alignment exponent, byte offset) of a load or store. */
export const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => {
  const bytes = [...s].map((c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
};

export interface OneFunctionModule {
  params: number[];
  /** Local variable types after the parameters, one entry per local. */
  locals: number[];
  /** The function's instructions, without the final `end`. */
  body: number[];
  /** Pages (64 KiB) of the module's own memory, exported as "memory". */
  pages: number;
}

/** A module with one memory and one function of no results, exported as "memory" and "run". */
export function oneFunctionModule(m: OneFunctionModule): Uint8Array {
  return moduleOf([{ name: 'run', params: m.params, result: null, locals: m.locals, body: m.body }], m.pages);
}

/** A function of a module: its export name, signature, locals after the parameters and instructions (without the final `end`). */
export interface ModuleFunction {
  name: string;
  params: number[];
  /** The type of its one result, or null for none. */
  result: number | null;
  locals: number[];
  body: number[];
}

/** A function a module imports: its module and field names, and its signature. */
export interface ImportedFunction {
  module: string;
  name: string;
  params: number[];
  result: number | null;
}

/** What a module imports: functions (indices 0.. before its own) and, optionally, its memory instead of one of its own. */
export interface ModuleImports {
  functions?: readonly ImportedFunction[];
  memory?: { module: string; name: string };
}

/**
 * A module of one growable memory, exported as "memory" (or imported, with `imports.memory`), and
 * the functions, each exported under its name and called by its index (the imported functions
 * first, then `functions` in order). Spec 5.5: type, import, function, memory, export and code
 * sections.
 */
export function moduleOf(functions: readonly ModuleFunction[], pages: number, imports: ModuleImports = {}): Uint8Array {
  const imported = imports.functions ?? [];
  const signature = (f: { params: number[]; result: number | null }): number[] => [
    0x60,
    ...vec(f.params.map((t) => [t])),
    ...(f.result === null ? [0] : [1, f.result]),
  ];
  const type = section(1, vec([...imported, ...functions].map(signature)));
  const entries: number[][] = imported.map((f, i) => [...name(f.module), ...name(f.name), 0x00, ...uleb(i)]);
  if (imports.memory !== undefined) entries.push([...name(imports.memory.module), ...name(imports.memory.name), 0x02, 0x00, ...uleb(pages)]);
  const importSection = entries.length > 0 ? section(2, vec(entries)) : [];
  const first = imported.length;
  const func = section(3, vec(functions.map((_, i) => uleb(first + i))));
  const memory = imports.memory === undefined ? section(5, vec([[0x00, ...uleb(pages)]])) : [];
  const exported = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(first + i)]);
  const exports = section(7, vec(imports.memory === undefined ? [[...name('memory'), 0x02, 0], ...exported] : exported));
  // The code section is assembled into one typed array: a function body runs to thousands of bytes.
  const heads = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [1, t]));
    return { locals, size: locals.length + f.body.length + 1 };
  });
  const codeSize = heads.map((h) => uleb(h.size).length + h.size).reduce((a, b) => a + b, 0);
  const codeHead = [10, ...uleb(uleb(functions.length).length + codeSize), ...uleb(functions.length)];
  const head = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...importSection, ...func, ...memory, ...exports, ...codeHead];
  const out = new Uint8Array(head.length + codeSize);
  out.set(head);
  let at = head.length;
  functions.forEach((f, i) => {
    const prefix = [...uleb(heads[i].size), ...heads[i].locals];
    out.set(prefix, at);
    at += prefix.length;
    out.set(f.body, at);
    at += f.body.length;
    out[at++] = OP.end;
  });
  return out;
}
