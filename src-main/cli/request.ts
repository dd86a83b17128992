/**
 * From `meanfield simulate` options to a complete SimulationRequest: every parameter, initial value
 * and input of the model is filled in (the model's defaults unless an option sets it), so the
 * request doubles as the record of the settings used. Unknown names are UsageErrors naming the option.
 */
import type { ModelDef } from '@shared/models/types';
import type { InputSpec, SimulationRequest } from '@shared/simulation/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { UsageError, type Assignment, type SimulateOptions } from './args';

function assign(
  target: Record<string, number>,
  items: Assignment[],
  known: string[],
  what: string,
  model: ModelDef,
  hint: (name: string) => string,
): void {
  const seen = new Set<string>();
  for (const a of items) {
    if (!known.includes(a.name)) {
      const plural = what === 'state variable' ? 'state variables' : `${what}s`;
      throw new UsageError(`${a.text}: unknown ${what} '${a.name}' for ${model.name} (${plural}: ${known.join(', ')})${hint(a.name)}`);
    }
    if (seen.has(a.name)) throw new UsageError(`${a.text}: '${a.name}' is set more than once`);
    seen.add(a.name);
    target[a.name] = a.value;
  }
}

/** The full request `opts` describe for `model`; throws UsageError for names the model lacks. */
export function buildRequest(opts: SimulateOptions, model: ModelDef): SimulationRequest {
  const paramNames = model.params.map((p) => p.name);
  const stateNames = model.states.map((s) => s.name);
  const inputNames = model.inputs.map((i) => i.name);
  const elsewhere = (name: string): string => {
    if (inputNames.includes(name)) return `; ${name} is an input: use --input ${name}=BASELINE`;
    if (stateNames.includes(name)) return `; ${name} is a state variable: use --init ${name}=VALUE`;
    if (paramNames.includes(name)) return `; ${name} is a parameter: use --set ${name}=VALUE`;
    return '';
  };

  const params: Record<string, number> = Object.fromEntries(model.params.map((p) => [p.name, p.default]));
  assign(params, opts.set, paramNames, 'parameter', model, elsewhere);
  const initial: Record<string, number> = Object.fromEntries(model.states.map((s) => [s.name, s.initial]));
  assign(initial, opts.init, stateNames, 'state variable', model, elsewhere);
  const baselines: Record<string, number> = Object.fromEntries(model.inputs.map((i) => [i.name, i.default]));
  assign(baselines, opts.inputs, inputNames, 'input', model, elsewhere);

  const inputs: Record<string, InputSpec> = {};
  for (const name of inputNames) inputs[name] = { kind: 'schedule', baseline: baselines[name], windows: [] };
  for (const w of opts.windows) {
    const spec = inputs[w.input];
    if (spec === undefined || spec.kind !== 'schedule') {
      const list = inputNames.length > 0 ? inputNames.join(', ') : 'none';
      throw new UsageError(`${w.text}: unknown input '${w.input}' for ${model.name} (inputs: ${list})${elsewhere(w.input)}`);
    }
    spec.windows.push({ start: w.start, stop: w.stop, value: w.value });
  }

  const solver = {
    ...DEFAULT_SOLVER,
    method: opts.method ?? 'rk4',
    dt: opts.dt,
    tEnd: opts.tEnd,
    sample: opts.sample ?? opts.dt,
    cutoff: 0,
    ...(opts.rtol !== undefined ? { rtol: opts.rtol } : {}),
    ...(opts.atol !== undefined ? { atol: opts.atol } : {}),
  };
  return { model: model.name, params, initial, inputs, solver };
}

const SOLVER_OPTIONS: Record<string, string> = {
  method: '--method',
  dt: '--dt',
  tEnd: '--t-end',
  sample: '--sample',
  rtol: '--rtol',
  atol: '--atol',
};

/**
 * The command-line option behind a request field, for messages: `solver.dt` -> `--dt`,
 * `params.g` -> `--set g`, `inputs.I_ext.windows[0].start` -> `--window I_ext:400:600=0 (START)`
 * (the option as written when `opts` is given). The field itself when no option maps to it.
 */
export function optionOfField(field: string, opts?: SimulateOptions): string {
  const [head, name = '', ...rest] = field.split('.');
  switch (head) {
    case 'model':
      return '--model';
    case 'solver':
      return SOLVER_OPTIONS[name] ?? field;
    case 'params':
      return name !== '' ? `--set ${name}` : '--set';
    case 'initial':
      return name !== '' ? `--init ${name}` : '--init';
    case 'inputs': {
      if (name === '') return '--input';
      const w = /^windows\[(\d+)\]$/.exec(rest[0] ?? '');
      if (w === null) return `--input ${name}`;
      const mine = opts?.windows.filter((o) => o.input === name)[Number(w[1])];
      const part = rest[1] !== undefined ? ` (${rest[1].toUpperCase()})` : '';
      return (mine?.text ?? `--window ${name}`) + part;
    }
    default:
      return field;
  }
}
