/**
 * The "Continue fold / Hopf curve" form, opened on an LP or HB point of a branch: the second
 * parameter Q (any parameter or input but the branch's own, P), the ranges of P and Q as typed, and
 * the request they make. P's range defaults to the branch's; Q's to a range around its value on the
 * branch (see defaultRange: the declared domain is respected). The other parameters and inputs keep
 * the branch's values, and the numerical settings the branch's.
 */
import type { SpecialPoint } from '@shared/continuation/types';
import type { CurveRequest, CurveType } from '@shared/curves/types';
import { validateCurveRequest } from '@shared/curves/validate';
import type { ModelDef } from '@shared/models/types';
import type { FieldIssue } from '@shared/simulation/types';
import { defaultRange } from '../lib/branch-series';
import { formatExact, parseNumber } from '../lib/format';
import type { BranchEntry } from './branches.svelte';
import { continuationParams, type ContinuationParam } from './continuation-form.svelte';

export type BuiltCurve = { ok: true; request: CurveRequest } | { ok: false; issues: FieldIssue[] };

/** Q chosen when the user has not chosen one before: the first of these the model has, else its first parameter. */
const PREFERRED_Q = ['eta', 'Delta', 'I_ext', 'g'];

/** The value of `name` on the branch (its parameters, then inputs, then the model's default). */
export function branchValue(entry: BranchEntry, def: ModelDef, name: string): number {
  const r = entry.request;
  return r.params[name] ?? r.inputs[name] ?? def.params.find((p) => p.name === name)?.default ?? def.inputs.find((i) => i.name === name)?.default ?? NaN;
}

export class CurveForm {
  readonly def: ModelDef;
  readonly entry: BranchEntry;
  readonly special: SpecialPoint;
  readonly type: CurveType;
  /** The parameters Q can be: every parameter and input but P. */
  readonly choices: ContinuationParam[];
  #q = $state('');
  #qFrom = $state('');
  #qTo = $state('');
  #pFrom = $state('');
  #pTo = $state('');
  /** Issues main reported for the last refused start (cleared by an edit). */
  #refused = $state.raw<FieldIssue[]>([]);

  /** `q`: the second parameter to start with (e.g. the one chosen last time), if the model has it. */
  constructor(def: ModelDef, entry: BranchEntry, special: SpecialPoint, q?: string) {
    this.def = def;
    this.entry = entry;
    this.special = special;
    this.type = special.type === 'LP' ? 'fold' : 'hopf';
    this.choices = continuationParams(def).filter((c) => c.name !== entry.request.param);
    const names = this.choices.map((c) => c.name);
    const first = q !== undefined && names.includes(q) ? q : (PREFERRED_Q.find((n) => names.includes(n)) ?? names[0] ?? '');
    const [lo, hi] = entry.request.bounds;
    this.#pFrom = formatExact(Math.min(lo, hi));
    this.#pTo = formatExact(Math.max(lo, hi));
    this.setQ(first);
  }

  /** P: the branch's parameter. */
  get p(): string {
    return this.entry.request.param;
  }
  get q(): string {
    return this.#q;
  }
  get qInfo(): ContinuationParam | undefined {
    return this.choices.find((c) => c.name === this.#q);
  }
  get qFrom(): string {
    return this.#qFrom;
  }
  get qTo(): string {
    return this.#qTo;
  }
  get pFrom(): string {
    return this.#pFrom;
  }
  get pTo(): string {
    return this.#pTo;
  }
  /** Q's value on the branch (the curve starts there). */
  get qValue(): number {
    return branchValue(this.entry, this.def, this.#q);
  }

  /** Chooses Q and a range around its value on the branch. */
  setQ(name: string): void {
    this.#q = name;
    const [a, b] = defaultRange(branchValue(this.entry, this.def, name), this.def.params.find((p) => p.name === name)?.domain);
    this.#qFrom = formatExact(a);
    this.#qTo = formatExact(b);
    this.#refused = [];
  }
  setQFrom(t: string): void {
    this.#qFrom = t;
    this.#refused = [];
  }
  setQTo(t: string): void {
    this.#qTo = t;
    this.#refused = [];
  }
  setPFrom(t: string): void {
    this.#pFrom = t;
    this.#refused = [];
  }
  setPTo(t: string): void {
    this.#pTo = t;
    this.#refused = [];
  }
  refuse(issues: FieldIssue[]): void {
    this.#refused = issues;
  }
  get refused(): FieldIssue[] {
    return this.#refused;
  }

  /** The curve request as typed, or the issues that prevent it (`bounds[0]`: P's range, `bounds[1]`: Q's). */
  get built(): BuiltCurve {
    return this.#built;
  }
  #built = $derived.by((): BuiltCurve => {
    const issues: FieldIssue[] = [];
    const num = (field: string, text: string): number => {
      const p = parseNumber(text);
      if (p.ok) return p.value;
      issues.push({ field, message: p.message });
      return NaN;
    };
    const pFrom = num('bounds[0]', this.#pFrom);
    const pTo = num('bounds[0]', this.#pTo);
    const qFrom = num('bounds[1]', this.#qFrom);
    const qTo = num('bounds[1]', this.#qTo);
    const r = this.entry.request;
    const p = r.param;
    const q = this.#q;
    const values: Record<string, number> = {};
    for (const [k, v] of [...Object.entries(r.params), ...Object.entries(r.inputs)]) if (k !== p && k !== q) values[k] = v;
    const s = this.special;
    const request: CurveRequest = {
      model: r.model,
      ...(r.def ? { def: r.def } : {}),
      type: this.type,
      params: [p, q],
      values,
      start: { label: s.label, state: [...s.x], params: [s.p, this.qValue], ...(s.omega !== undefined ? { omega: s.omega } : {}) },
      bounds: [
        [pFrom, pTo],
        [qFrom, qTo],
      ],
      settings: { ...r.settings },
    };
    if (issues.length === 0) issues.push(...validateCurveRequest(request, this.def));
    return issues.length === 0 ? { ok: true, request } : { ok: false, issues };
  });

  /** The message for P's range (`which` 0) or Q's (1), or undefined. */
  issue(which: 0 | 1): string | undefined {
    const all = [...(this.#built.ok ? [] : this.#built.issues), ...this.#refused];
    return all.find((i) => i.field === `bounds[${which}]` || (which === 1 && i.field === 'params[1]'))?.message;
  }
  /** Issues not about either range (e.g. a start the model cannot take), as "field: message". */
  get otherIssues(): string[] {
    const all = [...(this.#built.ok ? [] : this.#built.issues), ...this.#refused];
    return all.filter((i) => !/^(bounds\[[01]\]|params\[1\])$/.test(i.field)).map((i) => `${i.field}: ${i.message}`);
  }
}
