/**
 * The neuron loop of ./kernel-source.ts as a WebAssembly function, made for one shard and run: the
 * same operations in the same order on the same doubles (so the same bits), with the run's
 * constants as f64 literals. Two neurons at a time in the two lanes of SIMD pairs of doubles
 * (f64x2): each lane does the scalar operations, a reset is a lane select, and the sums are taken
 * lane by lane in neuron order, so nothing changes a bit; an odd last neuron takes the scalar path.
 * V8 compiles it without the checks a JavaScript loop over typed arrays keeps (bounds, detached
 * buffers). One thread, individual recovery: 1.9 ns per neuron-step with the JavaScript loop
 * (`npm run bench`); in runs side by side, 1.7 with one neuron at a time, 1.2 with the pairs. The module holds
 * the shard's state in its own memory, one plane per quantity (pairs load in one instruction):
 *
 *   bytes [0, S), [S, 2S), [2S, 3S), [3S, 4S)   v_j, u_j, B_j, H_j (S = 8 size)
 *   [4S, 4S + 4 block)   indices (times 2) of the neurons that spiked in the last call, when recording
 *   then 5 doubles       the block's SUMS sums of the last call
 *
 * run(from, to, G s, I + G s E_r (- u with shared recovery)) steps local neurons from..to-1.
 * Only numbers and fixed opcodes go into the module (./wasm-bytes.ts).
 */
import type { LoopShape } from './kernel-source';
import type { NetworkSetup } from './population';
import { f64Const, F64, I32, memarg, OP, oneFunctionModule, sleb, uleb, VOID } from '../wasm/bytes';

/** A shard's loop: its state arrays (views of the module's memory) and its function. */
export interface WasmLoop {
  /** The shard's v_j, u_j, B_j and H_j (views of the module's memory). */
  v: Float64Array;
  u: Float64Array;
  B: Float64Array;
  H: Float64Array;
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

/** SIMD instructions (prefix 0xfd, then the instruction's number as LEB128; spec 5.4.8). */
const SIMD = 0xfd;
const V128 = 0x7b;
const simd = (op: number, ...imm: number[]): number[] => [SIMD, ...uleb(op), ...imm];
const X = {
  load: (offset: number) => simd(0x00, ...memarg(3, offset)),
  store: (offset: number) => simd(0x0b, ...memarg(3, offset)),
  splat: simd(0x14),
  i64Lane: (lane: number) => simd(0x1d, lane),
  lane: (lane: number) => simd(0x21, lane),
  lt: simd(0x49),
  ge: simd(0x4c),
  bitselect: simd(0x52),
  anyTrue: simd(0x53),
  neg: simd(0xed),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
};

/** The pieces a formula is written with, for one neuron (f64) or a pair of neurons (f64x2). */
interface Arith {
  v: number[];
  u: number[];
  /** A constant. */
  c: (x: number) => number[];
  add: number[];
  sub: number[];
  mul: number[];
  neg: number[];
  dtC: number[];
  dtA: number[];
  b: number[];
  /** B_j + G s. */
  bg: number[];
  h: number[];
  drive: number[];
}

// More locals: pairs of doubles (v128).
const V2 = 14;
const U2 = 15;
const M2 = 16;
const BG2 = 17;
const DRIVE2 = 18;
const PEAK2 = 19;
const LOW2 = 20;
const DTC2 = 21;
const DTA2 = 22;
const B2 = 23;

/** The loop for a shard of `size` neurons (at most `block` per call) of `setup`, shaped by `shape`. */
export function wasmNeuronLoop(setup: NetworkSetup, size: number, block: number, shape: LoopShape): WasmLoop {
  const { k, vr, b, d, vPeak, vLow, resetA, resetB, shared } = setup;
  const dtC = setup.dt / setup.C;
  const dtA = setup.dt * setup.a;
  // Planes of the shard's neurons: v, u, B, H; then the spike list, the sums.
  const S = 8 * size;
  const [VP, UP, BP, HP] = [0, S, 2 * S, 3 * S];
  const W = 4 * S;
  const OUT = 8 * Math.ceil((W + 4 * block) / 8);
  const pages = Math.max(1, Math.ceil((OUT + 40) / PAGE));
  const reflect = resetA === -1 && resetB === 0 && vPeak > 0;

  // The formulas, written once for one neuron (f64) and for a pair (f64x2) so that both do the
  // JavaScript loop's operations in its order. Operations that leave their operand's bits unchanged
  // are left out: 1 * v and v - 0 are v; a reflection -1 * v + 0 is -v for any v at or above a
  // positive peak.
  // v := resetA v + resetB.
  const reset = (a: Arith): number[] =>
    resetA === 0 ? a.c(resetB) : reflect ? [...a.v, ...a.neg] : [...a.v, ...a.c(resetA), ...a.mul, ...a.c(resetB), ...a.add];
  // v + dt/C (k v v - (B + G s) v + H + drive [- u]), from the values after the reset.
  const vNext = (a: Arith): number[] => [
    ...a.v,
    ...a.dtC,
    ...(k === 1 ? a.v : [...a.c(k), ...a.v, ...a.mul]),
    ...a.v,
    ...a.mul,
    ...a.bg,
    ...a.v,
    ...a.mul,
    ...a.sub,
    ...a.h,
    ...a.add,
    ...a.drive,
    ...a.add,
    ...(shared ? [] : [...a.u, ...a.sub]),
    ...a.mul,
    ...a.add,
  ];
  // u + dt a (b (v - v_r) - u).
  const uNext = (a: Arith): number[] => [
    ...a.u,
    ...a.dtA,
    ...a.b,
    ...a.v,
    ...(vr === 0 ? [] : [...a.c(vr), ...a.sub]),
    ...a.mul,
    ...a.u,
    ...a.sub,
    ...a.mul,
    ...a.add,
  ];

  // One neuron at byte Q + off of the v plane (the odd one after the pairs): the JavaScript loop's operations.
  const neuron = (off: number): number[] => {
    const load = (plane: number): number[] => [...get(Q), OP.f64Load, ...memarg(3, plane + off)];
    const store = (plane: number, value: number[]): number[] => [...get(Q), ...value, OP.f64Store, ...memarg(3, plane + off)];
    const a: Arith = {
      v: get(V),
      u: get(U),
      c: f64Const,
      add: [OP.f64Add],
      sub: [OP.f64Sub],
      mul: [OP.f64Mul],
      neg: [OP.f64Neg],
      dtC: f64Const(dtC),
      dtA: f64Const(dtA),
      b: f64Const(b),
      bg: shape.uniformB === null ? [...load(BP), ...get(GS), OP.f64Add] : get(BG),
      h: load(HP),
      drive: get(DRIVE),
    };
    return [
      ...load(VP),
      ...set(V),
      ...(shared ? [] : [...load(UP), ...set(U)]),
      // Spike: reset (and u += d), listed when recording.
      ...get(V),
      ...f64Const(vPeak),
      OP.f64Ge,
      OP.if,
      VOID,
      ...reset(a),
      ...set(V),
      ...(shared ? [] : [...get(U), ...f64Const(d), OP.f64Add, ...set(U)]),
      ...(shape.record ? record(off) : []),
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
      ...lowSum(get(V)),
      OP.end,
      ...get(V_SUM),
      ...get(V),
      OP.f64Add,
      ...set(V_SUM),
      ...(shared ? [] : [...get(U_SUM), ...get(U), OP.f64Add, ...set(U_SUM)]),
      ...store(VP, vNext(a)),
      ...(shared ? [] : store(UP, uNext(a))),
    ];
  };
  // The spike list entry of the neuron at byte Q + off (its local index times 2, as the JavaScript loop lists it).
  function record(off: number): number[] {
    const index = off === 0 ? [...get(Q), ...i32(2), OP.i32ShrU] : [...get(Q), ...i32(off), OP.i32Add, ...i32(2), OP.i32ShrU];
    return [...get(SPIKES), ...i32(2), OP.i32Shl, ...index, OP.i32Store, ...memarg(2, W)];
  }
  // A neuron left out of <v>: its v (on the stack) into the sum and the count.
  function lowSum(value: number[]): number[] {
    return [...get(LOW_SUM), ...value, OP.f64Add, ...set(LOW_SUM), ...get(LOW_COUNT), ...i32(1), OP.i32Add, ...set(LOW_COUNT)];
  }
  // Lane `lane` of the comparison mask in M2 set: its i64 is -1.
  const laneSet = (lane: number): number[] => [...get(M2), ...X.i64Lane(lane), OP.i64Const, 0, OP.i64Ne];

  // Two neurons (bytes Q and Q + 8 of each plane) in the lanes of pairs of doubles: each lane's
  // operations are the scalar ones, so the same bits; the sums are taken lane by lane in neuron order.
  const a2: Arith = {
    v: get(V2),
    u: get(U2),
    c: (x) => [...f64Const(x), ...X.splat],
    add: X.add,
    sub: X.sub,
    mul: X.mul,
    neg: X.neg,
    dtC: get(DTC2),
    dtA: get(DTA2),
    b: get(B2),
    bg: shape.uniformB === null ? [...get(Q), ...X.load(BP), ...get(GS), ...X.splat, ...X.add] : get(BG2),
    h: [...get(Q), ...X.load(HP)],
    drive: get(DRIVE2),
  };
  const pair = [
    ...get(Q),
    ...X.load(VP),
    ...set(V2),
    ...(shared ? [] : [...get(Q), ...X.load(UP), ...set(U2)]),
    ...get(V2),
    ...get(PEAK2),
    ...X.ge,
    OP.localTee,
    M2,
    ...X.anyTrue,
    OP.if,
    VOID,
    ...reset(a2),
    ...get(V2),
    ...get(M2),
    ...X.bitselect,
    ...set(V2),
    ...(shared ? [] : [...get(U2), ...f64Const(d), ...X.splat, ...X.add, ...get(U2), ...get(M2), ...X.bitselect, ...set(U2)]),
    ...[0, 1].flatMap((lane) => [
      ...laneSet(lane),
      OP.if,
      VOID,
      ...(shape.record ? record(8 * lane) : []),
      ...get(SPIKES),
      ...i32(1),
      OP.i32Add,
      ...set(SPIKES),
      OP.end,
    ]),
    OP.end,
    ...get(V2),
    ...get(LOW2),
    ...X.lt,
    OP.localTee,
    M2,
    ...X.anyTrue,
    OP.if,
    VOID,
    ...[0, 1].flatMap((lane) => [...laneSet(lane), OP.if, VOID, ...lowSum([...get(V2), ...X.lane(lane)]), OP.end]),
    OP.end,
    ...get(V_SUM),
    ...get(V2),
    ...X.lane(0),
    OP.f64Add,
    ...get(V2),
    ...X.lane(1),
    OP.f64Add,
    ...set(V_SUM),
    ...(shared ? [] : [...get(U_SUM), ...get(U2), ...X.lane(0), OP.f64Add, ...get(U2), ...X.lane(1), OP.f64Add, ...set(U_SUM)]),
    ...get(Q),
    ...vNext(a2),
    ...X.store(VP),
    ...(shared ? [] : [...get(Q), ...uNext(a2), ...X.store(UP)]),
  ];
  const splatTo = (x: number, local: number): number[] => [...f64Const(x), ...X.splat, ...set(local)];
  const body = [
    ...get(FROM),
    ...i32(3),
    OP.i32Shl,
    ...set(Q),
    ...get(TO),
    ...i32(3),
    OP.i32Shl,
    ...set(END),
    ...(shape.uniformB === null ? [] : [...f64Const(shape.uniformB), ...get(GS), OP.f64Add, ...set(BG), ...get(BG), ...X.splat, ...set(BG2)]),
    ...get(DRIVE),
    ...X.splat,
    ...set(DRIVE2),
    ...splatTo(vPeak, PEAK2),
    ...splatTo(vLow, LOW2),
    ...splatTo(dtC, DTC2),
    ...splatTo(dtA, DTA2),
    ...splatTo(b, B2),
    // Two neurons per turn, then the odd one left.
    OP.block,
    VOID,
    OP.loop,
    VOID,
    ...get(Q),
    ...i32(16),
    OP.i32Add,
    ...get(END),
    OP.i32GtS,
    OP.brIf,
    1,
    ...pair,
    ...get(Q),
    ...i32(16),
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
      locals: [I32, I32, I32, F64, I32, F64, F64, F64, F64, F64, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128],
      body,
      pages,
    }),
  );
  const { memory, run } = new WASM.Instance(module, {}).exports as { memory: { buffer: ArrayBuffer }; run: WasmLoop['run'] };
  const plane = (at: number): Float64Array => new Float64Array(memory.buffer, at, size);
  return {
    v: plane(VP),
    u: plane(UP),
    B: plane(BP),
    H: plane(HP),
    w: new Int32Array(memory.buffer, W, block),
    sums: new Float64Array(memory.buffer, OUT, 5),
    run,
  };
}
