/**
 * The application state: the models (the templates and the project's own, ./model-library.svelte.ts),
 * the chosen model's simulation and continuation forms (one pair per listed model), the
 * runs and branches, the two jobs (simulation, continuation), the two-parameter analysis
 * (./curve-analysis.svelte.ts: curves and their job), the shown view, the chart's chosen
 * variables, the last error and the colour scheme.
 */
import type { ContinuationRequest, SpecialPoint, BranchPoint } from '@shared/continuation/types';
import type { ModelDef } from '@shared/models/types';
import { hashOf } from '@shared/project/library';
import type { ModelForms, Project, ProjectBranch, ProjectCurve, ProjectCycleFamily, ProjectRun, ViewState } from '@shared/project/types';
import type { FieldIssue, SimulationRequest } from '@shared/simulation/types';
import { perturbedInitial } from '../lib/branch-series';
import { exposeLibrary } from '../lib/test-hook';
import { hopfStart } from '../lib/simulate-here';
import { formatExact, formatValue } from '../lib/format';
import { BranchStore, type BranchEntry } from './branches.svelte';
import { CurveAnalysis } from './curve-analysis.svelte';
import { CycleAnalysis } from './cycle-analysis.svelte';
import { ContinuationForm } from './continuation-form.svelte';
import { SimulationForm } from './form.svelte';
import { jobRunner, type ContinuationJob, type NetworkJob, type SimulationJob } from './job.svelte';
import { hasNetwork, networkRequest, networkStep } from '../lib/network-request';
import { NetworkOptions } from './network-options.svelte';
import { ModelLibrary, type LibraryChange } from './model-library.svelte';
import { RunStore } from './runs.svelte';

export const DEFAULT_MODEL = 'ik_nodim';

/** The centre's views: one tab at a time, or both side by side. */
export type View = 'timeseries' | 'bifurcation' | 'split';
/** The pane whose job Ctrl/Cmd+Enter starts. */
export type Pane = 'timeseries' | 'bifurcation';

export class Studio {
  /** The built-in templates (from main). */
  #models = $state.raw<ModelDef[]>([]);
  #forms = $state.raw<Map<string, SimulationForm>>(new Map());
  #lastError = $state<string | null>(null);
  #lastOutcome = $state('');
  #runNote = $state<string | null>(null);
  #plotted = $state<string[]>(['r']);
  #dark = $state(false);
  #view = $state<View>('timeseries');
  #pane = $state<Pane>('timeseries');
  #contForms = $state.raw<Map<string, ContinuationForm>>(new Map());
  /** Why the last trace did not give a branch (shown next to Trace). */
  #traceError = $state<string | null>(null);
  #traceIssues = $state.raw<FieldIssue[]>([]);
  /** The time-series x zoom, or null (everything); the diagram's zoom, or null. */
  #timeRange = $state.raw<[number, number] | null>(null);
  #diagramRange = $state.raw<{ x: [number, number]; y: [number, number] } | null>(null);

  readonly runs = new RunStore();
  readonly branches = new BranchStore();
  /** Fold and Hopf curves in two parameters and the two-parameter view. */
  readonly curves = new CurveAnalysis({
    defOf: (entry) => entry.request.def ?? this.#models.find((m) => m.name === entry.request.model),
    form: () => this.#form,
    outcome: (text) => (this.#lastOutcome = text),
  });
  /** Families of limit cycles continued from Hopf points, drawn on the bifurcation diagram. */
  readonly cycles = new CycleAnalysis({
    defOf: (entry) => entry.request.def ?? this.#models.find((m) => m.name === entry.request.model),
    outcome: (text) => (this.#lastOutcome = text),
  });
  /** The project's own models and the selected model. */
  readonly library = new ModelLibrary({ templates: () => this.#models, used: () => this.#usedDefs() });
  readonly trace: ContinuationJob = jobRunner('continuation', {
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
  readonly job: SimulationJob = jobRunner('simulation', {
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
      if (error.issues?.length) this.#forms.get(this.#formName(request))?.refuse(error.issues);
    },
  });

  /** The "Simulate network" options. */
  readonly networkOptions = new NetworkOptions();
  /** The spiking network behind the model: its run joins the run list, drawn over the mean field. */
  readonly network: NetworkJob = jobRunner('network', {
    finished: (request, result) => {
      const { network, ...sim } = request;
      const { steps, wallMs } = result.stats;
      this.runs.add(
        sim,
        {
          status: result.status,
          message: result.message,
          t: result.t,
          names: result.names,
          columns: result.columns,
          stats: { steps, rejectedSteps: 0, rhsEvaluations: 0, wallMs },
          ...(result.blowup ? { blowup: result.blowup } : {}),
        },
        { settings: network, stats: result.stats, ...(result.raster ? { raster: result.raster } : {}) },
      );
      if (result.status === 'ok') {
        this.#lastOutcome = `Network finished: ${result.stats.neurons.toLocaleString('en')} neurons, ${result.stats.spikes.toLocaleString('en')} spikes in ${formatValue(wallMs / 1000, 3)} s`;
      } else {
        this.#lastOutcome = result.message;
        if (result.status === 'blowup') this.#lastError = result.message;
      }
    },
    failed: (request, error) => {
      this.#lastError = error.message;
      const issues = error.issues ?? [];
      this.networkOptions.refuse(
        issues.filter((i) => i.field.startsWith('network.')).map((i) => ({ ...i, field: i.field === 'network.rasterNeurons' ? 'raster' : i.field.slice(8) })),
      );
      const formIssues = issues.filter((i) => !i.field.startsWith('network.') && i.field !== 'solver.method' && i.field !== 'solver.dt');
      if (formIssues.length) this.#forms.get(request.model)?.refuse(formIssues);
    },
  });

  /** Templates, then the library's current models. */
  #allModels = $derived([...this.#models, ...this.library.current]);
  #modelName = $derived(this.library.selected.name);
  #model = $derived(this.#allModels.find((m) => m.name === this.#modelName));
  #form = $derived(this.#forms.get(this.#modelName));

  constructor() {
    this.library.listen((change) => this.#followLibrary(change));
    exposeLibrary(this.library);
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
      if (!this.library.select(DEFAULT_MODEL) && models.length > 0) this.library.select(models[0].name);
    } catch (e) {
      this.#lastError = `Could not load the models: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Every model the user can pick: the templates, then the project's own. */
  /** The built-in templates' names (the other listed models are the project's own). */
  get templateNames(): ReadonlySet<string> {
    return this.#templateNames;
  }
  #templateNames = $derived(new Set(this.#models.map((m) => m.name)));

  get models(): ModelDef[] {
    return this.#allModels;
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
  get activeJob(): SimulationJob | ContinuationJob | CurveAnalysis['job'] | CycleAnalysis['job'] | NetworkJob {
    if (this.cycles.job.busy) return this.cycles.job;
    return this.trace.busy ? this.trace : this.curves.job.busy ? this.curves.job : this.network.busy ? this.network : this.job;
  }
  get modelName(): string {
    return this.#modelName;
  }
  selectModel(name: string): void {
    if (!this.library.select(name)) return;
    const states = this.#allModels.find((m) => m.name === name)?.states.map((s) => s.name) ?? [];
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

  /** The time-series zoom [tMin, tMax] shared by every panel, or null. */
  get timeRange(): [number, number] | null {
    return this.#timeRange;
  }
  setTimeRange(r: [number, number] | null): void {
    const old = this.#timeRange;
    if (r === old || (r !== null && old !== null && r[0] === old[0] && r[1] === old[1])) return;
    this.#timeRange = r === null ? null : [r[0], r[1]];
  }
  /** The diagram's zoom, or null. */
  get diagramRange(): { x: [number, number]; y: [number, number] } | null {
    return this.#diagramRange;
  }
  setDiagramRange(r: { x: [number, number]; y: [number, number] } | null): void {
    const old = this.#diagramRange;
    const same = (a: [number, number], b: [number, number]) => a[0] === b[0] && a[1] === b[1];
    if (r === old || (r !== null && old !== null && same(r.x, old.x) && same(r.y, old.y))) return;
    this.#diagramRange = r === null ? null : { x: [r.x[0], r.x[1]], y: [r.y[0], r.y[1]] };
  }

  /**
   * A cheap fingerprint of everything a project file holds (results by identity: runs and branches
   * never change once made). Differs from the saved one exactly when there are unsaved changes.
   */
  get changeKey(): string {
    return this.#changeKey;
  }
  #changeKey = $derived.by(() =>
    JSON.stringify([
      this.library.selected,
      this.library.entries.map((m) => [m.hash, m.current, m.supersededBy, m.def.name]),
      this.#formStates(),
      this.#viewState(),
      this.runs.all.map((r) => [r.id, r.color, r.visible]),
      this.branches.all.map((b) => [b.id, b.color, b.visible]),
      this.curves.store.all.map((c) => [c.id, c.color, c.visible]),
      this.cycles.store.all.map((c) => [c.id, c.color, c.visible]),
    ]),
  );

  #formStates(): Record<string, ModelForms> {
    const forms: Record<string, ModelForms> = {};
    for (const [name, form] of this.#forms) {
      const cont = this.#contForms.get(name);
      forms[name] = {
        simulation: $state.snapshot(form.drafts),
        ...(cont ? { continuation: cont.snapshot() } : {}),
      };
    }
    return forms;
  }

  #viewState(): ViewState {
    return {
      view: this.#view,
      pane: this.#pane,
      plotted: [...this.#plotted],
      timeRange: this.#timeRange ? [this.#timeRange[0], this.#timeRange[1]] : null,
      diagramRange: this.#diagramRange ? { x: [...this.#diagramRange.x], y: [...this.#diagramRange.y] } : null,
      selectedRun: this.runs.selectedId,
      selectedBranch: this.branches.selectedId,
      diagram: this.curves.diagram,
      curveRange: this.curves.range ? { x: [...this.curves.range.x], y: [...this.curves.range.y] } : null,
      selectedCurve: this.curves.store.selectedId,
      selectedCycle: this.cycles.store.selectedId,
      cycleMeasure: this.cycles.measure,
    };
  }

  /** The whole session as a project document (results shared, not copied). */
  toProject(): Project {
    const runs: ProjectRun[] = this.runs.all.map((r) => ({
      id: r.id,
      color: r.color,
      visible: r.visible,
      request: r.request,
      result: r.result,
      ...(r.network ? { network: r.network } : {}),
    }));
    const branches: ProjectBranch[] = this.branches.all.map((b) => ({
      id: b.id,
      color: b.color,
      visible: b.visible,
      request: b.request,
      result: b.result,
    }));
    const curves: ProjectCurve[] = this.curves.store.all.map((c) => ({
      id: c.id,
      color: c.color,
      visible: c.visible,
      request: c.request,
      result: c.result,
    }));
    const cycles: ProjectCycleFamily[] = this.cycles.store.all.map((c) => ({
      id: c.id,
      color: c.color,
      visible: c.visible,
      request: c.request,
      result: c.result,
    }));
    return {
      model: this.library.selected,
      models: [...this.library.entries],
      forms: this.#formStates(),
      runs,
      branches,
      curves,
      cycles,
      view: this.#viewState(),
    };
  }

  /**
   * Replaces the whole session with `project` (model library, forms as typed, runs, branches,
   * view). Refuses (and changes nothing) when the project needs a model this app does not have.
   * Returns what was refused, or null.
   */
  loadProject(project: Project): string | null {
    if (this.busy) return 'Wait for the running job to finish (or cancel it) first.';
    const name = project.model.name;
    const listed = [...this.#models, ...project.models.filter((m) => m.current).map((m) => m.def)];
    const def = project.model.kind === 'template' ? this.#models.find((m) => m.name === name) : listed.find((m) => m.name === name);
    if (!def) return `This project uses the model '${name}', which this app does not have.`;
    for (const e of [...project.runs, ...project.branches, ...project.curves, ...project.cycles]) {
      if (e.request.def === undefined && !this.#models.some((m) => m.name === e.request.model)) {
        return `This project has results of the model '${e.request.model}', which this app does not have.`;
      }
    }
    this.#loading = true;
    try {
      this.library.restore(project.models, project.model);
    } finally {
      this.#loading = false;
    }
    // Fresh forms for every model, then the saved drafts.
    const forms = new Map(listed.map((m) => [m.name, new SimulationForm(m)]));
    const contForms = new Map(listed.map((m) => [m.name, new ContinuationForm(m, forms.get(m.name)!)]));
    for (const [model, saved] of Object.entries(project.forms)) {
      const form = forms.get(model);
      if (!form) continue;
      form.restore(saved.simulation);
      if (saved.continuation) contForms.get(model)!.restore(saved.continuation);
    }
    this.#forms = forms;
    this.#contForms = contForms;
    this.runs.restore(project.runs, project.view.selectedRun);
    this.branches.restore(project.branches, project.view.selectedBranch);
    this.curves.restore(project.curves, project.view);
    this.cycles.restore(project.cycles, project.view);
    const v = project.view;
    this.#view = v.view;
    this.#pane = v.pane;
    const states = def.states.map((s) => s.name);
    const plotted = v.plotted.filter((x) => states.includes(x));
    this.#plotted = plotted.length > 0 ? plotted : states.slice(0, 1);
    this.#timeRange = v.timeRange ? [v.timeRange[0], v.timeRange[1]] : null;
    this.#diagramRange = v.diagramRange ? { x: [...v.diagramRange.x], y: [...v.diagramRange.y] } : null;
    this.#lastError = null;
    this.#lastOutcome = '';
    this.#traceError = null;
    this.#traceIssues = [];
    this.#runNote = null;
    return null;
  }

  /** An empty session: every model at its defaults, no runs or branches, the first view. */
  reset(): void {
    const def = this.#models.find((m) => m.name === DEFAULT_MODEL) ?? this.#models[0];
    if (!def) return;
    this.loadProject({
      model: { kind: 'template', name: def.name, version: def.version },
      models: [],
      forms: {},
      runs: [],
      branches: [],
      curves: [],
      cycles: [],
      view: {
        view: 'timeseries',
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
    });
  }

  /** Selects the run's model and puts its settings into the form. */
  loadRun(request: SimulationRequest): void {
    const name = this.#formName(request);
    const form = this.#forms.get(name);
    if (!form) return;
    this.selectModel(name);
    form.load(request);
  }

  /**
   * The listed model a request belongs to: a template by name; a custom model by its definition's
   * hash, an earlier definition by the current one that replaced it (so a run made before an edit
   * or a rename loads into today's form of that model).
   */
  #formName(request: { model: string; def?: ModelDef }): string {
    if (request.def === undefined) return request.model;
    let entry = this.library.byHash(hashOf(request.def));
    const seen = new Set<string>();
    while (entry && !entry.current && entry.supersededBy !== undefined && !seen.has(entry.hash)) {
      seen.add(entry.hash);
      entry = this.library.byHash(entry.supersededBy);
    }
    return entry?.current ? entry.def.name : request.model;
  }

  /** Runs the current form; refuses (and says why) while a field is invalid. */
  run(): void {
    this.#run();
  }

  /** `def`: run with that definition of the selected model (an earlier one, for Simulate here on its branch). */
  #run(def?: ModelDef): void {
    const form = this.#form;
    if (!form || this.job.busy) return;
    const request = form.request;
    if (!request) {
      this.#lastError = describeIssues(form.issues);
      return;
    }
    this.#lastError = null;
    this.#lastOutcome = '';
    this.#runNote = null;
    const snapshot = $state.snapshot(request);
    void this.job.run(def ? { ...snapshot, def } : this.#withDef(snapshot));
  }

  /** A request of a custom model carries its definition (main and the engine have no library). */
  #withDef<R extends { model: string; def?: ModelDef }>(request: R): R {
    const custom = this.library.get(request.model);
    return custom ? { ...request, def: $state.snapshot(custom.def) as ModelDef } : request;
  }

  /** The definitions stored runs and branches were made with (custom models only). */
  #usedDefs(): ModelDef[] {
    const out: ModelDef[] = [];
    for (const e of [...this.runs.all, ...this.branches.all, ...this.curves.store.all, ...this.cycles.store.all]) if (e.request.def) out.push(e.request.def);
    return out;
  }

  /** Set while a project's library is restored (loadProject builds the forms itself). */
  #loading = false;

  /**
   * Keeps one simulation and one continuation form per listed model as the library changes: a new
   * model gets fresh forms; a replaced or renamed one new forms with the drafts typed so far (fields
   * the new definition lacks are dropped); a removed one loses its forms.
   */
  #followLibrary(change: LibraryChange): void {
    if (this.#loading) return;
    const forms = new Map<string, SimulationForm>();
    const contForms = new Map<string, ContinuationForm>();
    for (const def of [...this.#models, ...this.library.current]) {
      const from = change.kind === 'renamed' && change.to === def.name ? change.from : def.name;
      const old = this.#forms.get(from);
      const oldCont = this.#contForms.get(from);
      if (old && old.def === def && oldCont) {
        forms.set(def.name, old);
        contForms.set(def.name, oldCont);
        continue;
      }
      const form = new SimulationForm(def);
      const cont = new ContinuationForm(def, form);
      if (old) {
        // Values the user typed carry over; the others take the new definition's defaults.
        const drafts = $state.snapshot(old.drafts) as typeof old.drafts;
        for (const p of old.def.params) if (!old.isParamEdited(p.name)) delete drafts.params[p.name];
        for (const s of old.def.states) if (!old.isInitialEdited(s.name)) delete drafts.initial[s.name];
        form.restore(drafts);
      }
      if (oldCont) cont.restore(oldCont.snapshot());
      forms.set(def.name, form);
      contForms.set(def.name, cont);
    }
    this.#forms = forms;
    this.#contForms = contForms;
    if (!this.#allModels.some((m) => m.name === this.library.selected.name)) this.selectModel(this.#models[0]?.name ?? DEFAULT_MODEL);
    else this.selectModel(this.library.selected.name);
  }

  cancel(): void {
    this.job.cancel();
    this.network.cancel();
    this.trace.cancel();
    this.curves.cancel();
    this.cycles.cancel();
  }

  /** Whether any job runs (Esc cancels it). */
  get busy(): boolean {
    return this.job.busy || this.trace.busy || this.curves.job.busy || this.cycles.job.busy || this.network.busy;
  }

  /** Whether the selected model has a spiking network (the templates ik_nodim, ik_eta, ik_theta). */
  get canSimulateNetwork(): boolean {
    return hasNetwork(this.#modelName) && this.library.get(this.#modelName) === undefined;
  }

  /** The Euler step the network would take with the current form, and whether it is the form's dt. */
  get networkStep(): { dt: number; fromForm: boolean } | null {
    const request = this.#form?.request;
    return request ? networkStep(request) : null;
  }

  /**
   * Simulates the spiking network behind the selected template with the form's parameters,
   * inputs, windows, T and sample step and the network options (Ctrl/Cmd+Shift+Enter); refuses and
   * says why while a field or an option is invalid.
   */
  simulateNetwork(): void {
    const form = this.#form;
    if (!form || this.network.busy) return;
    if (!this.canSimulateNetwork) {
      this.#lastError = `${this.#modelName} has no spiking network (the network exists for the templates ik_nodim, ik_eta and ik_theta).`;
      return;
    }
    const sim = form.request;
    if (!sim) {
      this.#lastError = describeIssues(form.issues);
      return;
    }
    const built = networkRequest($state.snapshot(sim) as SimulationRequest, $state.snapshot(this.networkOptions.drafts));
    if (!built.ok) {
      this.networkOptions.refuse(built.issues);
      this.#lastError = `Network options: ${built.issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`;
      return;
    }
    this.networkOptions.refuse([]);
    this.#lastError = null;
    this.#lastOutcome = '';
    void this.network.run(built.request);
  }

  /** Ctrl/Cmd+Enter: runs the job of the active pane (the open curve form's curve first). */
  runActive(): void {
    if (this.#pane === 'bifurcation' && this.cycles.form) this.cycles.start();
    else if (this.#pane === 'bifurcation' && this.curves.form) this.curves.start();
    else if (this.#pane === 'bifurcation' && this.curves.diagram === 'oneParam') this.traceBranch();
    else if (this.#pane !== 'bifurcation') this.run();
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
    void this.trace.run(this.#withDef($state.snapshot(built.request) as ContinuationRequest));
  }

  /**
   * "Simulate here": puts the branch's parameters into the simulation form with the continuation
   * parameter at the point's value and every input constant (no windows), starts from the point's steady state slightly perturbed (see
   * perturbedInitial), shows the time series and runs. At a Hopf point it starts further off and
   * simulates for many periods, with a note next to the chart saying why (see hopfStart).
   */
  simulateAt(entry: BranchEntry, point: Pick<BranchPoint, 'p' | 'x'> | SpecialPoint): void {
    const req = entry.request;
    const name = this.#formName(req);
    const form = this.#forms.get(name);
    if (!form || this.job.busy) return;
    this.selectModel(name);
    const isInput = form.def.inputs.some((i) => i.name === req.param);
    for (const [name, v] of Object.entries(req.params)) form.setParam(name, formatExact(v));
    // The branch holds every input constant: its windows would make a different run.
    for (const [name, v] of Object.entries(req.inputs)) {
      form.setBaseline(name, formatExact(v));
      for (let i = form.drafts.inputs[name].windows.length - 1; i >= 0; i--) form.removeWindow(name, i);
    }
    if (isInput) form.setBaseline(req.param, formatExact(point.p));
    else form.setParam(req.param, formatExact(point.p));
    const solver = form.draftRequest.solver;
    const names = entry.branch.stateNames;
    const hopf = 'type' in point ? hopfStart(point, req.param, names[0] ?? '', solver.tEnd, solver.sample) : null;
    if (hopf) {
      if (hopf.tEnd !== solver.tEnd) form.setSolver('tEnd', formatExact(hopf.tEnd));
      if (hopf.sample !== solver.sample) form.setSolver('sample', formatExact(hopf.sample));
    }
    const initial = perturbedInitial(names, point.x, hopf?.perturbation);
    for (const [name, v] of Object.entries(initial)) form.setInitial(name, formatExact(v));
    if (this.#view === 'bifurcation') this.#view = 'timeseries';
    this.#pane = 'timeseries';
    // A branch traced with an earlier definition of the model is simulated with that definition.
    this.#run(req.def);
    if (this.#lastError === null) this.#runNote = hopf?.note ?? null;
  }

  /** A note on how the last run was started (e.g. at a Hopf point), shown next to the chart. */
  get runNote(): string | null {
    return this.#runNote;
  }
  dismissRunNote(): void {
    this.#runNote = null;
  }
}

function describeIssues(issues: FieldIssue[]): string {
  const n = issues.length;
  const first = issues[0];
  return `Not run: ${n} field${n === 1 ? '' : 's'} to fix (${first.field}: ${first.message}).`;
}
