/**
 * The continued families of limit cycles: each keeps its request, its result (raw, never
 * deep-proxied), the family (a CycleBranch), a palette colour and whether it is shown; the family
 * being traced (`partial`), drawn as it grows; the last deleted family, which Undo puts back in its
 * place; and the selected cycle point (a family and a point index), marked on the diagram.
 *
 * Reading: `all`, `visible`, `get(id)`, `selected` (the family whose special points are listed).
 * Adding: `add(request, result)` for a finished job, `addBranch(request, branch)` for a family
 * made elsewhere (status 'ok').
 */
import type { CycleBranch, CyclePoint, CycleRequest, CycleResult } from '@shared/cycles/types';
import { ChartEntry } from './chart-entry.svelte';
import { EntryStore } from './entry-store.svelte';

export class CycleEntry extends ChartEntry<CycleRequest, CycleResult> {
  readonly branch: CycleBranch;

  constructor(id: number, request: CycleRequest, result: CycleResult, branch: CycleBranch, color: number, visible = true) {
    super(id, request, result, color, visible);
    this.branch = branch;
  }

  /** "Cycles from HB1 in g", with " (cancelled)" when the trace was stopped. */
  get label(): string {
    return `Cycles from ${this.branch.from} in ${this.branch.param}${this.result.status === 'cancelled' ? ' (cancelled)' : ''}`;
  }
}

/**
 * A point of a family: the family's id and the index into its `points`; for a special point
 * (clicked on its marker) also its label, `index` then being the point just before it.
 */
export interface CyclePointRef {
  familyId: number;
  index: number;
  special?: string;
}

/** What `restore` takes per family (as stored in a project). */
export interface StoredCycleFamily {
  id: number;
  color: number;
  visible: boolean;
  request: CycleRequest;
  result: CycleResult;
}

export class CycleStore extends EntryStore<CycleEntry, CycleBranch> {
  #point = $state.raw<CyclePointRef | null>(null);

  /** Adds the family of a finished job (`result.branch`, which must be non-null) and selects it. */
  add(request: CycleRequest, result: CycleResult): CycleEntry {
    const branch = result.branch;
    if (!branch) throw new Error('A cycle result without a family cannot be listed.');
    return this.append((id, color) => new CycleEntry(id, request, result, branch, color));
  }
  /** Adds a family made elsewhere (e.g. continued from an orbit) as a finished, complete one. */
  addBranch(request: CycleRequest, branch: CycleBranch): CycleEntry {
    return this.add(request, { status: 'ok', message: '', branch, stats: { points: branch.points.length, wallMs: 0, iterations: 0, factorizations: 0 } });
  }

  /** Deletes a family (and the selected point if it was on it); `undoRemove` brings back the last one deleted. */
  override remove(id: number): void {
    super.remove(id);
    if (this.#point?.familyId === id) this.#point = null;
  }

  /** The selected cycle point (clicked on the diagram), or null. */
  get selectedPoint(): CyclePointRef | null {
    return this.#point;
  }
  /**
   * Selects point `index` (or special point `special`) of family `familyId` and tells the listeners
   * (onSelectPoint); ignored when there is no such point. null clears the selection (no listener is told).
   */
  selectPoint(ref: CyclePointRef | null): void {
    if (ref !== null && this.pointOf(ref) === undefined) return;
    const sel = ref === null ? null : { familyId: ref.familyId, index: ref.index, ...(ref.special !== undefined ? { special: ref.special } : {}) };
    this.#point = sel;
    if (sel === null) return;
    this.select(sel.familyId);
    for (const f of this.#listeners) f(sel);
  }
  #listeners: ((ref: CyclePointRef) => void)[] = [];
  /** Calls `f` with every selected cycle point (e.g. to show its orbit); returns the function that stops it. */
  onSelectPoint(f: (ref: CyclePointRef) => void): () => void {
    this.#listeners.push(f);
    return () => (this.#listeners = this.#listeners.filter((g) => g !== f));
  }
  /** The cycle point `ref` names (the special point's own when it names one), or undefined. */
  pointOf(ref: CyclePointRef): CyclePoint | undefined {
    const branch = this.get(ref.familyId)?.branch;
    if (ref.special !== undefined) return branch?.special.find((s) => s.label === ref.special && s.index === ref.index)?.point;
    return branch?.points[ref.index];
  }
  /** The selected cycle point with its family (and the special point's label when one is selected), or null. */
  get selectedCycle(): { entry: CycleEntry; index: number; special?: string; point: CyclePoint } | null {
    const ref = this.#point;
    const entry = ref ? this.get(ref.familyId) : undefined;
    const point = ref ? this.pointOf(ref) : undefined;
    return entry && point && ref ? { entry, index: ref.index, ...(ref.special !== undefined ? { special: ref.special } : {}), point } : null;
  }

  /** Replaces every family (opening a project); entries without a family are skipped. */
  restore(entries: readonly StoredCycleFamily[], selected: number | null): void {
    const kept = entries.filter((e) => e.result.branch !== null);
    this.#point = null;
    this.replaceAll(
      kept.map((e) => new CycleEntry(e.id, e.request, e.result, e.result.branch!, e.color, e.visible)),
      selected,
    );
  }
}
