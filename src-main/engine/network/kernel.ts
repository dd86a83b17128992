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

/** Neurons per block: the unit of the reduction, fixed so that sums do not depend on the thread count. */
export const BLOCK = 1024;
/** Sums per block: spikes, sum of v over neurons inside [vLow, vPeak], their count, sum of u, sum of all v. */
export const SUMS = 5;

/** Spike times of a few neurons, as (neuron, step) pairs; grows by doubling (spikes of recorded neurons only). */
export class SpikeRecorder {
  neuron = new Int32Array(1024);
  step = new Float64Array(1024);
  count = 0;
  /** 1 for the recorded neurons of the shard (local index). */
  readonly flag: Uint8Array;

  constructor(size: number, lo: number, raster: Int32Array) {
    this.flag = new Uint8Array(size);
    for (const j of raster) if (j >= lo && j < lo + size) this.flag[j - lo] = 1;
  }

  add(neuron: number, step: number): void {
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

/** Blocks b0..b1-1 of the network (neurons b0*BLOCK .. min(b1*BLOCK, N) - 1), stepped by one thread. */
export class NeuronShard {
  readonly lo: number;
  readonly hi: number;
  readonly v: Float64Array;
  readonly u: Float64Array;
  private readonly B: Float64Array;
  private readonly H: Float64Array;
  readonly spikes: SpikeRecorder;

  constructor(
    private readonly setup: NetworkSetup,
    readonly b0: number,
    readonly b1: number,
  ) {
    this.lo = b0 * BLOCK;
    this.hi = Math.min(b1 * BLOCK, setup.n);
    const size = this.hi - this.lo;
    this.v = new Float64Array(size).fill(setup.v0);
    this.u = new Float64Array(size).fill(setup.u0);
    this.B = setup.B.slice(this.lo, this.hi);
    this.H = setup.H.slice(this.lo, this.hi);
    this.spikes = new SpikeRecorder(size, this.lo, setup.raster);
  }

  /**
   * Step n of every neuron of the shard with input I, synaptic variable s and (shared recovery) the
   * shared u; writes the SUMS sums of block b at sums[b*SUMS ..] for each block of the shard.
   */
  step(n: number, I: number, s: number, uShared: number, sums: Float64Array): void {
    const st = this.setup;
    const gs = st.G * s;
    const drive = I + gs * st.Er;
    const dtC = st.dt / st.C;
    const dtA = st.dt * st.a;
    for (let b = this.b0; b < this.b1; b++) {
      const from = b * BLOCK - this.lo;
      const to = Math.min((b + 1) * BLOCK, this.hi) - this.lo;
      if (st.shared) this.blockShared(n, from, to, gs, drive - uShared, dtC, sums, b * SUMS);
      else this.blockIndividual(n, from, to, gs, drive, dtC, dtA, sums, b * SUMS);
    }
  }

  private blockIndividual(n: number, from: number, to: number, gs: number, drive: number, dtC: number, dtA: number, sums: Float64Array, at: number): void {
    const { v: V, u: U, B, H } = this;
    const st = this.setup;
    const k = st.k;
    const vr = st.vr;
    const b = st.b;
    const d = st.d;
    const vPeak = st.vPeak;
    const vLow = st.vLow;
    const resetA = st.resetA;
    const resetB = st.resetB;
    let spikes = 0;
    let sumIn = 0;
    let nIn = 0;
    let sumU = 0;
    let sumAll = 0;
    for (let j = from; j < to; j++) {
      let v = V[j];
      let u = U[j];
      if (v >= vPeak) {
        v = resetA * v + resetB;
        u += d;
        spikes++;
        if (this.spikes.flag[j] === 1) this.spikes.add(this.lo + j, n);
      }
      if (v >= vLow && v <= vPeak) {
        sumIn += v;
        nIn++;
      }
      sumU += u;
      sumAll += v;
      V[j] = v + dtC * (k * v * v - (B[j] + gs) * v + H[j] + drive - u);
      U[j] = u + dtA * (b * (v - vr) - u);
    }
    sums[at] = spikes;
    sums[at + 1] = sumIn;
    sums[at + 2] = nIn;
    sums[at + 3] = sumU;
    sums[at + 4] = sumAll;
  }

  /** As blockIndividual with one shared u, folded into `drive` (= I + G s E_r - u). */
  private blockShared(n: number, from: number, to: number, gs: number, drive: number, dtC: number, sums: Float64Array, at: number): void {
    const { v: V, B, H } = this;
    const st = this.setup;
    const k = st.k;
    const vPeak = st.vPeak;
    const vLow = st.vLow;
    const resetA = st.resetA;
    const resetB = st.resetB;
    let spikes = 0;
    let sumIn = 0;
    let nIn = 0;
    let sumAll = 0;
    for (let j = from; j < to; j++) {
      let v = V[j];
      if (v >= vPeak) {
        v = resetA * v + resetB;
        spikes++;
        if (this.spikes.flag[j] === 1) this.spikes.add(this.lo + j, n);
      }
      if (v >= vLow && v <= vPeak) {
        sumIn += v;
        nIn++;
      }
      sumAll += v;
      V[j] = v + dtC * (k * v * v - (B[j] + gs) * v + H[j] + drive);
    }
    sums[at] = spikes;
    sums[at + 1] = sumIn;
    sums[at + 2] = nIn;
    sums[at + 3] = 0;
    sums[at + 4] = sumAll;
  }
}
