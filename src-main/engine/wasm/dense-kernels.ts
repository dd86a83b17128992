/**
 * The dense kernels of every continuation step, DenseLu's factorisation and solve and SmallEigen's
 * eigenvalues, as one WebAssembly module (written in ./dense-lu-code.ts and ./small-eigen-code.ts,
 * assembled ahead of time into ./dense-kernels-wasm.ts by scripts/make-wasm.ts, checked equal to the
 * assembler's output by a test), compiled and instantiated on first use. They give the same bits
 * as the JavaScript methods; what they change is the first trace in a process: V8 compiles a
 * WebAssembly function at once to machine code, while JavaScript runs in its interpreter until the
 * optimising compiler has caught up (they take about 8 ms off the first `meanfield continue` trace
 * of ik_nodim, of about 55). The callers copy their arrays into the module's memory and back. The JavaScript methods run where WebAssembly is missing (e.g. node --jitless) or turned
 * off (`useDenseKernels(false)`, for tests).
 */
import { denseKernelsWasm } from './dense-kernels-wasm';

const PAGE = 65536;

/** Bytes of memory the LU functions use for order n (./dense-lu-code.ts's layout). */
export const denseLuBytes = (n: number): number => 8 * n * n + 24 * n;
/** Bytes of memory the eigenvalue function uses for order n (./small-eigen-code.ts's layout). */
export const smallEigenBytes = (n: number): number => 8 * n * n + 16 * n;

/** The part of the WebAssembly API used here (absent from a runtime started without it). */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  /** Compiles off the calling thread. */
  compile?: (bytes: Uint8Array) => Promise<object>;
}

/** The WebAssembly API, or undefined in a runtime without it. */
export const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * A module compiled on its first use, or ahead of it by `precompile` (WebAssembly.compile, off the
 * calling thread). `bytes` gives its bytes (null: none); the module is null when it cannot be compiled.
 */
export class Precompiled {
  module: object | null | undefined;
  private pending: Promise<void> | undefined;

  constructor(private readonly bytes: () => Uint8Array | null) {}

  /** Starts compiling (once): the returned promise resolves when done (never rejects), or at once where compile is missing. */
  precompile(): Promise<void> {
    const wasm = wasmApi();
    if (this.pending !== undefined) return this.pending;
    if (this.module !== undefined || wasm?.compile === undefined) return Promise.resolve();
    const bytes = this.bytes();
    this.pending = (bytes === null ? Promise.reject(new Error('bad module')) : wasm.compile(bytes)).then(
      (m) => void (this.module ??= m),
      () => void (this.module ??= null),
    );
    return this.pending;
  }

  /** The compiled module, compiled now (on this thread) when `precompile` has not finished; null when it cannot be. */
  get(): object | null {
    const wasm = wasmApi();
    if (this.module === undefined) {
      try {
        const bytes = this.bytes();
        this.module = bytes === null || wasm === undefined ? null : new wasm.Module(bytes);
      } catch {
        // A runtime that refuses to compile (e.g. a size limit on synchronous compilation).
        this.module = null;
      }
    }
    return this.module;
  }
}

const stored = new Precompiled(denseKernelsWasm);

/** Compiles the kernels' module off this thread, for a caller with other work to do before their first use. */
export function precompileDenseKernels(): Promise<void> {
  return stored.precompile();
}

export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface DenseKernels {
  /** Factors the order-n matrix at the start of the memory in place: the sign of the row permutation, or 0 when singular. */
  luFactor(n: number): number;
  /** Solves with the factors, permutation and right-hand side in the memory (see ./dense-lu-code.ts). */
  luSolve(n: number): void;
  /** Eigenvalues of the order-n matrix at the start of the memory: 1, or 0 on failure (see ./small-eigen-code.ts). */
  eigen(n: number): number;
  /** The memory (shared with the modules that call luFactor and luSolve: ./eq-kernel.ts). */
  memory: WasmMemory;
  /** Views of the whole memory; made again (and `generation` counted up) when the memory grows. */
  f64: Float64Array;
  i32: Int32Array;
  generation: number;
  /** The object whose matrix the start of the memory holds (a DenseLu's factors are reused by its next solve). */
  owner: object | null;
  /** Makes the memory hold at least `bytes` bytes. */
  reserve(bytes: number): void;
}

let enabled = true;
let made: DenseKernels | null | undefined;

/** The kernels, or null where they cannot be made or are turned off. */
export function denseKernels(): DenseKernels | null {
  if (!enabled) return null;
  if (made === undefined) made = make();
  return made;
}

/** Turns the kernels on or off (off: the JavaScript methods run); for tests that compare the two. */
export function useDenseKernels(on: boolean): void {
  enabled = on;
}

function make(): DenseKernels | null {
  const wasm = wasmApi();
  const module = stored.get();
  if (wasm === undefined || module === null) return null;
  try {
    const exports = new wasm.Instance(module, {}).exports as {
      memory: WasmMemory;
      luFactor: (n: number) => number;
      luSolve: (n: number) => void;
      eigen: (n: number) => number;
    };
    const memory = exports.memory;
    const k: DenseKernels = {
      luFactor: exports.luFactor,
      luSolve: exports.luSolve,
      eigen: exports.eigen,
      memory,
      f64: new Float64Array(memory.buffer),
      i32: new Int32Array(memory.buffer),
      generation: 0,
      owner: null,
      reserve(bytes: number): void {
        const have = memory.buffer.byteLength;
        if (bytes <= have) return;
        memory.grow(Math.ceil((bytes - have) / PAGE));
        k.f64 = new Float64Array(memory.buffer);
        k.i32 = new Int32Array(memory.buffer);
        k.generation++;
      },
    };
    return k;
  } catch {
    // A runtime that refuses to instantiate.
    return null;
  }
}
