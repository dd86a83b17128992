/**
 * Generates examples/pyrates-izhikevich.mfproj with the engine: the PyRates example's two runs of
 * ik_nodim (g = 0.5 and g = 1.5; I_ext = 0.15, switched to 0 for 400 <= t < 600; T = 1000,
 * dt = 5e-4, sample 0.01, rk4) and the steady-state branch in g on [0, 3] at I_ext = 0.15 with its
 * Hopf points; the view shows the time series and the diagram side by side.
 *
 *   npx tsx --tsconfig tsconfig.node.json scripts/make-example.ts [OUT]
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONTINUATION, type ContinuationRequest } from '@shared/continuation/types';
import { getTemplate } from '@shared/models/templates';
import type { ModelForms, Project } from '@shared/project/types';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import { compileModel } from '../src-main/engine/compile';
import { runContinuation } from '../src-main/engine/continuation/run';
import { simulate } from '../src-main/engine/simulate';
import { nodeByteCodec } from '../src-main/services/project-codec';
import { serializeProject } from '@shared/project/serialize';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'examples/pyrates-izhikevich.mfproj');

const def = getTemplate('ik_nodim')!;
const model = compileModel(def);
const solver = { ...DEFAULT_SOLVER, method: 'rk4' as const, tEnd: 1000, dt: 5e-4, sample: 0.01 };
const input = { kind: 'schedule' as const, baseline: 0.15, windows: [{ start: 400, stop: 600, value: 0 }] };
const params = (g: number) => Object.fromEntries(def.params.map((p) => [p.name, p.name === 'g' ? g : p.default]));
const initial = Object.fromEntries(def.states.map((s) => [s.name, s.initial]));

const runs = [0.5, 1.5].map((g, i) => {
  const request: SimulationRequest = { model: 'ik_nodim', params: params(g), initial, inputs: { I_ext: input }, solver };
  const result = simulate(model, request, { onProgress: () => {}, isCancelled: () => false });
  if (result.status !== 'ok') throw new Error(`run g = ${g}: ${result.message}`);
  return { id: i + 1, color: i, visible: true, request, result };
});

const contRequest: ContinuationRequest = {
  model: 'ik_nodim',
  params: params(1.5),
  initial,
  inputs: { I_ext: 0.15 },
  param: 'g',
  bounds: [0, 3],
  settings: { ...DEFAULT_CONTINUATION },
};
const contResult = runContinuation(model, contRequest, {});
if (!contResult.branch) throw new Error(`continuation: ${contResult.message}`);
const hopf = contResult.branch.special.filter((s) => s.type === 'HB');
if (hopf.length === 0) throw new Error('continuation: no Hopf point found');

const str = (x: number) => String(x);
const forms: ModelForms = {
  simulation: {
    params: Object.fromEntries(Object.entries(params(1.5)).map(([k, v]) => [k, str(v)])),
    initial: Object.fromEntries(Object.entries(initial).map(([k, v]) => [k, str(v)])),
    inputs: { I_ext: { baseline: '0.15', windows: [{ start: '400', stop: '600', value: '0' }] } },
    method: 'rk4',
    solver: { dt: '5e-4', tEnd: '1000', sample: '0.01', cutoff: '0', rtol: str(solver.rtol), atol: str(solver.atol) },
  },
  continuation: {
    param: 'g',
    from: '0',
    to: '3',
    variable: 'r',
    settings: Object.fromEntries(Object.entries(DEFAULT_CONTINUATION).map(([k, v]) => [k, str(v)])) as Record<keyof typeof DEFAULT_CONTINUATION, string>,
  },
};

const project: Project = {
  model: { kind: 'template', name: def.name, version: def.version },
  models: [],
  forms: { ik_nodim: forms },
  runs,
  branches: [{ id: 1, color: 2, visible: true, request: contRequest, result: contResult }],
  curves: [],
  cycles: [],
  view: {
    view: 'split',
    pane: 'timeseries',
    plotted: ['r'],
    timeRange: null,
    diagramRange: null,
    selectedRun: null,
    selectedBranch: null,
    diagram: 'oneParam',
    curveRange: null,
    selectedCurve: null,
    selectedCycle: null,
    cycleMeasure: 'extrema',
  },
};

const text = serializeProject(project, { codec: nodeByteCodec, generator: 'MeanField Studio (scripts/make-example.ts)' });
writeFileSync(out, text);
console.log(
  `${out}: ${(text.length / 1e6).toFixed(2)} MB; runs g = 0.5, 1.5 (${runs[0].result.t.length} samples each); ` +
    `branch ${contResult.branch.points.length} points, ${contResult.branch.special.map((s) => s.label).join(', ')}`,
);
