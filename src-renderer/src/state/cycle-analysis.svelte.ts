/**
 * Limit cycles in the app: the "Continue cycles" form opened on a Hopf point, the cycle job
 * (progress, cancel, the family growing while traced), the continued families
 * (./cycles.svelte.ts) and whether the diagram plots the families' period instead of the
 * variable's extrema.
 */
import type { SpecialPoint } from '@shared/continuation/types';
import type { CycleRequest } from '@shared/cycles/types';
import type { ModelDef } from '@shared/models/types';
import type { CycleMeasure } from '../lib/cycle-series';
import { formatValue } from '../lib/format';
import type { BranchEntry } from './branches.svelte';
import { CycleForm } from './cycle-form.svelte';
import { CycleStore, type CyclePointRef, type StoredCycleFamily } from './cycles.svelte';
import { jobRunner } from './job.svelte';

export interface CycleHost {
  /** The definition a branch was traced with. */
  defOf(entry: BranchEntry): ModelDef | undefined;
  /** Shows what a finished cycle job gave (the status bar's outcome). */
  outcome(text: string): void;
}

export type { CycleMeasure } from '../lib/cycle-series';

export class CycleAnalysis {
  readonly store = new CycleStore();
  readonly #host: CycleHost;
  #form = $state<CycleForm | null>(null);
  #error = $state<string | null>(null);
  #measure = $state<CycleMeasure>('extrema');
  /** The run the last family was started from ("Continue this cycle"), or null (from a Hopf point). */
  #runStart = $state<number | null>(null);

  readonly job = jobRunner('cycle', {
    partial: (_request, branch) => this.store.setPartial(branch),
    finished: (request, result) => {
      this.store.setPartial(null);
      const branch = result.branch;
      if (branch && branch.points.length > 0) {
        this.store.add(request, result);
        const special = branch.special.map((s) => s.label).join(', ');
        const secs = formatValue(result.stats.wallMs / 1000, 3);
        this.#host.outcome(
          `Cycles from ${branch.from}: ${result.stats.points.toLocaleString('en')} orbits in ${secs} s${special ? `; ${special}` : ''}${result.status === 'cancelled' ? ' (cancelled)' : ''}`,
        );
        if (result.status !== 'ok') this.#error = result.message;
      } else {
        this.#error = result.message;
        this.#host.outcome(result.status === 'cancelled' ? 'Cycles cancelled' : 'No cycles traced');
      }
    },
    failed: (_request, error) => {
      this.store.setPartial(null);
      const issues = error.issues ?? [];
      this.#error = issues.length > 0 ? `${error.message} (${issues.map((i) => `${i.field}: ${i.message}`).join('; ')})` : error.message;
    },
  });

  constructor(host: CycleHost) {
    this.#host = host;
  }

  /** The open "Continue cycles" form, or null. */
  get form(): CycleForm | null {
    return this.#form;
  }
  /** Opens the form on an HB point of `entry` (with its frequency); other points are ignored. */
  open(entry: BranchEntry, special: SpecialPoint): void {
    if (special.type !== 'HB' || special.omega === undefined) return;
    const def = this.#host.defOf(entry);
    if (!def) return;
    this.#form = new CycleForm(def, entry, special);
    this.#error = null;
  }
  close(): void {
    this.#form = null;
  }

  /** Starts the open form's family; with a field at fault, says so there and starts nothing. */
  start(): void {
    const form = this.#form;
    if (!form || this.job.busy) return;
    const built = form.built;
    if (!built.ok) return;
    this.#form = null;
    this.#error = null;
    this.#runStart = null;
    this.#host.outcome('');
    void this.job.run($state.snapshot(built.request) as typeof built.request);
  }
  /** Starts the family through the oscillation run `runId` settled on (a request with start kind 'orbit'). */
  startFromRun(request: CycleRequest, runId: number): void {
    if (this.job.busy) return;
    this.#form = null;
    this.#error = null;
    this.#runStart = runId;
    this.#host.outcome('');
    void this.job.run(request);
  }
  /** The run the last family was started from, or null. */
  get runStart(): number | null {
    return this.#runStart;
  }
  cancel(): void {
    this.job.cancel();
  }

  get error(): string | null {
    return this.#error;
  }
  dismissError(): void {
    this.#error = null;
  }

  /**
   * A cycle point was clicked on the diagram (or chosen in a table): selects it (marked on the
   * diagram; the store tells its listeners, see CycleStore.onSelectPoint).
   */
  pick(ref: CyclePointRef): void {
    this.store.selectPoint(ref);
  }

  /** What the diagram plots for the families. */
  get measure(): CycleMeasure {
    return this.#measure;
  }
  setMeasure(m: CycleMeasure): void {
    this.#measure = m;
  }

  /** Replaces the families (opening a project). */
  restore(families: readonly StoredCycleFamily[], view: { selectedCycle: number | null; cycleMeasure: CycleMeasure }): void {
    this.store.restore(families, view.selectedCycle);
    this.#measure = view.cycleMeasure;
    this.#form = null;
    this.#error = null;
  }
}
