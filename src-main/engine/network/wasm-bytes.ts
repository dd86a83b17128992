/**
 * The few pieces of the WebAssembly binary format the neuron loop needs (./kernel-wasm.ts, which
 * adds the SIMD opcodes): LEB128 integers, f64 constants, sections and a module of one function
 * over one memory. Only numbers and fixed opcodes go into a module; no model or user text.
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
  if (!Number.isInteger(n) || n < 0) throw new Error(`uleb: ${n} is not a non-negative integer`);
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new Error(`sleb: ${n} is not a 32-bit integer`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
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
  const type = section(1, vec([[0x60, ...vec(m.params.map((t) => [t])), 0]]));
  const func = section(3, vec([[0]]));
  const memory = section(5, vec([[0x00, ...uleb(m.pages)]]));
  const exports = section(
    7,
    vec([
      [...name('memory'), 0x02, 0],
      [...name('run'), 0x00, 0],
    ]),
  );
  const locals = vec(m.locals.map((t) => [1, t]));
  const code = [...locals, ...m.body, OP.end];
  const codeSection = section(10, vec([[...uleb(code.length), ...code]]));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...func, ...memory, ...exports, ...codeSection]);
}
