/**
 * The built-in model templates: PyRates' Izhikevich mean-field models (model_templates/
 * neural_mass_models/ik.yaml). Their equations, names, defaults and order come from a PyRates
 * model file (./templates/ik-yaml.ts) read by the same importer as users' files; this module adds
 * what a model file does not hold: titles, LaTeX, descriptions, units, domains and versions. In
 * each template the recurrent input is `r_in = J*r` (the circuit's self-connection with weight J = 1).
 *
 * Units of the biophysical templates (ik_eta, ik_theta): v in mV, r in 1/ms (kHz), t in ms,
 * C in pF, k in nS/mV, g in nS, currents (u, eta, I_ext, d) in pA, s dimensionless. Then
 * nS/pF = 1/ms, so every equation's two sides agree (checked term by term in the descriptions).
 */
import { importPyratesModels } from './pyrates';
import { IK_YAML } from './templates/ik-yaml';
import type { ModelDef, ParamInfo } from './types';

/** Display metadata of one symbol. */
interface SymbolMeta {
  latex: string;
  description: string;
  unit: string;
  domain?: ParamInfo['domain'];
}

/** What the built-in templates add to the imported model file. */
interface Overlay {
  version: number;
  title: string;
  description: string;
  /** Every symbol of the model (states, parameters, inputs, definitions), by name. */
  symbols: Record<string, SymbolMeta>;
  /** LaTeX of each state's equation. */
  equations: Record<string, string>;
}

const sDot = String.raw`\tau_{s} \dot s = -s + \tau_{s}\, r_{\mathrm{in}}`;

const rIn = (unit: string): SymbolMeta => ({
  latex: String.raw`r_{\mathrm{in}}`,
  description: 'Recurrent input: the population rate fed back through the self-connection',
  unit,
});
const J: SymbolMeta = { latex: 'J', description: 'Weight of the recurrent connection (r_in = J r)', unit: '' };
const iExt = (unit: string): SymbolMeta => ({ latex: String.raw`I_{\mathrm{ext}}`, description: 'External input current I(t)', unit });
const tauS = (unit: string): SymbolMeta => ({ latex: String.raw`\tau_{s}`, description: 'Synaptic time constant', unit, domain: 'positive' });

const ikNodim: Overlay = {
  version: 1,
  title: 'Izhikevich mean-field model (dimensionless)',
  description:
    'Exact mean-field model of an all-to-all coupled population of dimensionless Izhikevich neurons ' +
    'with spike-frequency adaptation and Lorentzian-distributed background excitabilities ' +
    '(Chen & Campbell 2022, "Exact mean-field models for spiking neural networks with adaptation", ' +
    'arXiv:2203.08341). State: population rate r, mean membrane potential v, mean recovery ' +
    'variable u and synaptic activation s. PyRates template ik_nodim.',
  symbols: {
    r: { latex: 'r', description: 'Average firing rate', unit: '' },
    v: { latex: 'v', description: 'Average membrane potential', unit: '' },
    u: { latex: 'u', description: 'Average recovery variable (adaptation)', unit: '' },
    s: { latex: 's', description: 'Post-synaptic activation', unit: '' },
    Delta: {
      latex: String.raw`\Delta`,
      description: 'Half-width at half maximum of the Lorentzian distribution of excitabilities',
      unit: '',
      domain: 'nonnegative',
    },
    tau: { latex: String.raw`\tau`, description: 'Population time constant', unit: '', domain: 'positive' },
    eta: {
      latex: String.raw`\bar\eta`,
      description: 'Centre of the Lorentzian distribution of excitabilities (mean background input)',
      unit: '',
    },
    alpha: { latex: String.raw`\alpha`, description: 'Leak of the membrane potential dynamics', unit: '' },
    g: { latex: 'g', description: 'Maximal synaptic conductance', unit: '' },
    E_r: { latex: 'E_{r}', description: 'Reversal potential of the synapse', unit: '' },
    b: { latex: 'b', description: 'Sensitivity of the recovery variable to v', unit: '' },
    a: { latex: 'a', description: 'Rate of the recovery variable', unit: '' },
    d: { latex: 'd', description: 'Increment of the recovery variable per spike', unit: '' },
    tau_s: tauS(''),
    J,
    I_ext: iExt(''),
    r_in: rIn(''),
  },
  equations: {
    r: String.raw`\tau \dot r = \frac{\Delta}{\pi \tau} + r\,(2 v - \alpha - g s \tau)`,
    v: String.raw`\tau \dot v = v^2 - \alpha v + \bar\eta + I_{\mathrm{ext}} - u + g s \tau\,(E_{r} - v) - (\pi \tau r)^2`,
    u: String.raw`\dot u = a\,(b v - u) + d\, r`,
    s: sDot,
  },
};

/** Symbols shared by ik_eta and ik_theta. */
function biophysical(delta: Pick<SymbolMeta, 'description' | 'unit'>, etaDescription: string, vtDescription: string): Record<string, SymbolMeta> {
  return {
    r: { latex: 'r', description: 'Average firing rate', unit: '1/ms' },
    v: { latex: 'v', description: 'Average membrane potential', unit: 'mV' },
    u: { latex: 'u', description: 'Average recovery current (adaptation)', unit: 'pA' },
    s: { latex: 's', description: 'Post-synaptic activation (fraction of open channels)', unit: '' },
    Delta: { latex: String.raw`\Delta`, ...delta, domain: 'nonnegative' },
    eta: { latex: String.raw`\bar\eta`, description: etaDescription, unit: 'pA' },
    k: { latex: 'k', description: 'Gain of the quadratic membrane current', unit: 'nS/mV', domain: 'positive' },
    C: { latex: 'C', description: 'Membrane capacitance', unit: 'pF', domain: 'positive' },
    v_r: { latex: 'v_{r}', description: 'Resting membrane potential', unit: 'mV' },
    v_t: { latex: 'v_{t}', description: vtDescription, unit: 'mV' },
    g: { latex: 'g', description: 'Maximal synaptic conductance', unit: 'nS' },
    E_r: { latex: 'E_{r}', description: 'Reversal potential of the synapse', unit: 'mV' },
    b: { latex: 'b', description: 'Sensitivity of the recovery current to v', unit: 'nS' },
    a: { latex: 'a', description: 'Rate of the recovery current', unit: '1/ms' },
    d: { latex: 'd', description: 'Increment of the recovery current per spike', unit: 'pA' },
    tau_s: tauS('ms'),
    J,
    I_ext: iExt('pA'),
    r_in: rIn('1/ms'),
  };
}

const uBio = String.raw`\dot u = a\,\bigl(b\,(v - v_{r}) - u\bigr) + d\, r`;

const ikEta: Overlay = {
  version: 1,
  title: 'Izhikevich mean-field model (distributed background currents)',
  description:
    'Exact mean-field model of an all-to-all coupled population of biophysical Izhikevich neurons ' +
    'with spike-frequency adaptation and Lorentzian-distributed background currents eta ' +
    '(Chen & Campbell 2022, arXiv:2203.08341). PyRates template ik_eta. Units: t in ms, v in mV, ' +
    'r in 1/ms, currents in pA.',
  symbols: biophysical(
    {
      description: 'Half-width of the Lorentzian distribution of background currents, divided by k (k·Delta in pA)',
      unit: 'mV^2',
    },
    'Centre of the Lorentzian distribution of background currents',
    'Spike threshold potential',
  ),
  equations: {
    r: String.raw`C \dot r = \frac{\Delta k^2}{\pi C} + r\,\bigl(k\,(2 v - v_{r} - v_{t}) - g s\bigr)`,
    v: String.raw`C \dot v = k v\,(v - v_{r} - v_{t}) + k v_{r} v_{t} + I_{\mathrm{ext}} + \bar\eta - u + g s\,(E_{r} - v) - \frac{(\pi C r)^2}{k}`,
    u: uBio,
    s: sDot,
  },
};

const ikTheta: Overlay = {
  version: 1,
  title: 'Izhikevich mean-field model (distributed spike thresholds)',
  description:
    'Exact mean-field model of an all-to-all coupled population of biophysical Izhikevich neurons ' +
    'with spike-frequency adaptation and Lorentzian-distributed spike thresholds v_t ' +
    '(Gast, Solla & Kennedy 2022, "Effects of neural heterogeneity on spiking neural network ' +
    'dynamics", arXiv:2206.08813). PyRates template ik_theta. Units: t in ms, v in mV, r in 1/ms, ' +
    'currents in pA.',
  symbols: biophysical(
    { description: 'Half-width at half maximum of the Lorentzian distribution of spike thresholds', unit: 'mV' },
    'Mean background current',
    'Centre of the Lorentzian distribution of spike thresholds',
  ),
  equations: {
    r: String.raw`C \dot r = \frac{\Delta k^2 (v - v_{r})}{\pi C} + r\,\bigl(k\,(2 v - v_{r} - v_{t}) - g s\bigr)`,
    v: String.raw`C \dot v = k v\,(v - v_{r} - v_{t}) + k v_{r} v_{t} + I_{\mathrm{ext}} + \bar\eta - u + g s\,(E_{r} - v) - \pi C r \left(\Delta + \frac{\pi C r}{k}\right)`,
    u: uBio,
    s: sDot,
  },
};

/** The overlay's metadata of `name` (an error when the model file and the overlay disagree). */
function meta(model: string, o: Overlay, name: string): SymbolMeta {
  const m = o.symbols[name];
  if (m === undefined) throw new Error(`built-in template ${model}: no metadata for symbol '${name}'`);
  return m;
}

/** A template of the built-in model file (`def`, as imported) with the overlay's metadata. */
function withOverlay(def: ModelDef, o: Overlay): ModelDef {
  const name = def.name;
  const names = [...def.states, ...def.params, ...def.inputs, ...def.definitions].map((s) => s.name);
  const extra = Object.keys(o.symbols).filter((s) => !names.includes(s));
  if (extra.length > 0) throw new Error(`built-in template ${name}: metadata for unknown symbols ${extra.join(', ')}`);
  const info = (s: string) => {
    const m = meta(name, o, s);
    return { name: s, latex: m.latex, description: m.description, unit: m.unit };
  };
  return {
    name: def.name,
    version: o.version,
    title: o.title,
    description: o.description,
    states: def.states.map((s) => ({ ...info(s.name), initial: s.initial })),
    params: def.params.map((p) => {
      const domain = meta(name, o, p.name).domain;
      return { ...info(p.name), default: p.default, ...(domain !== undefined ? { domain } : {}) };
    }),
    inputs: def.inputs.map((p) => ({ ...info(p.name), default: p.default })),
    definitions: def.definitions.map((d) => ({ ...info(d.name), expr: d.expr })),
    equations: def.equations.map((e) => {
      const latex = o.equations[e.state];
      if (latex === undefined) throw new Error(`built-in template ${name}: no LaTeX for the equation of '${e.state}'`);
      return { state: e.state, rhs: e.rhs, latex };
    }),
  };
}

/** The built-in templates, in display order. */
export const TEMPLATES: readonly ModelDef[] = (() => {
  const overlays = { ik_nodim: ikNodim, ik_eta: ikEta, ik_theta: ikTheta };
  const source = { read: (path: string) => (path === 'ik.yaml' ? IK_YAML : undefined) };
  const names = Object.keys(overlays) as (keyof typeof overlays)[];
  return importPyratesModels(source, 'ik.yaml', names, { latex: false }).map((def, i) => withOverlay(def, overlays[names[i]]));
})();

/** The template called `name`, or undefined. */
export function getTemplate(name: string): ModelDef | undefined {
  return TEMPLATES.find((t) => t.name === name);
}
