/**
 * The field names of every object a project file stores, in file order: one table read by both
 * sides. The writer (./serialize.ts) builds each object with `shaped(SHAPE, values)`, which must
 * be given every field of the shape (a compile error otherwise) and writes them in the shape's
 * order; the reader (./read-*.ts) accepts exactly the shape's fields (others are dropped with a
 * warning). A field added to a shape is therefore written, and read without a warning, or the
 * build fails; the reader must still read it into the project (the round-trip tests check that
 * nothing is lost).
 *
 * Settings objects take their keys from the settings lists (CONTINUATION_SETTINGS, SOLVER_SETTINGS).
 */
import { CONTINUATION_SETTINGS } from '../continuation/settings';
import { keysOf } from '../settings';
import { SOLVER_SETTINGS } from '../simulation/settings';

/** Numeric solver settings, in file order. */
export const SOLVER_KEYS = keysOf(SOLVER_SETTINGS);
/** Continuation settings, in file order. */
export const SETTING_KEYS = keysOf(CONTINUATION_SETTINGS);

export const SHAPES = {
  /** The document (format header first). */
  project: ['format', 'version', 'generator', 'savedAt', 'models', 'model', 'forms', 'view', 'runs', 'branches', 'curves', 'cycles'],
  /** A custom definition of the model library, under its identity hash. */
  libraryModel: ['hash', 'current', 'supersededBy', 'def'],
  /** A reference to a model: a template by name and version, or a library entry by hash. */
  modelRef: ['kind', 'name', 'version', 'hash'],
  /** A stored run or branch. */
  entry: ['id', 'name', 'color', 'visible', 'request', 'result'],
  /** A stored run: an entry, and `network` for a run of the spiking network. */
  runEntry: ['id', 'name', 'color', 'visible', 'request', 'result', 'network'],
  runNetwork: ['settings', 'stats', 'raster'],
  networkSettings: ['neurons', 'recovery', 'seed', 'vPeak', 'vReset', 'rasterNeurons'],
  networkStats: ['steps', 'neurons', 'threads', 'spikes', 'wallMs'],
  spikeRaster: ['neurons', 'neuron', 'time'],

  simulationRequest: ['model', 'params', 'initial', 'inputs', 'solver'],
  solver: ['method', ...SOLVER_KEYS],
  /** An input signal: `schedule` uses baseline and windows, `array` values. */
  input: ['kind', 'baseline', 'windows', 'values'],
  window: ['start', 'stop', 'value'],
  simulationResult: ['status', 'message', 'names', 'stats', 'blowup', 't', 'columns'],
  simulationStats: ['steps', 'rejectedSteps', 'rhsEvaluations', 'wallMs'],
  blowup: ['t', 'variable'],

  continuationRequest: ['model', 'params', 'initial', 'inputs', 'param', 'bounds', 'settings'],
  continuationSettings: SETTING_KEYS,
  continuationResult: ['status', 'message', 'stats', 'branch'],
  continuationStats: ['points', 'newtonIterations', 'rejectedSteps', 'wallMs'],
  branch: ['param', 'stateNames', 'startIndex', 'ends', 'points', 'special'],
  branchEnd: ['reason', 'message'],
  branchPoints: ['count', 'p', 'stable', 'x', 'eigRe', 'eigIm'],
  specialPoint: ['type', 'label', 'index', 'p', 'x', 'eigenvalues', 'converged', 'omega', 'period', 'l1', 'criticality', 'description'],

  curveRequest: ['model', 'type', 'params', 'values', 'start', 'bounds', 'settings', 'at'],
  curveStart: ['label', 'state', 'params', 'omega'],
  curveResult: ['status', 'message', 'stats', 'curve'],
  curveStats: ['points', 'wallMs'],
  curve: ['type', 'from', 'params', 'stateNames', 'values', 'startIndex', 'ends', 'points', 'special'],
  /** Points by column: P, Q, x per state; Hopf curves also kappa and omega (NaN where omega is null). */
  curvePoints: ['count', 'p', 'q', 'x', 'kappa', 'omega'],
  curveSpecial: ['type', 'label', 'index', 'params', 'state', 'kappa', 'omega', 'coefficients', 'converged'],

  cycleRequest: ['model', 'param', 'values', 'start', 'bounds', 'settings', 'ntst', 'ncol', 'at'],
  /** A Hopf point (label, state, p, omega) or, with kind 'orbit', a run's samples (label, t, y per state, p, window). */
  cycleStart: ['kind', 'label', 'state', 'p', 'omega', 't', 'y', 'window'],
  cycleResult: ['status', 'message', 'stats', 'branch'],
  cycleStats: ['points', 'wallMs', 'iterations', 'factorizations'],
  cycleBranch: ['from', 'param', 'stateNames', 'values', 'ntst', 'ncol', 'startIndex', 'ends', 'points', 'special'],
  cycleEnd: ['reason', 'message', 'p'],
  /**
   * Points by column: p, period, stability ('0'/'1' string), trivialError, min/max/start per state,
   * multipliers' real and imaginary parts per index; `orbits` (one per point, null where absent) when any point has its orbit.
   */
  cyclePoints: ['count', 'p', 'period', 'stable', 'trivialError', 'min', 'max', 'start', 'mulRe', 'mulIm', 'orbits'],
  cycleSpecial: ['type', 'label', 'index', 'converged', 'info', 'point'],
  cyclePoint: ['p', 'period', 'stable', 'trivialError', 'min', 'max', 'start', 'multipliers', 'orbit'],

  modelForms: ['simulation', 'continuation'],
  simulationForm: ['params', 'initial', 'inputs', 'method', 'solver'],
  solverDrafts: SOLVER_KEYS,
  inputDraft: ['baseline', 'windows'],
  continuationForm: ['param', 'from', 'to', 'variable', 'settings'],
  settingDrafts: SETTING_KEYS,

  view: [
    'view',
    'pane',
    'plotted',
    'timeRange',
    'diagramRange',
    'selectedRun',
    'selectedBranch',
    'diagram',
    'curveRange',
    'selectedCurve',
    'selectedCycle',
    'cycleMeasure',
  ],
  diagramRange: ['x', 'y'],
} as const;

export type ShapeName = keyof typeof SHAPES;
/** The field names of a shape. */
export type FieldOf<S extends ShapeName> = (typeof SHAPES)[S][number];

/**
 * The stored object of shape `s`: every field of the shape must be given (undefined for an
 * optional field that is absent, which is then left out); fields are written in the shape's order.
 */
export function shaped<S extends ShapeName>(s: S, values: { [K in FieldOf<S>]: unknown }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const v = values as Record<string, unknown>;
  for (const key of SHAPES[s] as readonly string[]) if (v[key] !== undefined) out[key] = v[key];
  return out;
}
