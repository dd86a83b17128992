/**
 * From `meanfield simulate` options to a complete SimulationRequest: every parameter, initial value
 * and input of the model is filled in (the model's defaults unless an option sets it), so the
 * request doubles as the record of the settings used. Unknown names are UsageErrors naming the option.
 */
import type { ModelDef } from '@shared/models/types';
import type { InputSpec, SimulationRequest } from '@shared/simulation/types';
import { DEFAULT_SOLVER } from '@shared/simulation/types';
import { UsageError, type SimulateOptions } from './args';
import { modelSettings } from './settings';

/** The full request `opts` describe for `model`; throws UsageError for names the model lacks. */
export function buildRequest(opts: SimulateOptions, model: ModelDef): SimulationRequest {
  const inputNames = model.inputs.map((i) => i.name);
  const { params, initial, inputs: baselines, elsewhere } = modelSettings(opts, model, 'BASELINE');

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
