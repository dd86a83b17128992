/**
 * One model's simulation form: text drafts the user edits, read and validated as they type.
 * `request` is the request to run, or null while any field has an issue.
 */
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue, Method, SimulationRequest } from '@shared/simulation/types';
import { validateSimulation } from '@shared/simulation/validate';
import {
  defaultDrafts,
  field,
  issuesByField,
  mergeIssues,
  readDrafts,
  SOLVER_KEYS,
  type FormDrafts,
  type NumericSolverKey,
  type WindowDraft,
} from '../lib/form';
import { formatExact } from '../lib/format';
import { scenarioDrafts } from '../lib/scenario-form';
import type { Scenario } from '@shared/models/scenarios';

export class SimulationForm {
  readonly def: ModelDef;
  #drafts: FormDrafts = $state() as FormDrafts;
  /** Issues the main process reported for the last refused start; cleared by any edit. */
  #refused = $state.raw<FieldIssue[]>([]);
  /** The scenario last applied (shown with its source until the parameters are reset or another run is loaded). */
  #scenario = $state.raw<Scenario | null>(null);

  #read = $derived.by(() => readDrafts(this.def, this.#drafts));
  #issues = $derived.by(() => {
    const { request, parseIssues } = this.#read;
    let checked: FieldIssue[];
    try {
      checked = validateSimulation(request, this.def);
    } catch (e) {
      checked = [{ field: 'request', message: e instanceof Error ? e.message : String(e) }];
    }
    return mergeIssues(parseIssues, [...checked, ...this.#refused]);
  });
  #byField = $derived(issuesByField(this.#issues));
  #known = $derived(new Set(this.#fieldNames()));

  constructor(def: ModelDef) {
    this.def = def;
    this.#drafts = defaultDrafts(def);
  }

  get drafts(): FormDrafts {
    return this.#drafts;
  }
  get issues(): FieldIssue[] {
    return this.#issues;
  }
  /** Issues about fields the form does not show (shown as a list next to Run). */
  get otherIssues(): FieldIssue[] {
    return this.#issues.filter((i) => !this.#known.has(i.field));
  }
  get valid(): boolean {
    return this.#issues.length === 0;
  }
  /** The request to run, or null while invalid. */
  get request(): SimulationRequest | null {
    return this.#issues.length === 0 ? this.#read.request : null;
  }
  /** The request as read so far (invalid fields at defaults), e.g. for previews. */
  get draftRequest(): SimulationRequest {
    return this.#read.request;
  }

  issue(fieldName: string): string | undefined {
    return this.#byField.get(fieldName);
  }

  #edited() {
    if (this.#refused.length > 0) this.#refused = [];
  }

  refuse(issues: FieldIssue[]): void {
    this.#refused = issues;
  }

  /** The scenario last applied, or null. */
  get scenario(): Scenario | null {
    return this.#scenario;
  }
  /** Puts a named scenario into the form (see scenarioDrafts); Reset all on the parameters undoes it. */
  applyScenario(scenario: Scenario): void {
    this.#drafts = scenarioDrafts(this.def, $state.snapshot(this.#drafts) as FormDrafts, scenario);
    this.#scenario = scenario;
    this.#edited();
  }

  /** Puts a run's settings back into the form (values the model lacks are ignored). */
  load(req: SimulationRequest): void {
    this.#scenario = null;
    const d = defaultDrafts(this.def, req.solver);
    for (const p of this.def.params) if (p.name in req.params) d.params[p.name] = formatExact(req.params[p.name]);
    for (const s of this.def.states) if (s.name in req.initial) d.initial[s.name] = formatExact(req.initial[s.name]);
    for (const i of this.def.inputs) {
      const spec = req.inputs[i.name];
      if (spec?.kind !== 'schedule') continue;
      d.inputs[i.name] = {
        baseline: formatExact(spec.baseline),
        windows: spec.windows.map((w) => ({
          start: formatExact(w.start),
          stop: formatExact(w.stop),
          value: formatExact(w.value),
        })),
      };
    }
    this.#drafts = d;
    this.#edited();
  }

  /**
   * Restores drafts saved in a project: every field of the model takes the saved text where there
   * is one (kept verbatim, even if it does not parse), its default otherwise.
   */
  restore(saved: FormDrafts): void {
    this.#scenario = null;
    const d = defaultDrafts(this.def);
    const text = (x: unknown, fallback: string) => (typeof x === 'string' ? x : fallback);
    for (const p of this.def.params) d.params[p.name] = text(saved.params?.[p.name], d.params[p.name]);
    for (const s of this.def.states) d.initial[s.name] = text(saved.initial?.[s.name], d.initial[s.name]);
    for (const i of this.def.inputs) {
      const inp = saved.inputs?.[i.name];
      if (!inp) continue;
      d.inputs[i.name] = {
        baseline: text(inp.baseline, d.inputs[i.name].baseline),
        windows: (inp.windows ?? []).map((w) => ({ start: text(w.start, ''), stop: text(w.stop, ''), value: text(w.value, '') })),
      };
    }
    if (saved.method) d.method = saved.method;
    for (const k of SOLVER_KEYS) d.solver[k] = text(saved.solver?.[k], d.solver[k]);
    this.#drafts = d;
    this.#edited();
  }

  // Parameters
  setParam(name: string, text: string): void {
    this.#drafts.params[name] = text;
    this.#edited();
  }
  paramDefault(name: string): string {
    const p = this.def.params.find((q) => q.name === name);
    return p ? formatExact(p.default) : '';
  }
  isParamEdited(name: string): boolean {
    return this.#drafts.params[name].trim() !== this.paramDefault(name);
  }
  get editedParamCount(): number {
    return this.def.params.filter((p) => this.isParamEdited(p.name)).length;
  }
  resetParam(name: string): void {
    this.setParam(name, this.paramDefault(name));
  }
  resetParams(): void {
    this.#scenario = null;
    for (const p of this.def.params) this.#drafts.params[p.name] = formatExact(p.default);
    this.#edited();
  }

  // Initial state
  setInitial(name: string, text: string): void {
    this.#drafts.initial[name] = text;
    this.#edited();
  }
  isInitialEdited(name: string): boolean {
    const s = this.def.states.find((q) => q.name === name);
    return !!s && this.#drafts.initial[name].trim() !== formatExact(s.initial);
  }
  resetInitial(): void {
    for (const s of this.def.states) this.#drafts.initial[s.name] = formatExact(s.initial);
    this.#edited();
  }

  // Inputs
  setBaseline(input: string, text: string): void {
    this.#drafts.inputs[input].baseline = text;
    this.#edited();
  }
  setWindow(input: string, i: number, key: keyof WindowDraft, text: string): void {
    this.#drafts.inputs[input].windows[i][key] = text;
    this.#edited();
  }
  /** Adds a window over the middle fifth of [0, T] holding 0 (the usual "switch the input off"). */
  addWindow(input: string): void {
    const tEnd = this.#read.request.solver.tEnd;
    const start = Number((tEnd * 0.4).toPrecision(3));
    const stop = Number((tEnd * 0.6).toPrecision(3));
    this.#drafts.inputs[input].windows.push({
      start: formatExact(start),
      stop: formatExact(stop),
      value: '0',
    });
    this.#edited();
  }
  removeWindow(input: string, i: number): void {
    this.#drafts.inputs[input].windows.splice(i, 1);
    this.#edited();
  }

  // Solver
  setMethod(method: Method): void {
    this.#drafts.method = method;
    this.#edited();
  }
  setSolver(key: NumericSolverKey, text: string): void {
    this.#drafts.solver[key] = text;
    this.#edited();
  }

  #fieldNames(): string[] {
    const names: string[] = [];
    for (const p of this.def.params) names.push(field.param(p.name));
    for (const s of this.def.states) names.push(field.initial(s.name));
    for (const inp of this.def.inputs) {
      names.push(field.baseline(inp.name));
      this.#drafts.inputs[inp.name].windows.forEach((_, i) => {
        for (const k of ['start', 'stop', 'value'] as const) names.push(field.window(inp.name, i, k));
      });
    }
    names.push(field.solver('method'));
    for (const k of SOLVER_KEYS) names.push(field.solver(k));
    return names;
  }
}
