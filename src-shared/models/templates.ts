/**
 * The built-in model templates: PyRates' Izhikevich mean-field models (model_templates/
 * neural_mass_models/ik.yaml), with the equations and defaults of that file. In each template the
 * recurrent input is `r_in = J*r` (the circuit's self-connection with weight J = 1).
 *
 * Units of the biophysical templates (ik_eta, ik_theta): v in mV, r in 1/ms (kHz), t in ms,
 * C in pF, k in nS/mV, g in nS, currents (u, eta, I_ext, d) in pA, s dimensionless. Then
 * nS/pF = 1/ms, so every equation's two sides agree (checked term by term in the descriptions).
 */
import type { DefinitionInfo, InputInfo, ModelDef, ParamInfo, StateInfo } from './types';

const sDot = String.raw`\tau_{s} \dot s = -s + \tau_{s}\, r_{\mathrm{in}}`;
const sEquation = () => ({ state: 's', rhs: '-s/tau_s + r_in', latex: sDot });

const rIn = (unit: string): DefinitionInfo => ({
  name: 'r_in',
  latex: String.raw`r_{\mathrm{in}}`,
  description: 'Recurrent input: the population rate fed back through the self-connection',
  unit,
  expr: 'J*r',
});

const paramJ = (): ParamInfo => ({
  name: 'J',
  latex: 'J',
  description: 'Weight of the recurrent connection (r_in = J r)',
  unit: '',
  default: 1,
});

const iExt = (unit: string): InputInfo => ({
  name: 'I_ext',
  latex: String.raw`I_{\mathrm{ext}}`,
  description: 'External input current I(t)',
  unit,
  default: 0,
});

const ikNodim: ModelDef = {
  name: 'ik_nodim',
  version: 1,
  title: 'Izhikevich mean-field model (dimensionless)',
  description:
    'Exact mean-field model of an all-to-all coupled population of dimensionless Izhikevich neurons ' +
    'with spike-frequency adaptation and Lorentzian-distributed background excitabilities ' +
    '(Chen & Campbell 2022, "Exact mean-field models for spiking neural networks with adaptation", ' +
    'arXiv:2203.08341). State: population rate r, mean membrane potential v, mean recovery ' +
    'variable u and synaptic activation s. PyRates template ik_nodim.',
  states: [
    { name: 'r', latex: 'r', description: 'Average firing rate', unit: '', initial: 0.0 },
    { name: 'v', latex: 'v', description: 'Average membrane potential', unit: '', initial: 0.0 },
    { name: 'u', latex: 'u', description: 'Average recovery variable (adaptation)', unit: '', initial: 0.0 },
    { name: 's', latex: 's', description: 'Post-synaptic activation', unit: '', initial: 0.0 },
  ],
  params: [
    {
      name: 'Delta',
      latex: String.raw`\Delta`,
      description: 'Half-width at half maximum of the Lorentzian distribution of excitabilities',
      unit: '',
      default: 0.02,
      domain: 'nonnegative',
    },
    { name: 'tau', latex: String.raw`\tau`, description: 'Population time constant', unit: '', default: 1.0, domain: 'positive' },
    {
      name: 'eta',
      latex: String.raw`\bar\eta`,
      description: 'Centre of the Lorentzian distribution of excitabilities (mean background input)',
      unit: '',
      default: 0.0,
    },
    { name: 'alpha', latex: String.raw`\alpha`, description: 'Leak of the membrane potential dynamics', unit: '', default: 0.6 },
    { name: 'g', latex: 'g', description: 'Maximal synaptic conductance', unit: '', default: 0.5 },
    { name: 'E_r', latex: 'E_{r}', description: 'Reversal potential of the synapse', unit: '', default: 1.0 },
    { name: 'b', latex: 'b', description: 'Sensitivity of the recovery variable to v', unit: '', default: -0.01 },
    { name: 'a', latex: 'a', description: 'Rate of the recovery variable', unit: '', default: 0.008 },
    { name: 'd', latex: 'd', description: 'Increment of the recovery variable per spike', unit: '', default: 0.02 },
    {
      name: 'tau_s',
      latex: String.raw`\tau_{s}`,
      description: 'Synaptic time constant',
      unit: '',
      default: 2.6,
      domain: 'positive',
    },
    paramJ(),
  ],
  inputs: [iExt('')],
  definitions: [rIn('')],
  equations: [
    {
      state: 'r',
      rhs: '(Delta/(pi*tau) + r*(2.0*v - alpha - g*s*tau)) / tau',
      latex: String.raw`\tau \dot r = \frac{\Delta}{\pi \tau} + r\,(2 v - \alpha - g s \tau)`,
    },
    {
      state: 'v',
      rhs: '(v^2 - alpha*v + eta + I_ext - u + g*s*tau*(E_r - v) - (pi*tau*r)^2) / tau',
      latex: String.raw`\tau \dot v = v^2 - \alpha v + \bar\eta + I_{\mathrm{ext}} - u + g s \tau\,(E_{r} - v) - (\pi \tau r)^2`,
    },
    { state: 'u', rhs: 'a*(b*v - u) + d*r', latex: String.raw`\dot u = a\,(b v - u) + d\, r` },
    sEquation(),
  ],
};

/** States, parameters, inputs and definitions shared by ik_eta and ik_theta. */
function biophysical(deltaInfo: Pick<ParamInfo, 'description' | 'unit'>, etaDescription: string, vtDescription: string) {
  const states: StateInfo[] = [
    { name: 'r', latex: 'r', description: 'Average firing rate', unit: '1/ms', initial: 0.0 },
    { name: 'v', latex: 'v', description: 'Average membrane potential', unit: 'mV', initial: -60.0 },
    { name: 'u', latex: 'u', description: 'Average recovery current (adaptation)', unit: 'pA', initial: 0.0 },
    { name: 's', latex: 's', description: 'Post-synaptic activation (fraction of open channels)', unit: '', initial: 0.0 },
  ];
  const params: ParamInfo[] = [
    { name: 'Delta', latex: String.raw`\Delta`, ...deltaInfo, default: 0.02, domain: 'nonnegative' },
    { name: 'eta', latex: String.raw`\bar\eta`, description: etaDescription, unit: 'pA', default: 0.0 },
    { name: 'k', latex: 'k', description: 'Gain of the quadratic membrane current', unit: 'nS/mV', default: 1.0, domain: 'positive' },
    { name: 'C', latex: 'C', description: 'Membrane capacitance', unit: 'pF', default: 100.0, domain: 'positive' },
    { name: 'v_r', latex: 'v_{r}', description: 'Resting membrane potential', unit: 'mV', default: -70.0 },
    { name: 'v_t', latex: 'v_{t}', description: vtDescription, unit: 'mV', default: -40.0 },
    { name: 'g', latex: 'g', description: 'Maximal synaptic conductance', unit: 'nS', default: 0.5 },
    { name: 'E_r', latex: 'E_{r}', description: 'Reversal potential of the synapse', unit: 'mV', default: 0.0 },
    { name: 'b', latex: 'b', description: 'Sensitivity of the recovery current to v', unit: 'nS', default: -0.01 },
    { name: 'a', latex: 'a', description: 'Rate of the recovery current', unit: '1/ms', default: 0.008 },
    { name: 'd', latex: 'd', description: 'Increment of the recovery current per spike', unit: 'pA', default: 10.0 },
    {
      name: 'tau_s',
      latex: String.raw`\tau_{s}`,
      description: 'Synaptic time constant',
      unit: 'ms',
      default: 5.0,
      domain: 'positive',
    },
    paramJ(),
  ];
  return { states, params, inputs: [iExt('pA')], definitions: [rIn('1/ms')] };
}

const uBio = () => ({
  state: 'u',
  rhs: 'a*(b*(v-v_r) - u) + d*r',
  latex: String.raw`\dot u = a\,\bigl(b\,(v - v_{r}) - u\bigr) + d\, r`,
});

const ikEta: ModelDef = {
  name: 'ik_eta',
  version: 1,
  title: 'Izhikevich mean-field model (distributed background currents)',
  description:
    'Exact mean-field model of an all-to-all coupled population of biophysical Izhikevich neurons ' +
    'with spike-frequency adaptation and Lorentzian-distributed background currents eta ' +
    '(Chen & Campbell 2022, arXiv:2203.08341). PyRates template ik_eta. Units: t in ms, v in mV, ' +
    'r in 1/ms, currents in pA.',
  ...biophysical(
    {
      description: 'Half-width of the Lorentzian distribution of background currents, divided by k (k·Delta in pA)',
      unit: 'mV^2',
    },
    'Centre of the Lorentzian distribution of background currents',
    'Spike threshold potential',
  ),
  equations: [
    {
      state: 'r',
      rhs: '(Delta*k^2/(pi*C) + r*(k*(2.0*v - v_r - v_t) - g*s)) / C',
      latex: String.raw`C \dot r = \frac{\Delta k^2}{\pi C} + r\,\bigl(k\,(2 v - v_{r} - v_{t}) - g s\bigr)`,
    },
    {
      state: 'v',
      rhs: '(k*v*(v - v_r - v_t) + k*v_r*v_t + I_ext + eta - u + g*s*(E_r - v) - (pi*C*r)^2/k) / C',
      latex: String.raw`C \dot v = k v\,(v - v_{r} - v_{t}) + k v_{r} v_{t} + I_{\mathrm{ext}} + \bar\eta - u + g s\,(E_{r} - v) - \frac{(\pi C r)^2}{k}`,
    },
    uBio(),
    sEquation(),
  ],
};

const ikTheta: ModelDef = {
  name: 'ik_theta',
  version: 1,
  title: 'Izhikevich mean-field model (distributed spike thresholds)',
  description:
    'Exact mean-field model of an all-to-all coupled population of biophysical Izhikevich neurons ' +
    'with spike-frequency adaptation and Lorentzian-distributed spike thresholds v_t ' +
    '(Gast, Solla & Kennedy 2022, "Effects of neural heterogeneity on spiking neural network ' +
    'dynamics", arXiv:2206.08813). PyRates template ik_theta. Units: t in ms, v in mV, r in 1/ms, ' +
    'currents in pA.',
  ...biophysical(
    { description: 'Half-width at half maximum of the Lorentzian distribution of spike thresholds', unit: 'mV' },
    'Mean background current',
    'Centre of the Lorentzian distribution of spike thresholds',
  ),
  equations: [
    {
      state: 'r',
      rhs: '(Delta*k^2*(v-v_r)/(pi*C) + r*(k*(2.0*v - v_r - v_t) - g*s)) / C',
      latex: String.raw`C \dot r = \frac{\Delta k^2 (v - v_{r})}{\pi C} + r\,\bigl(k\,(2 v - v_{r} - v_{t}) - g s\bigr)`,
    },
    {
      state: 'v',
      rhs: '(k*v*(v - v_r - v_t) + k*v_r*v_t + I_ext + eta - u + g*s*(E_r - v) - pi*C*r*(Delta + pi*C*r/k)) / C',
      latex: String.raw`C \dot v = k v\,(v - v_{r} - v_{t}) + k v_{r} v_{t} + I_{\mathrm{ext}} + \bar\eta - u + g s\,(E_{r} - v) - \pi C r \left(\Delta + \frac{\pi C r}{k}\right)`,
    },
    uBio(),
    sEquation(),
  ],
};

/** The built-in templates, in display order. */
export const TEMPLATES: readonly ModelDef[] = [ikNodim, ikEta, ikTheta];

/** The template called `name`, or undefined. */
export function getTemplate(name: string): ModelDef | undefined {
  return TEMPLATES.find((t) => t.name === name);
}
