/**
 * The "Continue cycles" form, opened on a Hopf (HB) point of a branch: the range of the branch's
 * parameter (the branch's own range by default) and, under Advanced, the mesh (NTST intervals,
 * NCOL collocation points per interval; the engine's defaults, which a user rarely changes).
 */
import type { SpecialPoint } from '@shared/continuation/types';
import { CYCLE_MESH_DEFAULTS } from '@shared/cycles/types';
import type { ModelDef } from '@shared/models/types';
import { buildCycleRequest, type BuiltCycles } from '../lib/cycle-request';
import { formatExact } from '../lib/format';
import type { BranchEntry } from './branches.svelte';

export class CycleForm {
  readonly def: ModelDef;
  readonly entry: BranchEntry;
  readonly special: SpecialPoint;
  #pFrom = $state('');
  #pTo = $state('');
  #ntst = $state(String(CYCLE_MESH_DEFAULTS.ntst));
  #ncol = $state(String(CYCLE_MESH_DEFAULTS.ncol));
  #advanced = $state(false);

  constructor(def: ModelDef, entry: BranchEntry, special: SpecialPoint) {
    this.def = def;
    this.entry = entry;
    this.special = special;
    const [lo, hi] = entry.request.bounds;
    this.#pFrom = formatExact(Math.min(lo, hi));
    this.#pTo = formatExact(Math.max(lo, hi));
  }

  /** The branch's parameter (the family's). */
  get p(): string {
    return this.entry.request.param;
  }
  get pFrom(): string {
    return this.#pFrom;
  }
  get pTo(): string {
    return this.#pTo;
  }
  get ntst(): string {
    return this.#ntst;
  }
  get ncol(): string {
    return this.#ncol;
  }
  setPFrom(t: string): void {
    this.#pFrom = t;
  }
  setPTo(t: string): void {
    this.#pTo = t;
  }
  setNtst(t: string): void {
    this.#ntst = t;
  }
  setNcol(t: string): void {
    this.#ncol = t;
  }
  /** Whether the Advanced fields (the mesh) are shown; they open by themselves when one is at fault. */
  get advanced(): boolean {
    return this.#advanced || this.issue('ntst') !== undefined || this.issue('ncol') !== undefined;
  }
  toggleAdvanced(): void {
    this.#advanced = !this.#advanced;
  }

  /** The cycle request as typed, or the issues that prevent it. */
  get built(): BuiltCycles {
    return this.#built;
  }
  #built = $derived.by((): BuiltCycles =>
    buildCycleRequest(this.entry.request, this.special, this.def, { pFrom: this.#pFrom, pTo: this.#pTo, ntst: this.#ntst, ncol: this.#ncol }),
  );

  /** The message for the range (`bounds`) or a mesh field, or undefined. */
  issue(field: 'bounds' | 'ntst' | 'ncol'): string | undefined {
    return this.#built.ok ? undefined : this.#built.issues.find((i) => i.field === field)?.message;
  }
  /** Issues of no field of the form (e.g. a start the model cannot take), as "field: message". */
  get otherIssues(): string[] {
    const all = this.#built.ok ? [] : this.#built.issues;
    return all.filter((i) => !['bounds', 'ntst', 'ncol'].includes(i.field)).map((i) => `${i.field}: ${i.message}`);
  }
}
