/**
 * The "Continue this cycle" form of the run inspector: the parameter to continue the run's
 * oscillation in and its range (by default the diagram's continuation parameter and range; another
 * parameter gets a first range around the run's value, lib/branch-series.ts defaultRange). The
 * request and its issues come from lib/cycle-from-run.ts.
 */
import type { ModelDef } from '@shared/models/types';
import { defaultRange } from '../lib/branch-series';
import { buildOrbitCycleRequest, inputValueAt, type BuiltOrbitCycles, type RunSource } from '../lib/cycle-from-run';
import { formatExact } from '../lib/format';

/** The diagram's continuation parameter and range as typed (the continuation form's drafts). */
export interface DiagramRange {
  param: string;
  from: string;
  to: string;
}

export class RunCycleForm {
  readonly run: RunSource;
  readonly def: ModelDef;
  readonly #diagram: DiagramRange | null;
  #param = $state('');
  #from = $state('');
  #to = $state('');

  constructor(run: RunSource, def: ModelDef, diagram: DiagramRange | null) {
    this.run = run;
    this.def = def;
    const names = [...def.params, ...def.inputs].map((q) => q.name);
    this.#diagram = diagram && names.includes(diagram.param) ? diagram : null;
    this.setParam(this.#diagram?.param ?? names.find((n) => n === 'g') ?? names[0] ?? '');
  }

  /** Every parameter and input of the model. */
  get params(): string[] {
    return [...this.def.params, ...this.def.inputs].map((q) => q.name);
  }
  get param(): string {
    return this.#param;
  }
  get from(): string {
    return this.#from;
  }
  get to(): string {
    return this.#to;
  }
  /** Chooses the parameter: the diagram's range for the diagram's parameter, else one around the run's value. */
  setParam(name: string): void {
    this.#param = name;
    if (this.#diagram && name === this.#diagram.param) {
      this.#from = this.#diagram.from;
      this.#to = this.#diagram.to;
      return;
    }
    const [a, b] = defaultRange(this.#runValue(name), this.def.params.find((q) => q.name === name)?.domain);
    this.#from = formatExact(Math.min(a, b));
    this.#to = formatExact(Math.max(a, b));
  }
  setFrom(t: string): void {
    this.#from = t;
  }
  setTo(t: string): void {
    this.#to = t;
  }

  /** The value of `name` at the end of the run (the model's default when the run leaves it out). */
  #runValue(name: string): number {
    const req = this.run.request;
    if (name in req.params) return req.params[name];
    const spec = req.inputs[name];
    const t = this.run.result.t;
    if (spec) return inputValueAt(spec, t[t.length - 1], req.solver.dt);
    return [...this.def.params, ...this.def.inputs].find((q) => q.name === name)?.default ?? NaN;
  }

  #built = $derived.by((): BuiltOrbitCycles => buildOrbitCycleRequest(this.run, this.def, { param: this.#param, pFrom: this.#from, pTo: this.#to }));
  /** The cycle request as typed, or the issues that prevent it. */
  get built(): BuiltOrbitCycles {
    return this.#built;
  }
  /** The message of the run (`run`), the range (`bounds`) or any other field, or undefined. */
  issue(field: 'run' | 'bounds' | 'other'): string | undefined {
    if (this.#built.ok) return undefined;
    const known = ['run', 'bounds'];
    const hit = this.#built.issues.find((i) => (field === 'other' ? !known.includes(i.field) : i.field === field));
    return hit && (field === 'other' ? `${hit.field}: ${hit.message}` : hit.message);
  }
}
