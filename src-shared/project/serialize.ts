/**
 * Project -> `.mfproj` text (layout version PROJECT_VERSION; see README "Project files"). Settings,
 * names and form drafts are plain JSON; big numeric arrays go through ./arrays.ts. Never throws for
 * a project that parseProject would accept.
 */
import type { Branch, ContinuationRequest, ContinuationResult } from '../continuation/types';
import { sampleGrid } from '../simulation/grid';
import type { InputSpec, SimulationRequest, SimulationResult } from '../simulation/types';
import { encodeArray } from './arrays';
import type { ByteCodec } from './codec';
import { num, numRecord } from './numbers';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project, type ProjectBranch, type ProjectRun } from './types';

export interface SerializeOptions {
  /** Compresses big arrays (main passes node:zlib's raw DEFLATE); without it they are raw base64. */
  codec?: ByteCodec;
  /** Written as `savedAt` (informational, ignored on open). */
  savedAt?: string;
  /** Written as `generator`, e.g. "MeanField Studio 0.1.0" (informational). */
  generator?: string;
}

function inputSpec(spec: InputSpec, codec?: ByteCodec): unknown {
  if (spec.kind === 'array') return { kind: 'array', values: encodeArray(spec.values, codec) };
  return {
    kind: 'schedule',
    baseline: num(spec.baseline),
    windows: spec.windows.map((w) => ({ start: num(w.start), stop: num(w.stop), value: num(w.value) })),
  };
}

export function simulationRequestJson(req: SimulationRequest, codec?: ByteCodec): unknown {
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(req.inputs)) inputs[name] = inputSpec(spec, codec);
  const { method, ...numbers } = req.solver;
  return {
    model: req.model,
    params: numRecord(req.params),
    initial: numRecord(req.initial),
    inputs,
    solver: { method, ...numRecord(numbers) },
  };
}

function simulationResultJson(req: SimulationRequest, res: SimulationResult, codec?: ByteCodec): unknown {
  const grid = req.solver.sample > 0 ? sampleGrid(req.solver) : undefined;
  return {
    status: res.status,
    message: res.message,
    names: res.names,
    stats: numRecord({ ...res.stats }),
    ...(res.blowup ? { blowup: { t: num(res.blowup.t), variable: res.blowup.variable } } : {}),
    t: encodeArray(res.t, codec, grid ? { sample: req.solver.sample, kFirst: grid.kFirst } : undefined),
    columns: res.columns.map((c) => encodeArray(c, codec)),
  };
}

function runJson(run: ProjectRun, codec?: ByteCodec): unknown {
  return {
    id: run.id,
    ...(run.name ? { name: run.name } : {}),
    color: run.color,
    visible: run.visible,
    request: simulationRequestJson(run.request, codec),
    result: simulationResultJson(run.request, run.result, codec),
  };
}

export function continuationRequestJson(req: ContinuationRequest): unknown {
  return {
    model: req.model,
    params: numRecord(req.params),
    initial: numRecord(req.initial),
    inputs: numRecord(req.inputs),
    param: req.param,
    bounds: [num(req.bounds[0]), num(req.bounds[1])],
    settings: numRecord({ ...req.settings }),
  };
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
  return {
    param: b.param,
    stateNames: b.stateNames,
    startIndex: b.startIndex,
    ends: b.ends.map((e) => ({ reason: e.reason, message: e.message })),
    points: {
      count,
      p: column((i) => b.points[i].p),
      stable: b.points.map((q) => (q.stable ? '1' : '0')).join(''),
      x: Array.from({ length: n }, (_, j) => column((i) => b.points[i].x[j])),
      eigRe: Array.from({ length: n }, (_, j) => column((i) => ev(i, j, 0))),
      eigIm: Array.from({ length: n }, (_, j) => column((i) => ev(i, j, 1))),
    },
    special: b.special.map((s) => ({
      type: s.type,
      label: s.label,
      index: s.index,
      p: num(s.p),
      x: s.x.map(num),
      eigenvalues: s.eigenvalues.map(([re, im]) => [num(re), num(im)]),
      converged: s.converged,
      ...(s.omega !== undefined ? { omega: num(s.omega) } : {}),
      ...(s.period !== undefined ? { period: num(s.period) } : {}),
      ...(s.l1 !== undefined ? { l1: num(s.l1) } : {}),
      ...(s.criticality !== undefined ? { criticality: s.criticality } : {}),
      description: s.description,
    })),
  };
}

function continuationResultJson(res: ContinuationResult, codec?: ByteCodec): unknown {
  return {
    status: res.status,
    message: res.message,
    stats: numRecord({ ...res.stats }),
    branch: res.branch ? branchJson(res.branch, codec) : null,
  };
}

function branchEntryJson(b: ProjectBranch, codec?: ByteCodec): unknown {
  return {
    id: b.id,
    ...(b.name ? { name: b.name } : {}),
    color: b.color,
    visible: b.visible,
    request: continuationRequestJson(b.request),
    result: continuationResultJson(b.result, codec),
  };
}

/** The file's JSON value (before stringifying). */
export function projectJson(project: Project, options: SerializeOptions = {}): Record<string, unknown> {
  const { codec } = options;
  const v = project.view;
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    ...(options.generator ? { generator: options.generator } : {}),
    ...(options.savedAt ? { savedAt: options.savedAt } : {}),
    model: project.model,
    forms: project.forms,
    view: {
      view: v.view,
      pane: v.pane,
      plotted: v.plotted,
      timeRange: v.timeRange ? v.timeRange.map(num) : null,
      diagramRange: v.diagramRange ? { x: v.diagramRange.x.map(num), y: v.diagramRange.y.map(num) } : null,
      selectedRun: v.selectedRun,
      selectedBranch: v.selectedBranch,
    },
    runs: project.runs.map((r) => runJson(r, codec)),
    branches: project.branches.map((b) => branchEntryJson(b, codec)),
  };
}

/** The `.mfproj` text of `project`: JSON, 1-space indented, big arrays encoded. */
export function serializeProject(project: Project, options: SerializeOptions = {}): string {
  return JSON.stringify(projectJson(project, options), null, 1) + '\n';
}
