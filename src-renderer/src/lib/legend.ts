/**
 * Run labels that say what differs between runs ("g = 1.5", "g = 1.5, dt = 1e-3"). Pure, no DOM.
 *
 * Each request is flattened into ordered facts (key -> value). A fact appears in a run's label when
 * its value is not the same in every run where it applies; numbers are printed with the digits
 * that tell the runs apart ("g = 1.989", see distinct.ts), or in full with `exact` (tooltips,
 * exports). Tolerances only apply to adaptive runs (dopri5, rodas4, auto). A run whose request matches all others is
 * labelled "run <id>"; runs that would share a label get " (run <id>)" appended, so every label is unique.
 */
import type { ModelDef } from '@shared/models/types';
import { isAdaptive, type InputSpec, type SimulationRequest } from '@shared/simulation/types';
import { differingTexts, distinctDigits, roundedText, uniqueLabels, type LabelFact } from './distinct';
import { formatExact } from './format';

/** The facts of one request, in a stable order: model, params, initial state, inputs, solver. */
export function requestFacts(req: SimulationRequest): LabelFact[] {
  const facts: LabelFact[] = [{ key: 'model', text: req.model }];
  for (const [name, v] of Object.entries(req.params)) {
    facts.push({ key: `params.${name}`, text: `${name} = `, value: v });
  }
  for (const [name, v] of Object.entries(req.initial)) {
    facts.push({ key: `initial.${name}`, text: `${name}(0) = `, value: v });
  }
  for (const [name, spec] of Object.entries(req.inputs)) {
    facts.push(...inputFacts(name, spec));
  }
  const s = req.solver;
  facts.push({ key: 'solver.method', text: s.method });
  facts.push({ key: 'solver.dt', text: 'dt = ', value: s.dt });
  facts.push({ key: 'solver.tEnd', text: 'T = ', value: s.tEnd });
  facts.push({ key: 'solver.sample', text: 'sample = ', value: s.sample });
  facts.push({ key: 'solver.cutoff', text: 'cutoff = ', value: s.cutoff });
  if (isAdaptive(s.method)) {
    facts.push({ key: 'solver.rtol', text: 'rtol = ', value: s.rtol });
    facts.push({ key: 'solver.atol', text: 'atol = ', value: s.atol });
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

/** A value changed from the model's default: the rounded text shown and the full one (tooltip). */
export interface ChangedValue {
  text: string;
  exact: string;
}

/**
 * What a request changes from the model's defaults, for the run inspector: parameters ("g = 1.5")
 * and initial values ("v(0) = 100"), in model order. Each value is rounded to the digits that tell
 * it apart from the default and from the same setting in `others` (the other listed runs), with
 * the full value in `exact`.
 */
export function changedFromDefaults(
  req: SimulationRequest,
  def: ModelDef,
  others: readonly SimulationRequest[] = [],
): { params: ChangedValue[]; initial: ChangedValue[] } {
  const own = (r: Record<string, number>, k: string) => Object.prototype.hasOwnProperty.call(r, k);
  const show = (label: string, v: number, fallback: number, pick: (o: SimulationRequest) => number | undefined): ChangedValue => {
    const peers = others.map(pick).filter((x): x is number => x !== undefined);
    const digits = distinctDigits([v, fallback, ...peers]);
    return { text: `${label} = ${roundedText(v, digits)}`, exact: `${label} = ${formatExact(v)}` };
  };
  return {
    params: def.params
      .filter((p) => own(req.params, p.name) && req.params[p.name] !== p.default)
      .map((p) => show(p.name, req.params[p.name], p.default, (o) => (own(o.params, p.name) ? o.params[p.name] : undefined))),
    initial: def.states
      .filter((s) => own(req.initial, s.name) && req.initial[s.name] !== s.initial)
      .map((s) => show(`${s.name}(0)`, req.initial[s.name], s.initial, (o) => (own(o.initial, s.name) ? o.initial[s.name] : undefined))),
  };
}

function inputFacts(name: string, spec: InputSpec): LabelFact[] {
  if (spec.kind === 'array') {
    return [{ key: `inputs.${name}`, text: inputSummary(name, spec) }];
  }
  const windows = spec.windows.length === 0 ? `${name}: no windows` : `${name}: ${formatWindows(spec.windows)}`;
  return [
    { key: `inputs.${name}`, text: `${name} = `, value: spec.baseline },
    { key: `inputs.${name}.windows`, text: windows },
  ];
}

/**
 * For each request, the facts that differ between the requests (texts, in fact order). A key counts
 * as differing when it has more than one value among the requests that have it; keys only some
 * requests have (another model's parameters, tolerances of adaptive runs) are compared among those.
 * Numbers are rounded to the digits that tell the requests apart, or printed in full with `exact`.
 */
export function differingFacts(requests: readonly SimulationRequest[], exact = false): string[][] {
  return differingTexts(requests.map(requestFacts), exact);
}

/**
 * One label per run: the differing facts joined by ", ", or "run <id>" when nothing differs.
 * `ids[i]` is the number the user sees for run i (1, 2, ...). `exact` prints numbers in full.
 */
export function runLabels(requests: readonly SimulationRequest[], ids: readonly number[], exact = false): string[] {
  const labels = differingFacts(requests, exact).map((facts, i) => (facts.length > 0 ? facts.join(', ') : `run ${ids[i]}`));
  return uniqueLabels(labels, ids, 'run');
}
