/**
 * The spiking network's request from the simulation form's request and the network options as
 * typed (pure, no DOM). The network takes the form's parameters, initial state, inputs, windows, T
 * and sample step; its Euler step is the form's dt when the form's method has a fixed step (euler,
 * rk4), else NETWORK_DT of the model (an adaptive method's dt is only its first trial step).
 */
import { NETWORK_MODELS, type NetworkModel, type NetworkRequest, type Recovery } from '@shared/network/types';
import { isAdaptive, type FieldIssue, type SimulationRequest } from '@shared/simulation/types';

/** The network's Euler step when the form's method is adaptive: 1e-3 (dimensionless) or 0.01 ms. */
export const NETWORK_DT: Record<NetworkModel, number> = { ik_nodim: 1e-3, ik_eta: 1e-2, ik_theta: 1e-2 };

/** The network options as typed. `seed` '': the deterministic quantiles. */
export interface NetworkDrafts {
  neurons: string;
  recovery: Recovery;
  seed: string;
  raster: string;
}

export const DEFAULT_NETWORK_DRAFTS: NetworkDrafts = { neurons: '10000', recovery: 'individual', seed: '', raster: '100' };

/** Whether `model` has a spiking network. */
export function hasNetwork(model: string): model is NetworkModel {
  return (NETWORK_MODELS as readonly string[]).includes(model);
}

/** The Euler step the network of `sim` takes, and whether it is the form's own dt. */
export function networkStep(sim: SimulationRequest): { dt: number; fromForm: boolean } {
  if (!isAdaptive(sim.solver.method)) return { dt: sim.solver.dt, fromForm: true };
  return { dt: hasNetwork(sim.model) ? NETWORK_DT[sim.model] : 1e-3, fromForm: false };
}

function whole(text: string, field: string, lo: number, hi: number, issues: FieldIssue[]): number | undefined {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isInteger(v) || v < lo || v > hi) {
    issues.push({ field, message: `must be a whole number from ${lo.toLocaleString('en')} to ${hi.toLocaleString('en')}` });
    return undefined;
  }
  return v;
}

/** The network request, or the options at fault (fields 'neurons', 'seed', 'raster'). */
export function networkRequest(sim: SimulationRequest, drafts: NetworkDrafts): { ok: true; request: NetworkRequest } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const neurons = whole(drafts.neurons, 'neurons', 1, 10_000_000, issues);
  const seed = drafts.seed.trim() === '' ? undefined : whole(drafts.seed, 'seed', 0, 2 ** 32 - 1, issues);
  const raster = whole(drafts.raster, 'raster', 0, neurons ?? 10_000_000, issues);
  if (issues.length > 0 || neurons === undefined || raster === undefined) return { ok: false, issues };
  const { dt } = networkStep(sim);
  const { def: _def, ...plain } = sim;
  return {
    ok: true,
    request: {
      ...plain,
      solver: { ...sim.solver, method: 'euler', dt, sample: Math.max(sim.solver.sample, dt) },
      network: { neurons, recovery: drafts.recovery, ...(seed !== undefined ? { seed } : {}), ...(raster > 0 ? { rasterNeurons: raster } : {}) },
    },
  };
}

/** "network N=10000 shared" (with "seed 7" when drawn at random): how a network run is listed. */
export function networkTag(settings: NetworkRequest['network']): string {
  return `network N=${settings.neurons} ${settings.recovery}${settings.seed !== undefined ? ` seed ${settings.seed}` : ''}`;
}
