/**
 * The hot loop: one forward-Euler step of a contiguous range of neurons (a shard, made of blocks of
 * BLOCK neurons), writing per-block sums for the population averages. Allocation-free: state and
 * coefficients live in Float64Arrays allocated once; scalar settings are copied to locals.
 *
 * One step n of neuron j (time t_n = n dt), as in the code of Gast et al. (PyRecu) and Chen & Campbell:
 * 1. spike detection before the step: v_j >= vPeak => spike, v_j := resetA v_j + resetB, u_j += d;
 * 2. the per-block sums of the state after the reset (the network's state at t_n);
 * 3. Euler: C v_j += dt (k v_j^2 - (B_j + G s) v_j + H_j + I + G s E_r - u_j),
 *    u_j += dt a (b (v_j - v_r) - u_j)  (both from the values after the reset).
 * s and a shared u are advanced by the caller from the population sums (./globals.ts).
 */
import type { NetworkSetup } from './population';
import { neuronLoop, type LoopShape, type NeuronLoop } from './kernel-source';
import { wasmNeuronLoop, type WasmLoop } from './kernel-wasm';

/** Neurons per block: the unit of the reduction, fixed so that sums do not depend on the thread count. */
export const BLOCK = 1024;
/** Calls of a new neuron loop on one neuron before the run (NeuronShard.warm). */
const WARM_CALLS = 3000;
/** Sums per block: spikes, sum of v over the neurons at or above vLow (all are below the peak after the reset), their count, sum of u, sum of all v. */
export const SUMS = 5;

/** Spike times of a few neurons, as (neuron, step) pairs; grows by doubling (spikes of recorded neurons only). */
export class SpikeRecorder {
  neuron = new Int32Array(1024);
  step = new Float64Array(1024);
  count = 0;
  /** 1 for the recorded neurons of the shard (local index). */
  readonly flag: Uint8Array;

  constructor(
    size: number,
    private readonly lo: number,
    raster: Int32Array,
  ) {
    this.flag = new Uint8Array(size);
    for (const j of raster) if (j >= lo && j < lo + size) this.flag[j - lo] = 1;
  }

  /** Spike of local neuron `local` at step `step`. */
  add(local: number, step: number): void {
    const neuron = this.lo + local;
    if (this.count === this.neuron.length) {
      const neurons = new Int32Array(2 * this.count);
      const steps = new Float64Array(2 * this.count);
      neurons.set(this.neuron);
      steps.set(this.step);
      this.neuron = neurons;
      this.step = steps;
    }
    this.neuron[this.count] = neuron;
    this.step[this.count++] = step;
  }
}

/** Which form of the neuron loop a shard runs: WebAssembly (./kernel-wasm.ts) or JavaScript (./kernel-source.ts). Same bits. */
export type LoopKind = 'wasm' | 'js';

/**
 * Blocks b0..b1-1 of the network (neurons b0*BLOCK .. min(b1*BLOCK, N) - 1), stepped by one thread.
 * The loop is generated for the run: by default as WebAssembly holding the shard's state in its
 * memory, two neurons at a time (./kernel-wasm.ts); as JavaScript (./kernel-source.ts) when asked,
 * or when this runtime cannot make the module (no WebAssembly, no memory for it). For the
 * JavaScript loop state and coefficients are interleaved per neuron ([v_j, u_j], [B_j, H_j]): half
 * the array accesses of separate arrays, which V8 turns into markedly fewer instructions per neuron.
 */
export class NeuronShard {
  readonly lo: number;
  readonly hi: number;
  /** [v_0, u_0, v_1, u_1, ...] and [B_0, H_0, ...] of the shard for the JavaScript loop (empty with the WebAssembly one, which holds them in its memory). */
  private readonly y: Float64Array;
  private readonly bh: Float64Array;
  /** The WebAssembly loop, or null when the shard runs the JavaScript one. */
  private readonly wasm: WasmLoop | null;
  readonly spikes: SpikeRecorder;
  private loop: NeuronLoop | null = null;
  private sums: Float64Array | null = null;
  private readonly loops = new Map<Float64Array, NeuronLoop>();
  /** Local indices (times 2) of the neurons that spiked in the last block. */
  private readonly fired = new Int32Array(2 * BLOCK);
  /** Whether the shard holds recorded neurons. */
  private readonly recording: boolean;
  /** What the loop may leave out for this shard (./kernel-source.ts). */
  private readonly shape: LoopShape;

  constructor(
    private readonly setup: NetworkSetup,
    readonly b0: number,
    readonly b1: number,
    kind: LoopKind = 'wasm',
  ) {
    this.lo = b0 * BLOCK;
    this.hi = Math.min(b1 * BLOCK, setup.n);
    const size = this.hi - this.lo;
    this.spikes = new SpikeRecorder(size, this.lo, setup.raster);
    this.recording = this.spikes.flag.includes(1);
    let uniform = size > 0;
    for (let j = this.lo + 1; j < this.hi && uniform; j++) uniform = setup.B[j] === setup.B[this.lo];
    this.shape = { uniformB: uniform ? setup.B[this.lo] : null, record: this.recording };
    this.wasm = kind === 'wasm' ? tryWasmLoop(setup, size, this.shape) : null;
    const wasm = this.wasm;
    if (wasm !== null) {
      wasm.v.fill(setup.v0);
      wasm.u.fill(setup.u0);
      wasm.B.set(setup.B.subarray(this.lo, this.hi));
      wasm.H.set(setup.H.subarray(this.lo, this.hi));
    }
    this.y = new Float64Array(wasm === null ? 2 * size : 0);
    this.bh = new Float64Array(wasm === null ? 2 * size : 0);
    for (let j = 0; j < this.y.length / 2; j++) {
      this.y[2 * j] = setup.v0;
      this.y[2 * j + 1] = setup.u0;
      this.bh[2 * j] = setup.B[this.lo + j];
      this.bh[2 * j + 1] = setup.H[this.lo + j];
    }
  }

  /** The shard's state [v_0, u_0, v_1, u_1, ...] (u_j unused with shared recovery): a copy. */
  get vu(): Float64Array {
    const wasm = this.wasm;
    if (wasm === null) return this.y.slice();
    const out = new Float64Array(2 * wasm.v.length);
    for (let j = 0; j < wasm.v.length; j++) [out[2 * j], out[2 * j + 1]] = [wasm.v[j], wasm.u[j]];
    return out;
  }

  /** Which loop the shard runs. */
  get kind(): LoopKind {
    return this.wasm === null ? 'js' : 'wasm';
  }

  /**
   * Runs a new loop WARM_CALLS times on the shard's first neuron, from a potential at the peak, one
   * below vLow and one in between in turn (every branch of the loop taken, with doubles where the run
   * passes doubles), then puts back the neuron's v and u (its block's sums, also written, are written
   * anew by the step that follows, before any thread reads them). V8
   * then optimises the loop as a function of its own, with its arrays as constants, before the long
   * calls of the run begin. Without it V8 often optimises the loop only inside one of those calls
   * (on-stack replacement), in a form that reloads its arrays at every neuron and stays in use:
   * up to twice as slow per neuron-step, by chance from run to run.
   */
  private warm(loop: NeuronLoop): void {
    if (this.hi === this.lo) return;
    const { vPeak, vLow } = this.setup;
    const y = this.y;
    const [v, u] = [y[0], y[1]];
    const at = this.b0 * SUMS;
    const probes = [vPeak, vLow - 1, 0.5 * (vLow + vPeak)];
    for (let i = 0; i < WARM_CALLS; i++) {
      y[0] = probes[i % 3];
      y[1] = u;
      loop(0, 1, 0.5, 0.5, at);
    }
    y[0] = v;
    y[1] = u;
  }

  /**
   * Step n of every neuron of the shard with input I, synaptic variable s and (shared recovery) the
   * shared u; writes the SUMS sums of block b at sums[b*SUMS ..] for each block of the shard.
   */
  step(n: number, I: number, s: number, uShared: number, sums: Float64Array): void {
    if (this.wasm !== null) {
      this.stepWasm(this.wasm, n, I, s, uShared, sums);
      return;
    }
    const st = this.setup;
    if (sums !== this.sums) {
      // The threads' exchange alternates between two buffers: one loop for each, made once.
      if (!this.loops.has(sums)) {
        const made = neuronLoop(st, this.y, this.bh, sums, this.fired, this.shape);
        this.warm(made);
        this.loops.set(sums, made);
      }
      this.sums = sums;
      this.loop = this.loops.get(sums)!;
    }
    const gs = st.G * s;
    const drive = I + gs * st.Er - (st.shared ? uShared : 0);
    const loop = this.loop!;
    const fired = this.fired;
    const flag = this.spikes.flag;
    for (let b = this.b0; b < this.b1; b++) {
      const from = b * BLOCK - this.lo;
      const to = Math.min((b + 1) * BLOCK, this.hi) - this.lo;
      loop(from, to, gs, drive, b * SUMS);
      if (this.recording) {
        const count = sums[b * SUMS];
        for (let i = 0; i < count; i++) {
          const local = fired[i] >> 1;
          if (flag[local] === 1) this.spikes.add(local, n);
        }
      }
    }
  }

  /** step() with the WebAssembly loop: each block's sums copied from the module's memory. */
  private stepWasm(loop: WasmLoop, n: number, I: number, s: number, uShared: number, sums: Float64Array): void {
    const st = this.setup;
    const gs = st.G * s;
    const drive = I + gs * st.Er - (st.shared ? uShared : 0);
    const { run, sums: last, w: fired } = loop;
    const flag = this.spikes.flag;
    for (let b = this.b0; b < this.b1; b++) {
      run(b * BLOCK - this.lo, Math.min((b + 1) * BLOCK, this.hi) - this.lo, gs, drive);
      const at = b * SUMS;
      for (let i = 0; i < SUMS; i++) sums[at + i] = last[i];
      if (this.recording) {
        const count = last[0];
        for (let i = 0; i < count; i++) {
          const local = fired[i] >> 1;
          if (flag[local] === 1) this.spikes.add(local, n);
        }
      }
    }
  }
}

/** The shard's WebAssembly loop, or null when this runtime cannot make it (the JavaScript loop runs then). */
function tryWasmLoop(setup: NetworkSetup, size: number, shape: LoopShape): WasmLoop | null {
  try {
    return wasmNeuronLoop(setup, size, BLOCK, shape);
  } catch {
    return null;
  }
}
