/**
 * Run labels that say what differs between runs ("g = 1.5", "g = 1.5, dt = 1e-3"). Pure, no DOM.
 *
 * Each request is flattened into ordered facts (key -> printed value). A fact appears in a run's
 * label when its printed value is not the same in every run where it applies. Tolerances only apply
 * to adaptive runs (dopri5, rodas4, auto). A run whose request matches all others is labelled
 * "run <id>"; runs that would share a label get " (run <id>)" appended, so every label is unique.
 */
import type { ModelDef } from '@shared/models/types';
import { isAdaptive, type InputSpec, type SimulationRequest } from '@shared/simulation/types';
import { formatExact } from './format';

interface Fact {
  key: string;
  /** Text shown in a label, e.g. "g = 1.5". */
  text: string;
}

/** The facts of one request, in a stable order: model, params, initial state, inputs, solver. */
export function requestFacts(req: SimulationRequest): Fact[] {
  const facts: Fact[] = [{ key: 'model', text: req.model }];
  for (const [name, v] of Object.entries(req.params)) {
    facts.push({ key: `params.${name}`, text: `${name} = ${formatExact(v)}` });
  }
  for (const [name, v] of Object.entries(req.initial)) {
    facts.push({ key: `initial.${name}`, text: `${name}(0) = ${formatExact(v)}` });
  }
  for (const [name, spec] of Object.entries(req.inputs)) {
    facts.push(...inputFacts(name, spec));
  }
  const s = req.solver;
  facts.push({ key: 'solver.method', text: s.method });
  facts.push({ key: 'solver.dt', text: `dt = ${formatExact(s.dt)}` });
  facts.push({ key: 'solver.tEnd', text: `T = ${formatExact(s.tEnd)}` });
  facts.push({ key: 'solver.sample', text: `sample = ${formatExact(s.sample)}` });
  facts.push({ key: 'solver.cutoff', text: `cutoff = ${formatExact(s.cutoff)}` });
  if (isAdaptive(s.method)) {
    facts.push({ key: 'solver.rtol', text: `rtol = ${formatExact(s.rtol)}` });
    facts.push({ key: 'solver.atol', text: `atol = ${formatExact(s.atol)}` });
  }
  return facts;
}

/** Step windows as text: "0 on [400, 600); 1 on [700, 800)" ('' for none). */
export function formatWindows(windows: readonly { start: number; stop: number; value: number }[]): string {
  return windows.map((w) => `${formatExact(w.value)} on [${formatExact(w.start)}, ${formatExact(w.stop)})`).join('; ');
}

/** One input in a line: "I_ext = 0.15; 0 on [400, 600)", or "I_ext: array of 1001" (run inspector). */
export function inputSummary(name: string, spec: InputSpec): string {
  if (spec.kind === 'array') return `${name}: array of ${spec.values.length}`;
  const windows = formatWindows(spec.windows);
  return `${name} = ${formatExact(spec.baseline)}${windows ? `; ${windows}` : ''}`;
}

/**
 * What a request changes from the model's defaults, as texts for the run inspector:
 * parameters ("g = 1.5") and initial values ("v(0) = 100"), in model order.
 */
export function changedFromDefaults(req: SimulationRequest, def: ModelDef): { params: string[]; initial: string[] } {
  const own = (r: Record<string, number>, k: string) => Object.prototype.hasOwnProperty.call(r, k);
  return {
    params: def.params
      .filter((p) => own(req.params, p.name) && req.params[p.name] !== p.default)
      .map((p) => `${p.name} = ${formatExact(req.params[p.name])}`),
    initial: def.states
      .filter((s) => own(req.initial, s.name) && req.initial[s.name] !== s.initial)
      .map((s) => `${s.name}(0) = ${formatExact(req.initial[s.name])}`),
  };
}

function inputFacts(name: string, spec: InputSpec): Fact[] {
  if (spec.kind === 'array') {
    return [{ key: `inputs.${name}`, text: inputSummary(name, spec) }];
  }
  const windows = spec.windows.length === 0 ? `${name}: no windows` : `${name}: ${formatWindows(spec.windows)}`;
  return [
    { key: `inputs.${name}`, text: `${name} = ${formatExact(spec.baseline)}` },
    { key: `inputs.${name}.windows`, text: windows },
  ];
}

/**
 * For each request, the facts that differ between the requests (texts, in fact order). A key counts
 * as differing when it has more than one value among the requests that have it; keys only some
 * requests have (another model's parameters, tolerances of adaptive runs) are compared among those.
 */
export function differingFacts(requests: readonly SimulationRequest[]): string[][] {
  const all = requests.map(requestFacts);
  const values = new Map<string, Set<string>>();
  for (const facts of all) {
    for (const f of facts) {
      let set = values.get(f.key);
      if (!set) values.set(f.key, (set = new Set()));
      set.add(f.text);
    }
  }
  return all.map((facts) => facts.filter((f) => (values.get(f.key)?.size ?? 0) > 1).map((f) => f.text));
}

/**
 * One label per run: the differing facts joined by ", ", or "run <id>" when nothing differs.
 * `ids[i]` is the number the user sees for run i (1, 2, ...).
 */
export function runLabels(requests: readonly SimulationRequest[], ids: readonly number[]): string[] {
  const labels = differingFacts(requests).map((facts, i) =>
    facts.length > 0 ? facts.join(', ') : `run ${ids[i]}`,
  );
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return labels.map((l, i) => ((counts.get(l) ?? 0) > 1 ? `${l} (run ${ids[i]})` : l));
}
