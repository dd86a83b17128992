/**
 * The project document: everything a user sees in one window, as plain data. `serializeProject`
 * (./serialize.ts) writes it as a `.mfproj` file, `parseProject` (./parse.ts) reads, validates and
 * migrates a file back into it. No classes, no functions, no proxies: the renderer builds a Project
 * from its state ($state.snapshot) and restores its state from one.
 *
 * Form values are kept as the text the user typed (drafts), so a field that does not parse yet
 * survives a save. Runs and branches keep their exact request and result (numbers bit-exact).
 * The user's own models live once in the library (`models`, under their identity hash); in memory a
 * custom run's or branch's request carries the definition it was made with in `def`, in the file a
 * reference to the library entry (./library.ts decides which entries a file keeps).
 */
import type { ContinuationRequest, ContinuationResult, ContinuationSettings } from '../continuation/types';
import type { CurveRequest, CurveResult } from '../curves/types';
import type { CycleRequest, CycleResult } from '../cycles/types';
import type { ModelRef } from '../models/identity';
import type { ModelDef } from '../models/types';
import type { NetworkResult, NetworkSettings, SpikeRaster } from '../network/types';
import type { Method, SimulationRequest, SimulationResult, SolverSettings } from '../simulation/types';

/** The `format` field of every project file's header. */
export const PROJECT_FORMAT = 'meanfield-studio-project';
/**
 * Version of the layout written by this build. 1: simulation only (model, form, runs, time-series
 * view). 2: adds continuation forms, branches and the diagram view. 3: a library of custom models
 * (`models`), every run, branch and the selection referring to its model by ModelRef. 4: two-parameter
 * curves (`curves`) and the two-parameter view (view.diagram, view.curveRange, view.selectedCurve).
 * 5: a run may be a run of the spiking network behind its template (`network` on the run).
 * 6: families of limit cycles (`cycles`) and the view's selectedCycle and cycleMeasure.
 * Older files are migrated on open (./migrate.ts); newer ones are refused.
 */
export const PROJECT_VERSION = 6;
/** File extension of project files, with the dot. */
export const PROJECT_EXTENSION = '.mfproj';
/** Largest project file opened or written: 256 MiB. Checked before reading. */
export const MAX_PROJECT_BYTES = 256 * 1024 * 1024;

/**
 * One custom definition in the project's model library, stored under its identity hash
 * (modelHash). `current`: one of the library's models (listed, selectable, with forms; current
 * names are unique and differ from the templates'). Not current: an earlier definition kept because
 * runs or branches were made with it; `supersededBy` is the hash of the definition that replaced it
 * (absent when the model was removed from the library and only its results keep it).
 */
export interface LibraryModel {
  hash: string;
  current: boolean;
  supersededBy?: string;
  def: ModelDef;
}

/** One input's drafts: the baseline and its step windows, as typed. */
export interface InputDraftState {
  baseline: string;
  windows: { start: string; stop: string; value: string }[];
}

/** Numeric solver settings (all but `method`). */
export type SolverDraftKey = Exclude<keyof SolverSettings, 'method'>;

/**
 * The simulation form of one model, as typed (same shape as the renderer's FormDrafts): values
 * that do not parse are kept verbatim.
 */
export interface SimulationFormState {
  params: Record<string, string>;
  initial: Record<string, string>;
  inputs: Record<string, InputDraftState>;
  method: Method;
  solver: Record<SolverDraftKey, string>;
}

/** The continuation form of one model, as typed. */
export interface ContinuationFormState {
  /** The parameter (or input) to vary. */
  param: string;
  /** Range ends, as typed. */
  from: string;
  to: string;
  /** The state variable plotted against the parameter. */
  variable: string;
  settings: Record<keyof ContinuationSettings, string>;
}

/** Both forms of one model. `continuation` is absent in files migrated from version 1. */
export interface ModelForms {
  simulation: SimulationFormState;
  continuation?: ContinuationFormState;
}

/** A finished (or cancelled, or blown-up) simulation run. */
export interface ProjectRun {
  /** Identifier unique among the project's runs (the renderer's Run.id). */
  id: number;
  /** A name the user gave the run; absent or '' = the automatic label. */
  name?: string;
  /** Palette index. */
  color: number;
  visible: boolean;
  request: SimulationRequest;
  result: SimulationResult;
  /**
   * Present for a run of the spiking network behind the model: `request` is the network's model
   * settings and time grid (solver.method 'euler', solver.dt its step), `result` its samples of
   * r, v, u, s (result.stats: steps and wall time; no rejected steps or evaluations).
   */
  network?: RunNetwork;
}

/** What makes a run a network run: its settings, the run's counts and the recorded spikes. */
export interface RunNetwork {
  settings: NetworkSettings;
  stats: NetworkResult['stats'];
  raster?: SpikeRaster;
}

/** A traced branch: `result.branch` is never null. */
export interface ProjectBranch {
  /** Identifier unique among the project's branches (the renderer's BranchEntry.id). */
  id: number;
  name?: string;
  color: number;
  visible: boolean;
  request: ContinuationRequest;
  result: ContinuationResult;
}

/** A fold or Hopf curve in two parameters: `result.curve` is never null. */
export interface ProjectCurve {
  /** Identifier unique among the project's curves. */
  id: number;
  name?: string;
  color: number;
  visible: boolean;
  request: CurveRequest;
  result: CurveResult;
}

/** A family of limit cycles continued from a Hopf point: `result.branch` is never null. */
export interface ProjectCycleFamily {
  /** Identifier unique among the project's cycle families. */
  id: number;
  name?: string;
  color: number;
  visible: boolean;
  request: CycleRequest;
  result: CycleResult;
}

export type ProjectView = 'timeseries' | 'bifurcation' | 'split';
export type ProjectPane = 'timeseries' | 'bifurcation';

/** What is shown: tab, plotted variables, zooms (null = show everything), selections. */
export interface ViewState {
  view: ProjectView;
  /** The pane Ctrl/Cmd+Enter acts on. */
  pane: ProjectPane;
  /** Variables drawn in the time series, one panel each. */
  plotted: string[];
  /** Time-series x zoom [tMin, tMax], or null. */
  timeRange: [number, number] | null;
  /** Bifurcation diagram zoom, or null. */
  diagramRange: { x: [number, number]; y: [number, number] } | null;
  /** Run / branch shown in the inspector / special-points table (null = the latest). */
  selectedRun: number | null;
  selectedBranch: number | null;
  /** The bifurcation pane shows the one-parameter diagram or the two-parameter one. */
  diagram: 'oneParam' | 'twoParam';
  /** The two-parameter view's zoom (x: P, y: Q of its shown pair), or null. */
  curveRange: { x: [number, number]; y: [number, number] } | null;
  /** Curve whose special points are listed (null = the latest). */
  selectedCurve: number | null;
  /** Cycle family whose special points are listed (null = the latest). */
  selectedCycle: number | null;
  /** The diagram plots a cycle family's min and max of the variable ('extrema') or its period. */
  cycleMeasure: 'extrema' | 'period';
}

export interface Project {
  /** The selected model: a template or a current library model. */
  model: ModelRef;
  /**
   * The custom definitions the project uses. A custom run's or branch's request carries its
   * definition in `def` (filled from here when read; written as a reference, never copied).
   */
  models: LibraryModel[];
  /**
   * Form drafts per model name (templates and current library models). Models without an entry
   * (and every model in files migrated from version 1 but the selected one) open with their defaults.
   */
  forms: Record<string, ModelForms>;
  runs: ProjectRun[];
  branches: ProjectBranch[];
  /** Fold and Hopf curves (empty in files migrated from version 3 or older). */
  curves: ProjectCurve[];
  /** Families of limit cycles (empty in files migrated from version 5 or older). */
  cycles: ProjectCycleFamily[];
  view: ViewState;
}

/** A problem found in a file: where (e.g. `runs[1].request.solver.dt`) and what. */
export interface ProjectIssue {
  path: string;
  message: string;
}

/**
 * The outcome of reading a file. `warnings` lists what was dropped or adjusted (unknown fields,
 * migrations, template version differences); the project opens anyway.
 */
export type ParseOutcome = { ok: true; project: Project; warnings: ProjectIssue[]; migratedFrom?: number } | { ok: false; errors: ProjectIssue[] };
