/**
 * Reading a current-layout project document (after migration): the model library, the selected
 * model, forms, runs, branches, curves and view, every problem recorded with its path. View references that no longer exist (a plotted
 * variable the model lacks, a selected run that is not stored) are dropped with a warning.
 */
import { shortHash } from '../models/identity';
import { getTemplate } from '../models/templates';
import type { ModelDef } from '../models/types';
import { METHODS } from '../simulation/types';
import { readBranchEntry } from './read-branches';
import { readCurveEntry } from './read-curves';
import { readCycleEntry } from './read-cycles';
import { readLibrary, readModelRef, type Library, type Resolved } from './read-library';
import { readRun } from './read-runs';
import { anyNumber, at, isObj, list, obj, oneOf, record, str, type Obj, type Reader } from './reader';
import { SHAPES } from './shapes';
import type {
  ContinuationFormState,
  ModelForms,
  Project,
  ProjectBranch,
  ProjectCurve,
  ProjectCycleFamily,
  ProjectRun,
  SimulationFormState,
  ViewState,
} from './types';

/** Longest form draft kept (a typed number). */
const MAX_DRAFT = 1000;

export const TOP_KEYS: readonly string[] = SHAPES.project;

function drafts<K extends string>(r: Reader, path: string, x: unknown, keys: readonly K[]): Record<K, string> | undefined {
  const o = obj(r, path, x, keys);
  if (!o) return undefined;
  const out = {} as Record<K, string>;
  let ok = true;
  for (const k of keys) {
    const v = str(r, at(path, k), o[k], MAX_DRAFT);
    if (v === undefined) ok = false;
    else out[k] = v;
  }
  return ok ? out : undefined;
}

function readSimulationForm(r: Reader, path: string, x: unknown): SimulationFormState | undefined {
  const o = obj(r, path, x, SHAPES.simulationForm);
  if (!o) return undefined;
  const text = (p: string, v: unknown) => str(r, p, v, MAX_DRAFT);
  const params = record(r, at(path, 'params'), o.params, text);
  const initial = record(r, at(path, 'initial'), o.initial, text);
  const inputs = record(r, at(path, 'inputs'), o.inputs, (p, v) => {
    const io = obj(r, p, v, SHAPES.inputDraft);
    if (!io) return undefined;
    const baseline = text(at(p, 'baseline'), io.baseline);
    const items = list(r, at(p, 'windows'), io.windows);
    if (baseline === undefined || !items) return undefined;
    const windows = items.map((w, i) => drafts(r, at(at(p, 'windows'), i), w, SHAPES.window));
    return windows.every((w) => w !== undefined) ? { baseline, windows: windows as SimulationFormState['inputs'][string]['windows'] } : undefined;
  });
  const method = oneOf(r, at(path, 'method'), o.method, METHODS);
  const solver = drafts(r, at(path, 'solver'), o.solver, SHAPES.solverDrafts);
  if (!params || !initial || !inputs || !method || !solver) return undefined;
  return { params, initial, inputs, method, solver };
}

function readContinuationForm(r: Reader, path: string, x: unknown): ContinuationFormState | undefined {
  const o = obj(r, path, x, SHAPES.continuationForm);
  if (!o) return undefined;
  const param = str(r, at(path, 'param'), o.param, 64);
  const from = str(r, at(path, 'from'), o.from, MAX_DRAFT);
  const to = str(r, at(path, 'to'), o.to, MAX_DRAFT);
  const variable = str(r, at(path, 'variable'), o.variable, 64);
  const settings = drafts(r, at(path, 'settings'), o.settings, SHAPES.settingDrafts);
  if (param === undefined || from === undefined || to === undefined || variable === undefined || !settings) return undefined;
  return { param, from, to, variable, settings };
}

/** Forms belong to the models a user can pick: the templates and the library's current models. */
type FormModels = (name: string) => ModelDef | undefined;

function readForms(r: Reader, path: string, x: unknown, models: FormModels): Record<string, ModelForms> | undefined {
  const forms = record(r, path, x, (p, v) => {
    const o = obj(r, p, v, SHAPES.modelForms);
    if (!o) return undefined;
    const simulation = readSimulationForm(r, at(p, 'simulation'), o.simulation);
    if (!simulation) return undefined;
    if (o.continuation === undefined) return { simulation };
    const continuation = readContinuationForm(r, at(p, 'continuation'), o.continuation);
    return continuation && { simulation, continuation };
  });
  if (!forms) return undefined;
  for (const name of Object.keys(forms)) {
    const def = models(name);
    if (!def) {
      r.warn(at(path, name), `no model called '${name}'; its form was dropped`);
      delete forms[name];
    } else forms[name] = knownNamesOnly(r, at(path, name), forms[name], def);
  }
  return forms;
}

/** `record` without the keys outside `names`, each dropped with a warning (keys are only compared). */
function keep<T>(r: Reader, path: string, record: Record<string, T>, names: readonly string[], what: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) {
    if (names.includes(key)) out[key] = value;
    else r.warn(at(path, key), `${what}; dropped`);
  }
  return out;
}

/**
 * The forms of model `def` with every name the model does not have dropped with a warning: a
 * parameter, initial value or input of the simulation form; the continuation form's parameter
 * (the whole continuation form goes, its range belonging to that parameter) or plotted variable
 * (the first state is plotted instead).
 */
function knownNamesOnly(r: Reader, path: string, forms: ModelForms, def: ModelDef): ModelForms {
  const params = def.params.map((p) => p.name);
  const states = def.states.map((s) => s.name);
  const inputs = def.inputs.map((i) => i.name);
  const sim = at(path, 'simulation');
  const simulation: SimulationFormState = {
    ...forms.simulation,
    params: keep(r, at(sim, 'params'), forms.simulation.params, params, `not a parameter of ${def.name}`),
    initial: keep(r, at(sim, 'initial'), forms.simulation.initial, states, `not a state of ${def.name}`),
    inputs: keep(r, at(sim, 'inputs'), forms.simulation.inputs, inputs, `not an input of ${def.name}`),
  };
  const c = forms.continuation;
  if (!c) return { simulation };
  const cont = at(path, 'continuation');
  if (!params.includes(c.param) && !inputs.includes(c.param)) {
    r.warn(at(cont, 'param'), `not a parameter or input of ${def.name}; the continuation form was dropped`);
    return { simulation };
  }
  if (!states.includes(c.variable)) {
    r.warn(at(cont, 'variable'), `not a state of ${def.name}; ${states[0]} is plotted instead`);
    return { simulation, continuation: { ...c, variable: states[0] } };
  }
  return { simulation, continuation: c };
}

function range(r: Reader, path: string, x: unknown): [number, number] | undefined {
  const items = list(r, path, x, 2);
  if (!items) return undefined;
  const a = anyNumber(r, at(path, 0), items[0]);
  const b = anyNumber(r, at(path, 1), items[1]);
  if (items.length !== 2 || a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    return r.error(path, 'must be [min, max] with finite min < max, or null');
  }
  return [a, b];
}

function selection(r: Reader, path: string, x: unknown, ids: Set<number>): number | null {
  if (x === null || x === undefined) return null;
  if (typeof x !== 'number' || !ids.has(x)) {
    r.warn(path, 'does not refer to a stored entry; nothing selected');
    return null;
  }
  return x;
}

/** A zoom `{ x, y }` at `key` of the view, null when absent; undefined (recorded) when malformed. */
function zoom(r: Reader, path: string, x: unknown): ViewState['diagramRange'] | undefined {
  if (x === null || x === undefined) return null;
  const d = obj(r, path, x, SHAPES.diagramRange);
  const rx = d && range(r, at(path, 'x'), d.x);
  const ry = d && range(r, at(path, 'y'), d.y);
  return rx && ry ? { x: rx, y: ry } : undefined;
}

function readView(
  r: Reader,
  path: string,
  x: unknown,
  def: ModelDef,
  runs: ProjectRun[],
  branches: ProjectBranch[],
  curves: ProjectCurve[],
  cycles: ProjectCycleFamily[],
): ViewState | undefined {
  const o = obj(r, path, x, SHAPES.view);
  if (!o) return undefined;
  const view = oneOf(r, at(path, 'view'), o.view, ['timeseries', 'bifurcation', 'split'] as const);
  const pane = oneOf(r, at(path, 'pane'), o.pane, ['timeseries', 'bifurcation'] as const);
  const plottedRaw = list(r, at(path, 'plotted'), o.plotted, 1000);
  const states = def.states.map((s) => s.name);
  let plotted: string[] = [];
  if (plottedRaw) {
    plotted = plottedRaw.filter((v): v is string => typeof v === 'string' && states.includes(v));
    plotted = states.filter((s) => plotted.includes(s));
    if (plotted.length < plottedRaw.length) r.warn(at(path, 'plotted'), `entries that are not states of ${def.name} were dropped`);
    if (plotted.length === 0) plotted = states.slice(0, 1);
  }
  const timeRange = o.timeRange === null || o.timeRange === undefined ? null : range(r, at(path, 'timeRange'), o.timeRange);
  const diagramRange = zoom(r, at(path, 'diagramRange'), o.diagramRange);
  const curveRange = zoom(r, at(path, 'curveRange'), o.curveRange);
  const diagram = oneOf(r, at(path, 'diagram'), o.diagram, ['oneParam', 'twoParam'] as const);
  const cycleMeasure = oneOf(r, at(path, 'cycleMeasure'), o.cycleMeasure, ['extrema', 'period'] as const);
  if (!view || !pane || !plottedRaw || timeRange === undefined || diagramRange === undefined || curveRange === undefined || !diagram || !cycleMeasure) {
    return undefined;
  }
  return {
    view,
    pane,
    plotted,
    timeRange,
    diagramRange,
    selectedRun: selection(r, at(path, 'selectedRun'), o.selectedRun, new Set(runs.map((q) => q.id))),
    selectedBranch: selection(r, at(path, 'selectedBranch'), o.selectedBranch, new Set(branches.map((q) => q.id))),
    diagram,
    curveRange,
    selectedCurve: selection(r, at(path, 'selectedCurve'), o.selectedCurve, new Set(curves.map((q) => q.id))),
    selectedCycle: selection(r, at(path, 'selectedCycle'), o.selectedCycle, new Set(cycles.map((q) => q.id))),
    cycleMeasure,
  };
}

function uniqueIds(r: Reader, path: string, entries: { id: number }[]): void {
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) r.error(at(at(path, i), 'id'), `id ${e.id} is used twice`);
    seen.add(e.id);
  });
}

/**
 * The selected model: a template or a current library model. An earlier definition selected (a
 * hand-edited file) gives way, with a warning, to the current model that replaced it.
 */
function readSelection(r: Reader, x: unknown, lib: Library): Resolved | undefined {
  const m = readModelRef(r, 'model', x, lib);
  if (!m || !m.entry || m.entry.current) return m;
  const next = m.entry.supersededBy === undefined ? undefined : lib.byHash.get(m.entry.supersededBy);
  if (next?.current) {
    r.warn('model.hash', `an earlier definition of '${m.def.name}'; its current definition (${shortHash(next.hash)}…) is selected`);
    return { ref: { kind: 'custom', name: next.def.name, hash: next.hash }, def: next.def, entry: next };
  }
  return r.error(
    'model.hash',
    `an earlier definition of '${m.def.name}' (current: false); the selected model must be a template or a current model of the library`,
  );
}

/** The project in `doc` (current layout), or undefined with the errors recorded in `r`. */
export function readProject(r: Reader, doc: Obj): Project | undefined {
  for (const key of Object.keys(doc)) if (!TOP_KEYS.includes(key)) r.warn(at('', key), 'unknown field, ignored');
  if (doc.savedAt !== undefined && typeof doc.savedAt !== 'string') r.warn('savedAt', 'must be a string; ignored');
  const lib = readLibrary(r, 'models', doc.models);
  if (!lib) return undefined;
  const m = readSelection(r, doc.model, lib);
  const models: FormModels = (name) => getTemplate(name) ?? lib.currentByName.get(name)?.def;
  const forms = doc.forms === undefined ? {} : readForms(r, 'forms', doc.forms, models);
  const runItems = list(r, 'runs', doc.runs);
  const runs: ProjectRun[] = [];
  runItems?.forEach((x, i) => {
    const run = readRun(r, at('runs', i), x, lib);
    if (run) runs.push(run);
  });
  const branchItems = doc.branches === undefined ? [] : list(r, 'branches', doc.branches);
  const branches: ProjectBranch[] = [];
  branchItems?.forEach((x, i) => {
    const b = readBranchEntry(r, at('branches', i), x, lib);
    if (b) branches.push(b);
  });
  const curveItems = list(r, 'curves', doc.curves);
  const curves: ProjectCurve[] = [];
  curveItems?.forEach((x, i) => {
    const c = readCurveEntry(r, at('curves', i), x, lib);
    if (c) curves.push(c);
  });
  const cycleItems = list(r, 'cycles', doc.cycles);
  const cycles: ProjectCycleFamily[] = [];
  cycleItems?.forEach((x, i) => {
    const c = readCycleEntry(r, at('cycles', i), x, lib);
    if (c) cycles.push(c);
  });
  uniqueIds(r, 'runs', runs);
  uniqueIds(r, 'branches', branches);
  uniqueIds(r, 'curves', curves);
  uniqueIds(r, 'cycles', cycles);
  const view = !isObj(doc.view) ? r.error('view', 'must be an object') : m ? readView(r, 'view', doc.view, m.def, runs, branches, curves, cycles) : undefined;
  if (r.errors.length > 0 || !m || !forms || !view) return undefined;
  return { model: m.ref, models: lib.entries, forms, runs, branches, curves, cycles, view };
}
