/**
 * The list of finished runs: each keeps its request, its result (raw, never deep-proxied), a palette
 * colour and whether it is shown. Labels say what differs between the runs (see lib/legend.ts).
 */
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { runLabels } from '../lib/legend';
import { nextColorIndex } from '../lib/palette';
import { ChartEntry } from './chart-entry.svelte';

export class Run extends ChartEntry<SimulationRequest, SimulationResult> {
  get status(): SimulationResult['status'] {
    return this.result.status;
  }
}

export class RunStore {
  #runs = $state.raw<Run[]>([]);
  #selectedId = $state<number | null>(null);
  #nextId = 1;

  #labels = $derived.by(() => this.#labelMap(false));
  #exactLabels = $derived.by(() => this.#labelMap(true));

  #labelMap(exact: boolean): Map<number, string> {
    const base = runLabels(
      this.#runs.map((r) => r.request),
      this.#runs.map((r) => r.id),
      exact,
    );
    return new Map(this.#runs.map((r, i) => [r.id, base[i] + (r.status === 'ok' ? '' : ` (${statusWord(r.status)})`)]));
  }
  #visible = $derived(this.#runs.filter((r) => r.visible));

  get all(): Run[] {
    return this.#runs;
  }
  get visible(): Run[] {
    return this.#visible;
  }
  /** The run shown in the inspector: the chosen one, else the latest. */
  get selected(): Run | undefined {
    return this.#runs.find((r) => r.id === this.#selectedId) ?? this.#runs.at(-1);
  }
  select(id: number): void {
    this.#selectedId = id;
  }
  /** What differs from the other runs, numbers rounded to the digits that tell them apart. */
  label(run: Run): string {
    return this.#labels.get(run.id) ?? `run ${run.id}`;
  }
  /** The label with every number at full precision (tooltips, exports). */
  exactLabel(run: Run): string {
    return this.#exactLabels.get(run.id) ?? `run ${run.id}`;
  }

  add(request: SimulationRequest, result: SimulationResult): Run {
    const run = new Run(this.#nextId++, request, result, nextColorIndex(this.#runs.map((r) => r.color)));
    this.#runs = [...this.#runs, run];
    this.#selectedId = run.id;
    return run;
  }
  remove(id: number): void {
    this.#runs = this.#runs.filter((r) => r.id !== id);
  }
  clear(): void {
    this.#runs = [];
  }
  /** The chosen run's id (null: the latest is shown). */
  get selectedId(): number | null {
    return this.#selectedId;
  }
  /** Replaces every run (opening a project); ids, colours and visibility as saved. */
  restore(runs: { id: number; color: number; visible: boolean; request: SimulationRequest; result: SimulationResult }[], selected: number | null): void {
    this.#runs = runs.map((r) => new Run(r.id, r.request, r.result, r.color, r.visible));
    this.#nextId = Math.max(0, ...runs.map((r) => r.id)) + 1;
    this.#selectedId = selected !== null && runs.some((r) => r.id === selected) ? selected : null;
  }
}

function statusWord(status: SimulationResult['status']): string {
  return status === 'cancelled' ? 'cancelled' : status === 'blowup' ? 'blew up' : status;
}
