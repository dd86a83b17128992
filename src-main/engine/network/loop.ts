/**
 * The step loop every thread runs (the single-thread driver and each worker alike): its shard's
 * neurons, then one reduction per step of the per-block sums over all blocks in block order (so the
 * totals, and with them s and a shared u, are the same bits whatever the number of threads), then
 * the population variables, the samples and the stop decisions, identically in every thread.
 *
 * Samples (as a simulation's, t_k = k * sample): r_k is the spike count of the steps in
 * (t_{k-1}, t_k] divided by N * sample (spikes per neuron per unit time, box-averaged; r_0 counts
 * the neurons at or above the peak at t = 0); v_k is the mean potential at t_k of the neurons
 * between the reset (ik_nodim: -vPeak) and the peak, leaving out those mid-spike (above the peak
 * awaiting their reset, or just reflected below -vPeak); u_k the mean of the u_j (or the shared u);
 * s_k the synaptic variable. At a step where every neuron is mid-spike (a network of one or a few
 * neurons firing together: a reflected neuron spends one step below -vPeak) the mean potential is
 * that of the step before (as v_k and in a shared u's equation); every neuron mid-spike at two steps
 * running is a blow-up (dt too large for the spikes: they never come back between reset and peak).
 */
import { sampleTime } from '@shared/simulation/grid';
import { groupDigits } from '@shared/simulation/validate';
import { BLOCK, SUMS, type NeuronShard } from './kernel';
import type { NetworkSetup } from './population';
import { StepInput } from './step-input';

/** How the threads meet once per step. */
export interface Exchange {
  /** Where step n's block sums go (all blocks of the network; a thread fills its own). */
  sumsFor(n: number): Float64Array;
  /** Waits until every thread has written step n; returns the leader's stop request for step n. */
  sync(n: number, stop: boolean): boolean;
}

export interface LoopHooks {
  onProgress?(fraction: number, t: number): void;
  isCancelled?(): boolean;
}

/** Sample columns t, r, v, u, s, column-major in one array of 5 * count (written by the leader only). */
export const COLUMNS = 5;

export interface LoopEnd {
  status: 'ok' | 'blowup' | 'cancelled';
  message: string;
  blowup?: { t: number; variable: string };
  steps: number;
  spikes: number;
  /** Samples written. */
  written: number;
}

export const sampleCount = (setup: NetworkSetup): number => Math.max(0, setup.kLast - setup.kFirst + 1);
export const blockCount = (n: number): number => Math.ceil(n / BLOCK);

/** Steps over which the busiest firing is measured (a synchronous volley of one spike each stays far below the note's 1 in 10). */
const BUSY_STEPS = 20;

const fmt = (t: number): string => String(Number(t.toPrecision(10)));

/**
 * Runs the whole network loop for `shard`; the leader (one thread) reports progress, polls for
 * cancellation (decided through `exchange`, so all threads stop at the same step) and writes the
 * samples into `out` (COLUMNS columns of sampleCount(setup)).
 */
export function runLoop(setup: NetworkSetup, shard: NeuronShard, exchange: Exchange, out: Float64Array | null, hooks: LoopHooks = {}): LoopEnd {
  const { n: N, dt, stride, kFirst, kLast, sample, tauS, J, a, b, d, vr, shared } = setup;
  const nSteps = kLast * stride;
  const count = sampleCount(setup);
  const nBlocks = blockCount(N);
  const input = new StepInput(setup.input, dt, sampleTime(sample, kLast));
  const checkEvery = Math.max(1, Math.min(Math.ceil(nSteps / 200), Math.floor((1 << 21) / N)));
  let s = setup.s0;
  let u = setup.u0;
  let k = 0;
  let nextSample = 0;
  let nextCheck = checkEvery;
  let interval = 0;
  let spikesTotal = 0;
  let written = 0;
  /** Largest spikes per neuron and step over BUSY_STEPS steps, and the count of the current ones. */
  let busiest = 0;
  let recent = 0;
  /** The mean potential of the neurons between reset and peak at the last step that had any, and the steps since without any. */
  let vMean = setup.v0;
  let allMid = 0;
  const end = (status: LoopEnd['status'], message: string, steps: number, blowup?: LoopEnd['blowup']): LoopEnd => ({
    status,
    message,
    steps,
    spikes: spikesTotal,
    written,
    ...(blowup ? { blowup } : {}),
  });
  for (let n = 0; n <= nSteps; n++) {
    const sums = exchange.sumsFor(n);
    shard.step(n, input.at(n), s, u, sums);
    let stop = false;
    if (out !== null && n >= nextCheck) {
      nextCheck += checkEvery;
      hooks.onProgress?.(n / nSteps, n * dt);
      stop = hooks.isCancelled?.() === true;
    }
    stop = exchange.sync(n, stop);
    let spikes = 0;
    let sumIn = 0;
    let nIn = 0;
    let sumU = 0;
    let sumAll = 0;
    for (let q = 0; q < nBlocks * SUMS; q += SUMS) {
      spikes += sums[q];
      sumIn += sums[q + 1];
      nIn += sums[q + 2];
      sumU += sums[q + 3];
      sumAll += sums[q + 4];
    }
    if (!Number.isFinite(sumAll) || !Number.isFinite(sumU) || !Number.isFinite(u) || !Number.isFinite(s)) {
      const variable = !Number.isFinite(sumAll) ? 'v' : !Number.isFinite(s) ? 's' : 'u';
      const t = n * dt;
      return end('blowup', `The network blew up: ${variable} became non-finite at t = ${fmt(t)} (try a smaller dt or check the parameters)`, n, {
        t,
        variable,
      });
    }
    if (nIn === 0 && ++allMid === 2) {
      const t = n * dt;
      return end(
        'blowup',
        `The network blew up: at t = ${fmt(t)} every neuron has been mid-spike (beyond the peak or the reset) for two steps running: dt is too large for the spikes; try a smaller dt`,
        n,
        { t, variable: 'v' },
      );
    }
    interval += spikes;
    spikesTotal += spikes;
    recent += spikes;
    if (n % BUSY_STEPS === BUSY_STEPS - 1) {
      if (recent > busiest * N * BUSY_STEPS) busiest = recent / (N * BUSY_STEPS);
      recent = 0;
    }
    if (nIn > 0) {
      allMid = 0;
      vMean = sumIn / nIn;
    }
    if (n === nextSample) {
      if (k >= kFirst) {
        if (out !== null) {
          const i = k - kFirst;
          out[i] = sampleTime(sample, k);
          out[count + i] = interval / (N * sample);
          out[2 * count + i] = vMean;
          out[3 * count + i] = shared ? u : sumU / N;
          out[4 * count + i] = s;
        }
        written++;
      }
      interval = 0;
      k++;
      nextSample += stride;
    }
    if (stop) return end('cancelled', `Cancelled at t = ${fmt(n * dt)}; the samples up to there are kept`, n);
    const rate = spikes / N;
    s += dt * (-s / tauS) + J * rate;
    if (shared) u += dt * a * (b * (vMean - vr) - u) + d * rate;
  }
  hooks.onProgress?.(1, nSteps * dt);
  // A neuron firing every few steps is not followed by the Euler steps: say so with the result.
  const note =
    busiest > 0.1
      ? `; note: the neurons fired on average every ${fmt(1 / busiest)} steps at the highest rate: too few steps per spike to follow it (try a smaller dt)`
      : '';
  return end(
    'ok',
    `euler: ${groupDigits(nSteps)} steps of ${dt} for ${groupDigits(N)} ${N === 1 ? 'neuron' : 'neurons'}, ${groupDigits(spikesTotal)} spikes, ${groupDigits(written)} samples${note}`,
    nSteps,
  );
}
