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
 *
 * Definitions are checked by the same reader as a project file's (@shared/project/read-model), so a
 * model the library accepts always saves and opens again. Nothing here is executed: equations are
 * only parsed.
 */
import { modelHash, type ModelRef } from '@shared/models/identity';
import { hashOf } from '@shared/project/library';
import type { ModelDef } from '@shared/models/types';
import { readModelDef } from '@shared/project/read-model';
import { Reader } from '@shared/project/reader';
import type { LibraryModel, ProjectIssue } from '@shared/project/types';

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

const refused = (message: string, issues?: ProjectIssue[]): LibraryResult => ({ ok: false, message, ...(issues ? { issues } : {}) });

export class ModelLibrary {
  readonly #sources: LibrarySources;
  #entries = $state.raw<LibraryModel[]>([]);
  #selected = $state.raw<ModelRef>({ kind: 'template', name: 'ik_nodim', version: 1 });
  #listeners: ((change: LibraryChange) => void)[] = [];
  #current = $derived(this.#entries.filter((m) => m.current).map((m) => m.def));

  constructor(sources: LibrarySources) {
    this.#sources = sources;
  }

  get entries(): LibraryModel[] {
    return this.#entries;
  }
  get current(): ModelDef[] {
    return this.#current;
  }
  get(name: string): { def: ModelDef; hash: string } | undefined {
    const m = this.#entries.find((e) => e.current && e.def.name === name);
    return m && { def: m.def, hash: m.hash };
  }
  byHash(hash: string): LibraryModel | undefined {
    return this.#entries.find((e) => e.hash === hash);
  }
  get selected(): ModelRef {
    return this.#selected;
  }

  /** Selects the template or current custom model called `name`; false (nothing changes) when there is none. */
  select(name: string): boolean {
    const t = this.#sources.templates().find((d) => d.name === name);
    if (t) this.#selected = { kind: 'template', name, version: t.version };
    else {
      const c = this.get(name);
      if (!c) return false;
      this.#selected = { kind: 'custom', name, hash: c.hash };
    }
    return true;
  }

  /** Calls `fn` after every change; returns a function that stops it. */
  listen(fn: (change: LibraryChange) => void): () => void {
    this.#listeners.push(fn);
    return () => (this.#listeners = this.#listeners.filter((l) => l !== fn));
  }

  /** Replaces the whole library and selection (opening a project: both already checked by the reader). */
  restore(entries: readonly LibraryModel[], selected: ModelRef): void {
    this.#entries = entries.map((m) => ({ ...m }));
    this.#selected = selected;
    this.#emit({ kind: 'restored' });
  }

  add(def: ModelDef): LibraryResult {
    const checked = this.#check(def);
    if (!checked.ok) return checked;
    const taken = this.#nameTaken(def.name);
    if (taken) return refused(taken);
    const hash = modelHash(checked.def);
    const same = this.byHash(hash);
    if (same?.current) return refused(`'${def.name}' has the same equations and values as the model '${same.def.name}'`);
    // An earlier definition with this content (kept for its runs) comes back as the current one.
    const entry: LibraryModel = { hash, current: true, def: checked.def };
    this.#entries = [...this.#entries.filter((e) => e.hash !== hash), entry];
    this.#emit({ kind: 'added', name: def.name });
    return { ok: true, ref: { kind: 'custom', name: def.name, hash } };
  }

  replace(name: string, def: ModelDef): LibraryResult {
    const old = this.#entries.find((e) => e.current && e.def.name === name);
    if (!old) return refused(`there is no model called '${name}' in the project`);
    if (def.name !== name) return refused(`the new definition is called '${def.name}', not '${name}'; rename the model first`);
    const checked = this.#check(def);
    if (!checked.ok) return checked;
    const hash = modelHash(checked.def);
    const ref: ModelRef = { kind: 'custom', name, hash };
    if (hash === old.hash) {
      // Only text that changes no result (title, descriptions, LaTeX, units).
      this.#entries = this.#entries.map((e) => (e === old ? { ...e, def: checked.def } : e));
    } else {
      const other = this.byHash(hash);
      if (other?.current) return refused(`this definition has the same equations and values as the model '${other.def.name}'`);
      const keepOld = this.#usedHashes().has(old.hash);
      const next: LibraryModel[] = [];
      for (const e of this.#entries) {
        if (e.hash === hash) continue; // an earlier definition coming back: re-added as current below
        if (e === old) {
          if (keepOld) next.push({ hash: old.hash, current: false, supersededBy: hash, def: old.def });
        } else next.push(e.supersededBy === old.hash ? { ...e, supersededBy: hash } : e);
      }
      next.push({ hash, current: true, def: checked.def });
      this.#entries = next;
      if (this.#selected.kind === 'custom' && this.#selected.hash === old.hash) this.#selected = ref;
    }
    this.#emit({ kind: 'replaced', name });
    return { ok: true, ref };
  }

  rename(from: string, to: string): LibraryResult {
    const cur = this.get(from);
    if (!cur) return refused(`there is no model called '${from}' in the project`);
    if (to === from) return { ok: true, ref: { kind: 'custom', name: from, hash: cur.hash } };
    const taken = this.#nameTaken(to);
    if (taken) return refused(taken);
    const checked = this.#check({ ...cur.def, name: to });
    if (!checked.ok) return checked;
    const lineage = this.#lineage(cur.hash);
    this.#entries = this.#entries.map((e) => (lineage.has(e.hash) ? { ...e, def: { ...e.def, name: to } } : e));
    if (this.#selected.kind === 'custom' && this.#selected.name === from) this.#selected = { kind: 'custom', name: to, hash: cur.hash };
    this.#emit({ kind: 'renamed', from, to });
    return { ok: true, ref: { kind: 'custom', name: to, hash: cur.hash } };
  }

  remove(name: string, options: { keepResults?: boolean } = {}): LibraryResult {
    const cur = this.get(name);
    if (!cur) return refused(`there is no model called '${name}' in the project`);
    const lineage = this.#lineage(cur.hash);
    const used = this.#usedHashes();
    let uses = 0;
    for (const def of this.#sources.used()) if (lineage.has(hashOf(def))) uses++;
    if (uses > 0 && !options.keepResults) {
      return refused(
        `${uses} stored run${uses === 1 ? '' : 's'} or branch${uses === 1 ? '' : 'es'} ${uses === 1 ? 'was' : 'were'} made with '${name}': ` +
          'remove them first, or keep their copy of the model (they stay in the project, no longer listed as a model)',
      );
    }
    this.#entries = this.#entries.flatMap((e) => {
      if (!lineage.has(e.hash)) return [e];
      if (!used.has(e.hash)) return [];
      const { supersededBy: _s, ...rest } = e;
      return [e.hash === cur.hash ? { ...rest, current: false } : e];
    });
    if (this.#selected.kind === 'custom' && this.#selected.hash === cur.hash) {
      const first = this.#sources.templates()[0];
      if (first) this.#selected = { kind: 'template', name: first.name, version: first.version };
    }
    this.#emit({ kind: 'removed', name });
    return { ok: true, ref: { kind: 'custom', name, hash: cur.hash } };
  }

  #emit(change: LibraryChange): void {
    for (const l of this.#listeners) l(change);
  }

  #check(def: ModelDef): { ok: true; def: ModelDef } | { ok: false; message: string; issues: ProjectIssue[] } {
    const r = new Reader();
    const read = readModelDef(r, 'def', $state.snapshot(def));
    if (read) return { ok: true, def: read };
    const first = r.errors[0];
    return { ok: false, message: `The model is not valid: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}`, issues: r.errors };
  }

  #nameTaken(name: string): string | undefined {
    if (this.#sources.templates().some((t) => t.name === name)) return `'${name}' is the name of a built-in template; choose another name`;
    if (this.get(name)) return `the project already has a model called '${name}'`;
    return undefined;
  }

  #usedHashes(): Set<string> {
    const out = new Set<string>();
    for (const def of this.#sources.used()) out.add(hashOf(def));
    return out;
  }

  /** `hash` and every earlier definition whose supersededBy chain leads to it. */
  #lineage(hash: string): Set<string> {
    const out = new Set([hash]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const e of this.#entries) {
        if (e.supersededBy !== undefined && out.has(e.supersededBy) && !out.has(e.hash)) {
          out.add(e.hash);
          grew = true;
        }
      }
    }
    return out;
  }
}
