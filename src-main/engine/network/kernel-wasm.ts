/**
 * The neuron loop of ./kernel-source.ts as a WebAssembly function, made for one shard and run: the
 * same operations in the same order on the same doubles (so the same bits), with the run's constants
 * as f64 literals. V8 compiles it to a loop without the checks a JavaScript loop over typed arrays
 * keeps (array bounds, detached buffers): about a fifth less time per neuron-step on one thread
 * (`npm run bench`: 1.9 -> 1.55 ns with individual recovery, 1.2 -> 0.93 ns with shared), without
 * the JavaScript loop's swings from process to process (1.7 or 3 ns in a micro-benchmark). The module holds the shard's state in its own memory:
 *
 *   bytes [0, 16 size)         y = [v_0, u_0, v_1, u_1, ...]
 *   [16 size, 32 size)         p = [B_0, H_0, B_1, H_1, ...]
 *   [32 size, + 4 BLOCK)       w: indices (times 2) of the neurons that spiked in the last call, when recording
 *   then 5 doubles             the block's SUMS sums of the last call
 *
 * run(from, to, G s, I + G s E_r (- u with shared recovery)) steps local neurons from..to-1.
 * Only numbers and fixed opcodes go into the module (./wasm-bytes.ts).
 */
import type { LoopShape } from './kernel-source';
import type { NetworkSetup } from './population';
import { f64Const, F64, I32, memarg, OP, oneFunctionModule, sleb, VOID } from './wasm-bytes';

/** A shard's loop: its state arrays (views of the module's memory) and its function. */
export interface WasmLoop {
  y: Float64Array;
  p: Float64Array;
  w: Int32Array;
  /** The SUMS sums written by the last call. */
  sums: Float64Array;
  run: (from: number, to: number, gs: number, drive: number) => void;
}

/** The part of the WebAssembly API used here (absent from a runtime started without it, e.g. node --jitless). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WASM = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;

// Parameters and locals by index.
const FROM = 0;
const TO = 1;
const GS = 2;
const DRIVE = 3;
const Q = 4;
const END = 5;
const SPIKES = 6;
const LOW_SUM = 7;
const LOW_COUNT = 8;
const U_SUM = 9;
const V_SUM = 10;
const V = 11;
const U = 12;
const BG = 13;

const get = (i: number): number[] => [OP.localGet, i];
const set = (i: number): number[] => [OP.localSet, i];
const i32 = (x: number): number[] => [OP.i32Const, ...sleb(x)];

/** The loop for a shard of `size` neurons (at most `block` per call) of `setup`, shaped by `shape`. */
export function wasmNeuronLoop(setup: NetworkSetup, size: number, block: number, shape: LoopShape): WasmLoop {
  const { k, vr, b, d, vPeak, vLow, resetA, resetB, shared } = setup;
  const dtC = setup.dt / setup.C;
  const dtA = setup.dt * setup.a;
  const P = 16 * size;
  const W = 32 * size;
  const OUT = 8 * Math.ceil((W + 4 * block) / 8);
  const bytes = OUT + 40;
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  // Operations that leave their operand's bits unchanged are left out: 1 * v and v - 0 are v; a
  // reflection -1 * v + 0 is -v for any v at or above a positive peak.
  const reset =
    resetA === 0
      ? f64Const(resetB)
      : resetA === -1 && resetB === 0 && vPeak > 0
        ? [...get(V), OP.f64Neg]
        : [...get(V), ...f64Const(resetA), OP.f64Mul, ...f64Const(resetB), OP.f64Add];
  const kv = k === 1 ? get(V) : [...f64Const(k), ...get(V), OP.f64Mul];
  const vMinusVr = vr === 0 ? get(V) : [...get(V), ...f64Const(vr), OP.f64Sub];
  // One neuron, at byte `off` past Q: the operations of the JavaScript loop in its order.
  const neuron = (off: number): number[] => {
    const load = (base: number): number[] => [...get(Q), OP.f64Load, ...memarg(3, base + off)];
    const store = (base: number, value: number[]): number[] => [...get(Q), ...value, OP.f64Store, ...memarg(3, base + off)];
    const bg = shape.uniformB === null ? [...load(P), ...get(GS), OP.f64Add] : get(BG);
    const index = off === 0 ? [...get(Q), ...i32(3), OP.i32ShrU] : [...get(Q), ...i32(off), OP.i32Add, ...i32(3), OP.i32ShrU];
    return [
      ...load(0),
      ...set(V),
      ...(shared ? [] : [...load(8), ...set(U)]),
      // Spike: reset (and u += d), listed when recording.
      ...get(V),
      ...f64Const(vPeak),
      OP.f64Ge,
      OP.if,
      VOID,
      ...reset,
      ...set(V),
      ...(shared ? [] : [...get(U), ...f64Const(d), OP.f64Add, ...set(U)]),
      ...(shape.record ? [...get(SPIKES), ...i32(2), OP.i32Shl, ...index, OP.i32Store, ...memarg(2, W)] : []),
      ...get(SPIKES),
      ...i32(1),
      OP.i32Add,
      ...set(SPIKES),
      OP.end,
      // The neurons left out of <v>.
      ...get(V),
      ...f64Const(vLow),
      OP.f64Lt,
      OP.if,
      VOID,
      ...get(LOW_SUM),
      ...get(V),
      OP.f64Add,
      ...set(LOW_SUM),
      ...get(LOW_COUNT),
      ...i32(1),
      OP.i32Add,
      ...set(LOW_COUNT),
      OP.end,
      ...get(V_SUM),
      ...get(V),
      OP.f64Add,
      ...set(V_SUM),
      ...(shared ? [] : [...get(U_SUM), ...get(U), OP.f64Add, ...set(U_SUM)]),
      // v += dt/C (k v v - (B + G s) v + H + drive [- u]), from the values after the reset.
      ...store(0, [
        ...get(V),
        ...f64Const(dtC),
        ...kv,
        ...get(V),
        OP.f64Mul,
        ...bg,
        ...get(V),
        OP.f64Mul,
        OP.f64Sub,
        ...load(P + 8),
        OP.f64Add,
        ...get(DRIVE),
        OP.f64Add,
        ...(shared ? [] : [...get(U), OP.f64Sub]),
        OP.f64Mul,
        OP.f64Add,
      ]),
      // u += dt a (b (v - v_r) - u).
      ...(shared ? [] : store(8, [...get(U), ...f64Const(dtA), ...f64Const(b), ...vMinusVr, OP.f64Mul, ...get(U), OP.f64Sub, OP.f64Mul, OP.f64Add])),
    ];
  };
  const body = [
    ...get(FROM),
    ...i32(4),
    OP.i32Shl,
    ...set(Q),
    ...get(TO),
    ...i32(4),
    OP.i32Shl,
    ...set(END),
    ...(shape.uniformB === null ? [] : [...f64Const(shape.uniformB), ...get(GS), OP.f64Add, ...set(BG)]),
    // Two neurons per turn (half the loop's own instructions), then the odd one left.
    OP.block,
    VOID,
    OP.loop,
    VOID,
    ...get(Q),
    ...i32(32),
    OP.i32Add,
    ...get(END),
    OP.i32GtS,
    OP.brIf,
    1,
    ...neuron(0),
    ...neuron(16),
    ...get(Q),
    ...i32(32),
    OP.i32Add,
    ...set(Q),
    OP.br,
    0,
    OP.end,
    OP.end,
    ...get(Q),
    ...get(END),
    OP.i32LtS,
    OP.if,
    VOID,
    ...neuron(0),
    OP.end,
    // The block's sums, as the JavaScript loop writes them.
    ...i32(0),
    ...get(SPIKES),
    OP.f64ConvertI32S,
    OP.f64Store,
    ...memarg(3, OUT),
    ...i32(0),
    ...get(V_SUM),
    ...get(LOW_SUM),
    OP.f64Sub,
    OP.f64Store,
    ...memarg(3, OUT + 8),
    ...i32(0),
    ...get(TO),
    ...get(FROM),
    OP.i32Sub,
    ...get(LOW_COUNT),
    OP.i32Sub,
    OP.f64ConvertI32S,
    OP.f64Store,
    ...memarg(3, OUT + 16),
    ...i32(0),
    ...get(U_SUM),
    OP.f64Store,
    ...memarg(3, OUT + 24),
    ...i32(0),
    ...get(V_SUM),
    OP.f64Store,
    ...memarg(3, OUT + 32),
  ];
  if (WASM === undefined) throw new Error('this runtime has no WebAssembly');
  const module = new WASM.Module(
    oneFunctionModule({
      params: [I32, I32, F64, F64],
      locals: [I32, I32, I32, F64, I32, F64, F64, F64, F64, F64],
      body,
      pages,
    }),
  );
  const { memory, run } = new WASM.Instance(module, {}).exports as { memory: { buffer: ArrayBuffer }; run: WasmLoop['run'] };
  return {
    y: new Float64Array(memory.buffer, 0, 2 * size),
    p: new Float64Array(memory.buffer, P, 2 * size),
    w: new Int32Array(memory.buffer, W, block),
    sums: new Float64Array(memory.buffer, OUT, 5),
    run,
  };
}
