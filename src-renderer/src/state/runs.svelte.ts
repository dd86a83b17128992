/**
 * The list of finished runs: each keeps its request, its result (raw, never deep-proxied), a palette
 * colour and whether it is shown. A run of the spiking network keeps its network part (settings,
 * counts, raster) beside. Labels say what differs between the runs (see lib/legend.ts); network runs
 * are labelled "network N=... recovery", and mean-field runs "mean field" while a network run is listed.
 */
import type { RunNetwork } from '@shared/project/types';
import type { SimulationRequest, SimulationResult } from '@shared/simulation/types';
import { uniqueLabels } from '../lib/distinct';
import { differingFacts } from '../lib/legend';
import { networkTag } from '../lib/network-request';
import { nextColorIndex } from '../lib/palette';
import { ChartEntry } from './chart-entry.svelte';

export class Run extends ChartEntry<SimulationRequest, SimulationResult> {
  /** Present for a run of the spiking network. */
  readonly network: RunNetwork | undefined;
  constructor(id: number, request: SimulationRequest, result: SimulationResult, color: number, visible = true, network?: RunNetwork) {
    super(id, request, result, color, visible);
    this.network = network;
  }
  get status(): SimulationResult['status'] {
    return this.result.status;
  }
}

export interface StoredRun {
  id: number;
  color: number;
  visible: boolean;
  request: SimulationRequest;
  result: SimulationResult;
  network?: RunNetwork;
}

export class RunStore {
  #runs = $state.raw<Run[]>([]);
  #selectedId = $state<number | null>(null);
  #nextId = 1;

  #labels = $derived.by(() => this.#labelMap(false));
  #exactLabels = $derived.by(() => this.#labelMap(true));

  /**
   * Mean-field runs are told apart among themselves, network runs among themselves (their solvers
   * always differ from the mean field's); runs that would share a label get " (run <id>)".
   */
  #labelMap(exact: boolean): Map<number, string> {
    const nets = this.#runs.some((r) => r.network);
    const group = (runs: Run[], head: (r: Run) => string | null) =>
      differingFacts(
        runs.map((r) => r.request),
        exact,
      ).map((facts, i) => {
        const parts = [head(runs[i]), ...facts].filter((x): x is string => x !== null);
        return parts.length > 0 ? parts.join(', ') : `run ${runs[i].id}`;
      });
    const mean = this.#runs.filter((r) => !r.network);
    const network = this.#runs.filter((r) => r.network);
    const text = new Map<number, string>();
    const meanLabels = group(mean, () => (nets ? 'mean field' : null));
    mean.forEach((r, i) => text.set(r.id, meanLabels[i]));
    const netLabels = group(network, (r) => networkTag(r.network!.settings));
    network.forEach((r, i) => text.set(r.id, netLabels[i]));
    const ids = this.#runs.map((r) => r.id);
    const unique = uniqueLabels(
      ids.map((id) => text.get(id)!),
      ids,
      'run',
    );
    return new Map(this.#runs.map((r, i) => [r.id, unique[i] + (r.status === 'ok' ? '' : ` (${statusWord(r.status)})`)]));
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

  /** Adds a run (`network`: a run of the spiking network). */
  add(request: SimulationRequest, result: SimulationResult, network?: RunNetwork): Run {
    const run = new Run(this.#nextId++, request, result, nextColorIndex(this.#runs.map((r) => r.color)), true, network);
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
  restore(runs: StoredRun[], selected: number | null): void {
    this.#runs = runs.map((r) => new Run(r.id, r.request, r.result, r.color, r.visible, r.network));
    this.#nextId = Math.max(0, ...runs.map((r) => r.id)) + 1;
    this.#selectedId = selected !== null && runs.some((r) => r.id === selected) ? selected : null;
  }
}

function statusWord(status: SimulationResult['status']): string {
  return status === 'cancelled' ? 'cancelled' : status === 'blowup' ? 'blew up' : status;
}
