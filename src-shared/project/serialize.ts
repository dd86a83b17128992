/**
 * Project -> `.mfproj` text (layout version PROJECT_VERSION; see README "Project files"). Settings,
 * names and form drafts are plain JSON; big numeric arrays go through ./arrays.ts. Every object is
 * built by `shaped` from the field table the reader uses (./shapes.ts). Never throws for a project
 * that parseProject would accept.
 */
import type { Branch, ContinuationRequest, ContinuationResult } from '../continuation/types';
import type { ModelRef } from '../models/identity';
import { sampleGrid } from '../simulation/grid';
import type { InputSpec, SimulationRequest, SimulationResult } from '../simulation/types';
import { encodeArray } from './arrays';
import type { ByteCodec } from './codec';
import { libraryToSave, requestRef } from './library';
import { curveEntryJson } from './serialize-curves';
import { cycleEntryJson } from './serialize-cycles';
import { runNetworkJson } from './serialize-network';
import { num, numRecord } from './numbers';
import { SETTING_KEYS, SOLVER_KEYS, shaped } from './shapes';
import { PROJECT_FORMAT, PROJECT_VERSION, type LibraryModel, type ModelForms, type Project, type ProjectBranch, type ProjectRun } from './types';

export interface SerializeOptions {
  /** Compresses big arrays (main passes node:zlib's raw DEFLATE); without it they are raw base64. */
  codec?: ByteCodec;
  /** Written as `savedAt` (informational, ignored on open). */
  savedAt?: string;
  /** Written as `generator`, e.g. "MeanField Studio 0.1.0" (informational). */
  generator?: string;
}

/** The listed keys of `rec`, in list order, each value mapped by `f`. */
function keyed<K extends string, V, W>(keys: readonly K[], rec: Record<K, V>, f: (v: V) => W): Record<K, W> {
  const out = {} as Record<K, W>;
  for (const k of keys) out[k] = f(rec[k]);
  return out;
}

const same = <V>(v: V): V => v;

function inputSpec(spec: InputSpec, codec?: ByteCodec): unknown {
  if (spec.kind === 'array') return shaped('input', { kind: 'array', baseline: undefined, windows: undefined, values: encodeArray(spec.values, codec) });
  return shaped('input', {
    kind: 'schedule',
    baseline: num(spec.baseline),
    windows: spec.windows.map((w) => shaped('window', { start: num(w.start), stop: num(w.stop), value: num(w.value) })),
    values: undefined,
  });
}

/** Library names by hash: a reference is written with its library entry's name (a renamed model's runs follow it). */
type Names = ReadonlyMap<string, string>;

function refJson(ref: ModelRef, names?: Names): unknown {
  return ref.kind === 'template'
    ? shaped('modelRef', { kind: 'template', name: ref.name, version: ref.version, hash: undefined })
    : shaped('modelRef', { kind: 'custom', name: names?.get(ref.hash) ?? ref.name, version: undefined, hash: ref.hash });
}

function libraryModelJson(m: LibraryModel): unknown {
  return shaped('libraryModel', { hash: m.hash, current: m.current, supersededBy: m.supersededBy, def: m.def });
}

/** A stored request refers to its model (requestRef); a custom definition is written once, in the library. */
export function simulationRequestJson(req: SimulationRequest, codec?: ByteCodec, names?: Names): unknown {
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(req.inputs)) inputs[name] = inputSpec(spec, codec);
  return shaped('simulationRequest', {
    model: refJson(requestRef(req), names),
    params: numRecord(req.params),
    initial: numRecord(req.initial),
    inputs,
    solver: { method: req.solver.method, ...keyed(SOLVER_KEYS, req.solver, num) },
  });
}

function simulationResultJson(req: SimulationRequest, res: SimulationResult, codec?: ByteCodec): unknown {
  const grid = req.solver.sample > 0 ? sampleGrid(req.solver) : undefined;
  const { steps, rejectedSteps, rhsEvaluations, wallMs } = res.stats;
  return shaped('simulationResult', {
    status: res.status,
    message: res.message,
    names: res.names,
    stats: shaped('simulationStats', { steps: num(steps), rejectedSteps: num(rejectedSteps), rhsEvaluations: num(rhsEvaluations), wallMs: num(wallMs) }),
    blowup: res.blowup ? shaped('blowup', { t: num(res.blowup.t), variable: res.blowup.variable }) : undefined,
    t: encodeArray(res.t, codec, grid ? { sample: req.solver.sample, kFirst: grid.kFirst } : undefined),
    columns: res.columns.map((c) => encodeArray(c, codec)),
  });
}

function runJson(run: ProjectRun, names: Names, codec?: ByteCodec): unknown {
  return shaped('runEntry', {
    id: run.id,
    name: run.name || undefined,
    color: run.color,
    visible: run.visible,
    request: simulationRequestJson(run.request, codec, names),
    result: simulationResultJson(run.request, run.result, codec),
    network: run.network ? runNetworkJson(run.network, codec) : undefined,
  });
}

export function continuationRequestJson(req: ContinuationRequest, names?: Names): unknown {
  return shaped('continuationRequest', {
    model: refJson(requestRef(req), names),
    params: numRecord(req.params),
    initial: numRecord(req.initial),
    inputs: numRecord(req.inputs),
    param: req.param,
    bounds: [num(req.bounds[0]), num(req.bounds[1])],
    settings: keyed(SETTING_KEYS, req.settings, num),
  });
}

/** Points stored by column: p, stability as a '0'/'1' string, x per state, eigenvalues by index. */
function branchJson(b: Branch, codec?: ByteCodec): unknown {
  const count = b.points.length;
  const n = b.stateNames.length;
  const column = (get: (i: number) => number) => {
    const c = new Float64Array(count);
    for (let i = 0; i < count; i++) c[i] = get(i);
    return encodeArray(c, codec);
  };
  const ev = (i: number, j: number, part: 0 | 1) => b.points[i].eigenvalues[j]?.[part] ?? NaN;
  return shaped('branch', {
    param: b.param,
    stateNames: b.stateNames,
    startIndex: b.startIndex,
    ends: b.ends.map((e) => shaped('branchEnd', { reason: e.reason, message: e.message })),
    points: shaped('branchPoints', {
      count,
      p: column((i) => b.points[i].p),
      stable: b.points.map((q) => (q.stable ? '1' : '0')).join(''),
      x: Array.from({ length: n }, (_, j) => column((i) => b.points[i].x[j])),
      eigRe: Array.from({ length: n }, (_, j) => column((i) => ev(i, j, 0))),
      eigIm: Array.from({ length: n }, (_, j) => column((i) => ev(i, j, 1))),
    }),
    special: b.special.map((s) =>
      shaped('specialPoint', {
        type: s.type,
        label: s.label,
        index: s.index,
        p: num(s.p),
        x: s.x.map(num),
        eigenvalues: s.eigenvalues.map(([re, im]) => [num(re), num(im)]),
        converged: s.converged,
        omega: s.omega !== undefined ? num(s.omega) : undefined,
        period: s.period !== undefined ? num(s.period) : undefined,
        l1: s.l1 !== undefined ? num(s.l1) : undefined,
        criticality: s.criticality,
        description: s.description,
      }),
    ),
  });
}

function continuationResultJson(res: ContinuationResult, codec?: ByteCodec): unknown {
  const { points, newtonIterations, rejectedSteps, wallMs } = res.stats;
  return shaped('continuationResult', {
    status: res.status,
    message: res.message,
    stats: shaped('continuationStats', {
      points: num(points),
      newtonIterations: num(newtonIterations),
      rejectedSteps: num(rejectedSteps),
      wallMs: num(wallMs),
    }),
    branch: res.branch ? branchJson(res.branch, codec) : null,
  });
}

function branchEntryJson(b: ProjectBranch, names: Names, codec?: ByteCodec): unknown {
  return shaped('entry', {
    id: b.id,
    name: b.name || undefined,
    color: b.color,
    visible: b.visible,
    request: continuationRequestJson(b.request, names),
    result: continuationResultJson(b.result, codec),
  });
}

/** One model's form drafts, every object in its shape's order. */
function formsJson(forms: ModelForms): unknown {
  const sim = forms.simulation;
  const cont = forms.continuation;
  const inputs: Record<string, unknown> = {};
  for (const [name, d] of Object.entries(sim.inputs)) {
    inputs[name] = shaped('inputDraft', {
      baseline: d.baseline,
      windows: d.windows.map((w) => shaped('window', { start: w.start, stop: w.stop, value: w.value })),
    });
  }
  return shaped('modelForms', {
    simulation: shaped('simulationForm', {
      params: sim.params,
      initial: sim.initial,
      inputs,
      method: sim.method,
      solver: keyed(SOLVER_KEYS, sim.solver, same),
    }),
    continuation: cont
      ? shaped('continuationForm', {
          param: cont.param,
          from: cont.from,
          to: cont.to,
          variable: cont.variable,
          settings: keyed(SETTING_KEYS, cont.settings, same),
        })
      : undefined,
  });
}

/** The file's JSON value (before stringifying). */
export function projectJson(project: Project, options: SerializeOptions = {}): Record<string, unknown> {
  const { codec } = options;
  const v = project.view;
  const forms: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(project.forms)) forms[name] = formsJson(f);
  const library = libraryToSave(project);
  const names: Names = new Map(library.map((m) => [m.hash, m.def.name]));
  return shaped('project', {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    generator: options.generator || undefined,
    savedAt: options.savedAt || undefined,
    models: library.map(libraryModelJson),
    model: refJson(project.model, names),
    forms,
    view: shaped('view', {
      view: v.view,
      pane: v.pane,
      plotted: v.plotted,
      timeRange: v.timeRange ? v.timeRange.map(num) : null,
      diagramRange: v.diagramRange ? shaped('diagramRange', { x: v.diagramRange.x.map(num), y: v.diagramRange.y.map(num) }) : null,
      selectedRun: v.selectedRun,
      selectedBranch: v.selectedBranch,
      diagram: v.diagram,
      curveRange: v.curveRange ? shaped('diagramRange', { x: v.curveRange.x.map(num), y: v.curveRange.y.map(num) }) : null,
      selectedCurve: v.selectedCurve,
      selectedCycle: v.selectedCycle,
      cycleMeasure: v.cycleMeasure,
    }),
    runs: project.runs.map((r) => runJson(r, names, codec)),
    branches: project.branches.map((b) => branchEntryJson(b, names, codec)),
    curves: project.curves.map((c) => curveEntryJson(c, refJson(requestRef(c.request), names), codec)),
    cycles: project.cycles.map((c) => cycleEntryJson(c, refJson(requestRef(c.request), names), codec)),
  });
}

/** The `.mfproj` text of `project`: JSON, 1-space indented, big arrays encoded. */
export function serializeProject(project: Project, options: SerializeOptions = {}): string {
  return JSON.stringify(projectJson(project, options), null, 1) + '\n';
}
