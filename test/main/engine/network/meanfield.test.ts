/**
 * Where the mean field is exact (Lorentzian heterogeneity, shared recovery variable, N -> infinity,
 * peak -> infinity), the network must follow it: the seed scenario at g = 1.5 (ik_nodim, I_ext = 0.15)
 * oscillates in both, with the same timing, and the network's rate smoothed over one time unit stays
 * within a few 1e-3 of the mean field's rate averaged over the same intervals. N = 5000 neurons,
 * dt = 2e-3 and a peak of 100 keep the test within seconds; T = 400 holds two bursts.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '@shared/models/templates';
import type { NetworkRequest } from '@shared/network/types';
import { validateNetwork } from '@shared/network/validate';
import type { SimulationRequest } from '@shared/simulation/types';
import { compileModel } from '../../../../src-main/engine/compile';
import { simulateNetwork } from '../../../../src-main/engine/network/simulate-network';
import { simulate } from '../../../../src-main/engine/simulate';

const T = 400;
const base: Omit<SimulationRequest, 'solver'> = {
  model: 'ik_nodim',
  params: { g: 1.5 },
  initial: {},
  inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
};

/** Means of `y` over (b - 1, b] for b = 1..T (trapezoid on the samples `t`). */
function unitMeans(t: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(T);
  const sum = new Float64Array(T);
  const weight = new Float64Array(T);
  for (let i = 1; i < t.length; i++) {
    const b = Math.ceil(t[i] - 1e-9) - 1; // interval (t[i-1], t[i]] lies in bin b
    if (b < 0 || b >= T) continue;
    const h = t[i] - t[i - 1];
    sum[b] += (h * (y[i] + y[i - 1])) / 2;
    weight[b] += h;
  }
  for (let b = 0; b < T; b++) out[b] = sum[b] / weight[b];
  return out;
}

/** Box means of a network rate (each sample already averages its interval (t - sample, t]). */
function networkUnitMeans(t: Float64Array, r: Float64Array): Float64Array {
  const sum = new Float64Array(T);
  const count = new Float64Array(T);
  for (let i = 1; i < t.length; i++) {
    const b = Math.ceil(t[i] - 1e-9) - 1;
    if (b >= 0 && b < T) {
      sum[b] += r[i];
      count[b]++;
    }
  }
  return sum.map((s, b) => s / count[b]);
}

/** Times (bin centres, interpolated) where `x` crosses `level`, with the direction. */
function crossings(x: Float64Array, level: number): { t: number; up: boolean }[] {
  const out: { t: number; up: boolean }[] = [];
  for (let b = 1; b < x.length; b++) {
    if ((x[b - 1] - level) * (x[b] - level) < 0) out.push({ t: b - 0.5 + (level - x[b - 1]) / (x[b] - x[b - 1]), up: x[b] > level });
  }
  return out;
}

describe('network against the mean field (shared recovery, large N)', () => {
  it('the seed scenario at g = 1.5: same oscillation, rate within a few 1e-3', () => {
    const req: NetworkRequest = {
      ...base,
      solver: { method: 'euler', dt: 2e-3, tEnd: T, sample: 0.1, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
      network: { neurons: 5000, recovery: 'shared', vPeak: 100 },
    };
    expect(validateNetwork(req, getTemplate('ik_nodim')!)).toEqual([]);
    const net = simulateNetwork(req);
    expect(net.status).toBe('ok');
    const mf = simulate(compileModel(getTemplate('ik_nodim')!), {
      ...base,
      solver: { method: 'rk4', dt: 1e-3, tEnd: T, sample: 0.01, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
    });
    const rNet = networkUnitMeans(net.t, net.columns[0]);
    const rMf = unitMeans(mf.t, mf.columns[0]);
    let [sq, worst, count] = [0, 0, 0];
    for (let b = 20; b < T; b++) {
      const e = rNet[b] - rMf[b];
      sq += e * e;
      worst = Math.max(worst, Math.abs(e));
      count++;
    }
    expect(Math.sqrt(sq / count)).toBeLessThan(3e-3);
    expect(worst).toBeLessThan(1e-2);
    // Both oscillate: bursts above 0.15, pauses below 0.02, crossing 0.08 at the same times.
    const mfCross = crossings(rMf, 0.08);
    const netCross = crossings(rNet, 0.08);
    expect(mfCross.length).toBeGreaterThanOrEqual(4);
    expect(netCross.map((c) => c.up)).toEqual(mfCross.map((c) => c.up));
    for (let i = 0; i < mfCross.length; i++) expect(Math.abs(netCross[i].t - mfCross[i].t)).toBeLessThan(1.5);
    const downs = (cs: { t: number; up: boolean }[]) => cs.filter((c) => !c.up).map((c) => c.t);
    const [mfDown, netDown] = [downs(mfCross), downs(netCross)];
    const period = mfDown[1] - mfDown[0];
    expect(period).toBeGreaterThan(100);
    expect(Math.abs(netDown[1] - netDown[0] - period) / period).toBeLessThan(0.01);
    // The synaptic variable follows too.
    const sNet = net.columns[3];
    let sWorst = 0;
    for (let i = 0; i < net.t.length; i++) sWorst = Math.max(sWorst, Math.abs(sNet[i] - mf.columns[3][i * 10]));
    expect(sWorst).toBeLessThan(0.03);
  }, 60_000);
});
