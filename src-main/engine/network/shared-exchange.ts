/**
 * The per-step meeting of the network's worker threads, in shared memory (one reduction per step):
 * each thread writes its blocks' sums into the slot of the step's parity, then publishes its step
 * counter; a thread goes on once every counter has reached the step. Double buffering by parity
 * makes a second barrier unnecessary: slot n % 2 is written again only at step n + 2, which no
 * thread reaches before all have passed step n + 1, i.e. finished reading step n.
 *
 * Waiting spins briefly (steps take microseconds), then sleeps with Atomics.wait; a thread
 * notifies only when someone sleeps (a Dekker-style handshake on the sleepers counter, correct
 * under the sequentially consistent Atomics). The leader's stop request (cancel) travels in the
 * same slot, so every thread stops at the same step.
 */
import { SUMS } from './kernel';
import type { Exchange } from './loop';

/** Step counters are kept modulo 2^30 (a thread is never more than one step ahead of another). */
const MASK = 0x3fffffff;
const SPINS = 1000;
/** Int32 slots after the per-thread counters. */
export const CTL_SLEEPERS = 0;
export const CTL_CANCEL = 1;
export const CTL_SLOTS = 2;

/** The shared buffers of one run. */
export interface SharedRun {
  /** Int32: CTL_SLOTS control slots, then one step counter per thread. */
  ctl: SharedArrayBuffer;
  /** Float64: 2 parity slots of (nBlocks * SUMS sums + 1 stop flag). */
  sums: SharedArrayBuffer;
  /** Float64: the sample columns (./loop.ts COLUMNS x count), then [steps done, samples written]. */
  out: SharedArrayBuffer;
}

export function sharedRun(threads: number, nBlocks: number, outLength: number): SharedRun {
  return {
    ctl: new SharedArrayBuffer(4 * (CTL_SLOTS + threads)),
    sums: new SharedArrayBuffer(8 * 2 * (nBlocks * SUMS + 1)),
    out: new SharedArrayBuffer(8 * (outLength + 2)),
  };
}

export class SharedExchange implements Exchange {
  private readonly ctl: Int32Array;
  private readonly slots: [Float64Array, Float64Array];
  private readonly stopAt: number;

  constructor(
    run: SharedRun,
    nBlocks: number,
    private readonly index: number,
    private readonly threads: number,
  ) {
    this.ctl = new Int32Array(run.ctl);
    const width = nBlocks * SUMS + 1;
    this.slots = [new Float64Array(run.sums, 0, width), new Float64Array(run.sums, 8 * width, width)];
    this.stopAt = nBlocks * SUMS;
  }

  sumsFor(n: number): Float64Array {
    return this.slots[n & 1];
  }

  sync(n: number, stop: boolean): boolean {
    const ctl = this.ctl;
    const slot = this.slots[n & 1];
    if (this.index === 0) slot[this.stopAt] = stop ? 1 : 0;
    const target = (n + 1) & MASK;
    Atomics.store(ctl, CTL_SLOTS + this.index, target);
    if (Atomics.load(ctl, CTL_SLEEPERS) > 0) Atomics.notify(ctl, CTL_SLOTS + this.index);
    for (let q = 0; q < this.threads; q++) {
      if (q !== this.index) this.await(CTL_SLOTS + q, target);
    }
    return slot[this.stopAt] === 1;
  }

  /** Until counter `at` is `target` or one past it. */
  private await(at: number, target: number): void {
    const ctl = this.ctl;
    for (let i = 0; i < SPINS; i++) {
      const ahead = (Atomics.load(ctl, at) - target) & MASK;
      if (ahead <= 1) return;
    }
    for (;;) {
      Atomics.add(ctl, CTL_SLEEPERS, 1);
      const seen = Atomics.load(ctl, at);
      if (((seen - target) & MASK) <= 1) {
        Atomics.sub(ctl, CTL_SLEEPERS, 1);
        return;
      }
      Atomics.wait(ctl, at, seen, 20);
      Atomics.sub(ctl, CTL_SLEEPERS, 1);
    }
  }
}
