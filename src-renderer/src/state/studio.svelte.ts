/**
 * The application state: the models, the chosen model's simulation and continuation forms, the
 * runs and branches, the two jobs (simulation, continuation), the shown view, the chart's chosen
 * variables, the last error and the colour scheme.
 */
import type { ContinuationRequest, SpecialPoint, BranchPoint } from '@shared/continuation/types';
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue, SimulationRequest } from '@shared/simulation/types';
import { perturbedInitial } from '../lib/branch-series';
import { formatExact, formatValue } from '../lib/format';
import { BranchStore, type BranchEntry } from './branches.svelte';
import { ContinuationForm } from './continuation-form.svelte';
import { SimulationForm } from './form.svelte';
import { continuationJob, simulationJob, type ContinuationJob, type SimulationJob } from './job.svelte';
import { RunStore } from './runs.svelte';

export const DEFAULT_MODEL = 'ik_nodim';

/** The centre's views: one tab at a time, or both side by side. */
export type View = 'timeseries' | 'bifurcation' | 'split';
/** The pane whose job Ctrl/Cmd+Enter starts. */
export type Pane = 'timeseries' | 'bifurcation';

export class Studio {
  #models = $state.raw<ModelDef[]>([]);
  #forms = $state.raw<Map<string, SimulationForm>>(new Map());
  #modelName = $state(DEFAULT_MODEL);
  #lastError = $state<string | null>(null);
  #lastOutcome = $state('');
  #plotted = $state<string[]>(['r']);
  #dark = $state(false);
  #view = $state<View>('timeseries');
  #pane = $state<Pane>('timeseries');
  #contForms = $state.raw<Map<string, ContinuationForm>>(new Map());
  /** Why the last trace did not give a branch (shown next to Trace). */
  #traceError = $state<string | null>(null);
  #traceIssues = $state.raw<FieldIssue[]>([]);

  readonly runs = new RunStore();
  readonly branches = new BranchStore();
  readonly trace: ContinuationJob = continuationJob({
    partial: (_request, branch) => this.branches.setPartial(branch),
    finished: (request, result) => {
      this.branches.setPartial(null);
      const secs = formatValue(result.stats.wallMs / 1000, 3);
      if (result.branch && result.branch.points.length > 0) {
        this.branches.add(request, result, result.branch);
        const special = result.branch.special.map((s) => s.label).join(', ');
        this.#lastOutcome = `Traced ${result.stats.points.toLocaleString('en')} points in ${secs} s${special ? `: ${special}` : ''}`;
        if (result.status !== 'ok') this.#traceError = result.message;
      } else {
        this.#traceError = result.message;
        this.#lastOutcome = result.status === 'cancelled' ? 'Trace cancelled' : 'No branch traced';
      }
    },
    failed: (_request, error) => {
      this.branches.setPartial(null);
      this.#traceError = error.message;
      this.#traceIssues = error.issues ?? [];
    },
  });
  readonly job: SimulationJob = simulationJob({
    finished: (request, result) => {
      this.runs.add(request, result);
      const secs = result.stats.wallMs / 1000;
      if (result.status === 'ok') {
        this.#lastOutcome = `Finished: ${result.t.length.toLocaleString('en')} samples in ${formatValue(secs, 3)} s`;
      } else {
        this.#lastOutcome = result.message;
        if (result.status === 'blowup') this.#lastError = result.message;
      }
    },
    failed: (request, error) => {
      this.#lastError = error.message;
      if (error.issues?.length) this.#forms.get(request.model)?.refuse(error.issues);
    },
  });

  #model = $derived(this.#models.find((m) => m.name === this.#modelName));
  #form = $derived(this.#forms.get(this.#modelName));

  constructor() {
    if (typeof matchMedia === 'function') {
      const mq = matchMedia('(prefers-color-scheme: dark)');
      this.#dark = mq.matches;
      mq.addEventListener('change', (e) => (this.#dark = e.matches));
    }
  }

  async load(): Promise<void> {
    try {
      const models = await window.api.listModels();
      const forms = new Map(models.map((m) => [m.name, new SimulationForm(m)]));
      this.#forms = forms;
      this.#contForms = new Map(models.map((m) => [m.name, new ContinuationForm(m, forms.get(m.name)!)]));
      this.#models = models;
      if (!models.some((m) => m.name === this.#modelName) && models.length > 0) {
        this.#modelName = models[0].name;
      }
    } catch (e) {
      this.#lastError = `Could not load the models: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  get models(): ModelDef[] {
    return this.#models;
  }
  get model(): ModelDef | undefined {
    return this.#model;
  }
  get form(): SimulationForm | undefined {
    return this.#form;
  }
  get contForm(): ContinuationForm | undefined {
    return this.#contForms.get(this.#modelName);
  }

  get view(): View {
    return this.#view;
  }
  setView(view: View): void {
    this.#view = view;
    if (view !== 'split') this.#pane = view;
  }
  /** The pane whose job Ctrl/Cmd+Enter starts (the shown one, or the last one used when split). */
  get pane(): Pane {
    return this.#pane;
  }
  focusPane(pane: Pane): void {
    this.#pane = pane;
  }
  /** The job shown in the status bar: the running one, else the simulation's. */
  get activeJob(): SimulationJob | ContinuationJob {
    return this.trace.busy ? this.trace : this.job;
  }
  get modelName(): string {
    return this.#modelName;
  }
  selectModel(name: string): void {
    this.#modelName = name;
    const states = this.#models.find((m) => m.name === name)?.states.map((s) => s.name) ?? [];
    const kept = this.#plotted.filter((v) => states.includes(v));
    this.#plotted = kept.length > 0 ? kept : states.slice(0, 1);
  }

  get dark(): boolean {
    return this.#dark;
  }
  get lastError(): string | null {
    return this.#lastError;
  }
  get lastOutcome(): string {
    return this.#lastOutcome;
  }
  dismissError(): void {
    this.#lastError = null;
  }
  reportError(message: string): void {
    this.#lastError = message;
  }

  /** Variables drawn in the chart, one panel each, in model order. */
  get plotted(): string[] {
    return this.#plotted;
  }
  togglePlotted(variable: string): void {
    if (this.#plotted.includes(variable)) {
      if (this.#plotted.length > 1) this.#plotted = this.#plotted.filter((v) => v !== variable);
    } else {
      const order = this.#model?.states.map((s) => s.name) ?? [];
      this.#plotted = [...this.#plotted, variable].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    }
  }

  /** Selects the run's model and puts its settings into the form. */
  loadRun(request: SimulationRequest): void {
    const form = this.#forms.get(request.model);
    if (!form) return;
    this.selectModel(request.model);
    form.load(request);
  }

  /** Runs the current form; refuses (and says why) while a field is invalid. */
  run(): void {
    const form = this.#form;
    if (!form || this.job.busy) return;
    const request = form.request;
    if (!request) {
      this.#lastError = describeIssues(form.issues);
      return;
    }
    this.#lastError = null;
    this.#lastOutcome = '';
    void this.job.run($state.snapshot(request));
  }

  cancel(): void {
    this.job.cancel();
    this.trace.cancel();
  }

  /** Ctrl/Cmd+Enter: runs the job of the active pane. */
  runActive(): void {
    if (this.#pane === 'bifurcation') this.traceBranch();
    else this.run();
  }

  get traceError(): string | null {
    return this.#traceError;
  }
  /** Issues the main process reported for the last refused trace (cleared by the next one). */
  get traceIssues(): FieldIssue[] {
    return this.#traceIssues;
  }
  dismissTraceError(): void {
    this.#traceError = null;
  }

  /** Traces the chosen parameter from the current parameters; says why not next to Trace. */
  traceBranch(): void {
    const sim = this.#form;
    const cont = this.contForm;
    if (!sim || !cont || this.trace.busy) return;
    this.#pane = 'bifurcation';
    const built = cont.request(sim);
    this.#traceIssues = [];
    if (!built.ok) {
      const first = built.issues[0];
      const n = built.issues.length;
      this.#traceError = `Not traced: ${n} field${n === 1 ? '' : 's'} to fix (${first.field}: ${first.message}).`;
      return;
    }
    this.#traceError = null;
    this.#lastOutcome = '';
    void this.trace.run($state.snapshot(built.request) as ContinuationRequest);
  }

  /**
   * "Simulate here": puts the branch's parameters into the simulation form with the continuation
   * parameter at the point's value, starts from the point's steady state slightly perturbed (see
   * perturbedInitial), shows the time series and runs.
   */
  simulateAt(entry: BranchEntry, point: Pick<BranchPoint | SpecialPoint, 'p' | 'x'>): void {
    const req = entry.request;
    const form = this.#forms.get(req.model);
    if (!form || this.job.busy) return;
    this.selectModel(req.model);
    const isInput = form.def.inputs.some((i) => i.name === req.param);
    for (const [name, v] of Object.entries(req.params)) form.setParam(name, formatExact(v));
    for (const [name, v] of Object.entries(req.inputs)) form.setBaseline(name, formatExact(v));
    if (isInput) form.setBaseline(req.param, formatExact(point.p));
    else form.setParam(req.param, formatExact(point.p));
    const initial = perturbedInitial(entry.branch.stateNames, point.x);
    for (const [name, v] of Object.entries(initial)) form.setInitial(name, formatExact(v));
    if (this.#view === 'bifurcation') this.#view = 'timeseries';
    this.#pane = 'timeseries';
    this.run();
  }
}

function describeIssues(issues: FieldIssue[]): string {
  const n = issues.length;
  const first = issues[0];
  return `Not run: ${n} field${n === 1 ? '' : 's'} to fix (${first.field}: ${first.message}).`;
}
