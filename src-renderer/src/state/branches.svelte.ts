/**
 * The traced branches: each keeps its request, its result (raw, never deep-proxied), a palette
 * colour shared with the runs' palette and whether it is shown. Also the branch being traced
 * (`partial`), drawn as it grows.
 */
import type { Branch, ContinuationRequest, ContinuationResult } from '@shared/continuation/types';
import { branchLabels } from '../lib/branch-labels';
import { nextColorIndex } from '../lib/palette';
import { ChartEntry } from './chart-entry.svelte';

export class BranchEntry extends ChartEntry<ContinuationRequest, ContinuationResult> {
  readonly branch: Branch;

  constructor(id: number, request: ContinuationRequest, result: ContinuationResult, branch: Branch, color: number, visible = true) {
    super(id, request, result, color, visible);
    this.branch = branch;
  }

  /** " (cancelled)" when the trace was stopped, else ''. */
  get suffix(): string {
    return this.result.status === 'cancelled' ? ' (cancelled)' : '';
  }
}

export class BranchStore {
  #entries = $state.raw<BranchEntry[]>([]);
  #selectedId = $state<number | null>(null);
  #partial = $state.raw<Branch | null>(null);
  #nextId = 1;

  #visible = $derived(this.#entries.filter((b) => b.visible));
  /** Labels that name what differs between the branches (rounded; `exact`: full precision). */
  #labels = $derived.by(() => this.#labelMap(false));
  #exactLabels = $derived.by(() => this.#labelMap(true));

  #labelMap(exact: boolean): Map<number, string> {
    const e = this.#entries;
    const labels = branchLabels(
      e.map((b) => b.request),
      e.map((b) => b.id),
      e.map((b) => b.suffix),
      exact,
    );
    return new Map(e.map((b, i) => [b.id, labels[i]]));
  }

  /** "eta ∈ [-1, 1] · g = 1.5": the range and what differs from the other branches. */
  label(entry: BranchEntry): string {
    return this.#labels.get(entry.id) ?? `branch ${entry.id}`;
  }
  /** The label with every number at full precision (tooltips). */
  exactLabel(entry: BranchEntry): string {
    return this.#exactLabels.get(entry.id) ?? `branch ${entry.id}`;
  }

  get all(): BranchEntry[] {
    return this.#entries;
  }
  get visible(): BranchEntry[] {
    return this.#visible;
  }
  /** The branch whose special points the table shows: the chosen one, else the latest. */
  get selected(): BranchEntry | undefined {
    return this.#entries.find((b) => b.id === this.#selectedId) ?? this.#entries.at(-1);
  }
  select(id: number): void {
    this.#selectedId = id;
  }
  get(id: number): BranchEntry | undefined {
    return this.#entries.find((b) => b.id === id);
  }

  /** The branch being traced, as far as it has come (null when no trace runs). */
  get partial(): Branch | null {
    return this.#partial;
  }
  setPartial(branch: Branch | null): void {
    this.#partial = branch;
  }
  /** The palette index the next branch will get (the partial branch is drawn in it). */
  get nextColor(): number {
    return nextColorIndex(this.#entries.map((b) => b.color));
  }

  add(request: ContinuationRequest, result: ContinuationResult, branch: Branch): BranchEntry {
    const entry = new BranchEntry(this.#nextId++, request, result, branch, this.nextColor);
    this.#entries = [...this.#entries, entry];
    this.#selectedId = entry.id;
    return entry;
  }
  remove(id: number): void {
    this.#entries = this.#entries.filter((b) => b.id !== id);
  }
  /** The chosen branch's id (null: the latest is shown). */
  get selectedId(): number | null {
    return this.#selectedId;
  }
  /** Replaces every branch (opening a project); entries without a branch are skipped. */
  restore(entries: { id: number; color: number; visible: boolean; request: ContinuationRequest; result: ContinuationResult }[], selected: number | null): void {
    const kept = entries.filter((e) => e.result.branch !== null);
    this.#entries = kept.map((e) => new BranchEntry(e.id, e.request, e.result, e.result.branch!, e.color, e.visible));
    this.#partial = null;
    this.#nextId = Math.max(0, ...kept.map((e) => e.id)) + 1;
    this.#selectedId = selected !== null && kept.some((e) => e.id === selected) ? selected : null;
  }
}
