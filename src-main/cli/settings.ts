/**
 * The model settings of a command line (`--set`, `--init`, `--input`), shared by `simulate` and
 * `continue`: every parameter, initial value and input of the model, the model's defaults unless an
 * option sets it. An unknown or repeated name is a UsageError naming the option as written, with a
 * hint when the name belongs to another option (`I_ext is an input: use --input I_ext=...`).
 */
import type { ModelDef } from '@shared/models/types';
import { UsageError, type Assignment } from './args';

export interface ModelSettings {
  params: Record<string, number>;
  initial: Record<string, number>;
  /** Input values (simulate: baselines). */
  inputs: Record<string, number>;
  /** `; NAME is an input: use --input NAME=...` for a name the model has elsewhere, else ''. */
  elsewhere(name: string): string;
}

function assign(target: Record<string, number>, items: Assignment[], known: string[], what: string, model: ModelDef, hint: (name: string) => string): void {
  const seen = new Set<string>();
  for (const a of items) {
    if (!known.includes(a.name)) {
      const plural = what === 'state variable' ? 'state variables' : `${what}s`;
      throw new UsageError(`${a.text}: unknown ${what} '${a.name}' for ${model.name} (${plural}: ${known.join(', ') || 'none'})${hint(a.name)}`);
    }
    if (seen.has(a.name)) throw new UsageError(`${a.text}: '${a.name}' is set more than once`);
    seen.add(a.name);
    target[a.name] = a.value;
  }
}

/**
 * The settings `opts` give for `model`. `inputValue` names the value of `--input` in hints
 * (`BASELINE` for simulate, `VALUE` for continue).
 */
export function modelSettings(
  opts: { set: Assignment[]; init: Assignment[]; inputs: Assignment[] },
  model: ModelDef,
  inputValue: 'BASELINE' | 'VALUE',
): ModelSettings {
  const paramNames = model.params.map((p) => p.name);
  const stateNames = model.states.map((s) => s.name);
  const inputNames = model.inputs.map((i) => i.name);
  const elsewhere = (name: string): string => {
    if (inputNames.includes(name)) return `; ${name} is an input: use --input ${name}=${inputValue}`;
    if (stateNames.includes(name)) return `; ${name} is a state variable: use --init ${name}=VALUE`;
    if (paramNames.includes(name)) return `; ${name} is a parameter: use --set ${name}=VALUE`;
    return '';
  };
  const params: Record<string, number> = Object.fromEntries(model.params.map((p) => [p.name, p.default]));
  assign(params, opts.set, paramNames, 'parameter', model, elsewhere);
  const initial: Record<string, number> = Object.fromEntries(model.states.map((s) => [s.name, s.initial]));
  assign(initial, opts.init, stateNames, 'state variable', model, elsewhere);
  const inputs: Record<string, number> = Object.fromEntries(model.inputs.map((i) => [i.name, i.default]));
  assign(inputs, opts.inputs, inputNames, 'input', model, elsewhere);
  return { params, initial, inputs, elsewhere };
}
