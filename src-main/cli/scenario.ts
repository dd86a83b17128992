/**
 * `--scenario NAME` of `meanfield simulate` and `meanfield continue`, and the scenario lines of
 * `meanfield models`. A scenario (src-shared/models/scenarios.ts) is applied before the options the
 * user typed: its parameters and input baselines stand where no --set / --input names them, its
 * input windows come before any --window (so a typed window wins where they overlap), and its T and
 * sampling stand where --t-end / --sample are not given.
 */
import { findScenario, scenariosOf, unknownScenarioMessage, type Scenario } from '@shared/models/scenarios';
import type { ContinuationRequest } from '@shared/continuation/types';
import type { SimulationRequest } from '@shared/simulation/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { UsageError, type Assignment } from './args';

/** The scenario `name` of `model`; a UsageError naming the valid ones otherwise. */
export function scenarioOption(model: string, name: string): Scenario {
  const s = findScenario(model, name);
  if (s === undefined) throw new UsageError(`--scenario: ${unknownScenarioMessage(model, name)}`);
  return s;
}

const named = (items: readonly Assignment[]) => new Set(items.map((a) => a.name));

interface TypedOptions {
  set: Assignment[];
  inputs: Assignment[];
  tEnd?: number;
  dt?: number;
  sample?: number;
}

/** `request` (built from the typed options) with `scenario` filled in underneath them. */
export function scenarioSimulation(request: SimulationRequest, scenario: Scenario, typed: TypedOptions): SimulationRequest {
  const set = named(typed.set);
  const inputs = named(typed.inputs);
  const params = { ...request.params };
  for (const [k, v] of Object.entries(scenario.params)) if (!set.has(k)) params[k] = v;
  const specs = { ...request.inputs };
  for (const [k, inp] of Object.entries(scenario.inputs)) {
    const spec = specs[k];
    if (spec === undefined || spec.kind !== 'schedule') continue;
    specs[k] = {
      kind: 'schedule',
      baseline: inputs.has(k) ? spec.baseline : inp.baseline,
      windows: [...inp.windows.map((w) => ({ ...w })), ...spec.windows],
    };
  }
  const dt = typed.dt ?? DEFAULT_SOLVER.dt;
  const sample = typed.sample ?? Math.max(dt, scenario.sample ?? DEFAULT_SOLVER.sample);
  const solver = { ...request.solver, tEnd: typed.tEnd ?? scenario.tEnd, dt, sample };
  return { ...request, params, inputs: specs, solver };
}

/** `request` with the scenario's parameters and input baselines where no option names them. */
export function scenarioContinuation(request: ContinuationRequest, scenario: Scenario, typed: Pick<TypedOptions, 'set' | 'inputs'>): ContinuationRequest {
  const set = named(typed.set);
  const inputs = named(typed.inputs);
  const params = { ...request.params };
  for (const [k, v] of Object.entries(scenario.params)) if (!set.has(k)) params[k] = v;
  const values = { ...request.inputs };
  for (const [k, inp] of Object.entries(scenario.inputs)) if (!inputs.has(k) && k in values) values[k] = inp.baseline;
  return { ...request, params, inputs: values };
}

/** The "scenarios (--scenario NAME):" lines of `meanfield models` for `model` ('' when it has none). */
export function scenarioLines(model: string): string {
  const list = scenariosOf(model);
  if (list.length === 0) return '';
  const width = Math.max(...list.map((s) => s.name.length));
  const lines = ['', '  scenarios (--scenario NAME):'];
  for (const s of list) {
    const set = Object.entries(s.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const inp = Object.entries(s.inputs)
      .map(([k, i]) => `${k}=${i.baseline}${i.windows.map((w) => ` (${w.value} on [${w.start}, ${w.stop}))`).join('')}`)
      .join(' ');
    lines.push(`    ${s.name.padEnd(width)}  ${s.title}`);
    lines.push(`    ${' '.repeat(width)}  ${set}; ${inp}; T=${s.tEnd}`);
    lines.push(`    ${' '.repeat(width)}  ${s.description}`);
    lines.push(`    ${' '.repeat(width)}  source: ${s.source}`);
  }
  return lines.join('\n');
}
