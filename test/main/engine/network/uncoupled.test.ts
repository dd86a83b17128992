/**
 * With the coupling off (g = 0) and no adaptation (a = d = 0, u stays 0), every neuron is a
 * quadratic integrate-and-fire neuron C v' = k (v - m_j)^2 + c_j with a known firing rate, so the
 * network's population rate has two independent references:
 * - the per-neuron period from the reset to the peak, (C/sqrt(k c)) [atan(sqrt(k/c)(v_peak - m)) -
 *   atan(sqrt(k/c)(v_reset - m))], averaged over the neurons drawn (only Euler's error remains);
 * - the closed form of the Lorentzian population for an infinite peak (Montbrio, Pazo & Roxin 2015):
 *   r = sqrt(k)/(pi C) Re sqrt(x + i w), x = eta + I - k ((v_t - v_r)/2)^2, w the half-width of the
 *   currents (Delta for ik_nodim, k Delta for ik_eta). A finite sample leaves out the heavy tail
 *   of rates (about 1% at N = 1000, shrinking as 1/sqrt(N)), so the closed form is compared with
 *   the infinite-peak rates sqrt(k c_j)/(pi C) averaged over a sample of a million neurons drawn as
 *   the network draws them: this checks the heterogeneity (centre and width) the network uses.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkRequest } from '@shared/network/types';
import { validateNetwork } from '@shared/network/validate';
import { getTemplate } from '@shared/models/templates';
import { networkSetup } from '../../../../src-main/engine/network/population';
import { simulateNetwork } from '../../../../src-main/engine/network/simulate-network';

function request(model: string, params: Record<string, number>, I: number, dt: number, tEnd: number, neurons: number): NetworkRequest {
  const req: NetworkRequest = {
    model,
    params: { ...params, g: 0, a: 0, d: 0 },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: I, windows: [] } },
    solver: { method: 'euler', dt, tEnd, sample: 1, cutoff: 0, rtol: 1e-3, atol: 1e-6 },
    network: { neurons, recovery: 'individual' },
  };
  expect(validateNetwork(req, getTemplate(model)!)).toEqual([]);
  return req;
}

/** Mean of the per-neuron rates for the network's peak and reset (continuous time). */
function perNeuronRate(req: NetworkRequest, I: number): number {
  const st = networkSetup(req);
  const vReset = st.resetA === -1 ? -st.vPeak : st.resetB;
  let sum = 0;
  for (let j = 0; j < st.n; j++) {
    const m = st.B[j] / (2 * st.k);
    const c = st.H[j] + I - st.B[j] ** 2 / (4 * st.k);
    if (c <= 0) continue;
    const q = Math.sqrt(st.k / c);
    sum += Math.sqrt(st.k * c) / st.C / (Math.atan(q * (st.vPeak - m)) - Math.atan(q * (vReset - m)));
  }
  return sum / st.n;
}

/** sqrt(k)/(pi C) Re sqrt(x + i w). */
function closedForm(k: number, C: number, x: number, w: number): number {
  return (Math.sqrt(k) / (Math.PI * C)) * Math.sqrt((x + Math.hypot(x, w)) / 2);
}

/** The infinite-peak rates sqrt(k c_j)/(pi C) averaged over a million neurons drawn as the network draws them. */
function populationRate(req: NetworkRequest, I: number): number {
  const st = networkSetup({ ...req, network: { ...req.network, neurons: 1_000_000 } });
  let sum = 0;
  for (let j = 0; j < st.n; j++) {
    const c = st.H[j] + I - st.B[j] ** 2 / (4 * st.k);
    if (c > 0) sum += Math.sqrt(st.k * c) / (Math.PI * st.C);
  }
  return sum / st.n;
}

/** The network's mean rate over samples with t > from. */
function meanRate(req: NetworkRequest, from: number): number {
  const res = simulateNetwork(req);
  expect(res.status).toBe('ok');
  let [sum, count] = [0, 0];
  for (let i = 0; i < res.t.length; i++) {
    if (res.t[i] > from) {
      sum += res.columns[0][i];
      count++;
    }
  }
  return sum / count;
}

describe('network with the coupling off: single-neuron rates of the Lorentzian population', () => {
  it('ik_nodim (eta_j ~ Lorentzian(eta, Delta), reflection at 200)', () => {
    const I = 0.15;
    const req = request('ik_nodim', {}, I, 1e-3, 300, 1000);
    const r = meanRate(req, 100);
    expect(Math.abs(r / perNeuronRate(req, I) - 1)).toBeLessThan(1e-3);
    // x = eta + I - alpha^2/4, w = Delta; the finite peak shortens a period by about 2 tau / v_peak.
    expect(Math.abs(populationRate(req, I) / closedForm(1, 1, 0 + I - 0.09, 0.02) - 1)).toBeLessThan(2e-3);
  }, 30_000);

  it('ik_eta with k = 2 (currents of half-width k Delta)', () => {
    const [k, C, Delta, vr, vt] = [2, 100, 5, -70, -40];
    const I = 460; // x = I - k ((v_t - v_r)/2)^2 = 10, w = k Delta = 10
    const req = request('ik_eta', { k, C, Delta, v_r: vr, v_t: vt }, I, 5e-3, 1000, 1000);
    const r = meanRate(req, 200);
    expect(Math.abs(r / perNeuronRate(req, I) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(populationRate(req, I) / closedForm(k, C, I - k * ((vt - vr) / 2) ** 2, k * Delta) - 1)).toBeLessThan(2e-3);
  }, 30_000);

  it('ik_theta (thresholds ~ Lorentzian(v_t, Delta))', () => {
    const I = 80;
    const req = request('ik_theta', { k: 0.7, Delta: 2, v_r: -60, v_t: -40 }, I, 5e-3, 1000, 1000);
    const r = meanRate(req, 200);
    expect(r).toBeGreaterThan(0.005);
    expect(Math.abs(r / perNeuronRate(req, I) - 1)).toBeLessThan(1e-3);
  }, 30_000);
});
