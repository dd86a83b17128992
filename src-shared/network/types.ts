/**
 * The spiking network behind a mean-field template: request and result. A network run takes the
 * same model settings, inputs and time grid as a simulation (a SimulationRequest with method
 * 'euler') plus the network's own settings; its output is sampled like a simulation's, with the
 * columns r, v, u, s, and optionally the spike times of a subset of neurons.
 * Plain objects and typed arrays only, so the data can cross threads and the API unchanged.
 */
import type { SimulationRequest, SimulationStatus } from '../simulation/types';

/** The templates that have a spiking network (the single-neuron equations behind each mean field). */
export const NETWORK_MODELS = ['ik_nodim', 'ik_eta', 'ik_theta'] as const;
export type NetworkModel = (typeof NETWORK_MODELS)[number];

/**
 * 'individual': every neuron has its own recovery variable u_j, jumping by d at its own spikes (the
 * real network). 'shared': one u for all, driven by the mean potential and the population rate,
 * u' = a (b (<v> - v_r) - u) + d r: the assumption under which the mean field is exact.
 */
export type Recovery = 'individual' | 'shared';
export const RECOVERIES: readonly Recovery[] = ['individual', 'shared'];

export interface NetworkSettings {
  /** Number of neurons N (all-to-all coupling through one synaptic variable s). */
  neurons: number;
  recovery: Recovery;
  /**
   * Absent: the deterministic Lorentzian quantiles x_j = mu + Delta tan(pi/2 (2j - N - 1)/(N + 1)).
   * A whole number in [0, 2^32): seeded random draws (see src-main/engine/network/lorentzian.ts).
   */
  seed?: number;
  /** Spike peak: a neuron with v >= vPeak spikes (defaults per model: NETWORK_DEFAULTS). */
  vPeak?: number;
  /** Reset potential of ik_eta / ik_theta (ik_nodim resets by reflection, v := -v). */
  vReset?: number;
  /** Neurons whose spike times are recorded (evenly spread over the population), default 0. */
  rasterNeurons?: number;
}

/** A network run: the mean-field request (solver.method 'euler'; solver.dt is the network's step) and the network. */
export interface NetworkRequest extends Omit<SimulationRequest, 'def'> {
  network: NetworkSettings;
}

/** Spike peak and reset of each model when the request leaves them out. */
export const NETWORK_DEFAULTS: Record<NetworkModel, { vPeak: number; vReset: number | 'reflect' }> = {
  // Chen & Campbell (2022): v >= 200 is reflected to -v (the dimensionless QIF's passage through infinity).
  ik_nodim: { vPeak: 200, vReset: 'reflect' },
  // mV (Gast et al. use +-1000 mV): the finite peak and reset shorten each period by about 2C/(k 1000 mV), 0.2-0.3 ms.
  ik_eta: { vPeak: 1000, vReset: -1000 },
  ik_theta: { vPeak: 1000, vReset: -1000 },
};

/** Spike times of the recorded neurons: spike i is neuron `neuron[i]` (index into 0..N-1) at `time[i]`. */
export interface SpikeRaster {
  /** The recorded neurons, ascending (neurons are ordered by their drawn excitability or threshold). */
  neurons: Int32Array;
  neuron: Int32Array;
  time: Float64Array;
}

export interface NetworkResult {
  status: SimulationStatus;
  message: string;
  /** Sample times (as a simulation's). */
  t: Float64Array;
  /** ['r', 'v', 'u', 's']. */
  names: string[];
  columns: Float64Array[];
  raster?: SpikeRaster;
  stats: {
    /** Euler steps taken. */
    steps: number;
    neurons: number;
    threads: number;
    /** Spikes of the whole population. */
    spikes: number;
    wallMs: number;
  };
  blowup?: { t: number; variable: string };
}

/** Largest network accepted (about 50 bytes per neuron: state, coefficients, heterogeneity). */
export const MAX_NEURONS = 10_000_000;
/** Largest number of neuron updates (neurons x steps) accepted: about a day of computing. */
export const MAX_NEURON_STEPS = 1e14;
