/**
 * A named scenario (src-shared/models/scenarios.ts) as form drafts. Pure, no DOM.
 *
 * Applying a scenario starts from the model's defaults: every parameter, initial value and input
 * not named by the scenario returns to its default (inputs without windows), so the form shows
 * exactly the scenario. Its T and sampling step replace the form's; the method and step size stay
 * as typed. Parameters go back to the defaults with the parameter table's Reset all.
 */
import type { ModelDef } from '@shared/models/types';
import type { Scenario } from '@shared/models/scenarios';
import { defaultDrafts, type FormDrafts } from './form';
import { formatExact } from './format';

export function scenarioDrafts(def: ModelDef, current: FormDrafts, scenario: Scenario): FormDrafts {
  const d = defaultDrafts(def);
  for (const [name, v] of Object.entries(scenario.params)) if (name in d.params) d.params[name] = formatExact(v);
  for (const [name, inp] of Object.entries(scenario.inputs)) {
    if (!(name in d.inputs)) continue;
    d.inputs[name] = {
      baseline: formatExact(inp.baseline),
      windows: inp.windows.map((w) => ({ start: formatExact(w.start), stop: formatExact(w.stop), value: formatExact(w.value) })),
    };
  }
  d.method = current.method;
  d.solver = { ...current.solver, tEnd: formatExact(scenario.tEnd) };
  if (scenario.sample !== undefined) d.solver.sample = formatExact(scenario.sample);
  return d;
}
