/**
 * Migration of older project layouts, as ordered pure functions on the parsed JSON: MIGRATIONS[v]
 * turns a version-v document into a version-(v+1) one. parseProject applies them in order from the
 * file's version up to PROJECT_VERSION, then validates the result as the current layout. A
 * migration never throws: what it does not recognise it leaves for the validator to report.
 *
 * Version 1 (simulation only):
 *   { format, version: 1, model, form: SimulationFormState, runs: [...],
 *     view: { plotted, timeRange, selectedRun } }
 * Version 2 (adds continuation): `form` becomes `forms: { [model name]: { simulation } }`,
 *   `branches: []`, and the view gains view/pane ('timeseries'), diagramRange and selectedBranch
 *   (null). Runs are stored the same way in both.
 */
import { isObj, type Obj } from './reader';

export type Migration = (doc: Obj) => Obj;

function modelName(model: unknown): string | undefined {
  if (!isObj(model)) return undefined;
  if (model.kind === 'template' && typeof model.name === 'string') return model.name;
  if (model.kind === 'custom' && isObj(model.def) && typeof model.def.name === 'string') return model.def.name;
  return undefined;
}

const v1to2: Migration = (doc) => {
  const { form, view, ...rest } = doc;
  const name = modelName(doc.model);
  const forms: Obj = {};
  if (form !== undefined && name !== undefined && name !== '__proto__') forms[name] = { simulation: form };
  const v = isObj(view) ? view : {};
  return {
    ...rest,
    version: 2,
    forms,
    branches: [],
    view: {
      view: 'timeseries',
      pane: 'timeseries',
      plotted: v.plotted,
      timeRange: v.timeRange ?? null,
      diagramRange: null,
      selectedRun: v.selectedRun ?? null,
      selectedBranch: null,
    },
  };
};

/** MIGRATIONS[v] upgrades version v to v + 1. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: v1to2 };

/** Applies the migrations from `from` up to `to`. */
export function migrate(doc: Obj, from: number, to: number): Obj {
  let d = doc;
  for (let v = from; v < to; v++) d = MIGRATIONS[v](d);
  return d;
}
