/**
 * The single-neuron equations behind each template, written in one form so that one loop serves
 * all three (Izhikevich 2007, Dynamical Systems in Neuroscience, ch. 8; Chen & Campbell 2022;
 * Gast, Solla & Kennedy 2022):
 *
 *   C v_j' = k v_j^2 - B_j v_j + H_j + I(t) - u_j + G s (E_r - v_j),   B_j = k (v_r + theta_j), H_j = k v_r theta_j + eta_j
 *   u_j'   = a (b (v_j - v_r) - u_j),   u_j += d at each spike of neuron j    ('shared': one u, see ../../../src-shared/network/types.ts)
 *   s'     = -s/tau_s + J r(t),          r(t) = (1/N) sum of the spikes (delta pulses) of all neurons
 *
 * i.e. k (v - v_r)(v - theta_j) expanded. Per template:
 * - ik_nodim (dimensionless): C = tau, k = 1, v_r = 0, theta = alpha, G = g tau; eta_j ~ Lorentzian(eta, Delta);
 *   reflection reset v := -v at v >= vPeak (Chen & Campbell; default peak 200).
 * - ik_eta: eta_j ~ Lorentzian(eta, k Delta) (the mean field's r' has Delta k^2/(pi C^2): the
 *   half-width of the currents is k Delta), theta = v_t; reset v := vReset at v >= vPeak.
 * - ik_theta: theta_j ~ Lorentzian(v_t, Delta), truncated to v_t +- (v_t - vReset) so that no
 *   threshold lies below the reset (such a neuron would run away to -infinity); eta_j = eta.
 */
import { getTemplate } from '@shared/models/templates';
import { resolveRequest } from '@shared/simulation/defaults';
import { sampleGrid, sampleStride } from '@shared/simulation/grid';
import type { InputSpec } from '@shared/simulation/types';
import { NETWORK_DEFAULTS, type NetworkModel, type NetworkRequest } from '@shared/network/types';
import { lorentzianSample } from './lorentzian';

/** Everything a thread needs to step the network: plain numbers and arrays (structured-clonable). */
export interface NetworkSetup {
  model: NetworkModel;
  n: number;
  shared: boolean;
  C: number;
  k: number;
  vr: number;
  G: number;
  Er: number;
  a: number;
  b: number;
  d: number;
  tauS: number;
  J: number;
  vPeak: number;
  /** Reset v := resetA v + resetB (reflection: -1, 0; fixed reset: 0, vReset). */
  resetA: number;
  resetB: number;
  /** Neurons with vLow <= v <= vPeak enter the mean potential <v> (the others are mid-spike). */
  vLow: number;
  /** Per-neuron coefficients (see the file comment), ascending in excitability. */
  B: Float64Array;
  H: Float64Array;
  v0: number;
  u0: number;
  s0: number;
  input: InputSpec;
  dt: number;
  sample: number;
  /** Steps per sample interval; the run takes kLast * stride steps. */
  stride: number;
  kFirst: number;
  kLast: number;
  /** Indices of the neurons whose spikes are recorded (ascending). */
  raster: Int32Array;
}

/** The setup of a validated request (see validateNetwork). */
export function networkSetup(req: NetworkRequest): NetworkSetup {
  const model = req.model as NetworkModel;
  const def = getTemplate(model)!;
  const resolved = resolveRequest({ ...req, def: undefined }, def);
  const p = Object.fromEntries(def.params.map((q, i) => [q.name, resolved.params[i]]));
  const y0 = Object.fromEntries(def.states.map((q, i) => [q.name, resolved.initial[i]]));
  const input = resolved.inputs[def.inputs.findIndex((i) => i.name === 'I_ext')];
  const n = req.network.neurons;
  const defaults = NETWORK_DEFAULTS[model];
  const vPeak = req.network.vPeak ?? defaults.vPeak;
  const seed = req.network.seed;
  let C: number, k: number, vr: number, G: number, vLow: number, resetA: number, resetB: number;
  let eta: Float64Array, theta: Float64Array;
  if (model === 'ik_nodim') {
    [C, k, vr, G] = [p.tau, 1, 0, p.g * p.tau];
    [resetA, resetB, vLow] = [-1, 0, -vPeak];
    eta = lorentzianSample(n, p.eta, p.Delta, Infinity, seed);
    theta = new Float64Array(n).fill(p.alpha);
  } else {
    const vReset = req.network.vReset ?? (defaults.vReset as number);
    [C, k, vr, G] = [p.C, p.k, p.v_r, p.g];
    [resetA, resetB, vLow] = [0, vReset, vReset];
    if (model === 'ik_eta') {
      eta = lorentzianSample(n, p.eta, p.k * p.Delta, Infinity, seed);
      theta = new Float64Array(n).fill(p.v_t);
    } else {
      eta = new Float64Array(n).fill(p.eta);
      // Ascending thresholds mean falling excitability: reversed, neuron j is more excitable than neuron j - 1, as with eta_j.
      theta = lorentzianSample(n, p.v_t, p.Delta, Math.max(0, p.v_t - vReset), seed).reverse();
    }
  }
  const B = new Float64Array(n);
  const H = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    B[j] = k * (vr + theta[j]);
    H[j] = k * vr * theta[j] + eta[j];
  }
  const grid = sampleGrid(req.solver);
  const m = req.network.rasterNeurons ?? 0;
  const raster = Int32Array.from({ length: m }, (_, i) => Math.floor(((i + 0.5) * n) / m));
  return {
    model,
    n,
    shared: req.network.recovery === 'shared',
    C,
    k,
    vr,
    G,
    Er: p.E_r,
    a: p.a,
    b: p.b,
    d: p.d,
    tauS: p.tau_s,
    J: p.J,
    vPeak,
    resetA,
    resetB,
    vLow,
    B,
    H,
    v0: y0.v,
    u0: y0.u,
    s0: y0.s,
    input,
    dt: req.solver.dt,
    sample: req.solver.sample,
    stride: sampleStride(req.solver),
    kFirst: grid.kFirst,
    kLast: grid.kLast,
    raster,
  };
}
