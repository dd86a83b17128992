/**
 * The project's model library in the renderer: the user's own models (custom ModelDefs, each under
 * its identity hash) and the selected model, a template or one of them. Saved and opened with the
 * project (Project.models, Project.model; layout in @shared/project/types).
 *
 * API (what the model editor calls; every change returns { ok: true, ref } or { ok: false, message }):
 *   library.current                  current custom definitions, in library order (listed next to the templates)
 *   library.get(name)                the current custom model called `name`: { def, hash }, or undefined
 *   library.byHash(hash)             any entry (current or earlier), or undefined
 *   library.entries                  every entry, earlier definitions included (what a project saves)
 *   library.add(def)                 a new model; refused when the definition is invalid or the name is taken
 *   library.replace(name, def)       a new definition of model `name` (def.name must be `name`; rename first). When
 *                                    the content changes (a new hash), the old definition stays as an earlier
 *                                    version (supersededBy the new one) while runs or branches use it, else it goes
 *   library.rename(from, to)         a new name for a model and its earlier versions (the hash does not change)
 *   library.remove(name, { keepResults })
 *                                    removes a model; refused while runs or branches were made with it unless
 *                                    keepResults: they keep their definition as an earlier version, no longer listed
 *   library.selected                 the selected ModelRef;  library.select(name) selects a template or a custom model
 *   library.listen(fn)               fn(change) after every change (the studio keeps one form per current model)
 * The app's instance is `studio.library` (./studio.svelte.ts).
 *
 * The rules (pure functions, tested without a DOM) are in ../lib/model-library.ts. Definitions are
 * checked by the same reader as a project file's, so a model the library accepts always saves and
 * opens again. Nothing here is executed: equations are only parsed.
 */
import type { ModelRef } from '@shared/models/identity';
import type { ModelDef } from '@shared/models/types';
import type { LibraryModel, ProjectIssue } from '@shared/project/types';
import { addModel, currentModel, refByName, removeModel, renameModel, replaceModel, type LibraryEdit, type LibraryState } from '../lib/model-library';

export type LibraryResult = { ok: true; ref: ModelRef } | { ok: false; message: string; issues?: ProjectIssue[] };

export type LibraryChange =
  | { kind: 'added'; name: string }
  | { kind: 'replaced'; name: string }
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'removed'; name: string }
  | { kind: 'restored' };

export interface LibrarySources {
  /** The built-in templates (their names are taken). */
  templates: () => readonly ModelDef[];
  /** The definitions stored runs and branches were made with (request.def). */
  used: () => Iterable<ModelDef>;
}

export class ModelLibrary {
  readonly #sources: LibrarySources;
  #state = $state.raw<LibraryState>({ entries: [], selected: { kind: 'template', name: 'ik_nodim', version: 1 } });
  #listeners: ((change: LibraryChange) => void)[] = [];
  #current = $derived(this.#state.entries.filter((m) => m.current).map((m) => m.def));

  constructor(sources: LibrarySources) {
    this.#sources = sources;
  }

  get entries(): readonly LibraryModel[] {
    return this.#state.entries;
  }
  get current(): ModelDef[] {
    return this.#current;
  }
  get(name: string): { def: ModelDef; hash: string } | undefined {
    const m = currentModel(this.#state, name);
    return m && { def: m.def, hash: m.hash };
  }
  byHash(hash: string): LibraryModel | undefined {
    return this.#state.entries.find((e) => e.hash === hash);
  }
  get selected(): ModelRef {
    return this.#state.selected;
  }

  /** Selects the template or current custom model called `name`; false (nothing changes) when there is none. */
  select(name: string): boolean {
    const ref = refByName(this.#state, { templates: this.#sources.templates() }, name);
    if (ref) this.#state = { ...this.#state, selected: ref };
    return ref !== undefined;
  }

  /** Calls `fn` after every change; returns a function that stops it. */
  listen(fn: (change: LibraryChange) => void): () => void {
    this.#listeners.push(fn);
    return () => (this.#listeners = this.#listeners.filter((l) => l !== fn));
  }

  /** Replaces the whole library and selection (opening a project: both already checked by the reader). */
  restore(entries: readonly LibraryModel[], selected: ModelRef): void {
    this.#state = { entries: entries.map((m) => ({ ...m })), selected };
    this.#emit({ kind: 'restored' });
  }

  add(def: ModelDef): LibraryResult {
    return this.#apply(addModel(this.#state, this.#ctx(), $state.snapshot(def) as ModelDef), { kind: 'added', name: def.name });
  }
  replace(name: string, def: ModelDef): LibraryResult {
    return this.#apply(replaceModel(this.#state, this.#ctx(), name, $state.snapshot(def) as ModelDef), { kind: 'replaced', name });
  }
  rename(from: string, to: string): LibraryResult {
    return this.#apply(renameModel(this.#state, this.#ctx(), from, to), { kind: 'renamed', from, to });
  }
  remove(name: string, options: { keepResults?: boolean } = {}): LibraryResult {
    return this.#apply(removeModel(this.#state, this.#ctx(), name, options), { kind: 'removed', name });
  }

  #ctx() {
    return { templates: this.#sources.templates(), used: this.#sources.used() };
  }

  #apply(edit: LibraryEdit, change: LibraryChange): LibraryResult {
    if (!edit.ok) return edit;
    this.#state = edit.state;
    for (const l of this.#listeners) l(change);
    return { ok: true, ref: edit.ref };
  }

  #emit(change: LibraryChange): void {
    for (const l of this.#listeners) l(change);
  }
}
