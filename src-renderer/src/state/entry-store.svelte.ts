/**
 * What the lists of two-parameter curves and of cycle families share: entries in the order added
 * (each a ChartEntry with its palette colour and visibility), the one whose special points are
 * listed, the entry being traced (`partial`, drawn as it grows in the next colour), and the last
 * deleted entry, which Undo puts back in its place.
 */
import { nextColorIndex } from '../lib/palette';
import type { ChartEntry } from './chart-entry.svelte';

export class EntryStore<E extends ChartEntry<unknown, unknown>, Traced> {
  #entries = $state.raw<E[]>([]);
  #selectedId = $state<number | null>(null);
  #partial = $state.raw<Traced | null>(null);
  #removed = $state.raw<{ entry: E; at: number } | null>(null);
  #nextId = 1;
  #visible = $derived(this.#entries.filter((c) => c.visible));

  /** Every entry, in the order added. */
  get all(): E[] {
    return this.#entries;
  }
  /** The entries shown on the diagram. */
  get visible(): E[] {
    return this.#visible;
  }
  /** The entry whose special points are listed: the chosen one, else the latest. */
  get selected(): E | undefined {
    return this.#entries.find((c) => c.id === this.#selectedId) ?? this.#entries.at(-1);
  }
  get selectedId(): number | null {
    return this.#selectedId;
  }
  select(id: number): void {
    this.#selectedId = id;
  }
  get(id: number): E | undefined {
    return this.#entries.find((c) => c.id === id);
  }

  /** The entry being traced, as far as it has come (null when none is traced). */
  get partial(): Traced | null {
    return this.#partial;
  }
  setPartial(partial: Traced | null): void {
    this.#partial = partial;
  }
  /** The palette index the next entry gets (the partial one is drawn in it). */
  get nextColor(): number {
    return nextColorIndex(this.#entries.map((c) => c.color));
  }

  /** Appends the entry `make(id, color)` makes, with the next id and colour, and selects it. */
  protected append(make: (id: number, color: number) => E): E {
    const entry = make(this.#nextId++, this.nextColor);
    this.#entries = [...this.#entries, entry];
    this.#selectedId = entry.id;
    return entry;
  }

  /** Deletes an entry; `undoRemove` brings back the last one deleted. */
  remove(id: number): void {
    const at = this.#entries.findIndex((c) => c.id === id);
    if (at < 0) return;
    this.#removed = { entry: this.#entries[at], at };
    this.#entries = this.#entries.filter((c) => c.id !== id);
  }
  /** The last deleted entry (until Undo or the next project). */
  get removed(): E | null {
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

  /** Replaces every entry (opening a project), selecting `selected` when it is among them. */
  protected replaceAll(entries: E[], selected: number | null): void {
    this.#entries = entries;
    this.#partial = null;
    this.#removed = null;
    this.#nextId = Math.max(0, ...entries.map((e) => e.id)) + 1;
    this.#selectedId = selected !== null && entries.some((e) => e.id === selected) ? selected : null;
  }
}
