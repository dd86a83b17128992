/**
 * The traced two-parameter curves: each keeps its request, its result (raw, never deep-proxied), a
 * palette colour and whether it is shown; the curve being traced (`partial`), drawn as it grows;
 * and the last deleted curve, which Undo puts back in its place.
 */
import type { Curve, CurveRequest, CurveResult } from '@shared/curves/types';
import { curveName } from '../lib/curve-plane';
import { nextColorIndex } from '../lib/palette';
import { ChartEntry } from './chart-entry.svelte';

export class CurveEntry extends ChartEntry<CurveRequest, CurveResult> {
  readonly curve: Curve;

  constructor(id: number, request: CurveRequest, result: CurveResult, curve: Curve, color: number, visible = true) {
    super(id, request, result, color, visible);
    this.curve = curve;
  }

  /** "Hopf curve from HB1 in (g, eta)", with " (cancelled)" when the trace was stopped. */
  get label(): string {
    return `${curveName(this.curve)}${this.result.status === 'cancelled' ? ' (cancelled)' : ''}`;
  }
}

export class CurveStore {
  #entries = $state.raw<CurveEntry[]>([]);
  #selectedId = $state<number | null>(null);
  #partial = $state.raw<Curve | null>(null);
  #removed = $state.raw<{ entry: CurveEntry; at: number } | null>(null);
  #nextId = 1;
  #visible = $derived(this.#entries.filter((c) => c.visible));

  get all(): CurveEntry[] {
    return this.#entries;
  }
  get visible(): CurveEntry[] {
    return this.#visible;
  }
  /** The curve whose special points are listed: the chosen one, else the latest. */
  get selected(): CurveEntry | undefined {
    return this.#entries.find((c) => c.id === this.#selectedId) ?? this.#entries.at(-1);
  }
  get selectedId(): number | null {
    return this.#selectedId;
  }
  select(id: number): void {
    this.#selectedId = id;
  }
  get(id: number): CurveEntry | undefined {
    return this.#entries.find((c) => c.id === id);
  }

  /** The curve being traced, as far as it has come (null when none is traced). */
  get partial(): Curve | null {
    return this.#partial;
  }
  setPartial(curve: Curve | null): void {
    this.#partial = curve;
  }
  /** The palette index the next curve gets (the partial curve is drawn in it). */
  get nextColor(): number {
    return nextColorIndex(this.#entries.map((c) => c.color));
  }

  add(request: CurveRequest, result: CurveResult, curve: Curve): CurveEntry {
    const entry = new CurveEntry(this.#nextId++, request, result, curve, this.nextColor);
    this.#entries = [...this.#entries, entry];
    this.#selectedId = entry.id;
    return entry;
  }

  /** Deletes a curve; `undoRemove` brings back the last one deleted. */
  remove(id: number): void {
    const at = this.#entries.findIndex((c) => c.id === id);
    if (at < 0) return;
    this.#removed = { entry: this.#entries[at], at };
    this.#entries = this.#entries.filter((c) => c.id !== id);
  }
  /** The last deleted curve (until Undo or the next project). */
  get removed(): CurveEntry | null {
    return this.#removed?.entry ?? null;
  }
  undoRemove(): void {
    const r = this.#removed;
    if (!r) return;
    const list = [...this.#entries];
    list.splice(Math.min(r.at, list.length), 0, r.entry);
    this.#entries = list;
    this.#removed = null;
  }
  forgetRemoved(): void {
    this.#removed = null;
  }

  /** Replaces every curve (opening a project); entries without a curve are skipped. */
  restore(entries: { id: number; color: number; visible: boolean; request: CurveRequest; result: CurveResult }[], selected: number | null): void {
    const kept = entries.filter((e) => e.result.curve !== null);
    this.#entries = kept.map((e) => new CurveEntry(e.id, e.request, e.result, e.result.curve!, e.color, e.visible));
    this.#partial = null;
    this.#removed = null;
    this.#nextId = Math.max(0, ...kept.map((e) => e.id)) + 1;
    this.#selectedId = selected !== null && kept.some((e) => e.id === selected) ? selected : null;
  }
}
