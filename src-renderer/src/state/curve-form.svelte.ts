/**
 * The "Continue fold / Hopf curve" form, opened on an LP or HB point of a branch: the second
 * parameter Q (any parameter or input but the branch's own, P), the ranges of P and Q as typed, and
 * the request they make. P's range defaults to the branch's; Q's to a range around its value on the
 * branch (see defaultRange: the declared domain is respected). The other parameters and inputs keep
 * the branch's values, and the numerical settings the branch's.
 */
import type { SpecialPoint } from '@shared/continuation/types';
import type { CurveType } from '@shared/curves/types';
import type { ModelDef } from '@shared/models/types';
import { defaultRange } from '../lib/branch-series';
import { branchValue, buildCurveRequest, firstQ, type BuiltCurve } from '../lib/curve-request';
import { formatExact } from '../lib/format';
import type { BranchEntry } from './branches.svelte';
import { continuationParams, type ContinuationParam } from './continuation-form.svelte';

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

  /** `q`: the second parameter to start with (e.g. the one chosen last time), if the model has it. */
  constructor(def: ModelDef, entry: BranchEntry, special: SpecialPoint, q?: string) {
    this.def = def;
    this.entry = entry;
    this.special = special;
    this.type = special.type === 'LP' ? 'fold' : 'hopf';
    this.choices = continuationParams(def).filter((c) => c.name !== entry.request.param);
    const first = firstQ(
      this.choices.map((c) => c.name),
      q,
    );
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
    return branchValue(this.entry.request, this.def, this.#q);
  }

  /** Chooses Q and a range around its value on the branch. */
  setQ(name: string): void {
    this.#q = name;
    const [a, b] = defaultRange(branchValue(this.entry.request, this.def, name), this.def.params.find((p) => p.name === name)?.domain);
    this.#qFrom = formatExact(a);
    this.#qTo = formatExact(b);
  }
  setQFrom(t: string): void {
    this.#qFrom = t;
  }
  setQTo(t: string): void {
    this.#qTo = t;
  }
  setPFrom(t: string): void {
    this.#pFrom = t;
  }
  setPTo(t: string): void {
    this.#pTo = t;
  }
  /** The curve request as typed, or the issues that prevent it (`bounds[0]`: P's range, `bounds[1]`: Q's). */
  get built(): BuiltCurve {
    return this.#built;
  }
  #built = $derived.by((): BuiltCurve =>
    buildCurveRequest(this.entry.request, this.special, this.def, { q: this.#q, pFrom: this.#pFrom, pTo: this.#pTo, qFrom: this.#qFrom, qTo: this.#qTo }),
  );

  /** The message for P's range (`which` 0) or Q's (1), or undefined. */
  issue(which: 0 | 1): string | undefined {
    const all = this.#built.ok ? [] : this.#built.issues;
    return all.find((i) => i.field === `bounds[${which}]` || (which === 1 && i.field === 'params[1]'))?.message;
  }
  /** Issues not about either range (e.g. a start the model cannot take), as "field: message". */
  get otherIssues(): string[] {
    const all = this.#built.ok ? [] : this.#built.issues;
    return all.filter((i) => !/^(bounds\[[01]\]|params\[1\])$/.test(i.field)).map((i) => `${i.field}: ${i.message}`);
  }
}
