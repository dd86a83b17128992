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
 * Version 3 (model library): a custom `model: { kind: 'custom', def }` moves into
 *   `models: [{ hash, current: true, def }]` and `model` becomes { kind: 'custom', name, hash };
 *   a template selection stays as it is (`models: []`). Every run's and branch's `request.model`
 *   (a name) becomes a reference: the custom model's when it names it, else the template of that
 *   name (at the version the file selected, or this build's).
 * Version 4 (two-parameter curves): `curves: []`, and the view gains diagram ('oneParam'),
 *   curveRange (null) and selectedCurve (null).
 * Version 5 (spiking networks): a run may carry `network`; version-4 runs have none, so the
 *   document is unchanged but for its version.
 * Version 6 (limit cycles): `cycles: []`, and the view gains selectedCycle (null) and
 *   cycleMeasure ('extrema').
 */
import { modelHash } from '../models/identity';
import { getTemplate } from '../models/templates';
import type { ModelDef } from '../models/types';
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

/** The hash of a definition not yet checked ('' when it is too malformed to hash; the reader then reports it). */
function uncheckedHash(def: unknown): string {
  try {
    return modelHash(def as ModelDef);
  } catch {
    return '';
  }
}

const v2to3: Migration = (doc) => {
  const model = doc.model;
  let custom: { name: unknown; hash: string } | undefined;
  let models: Obj[] = [];
  let selected: unknown = model;
  if (isObj(model) && model.kind === 'custom' && isObj(model.def)) {
    custom = { name: model.def.name, hash: uncheckedHash(model.def) };
    models = [{ hash: custom.hash, current: true, def: model.def }];
    selected = { kind: 'custom', name: custom.name, hash: custom.hash };
  }
  const selectedTemplate = isObj(model) && model.kind === 'template' ? model : undefined;
  const ref = (name: unknown): unknown => {
    if (typeof name !== 'string') return name;
    if (custom && name === custom.name) return { kind: 'custom', name, hash: custom.hash };
    const version = selectedTemplate?.name === name ? selectedTemplate.version : (getTemplate(name)?.version ?? 0);
    return { kind: 'template', name, version };
  };
  const entries = (x: unknown): unknown =>
    Array.isArray(x) ? x.map((e) => (isObj(e) && isObj(e.request) ? { ...e, request: { ...e.request, model: ref(e.request.model) } } : e)) : x;
  return { ...doc, version: 3, models, model: selected, runs: entries(doc.runs), branches: entries(doc.branches) };
};

const v3to4: Migration = (doc) => {
  const view = isObj(doc.view) ? { ...doc.view, diagram: 'oneParam', curveRange: null, selectedCurve: null } : doc.view;
  return { ...doc, version: 4, curves: [], view };
};

const v4to5: Migration = (doc) => ({ ...doc, version: 5 });

const v5to6: Migration = (doc) => {
  const view = isObj(doc.view) ? { ...doc.view, selectedCycle: null, cycleMeasure: 'extrema' } : doc.view;
  return { ...doc, version: 6, cycles: [], view };
};

/** MIGRATIONS[v] upgrades version v to v + 1. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: v1to2, 2: v2to3, 3: v3to4, 4: v4to5, 5: v5to6 };

/** Applies the migrations from `from` up to `to`. */
export function migrate(doc: Obj, from: number, to: number): Obj {
  let d = doc;
  for (let v = from; v < to; v++) d = MIGRATIONS[v](d);
  return d;
}
