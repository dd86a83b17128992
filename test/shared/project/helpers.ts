/** Test projects built with the engine: every kind of content a project can hold. */
import type { CycleRequest } from '@shared/cycles/types';
import { runCycleRequest } from '../../../src-main/engine/run-cycle-request';
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import { customRef, modelHash } from '@shared/models/identity';
import type { ModelDef } from '@shared/models/types';
import type { ByteCodec } from '@shared/project/codec';
import type { CurveRequest } from '@shared/curves/types';
import type { ModelForms, Project, ProjectBranch, ProjectCurve, ProjectCycleFamily, ProjectRun } from '@shared/project/types';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { compileModel } from '../../../src-main/engine/compile';
import { runContinuation } from '../../../src-main/engine/continuation/run';
import { runCurveRequest } from '../../../src-main/engine/run-curve-request';
import { simulate } from '../../../src-main/engine/simulate';
import { simulateNetwork } from '../../../src-main/engine/network/simulate-network';
import type { NetworkRequest, NetworkSettings } from '@shared/network/types';

export const zlibCodec: ByteCodec = {
  deflate: (b) => deflateRawSync(b),
  inflate: (b, n) => new Uint8Array(inflateRawSync(b, { maxOutputLength: Math.max(1, n) })),
};

const nodim = getTemplate('ik_nodim')!;

/** A custom model: a damped oscillator driven by an input, with a definition. */
export const CUSTOM: ModelDef = {
  name: 'oscillator',
  version: 3,
  title: 'Damped oscillator',
  description: "x'' + 2 zeta w x' + w^2 x = F(t)",
  states: [
    { name: 'x', latex: 'x', description: 'position', unit: '', initial: 1 },
    { name: 'y', latex: 'y', description: 'velocity', unit: '', initial: 0 },
  ],
  params: [
    { name: 'w', latex: '\\omega', description: 'frequency', unit: '', default: 2, domain: 'positive' },
    { name: 'zeta', latex: '\\zeta', description: 'damping', unit: '', default: 0.1, domain: 'nonnegative' },
  ],
  inputs: [{ name: 'F', latex: 'F', description: 'force', unit: '', default: 0 }],
  definitions: [{ name: 'acc', latex: 'a', description: 'acceleration', unit: '', expr: '-2*zeta*w*y - w^2*x + F' }],
  equations: [
    { state: 'x', rhs: 'y', latex: '\\dot x = y' },
    { state: 'y', rhs: 'acc', latex: '\\dot y = a' },
  ],
};

/**
 * An earlier definition of CUSTOM (before its damping default and definition were edited): runs
 * made with it keep it, as a library entry superseded by CUSTOM.
 */
export const CUSTOM_EARLIER: ModelDef = {
  ...CUSTOM,
  params: [CUSTOM.params[0], { ...CUSTOM.params[1], default: 0.3 }],
  definitions: [{ ...CUSTOM.definitions[0], expr: '-2*zeta*w*y - w*w*x + F' }],
};

const hooks = (cancelAfter = Infinity) => {
  let calls = 0;
  return { onProgress: () => {}, isCancelled: () => ++calls > cancelAfter };
};

export function nodimRequest(g: number, solver: Partial<SimulationRequest['solver']> = {}): SimulationRequest {
  return {
    model: 'ik_nodim',
    params: { g },
    initial: {},
    inputs: { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 4, stop: 6, value: 0 }] } },
    solver: { ...DEFAULT_SOLVER, tEnd: 10, dt: 1e-3, sample: 0.01, ...solver },
  };
}

function run(id: number, def: ModelDef, request: SimulationRequest, cancelAfter?: number): ProjectRun {
  const result = simulate(compileModel(def), request, hooks(cancelAfter));
  return { id, color: id % 7, visible: id % 2 === 1, request, result };
}

function forms(def: ModelDef, withContinuation: boolean): ModelForms {
  return {
    simulation: {
      params: Object.fromEntries(def.params.map((p) => [p.name, String(p.default)])),
      initial: Object.fromEntries(def.states.map((s) => [s.name, 'not a number yet'])),
      inputs: Object.fromEntries(def.inputs.map((i) => [i.name, { baseline: '0.15', windows: [{ start: '1', stop: '2e0', value: '' }] }])),
      method: 'dopri5',
      solver: { dt: '1e-3', tEnd: '10', sample: '0.01', cutoff: '0', rtol: '1e-3', atol: '1e-6' },
    },
    ...(withContinuation
      ? {
          continuation: {
            param: 'g',
            from: '0',
            to: '3',
            variable: 'v',
            settings: { maxPoints: '2000', ds: '0.01', dsMin: '1e-8', dsMax: '0.05', newtonTol: '1e-10', newtonMaxIter: 'eight' },
          },
        }
      : {}),
  };
}

export function branch(id: number, bounds: [number, number] = [0, 3]): ProjectBranch {
  const request: ContinuationRequest = {
    model: 'ik_nodim',
    params: { g: 1.5 },
    initial: {},
    inputs: { I_ext: 0.15 },
    param: 'g',
    bounds,
    settings: { ...DEFAULT_CONTINUATION },
  };
  const result = runContinuation(compileModel(nodim), request, {});
  return { id, name: `branch ${id}`, color: 3, visible: true, request, result };
}

/** The cusp normal form x' = a + b x - x^3: a fold curve 4 b^3 = 27 a^2 with its cusp point at a = b = 0. */
export const CUSP: ModelDef = {
  name: 'cusp',
  version: 1,
  title: 'Cusp normal form',
  description: "x' = a + b x - x^3",
  states: [{ name: 'x', latex: 'x', description: 'state', unit: '', initial: 1 }],
  params: [
    { name: 'a', latex: 'a', description: 'unfolding a', unit: '', default: -2 },
    { name: 'b', latex: 'b', description: 'unfolding b', unit: '', default: 3 },
  ],
  inputs: [],
  definitions: [],
  equations: [{ state: 'x', rhs: 'a + b*x - x^3', latex: '\\dot x = a + b x - x^3' }],
};

/** The fold curve of CUSP from its fold at x = 1, a = -2, b = 3, through the cusp point. */
export function cuspFoldCurve(id: number): ProjectCurve {
  const request: CurveRequest = {
    model: 'cusp',
    def: CUSP,
    type: 'fold',
    params: ['a', 'b'],
    values: {},
    start: { label: 'LP1', state: [1], params: [-2, 3] },
    bounds: [
      [-4, 4],
      [-1, 4],
    ],
    settings: { ...DEFAULT_CONTINUATION },
  };
  const out = runCurveRequest(request, hooks());
  if (!out.ok) throw new Error(out.error.message);
  return { id, color: 5, visible: true, request, result: out.result };
}

/**
 * The Hopf curve from HB1 of the g-branch at I_ext = 0.15, continued in (g, eta); `cancelAfter`
 * progress checks stop it early (a cancelled curve keeps its part).
 */
export function hopfCurve(id: number, from: ProjectBranch, cancelAfter = Infinity): ProjectCurve {
  const hb = from.result.branch!.special.find((s) => s.type === 'HB')!;
  const eta = from.request.params.eta ?? nodim.params.find((p) => p.name === 'eta')!.default;
  const { g: _g, eta: _eta, ...others } = from.request.params;
  const request: CurveRequest = {
    model: 'ik_nodim',
    type: 'hopf',
    params: ['g', 'eta'],
    values: { ...others, ...from.request.inputs },
    start: { label: hb.label, state: hb.x, params: [hb.p, eta], omega: hb.omega },
    bounds: [
      [0, 3],
      [-2, 2],
    ],
    settings: { ...DEFAULT_CONTINUATION },
    at: [1],
  };
  const out = runCurveRequest(request, hooks(cancelAfter));
  if (!out.ok) throw new Error(out.error.message);
  return { id, name: `curve ${id}`, color: 4, visible: id % 2 === 1, request, result: out.result };
}

/**
 * Runs of every kind (ok, cutoff, cancelled, blow-up, array input, custom model, an earlier
 * definition of the custom model), a branch, a view.
 */
export function richProject(): Project {
  const blowRequest: SimulationRequest = {
    model: 'ik_nodim',
    params: { g: 0.5, eta: 50 },
    initial: { r: 5, v: 50 },
    inputs: {},
    solver: { ...DEFAULT_SOLVER, method: 'euler', tEnd: 50, dt: 0.05, sample: 0.05 },
  };
  const arrayRequest: SimulationRequest = {
    ...nodimRequest(0.7, { tEnd: 1, dt: 0.01, sample: 0.01 }),
    inputs: { I_ext: { kind: 'array', values: Float64Array.from({ length: 100 }, (_, i) => Math.sin(i / 7)) } },
  };
  const customRequest: SimulationRequest = {
    model: 'oscillator',
    def: CUSTOM,
    params: { w: 3 },
    initial: { x: -0 },
    inputs: { F: { kind: 'schedule', baseline: 0, windows: [{ start: 1, stop: 2, value: 1.5 }] } },
    solver: { ...DEFAULT_SOLVER, method: 'dopri5', tEnd: 5, dt: 0.01, sample: 0.05, rtol: 1e-8, atol: 1e-10 },
  };
  const runs = [
    run(1, nodim, nodimRequest(0.5)),
    run(2, nodim, nodimRequest(1.5, { cutoff: 2.5, method: 'rk4' })),
    run(3, nodim, nodimRequest(1.5), 3),
    run(4, nodim, blowRequest),
    run(5, nodim, arrayRequest),
    run(6, CUSTOM, customRequest),
    run(7, CUSTOM_EARLIER, { ...customRequest, def: CUSTOM_EARLIER, params: {}, initial: {} }),
  ];
  runs[0].name = 'baseline (g = 0.5)';
  const branches = [branch(1), branch(2, [1, 2])];
  return {
    model: customRef(CUSTOM),
    models: [
      { hash: modelHash(CUSTOM), current: true, def: CUSTOM },
      { hash: modelHash(CUSTOM_EARLIER), current: false, supersededBy: modelHash(CUSTOM), def: CUSTOM_EARLIER },
    ],
    forms: { ik_nodim: forms(nodim, true), oscillator: forms(CUSTOM, false) },
    runs,
    branches,
    curves: [hopfCurve(1, branches[0]), hopfCurve(2, branches[0], 3)],
    cycles: [],
    view: {
      view: 'split',
      pane: 'bifurcation',
      plotted: ['x', 'y'],
      timeRange: [0.5, 4.25],
      diagramRange: { x: [0, 3], y: [-0.1, 1e-3] },
      selectedRun: 4,
      selectedBranch: 1,
      diagram: 'twoParam',
      curveRange: { x: [0.25, 2.5], y: [-1, 0.5] },
      selectedCurve: 2,
      selectedCycle: null,
      cycleMeasure: 'extrema',
    },
  };
}

/** Walks two values, failing on the first difference; Float64Arrays and numbers compared bit for bit. */
export function bitDiff(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) ? null : `${path}: ${a} vs ${b}`;
  if (a instanceof Float64Array || b instanceof Float64Array) {
    if (!(a instanceof Float64Array && b instanceof Float64Array)) return `${path}: typed array vs other`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `${path}[${i >> 3}]: ${a[i >> 3]} vs ${b[i >> 3]}`;
    return null;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return `${path}: list differs`;
    for (let i = 0; i < a.length; i++) {
      const d = bitDiff(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a)
      .filter((k) => (a as Record<string, unknown>)[k] !== undefined)
      .sort();
    const kb = Object.keys(b)
      .filter((k) => (b as Record<string, unknown>)[k] !== undefined)
      .sort();
    if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
    for (const k of ka) {
      const d = bitDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
}

/**
 * A run of the spiking network behind `model` (small: 300 neurons, 40 of them recorded), as the
 * app stores it: the network's model settings as the request, its samples as the result.
 */
export function networkRun(id: number, model: 'ik_nodim' | 'ik_eta' = 'ik_nodim', extra: Partial<NetworkSettings> = {}): ProjectRun {
  const nodim = model === 'ik_nodim';
  const req: NetworkRequest = {
    model,
    params: nodim ? { g: 1.5 } : {},
    initial: {},
    inputs: nodim ? { I_ext: { kind: 'schedule', baseline: 0.15, windows: [{ start: 5, stop: 10, value: 0 }] } } : {},
    solver: { ...DEFAULT_SOLVER, method: 'euler', dt: nodim ? 1e-3 : 1e-2, tEnd: 20, sample: 0.1 },
    network: { neurons: 300, recovery: 'individual', rasterNeurons: 40, ...extra },
  };
  const res = simulateNetwork(req);
  const { network, ...request } = req;
  return {
    id,
    color: 2,
    visible: true,
    request,
    result: {
      status: res.status,
      message: res.message,
      t: res.t,
      names: res.names,
      columns: res.columns,
      stats: { steps: res.stats.steps, rejectedSteps: 0, rhsEvaluations: 0, wallMs: res.stats.wallMs },
    },
    network: { settings: network, stats: res.stats, raster: res.raster },
  };
}

/**
 * The family of limit cycles born at HB1 of `from` (the g-branch at I_ext = 0.15), traced in g over
 * the branch's range; `cancelAfter`: cancel after that many engine polls (a short family).
 */
export function cycleFamily(id: number, from: ProjectBranch, cancelAfter = Infinity, mesh: [number, number] = [80, 4]): ProjectCycleFamily {
  const hb = from.result.branch!.special.find((s) => s.type === 'HB')!;
  const values: Record<string, number> = { ...from.request.params, ...from.request.inputs };
  delete values.g;
  const request: CycleRequest = {
    model: 'ik_nodim',
    param: 'g',
    values,
    start: { label: hb.label, state: hb.x, p: hb.p, omega: hb.omega! },
    bounds: [from.request.bounds[0], from.request.bounds[1]],
    settings: { maxPoints: 400 },
    ntst: mesh[0],
    ncol: mesh[1],
  };
  const out = runCycleRequest(request, hooks(cancelAfter));
  if (!out.ok) throw new Error(out.error.message);
  // The engine records every point's orbit; the tests put in the ones they need.
  for (const q of [...(out.result.branch?.points ?? []), ...(out.result.branch?.special.map((s) => s.point) ?? [])]) delete q.orbit;
  return { id, name: `cycles ${id}`, color: 5, visible: id % 2 === 1, request, result: out.result };
}

/** `family` as if started from a run's samples at g = 1.5 (kind 'orbit', 40 samples over two periods, a window). */
export function orbitStartFamily(id: number, family: ProjectCycleFamily): ProjectCycleFamily {
  const t = Array.from({ length: 40 }, (_, k) => 600 + 10 * k + 1 / 3);
  const y = [0, 1, 2, 3].map((i) => t.map((x) => 0.1 * (i + 1) + 0.05 * Math.sin(x / 31.7 + i)));
  const request: CycleRequest = { ...family.request, start: { kind: 'orbit', label: 'run 2', t, y, p: 1.5, window: 4000 } };
  const result = structuredClone(family.result);
  result.branch = { ...result.branch!, from: 'run 2', startIndex: 3 };
  return { ...family, id, request, result };
}
