/**
 * The application state: the models, the chosen model's form, the runs, the running job, the
 * chart's chosen variables, the last error and the colour scheme.
 */
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue, SimulationRequest } from '@shared/simulation/types';
import { formatValue } from '../lib/format';
import { SimulationForm } from './form.svelte';
import { JobRunner } from './job.svelte';
import { RunStore } from './runs.svelte';

export const DEFAULT_MODEL = 'ik_nodim';

export class Studio {
  #models = $state.raw<ModelDef[]>([]);
  #forms = $state.raw<Map<string, SimulationForm>>(new Map());
  #modelName = $state(DEFAULT_MODEL);
  #lastError = $state<string | null>(null);
  #lastOutcome = $state('');
  #plotted = $state<string[]>(['r']);
  #dark = $state(false);

  readonly runs = new RunStore();
  readonly job = new JobRunner({
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
      this.#forms = new Map(models.map((m) => [m.name, new SimulationForm(m)]));
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
  }
}

function describeIssues(issues: FieldIssue[]): string {
  const n = issues.length;
  const first = issues[0];
  return `Not run: ${n} field${n === 1 ? '' : 's'} to fix (${first.field}: ${first.message}).`;
}
