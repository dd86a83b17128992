/**
 * Reading simulation runs: the request (shape, then the same validator as the app and the engine,
 * against the run's model) and the result, checked for internal consistency (one column per state
 * of the model, in model order, each as long as the time column, no more samples than the settings
 * give).
 */
import { getTemplate } from '../models/templates';
import type { ModelDef } from '../models/types';
import { sampleGrid } from '../simulation/grid';
import { METHODS, type InputSpec, type SimulationRequest, type SimulationResult } from '../simulation/types';
import { validateSimulation } from '../simulation/validate';
import { arrayLength, readArray, reserveValues } from './read-arrays';
import { readModelRef, type Library } from './read-library';
import { readRunNetwork } from './read-network';
import { anyNumber, at, isObj, list, MAX_ENTRIES, obj, oneOf, readEntry, record, str, type Reader } from './reader';
import { SHAPES, SOLVER_KEYS } from './shapes';
import type { ProjectRun } from './types';

/** The definition a read request was made with (its own `def`, else its template). */
export function requestDef(req: { model: string; def?: ModelDef }): ModelDef {
  return req.def ?? getTemplate(req.model)!;
}

/** The numeric solver settings, in file order. */

function readInput(r: Reader, path: string, x: unknown): InputSpec | undefined {
  const o = obj(r, path, x, SHAPES.input);
  if (!o) return undefined;
  const kind = oneOf(r, at(path, 'kind'), o.kind, ['schedule', 'array'] as const);
  if (kind === 'array') {
    const values = readArray(r, at(path, 'values'), o.values);
    return values && { kind: 'array', values };
  }
  if (kind !== 'schedule') return undefined;
  const baseline = anyNumber(r, at(path, 'baseline'), o.baseline);
  const items = list(r, at(path, 'windows'), o.windows, MAX_ENTRIES);
  if (baseline === undefined || !items) return undefined;
  const windows: { start: number; stop: number; value: number }[] = [];
  let ok = true;
  items.forEach((w, i) => {
    const p = at(at(path, 'windows'), i);
    const wo = obj(r, p, w, SHAPES.window);
    const start = wo && anyNumber(r, at(p, 'start'), wo.start);
    const stop = wo && anyNumber(r, at(p, 'stop'), wo.stop);
    const value = wo && anyNumber(r, at(p, 'value'), wo.value);
    if (start == null || stop == null || value == null) ok = false;
    else windows.push({ start, stop, value });
  });
  return ok ? { kind: 'schedule', baseline, windows } : undefined;
}

/** Reports validator issues (field names relative to the request) under `path`. */
export function reportIssues(r: Reader, path: string, issues: { field: string; message: string }[]): void {
  for (const i of issues) r.error(i.field === 'request' ? path : at(path, i.field), i.message);
}

/**
 * A stored simulation request: `model` is a reference (./read-library.ts); the request comes back
 * with the model's name and, for a library model, its definition in `def`.
 */
export function readSimulationRequest(r: Reader, path: string, x: unknown, lib: Library): SimulationRequest | undefined {
  const o = obj(r, path, x, SHAPES.simulationRequest);
  if (!o) return undefined;
  const before = r.errors.length;
  const model = readModelRef(r, at(path, 'model'), o.model, lib);
  const num = (p: string, v: unknown) => anyNumber(r, p, v);
  const params = record(r, at(path, 'params'), o.params, num);
  const initial = record(r, at(path, 'initial'), o.initial, num);
  const inputs = record(r, at(path, 'inputs'), o.inputs, (p, v) => readInput(r, p, v));
  const so = obj(r, at(path, 'solver'), o.solver, SHAPES.solver);
  const solver: Record<string, unknown> = {};
  if (so) {
    solver.method = oneOf(r, at(path, 'solver.method'), so.method, METHODS);
    for (const k of SOLVER_KEYS) solver[k] = anyNumber(r, at(path, `solver.${k}`), so[k]);
  }
  if (r.errors.length > before || model === undefined) return undefined;
  const def = model.def;
  const req = { model: def.name, ...(model.entry ? { def } : {}), params, initial, inputs, solver } as unknown as SimulationRequest;
  const issues = validateSimulation(req, def);
  if (issues.length > 0) return (reportIssues(r, path, issues), undefined);
  return req;
}

const STATS_KEYS = SHAPES.simulationStats;

function readResult(r: Reader, path: string, x: unknown, req: SimulationRequest, def: ModelDef): SimulationResult | undefined {
  const o = obj(r, path, x, SHAPES.simulationResult);
  if (!o) return undefined;
  const before = r.errors.length;
  const status = oneOf(r, at(path, 'status'), o.status, ['ok', 'blowup', 'cancelled'] as const);
  const message = str(r, at(path, 'message'), o.message);
  const states = def.states.map((s) => s.name);
  const namesRaw = list(r, at(path, 'names'), o.names, 1000);
  let names: string[] | undefined;
  if (namesRaw) {
    if (namesRaw.length !== states.length || namesRaw.some((n, i) => n !== states[i])) {
      r.error(at(path, 'names'), `must be the states of ${def.name} in order (${states.join(', ')})`);
    } else names = states;
  }
  const so = obj(r, at(path, 'stats'), o.stats, STATS_KEYS);
  const stats: Record<string, number> = {};
  if (so) for (const k of STATS_KEYS) stats[k] = anyNumber(r, at(path, `stats.${k}`), so[k]) as number;
  let blowup: SimulationResult['blowup'];
  if (o.blowup !== undefined) {
    const bo = obj(r, at(path, 'blowup'), o.blowup, SHAPES.blowup);
    const t = bo && anyNumber(r, at(path, 'blowup.t'), bo.t);
    const variable = bo && str(r, at(path, 'blowup.variable'), bo.variable, 64);
    if (t != null && variable != null) blowup = { t, variable };
  }
  if (r.errors.length > before) return undefined;
  // Shapes first: t and every column must declare lengths the run's settings allow, in a form that
  // carries data, within the file's budget, before any of them is decoded.
  const grid = sampleGrid(req.solver);
  const tGrid = { sample: req.solver.sample, kFirst: grid.kFirst };
  const n = arrayLength(r, at(path, 't'), o.t, { grid: tGrid });
  if (n === undefined) return undefined;
  if (n > grid.count) return r.error(at(path, 't'), `holds ${n} samples; the run's settings give at most ${grid.count}`);
  const cols = list(r, at(path, 'columns'), o.columns, 1000);
  if (!cols) return undefined;
  if (cols.length !== states.length) return r.error(at(path, 'columns'), `must hold ${states.length} columns (one per state), got ${cols.length}`);
  for (let i = 0; i < cols.length; i++) {
    if (arrayLength(r, at(path, `columns[${i}]`), cols[i], { length: n }) === undefined) return undefined;
  }
  if (!reserveValues(r, path, n * (cols.length + 1))) return undefined;
  const t = readArray(r, at(path, 't'), o.t, { grid: tGrid, length: n });
  if (!t) return undefined;
  const columns: Float64Array[] = [];
  for (let i = 0; i < cols.length; i++) {
    const c = readArray(r, at(path, `columns[${i}]`), cols[i], { length: n });
    if (!c) return undefined;
    columns.push(c);
  }
  return {
    status: status!,
    message: message!,
    t,
    names: names!,
    columns,
    stats: stats as unknown as SimulationResult['stats'],
    ...(blowup ? { blowup } : {}),
  };
}

/** A stored run; a network run's `network` is checked against its request (./read-network.ts). */
export function readRun(r: Reader, path: string, x: unknown, lib: Library): ProjectRun | undefined {
  const entry = readEntry(
    r,
    path,
    x,
    (p, v) => readSimulationRequest(r, p, v, lib),
    (p, v, request) => readResult(r, p, v, request, requestDef(request)),
    'runEntry',
  );
  const raw = isObj(x) ? x.network : undefined;
  if (entry === undefined || raw === undefined) return entry;
  const network = readRunNetwork(r, at(path, 'network'), raw, entry.request, requestDef(entry.request));
  return network ? { ...entry, network } : undefined;
}
