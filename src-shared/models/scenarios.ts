/**
 * Named scenarios of the built-in templates: a parameter set, inputs and a simulation length from
 * the literature, each with what it shows and where it comes from. Data only; the app's Scenario
 * menu and `meanfield simulate/continue --scenario NAME` apply them (named settings win over the
 * template's defaults; later options such as --set win over the scenario).
 *
 * `behaviour` is what a simulation of the scenario does (checked by simulating it in the tests):
 * 'steady' settles to a constant rate, 'oscillates' keeps a periodic rate, 'bursts' alternates
 * between near-silence and high-rate bursts, 'switches' is moved to another steady rate by its
 * input window and stays there (bistability).
 */
import { DEFAULT_SOLVER, type InputWindow, type SimulationRequest, type SolverSettings } from '../simulation/types';

export type ScenarioBehaviour = 'steady' | 'oscillates' | 'bursts' | 'switches';

export interface ScenarioInput {
  baseline: number;
  windows: InputWindow[];
}

export interface Scenario {
  /** Identifier typed on the command line, unique within its model, e.g. `strong-adaptation`. */
  name: string;
  /** The template it belongs to. */
  model: string;
  /** Short title for menus. */
  title: string;
  /** What the scenario shows, in a sentence or two. */
  description: string;
  /** Where the values come from. */
  source: string;
  /** Parameters set by the scenario (others keep the template's defaults). */
  params: Record<string, number>;
  /** Inputs set by the scenario (others keep the template's defaults, no windows). */
  inputs: Record<string, ScenarioInput>;
  /** Simulated time, in the model's time unit. */
  tEnd: number;
  /** Output sampling step (DEFAULT_SOLVER's when absent): keeps long runs near 10^4-10^5 samples. */
  sample?: number;
  behaviour: ScenarioBehaviour;
}

/** Regular-spiking Izhikevich neurons (Izhikevich 2007, ch. 8) in the units of ik_eta / ik_theta. */
const REGULAR_SPIKING = { C: 100, k: 0.7, v_r: -60, v_t: -40, a: 0.03, b: -2 };
/** The population of Gast, Solla & Kennedy: coupling and synapse of the regular-spiking network. */
const GAST_POPULATION = { ...REGULAR_SPIKING, g: 15, E_r: 0, tau_s: 6, Delta: 1 };

const GAST_SOURCE =
  'Gast, Solla & Kennedy (2022), "Effects of neural heterogeneity on spiking neural network dynamics", ' +
  'arXiv:2206.08813, and the PyRates/PyCoBi Izhikevich mean-field tutorial: regular-spiking neurons ' +
  '(C = 100 pF, k = 0.7 nS/mV, v_r = -60 mV, v_t = -40 mV, a = 0.03/ms, b = -2 nS; Izhikevich 2007, ' +
  'Dynamical Systems in Neuroscience, ch. 8), g = 15 nS, E_r = 0 mV, tau_s = 6 ms, Delta = 1';

const SEED_SOURCE =
  'PyRates documentation, "Izhikevich mean-field model" example (T = 1000, I_ext = 0.15 switched off for ' +
  '400 <= t < 600); parameters of Chen & Campbell (2022), J Comput Neurosci 50:445-469 (arXiv:2203.08341)';

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'asynchronous',
    model: 'ik_nodim',
    title: 'Asynchronous firing, input switched off',
    description:
      'The PyRates example: the population settles to steady (asynchronous) firing at I_ext = 0.15; switching ' +
      'the input off for 400 <= t < 600 and on again gives a transient synchronisation before it settles again.',
    source: SEED_SOURCE,
    params: { g: 0.5 },
    inputs: { I_ext: { baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
    tEnd: 1000,
    behaviour: 'steady',
  },
  {
    name: 'oscillating',
    model: 'ik_nodim',
    title: 'Synchronous oscillation (g = 1.5)',
    description:
      'The PyRates example with stronger coupling, g = 1.5: the population oscillates (bursts of synchronous ' +
      'firing); switching the input off for 400 <= t < 600 suppresses the oscillation until it comes back.',
    source: SEED_SOURCE,
    params: { g: 1.5 },
    inputs: { I_ext: { baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] } },
    tEnd: 1000,
    behaviour: 'oscillates',
  },
  {
    name: 'weak-adaptation',
    model: 'ik_theta',
    title: 'Weak adaptation (d = 10): bistable switch',
    description:
      'Regular-spiking population with distributed spike thresholds and weak adaptation: at I_ext = 40 pA it ' +
      'fires at about 1.5 Hz; a step to 60 pA for 1000 <= t < 2000 ms switches it to about 30 Hz, and it stays ' +
      'in the high-rate state (about 25 Hz) after the step ends: two stable states at the same input.',
    source: GAST_SOURCE,
    params: { ...GAST_POPULATION, d: 10 },
    inputs: { I_ext: { baseline: 40, windows: [{ start: 1000, stop: 2000, value: 60 }] } },
    tEnd: 3000,
    sample: 0.1,
    behaviour: 'switches',
  },
  {
    name: 'strong-adaptation',
    model: 'ik_theta',
    title: 'Strong adaptation (d = 200): bursting',
    description:
      'The same population with strong spike-frequency adaptation at I_ext = 80 pA: adaptation builds up during ' +
      'high-rate bursts (peaks near 30 Hz) and silences the population until it decays: regular population bursts.',
    source: GAST_SOURCE,
    params: { ...GAST_POPULATION, d: 200 },
    inputs: { I_ext: { baseline: 80, windows: [] } },
    tEnd: 2000,
    sample: 0.1,
    behaviour: 'bursts',
  },
  {
    name: 'weak-adaptation',
    model: 'ik_eta',
    title: 'Weak adaptation (d = 10): steady firing',
    description:
      'Regular-spiking population with distributed background currents and weak adaptation at I_ext = 50 pA: ' +
      'after an onset transient it fires steadily at about 30 Hz.',
    source: GAST_SOURCE,
    params: { ...GAST_POPULATION, d: 10 },
    inputs: { I_ext: { baseline: 50, windows: [] } },
    tEnd: 1000,
    sample: 0.1,
    behaviour: 'steady',
  },
  {
    name: 'strong-adaptation',
    model: 'ik_eta',
    title: 'Strong adaptation (d = 200): bursting',
    description:
      'The same population with strong spike-frequency adaptation at I_ext = 60 pA: population bursts (peaks near ' +
      '75 Hz) separated by near-silence while the adaptation current decays.',
    source: GAST_SOURCE,
    params: { ...GAST_POPULATION, d: 200 },
    inputs: { I_ext: { baseline: 60, windows: [] } },
    tEnd: 2000,
    sample: 0.1,
    behaviour: 'bursts',
  },
];

/** The scenarios of `model`, in menu order. */
export function scenariosOf(model: string): Scenario[] {
  return SCENARIOS.filter((s) => s.model === model);
}

/** The scenario `name` of `model`, or undefined. */
export function findScenario(model: string, name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.model === model && s.name === name);
}

/**
 * The message for a scenario name `model` does not have, listing the valid ones:
 * "unknown scenario 'x' for ik_theta (scenarios: weak-adaptation, strong-adaptation)".
 */
export function unknownScenarioMessage(model: string, name: string): string {
  const names = scenariosOf(model).map((s) => s.name);
  return `unknown scenario '${name}' for ${model} (${names.length > 0 ? `scenarios: ${names.join(', ')}` : 'it has no scenarios'})`;
}

/**
 * The simulation request of `scenario` (its parameters and inputs, T, the other settings from
 * DEFAULT_SOLVER unless `solver` overrides them). Unnamed symbols keep the model's defaults.
 */
export function scenarioRequest(scenario: Scenario, solver: Partial<SolverSettings> = {}): SimulationRequest {
  const inputs: SimulationRequest['inputs'] = {};
  for (const [name, inp] of Object.entries(scenario.inputs)) {
    inputs[name] = { kind: 'schedule', baseline: inp.baseline, windows: inp.windows.map((w) => ({ ...w })) };
  }
  return {
    model: scenario.model,
    params: { ...scenario.params },
    initial: {},
    inputs,
    solver: { ...DEFAULT_SOLVER, tEnd: scenario.tEnd, ...(scenario.sample !== undefined ? { sample: scenario.sample } : {}), ...solver },
  };
}
