/**
 * The project's custom models, kept in memory: the store behind ModelLibraryPort until the project
 * file keeps the library itself. Names are unique and never a built-in template's; every add or
 * replace makes a new version (the runs made with an older one keep their own copy in their
 * request). Removal is refused while runs or branches use a model, unless they keep their copy.
 */
import type { ModelDef } from '@shared/models/types';
import type { LibraryResult, ModelLibraryPort } from '../lib/model-editor/library-port';

export class MemoryModelLibrary implements ModelLibraryPort {
  #models = $state.raw<ModelDef[]>([]);
  readonly #reserved: () => ReadonlySet<string>;
  readonly #usedBy: (name: string) => number;

  /** `reserved`: names no custom model may take (the templates); `usedBy`: runs and branches made with a model. */
  constructor(reserved: () => ReadonlySet<string>, usedBy: (name: string) => number) {
    this.#reserved = reserved;
    this.#usedBy = usedBy;
  }

  list(): readonly ModelDef[] {
    return this.#models;
  }
  get(name: string): ModelDef | undefined {
    return this.#models.find((m) => m.name === name);
  }
  #nameTaken(name: string, except?: string): string | null {
    if (this.#reserved().has(name)) return `'${name}' is a built-in template; choose another name.`;
    if (name !== except && this.get(name)) return `A model named '${name}' already exists; choose another name.`;
    return null;
  }
  add(def: ModelDef): LibraryResult {
    const taken = this.#nameTaken(def.name);
    if (taken) return { ok: false, reason: taken };
    this.#models = [...this.#models, { ...structuredClone(def), version: 1 }];
    return { ok: true };
  }
  replace(name: string, def: ModelDef): LibraryResult {
    const old = this.get(name);
    if (!old) return { ok: false, reason: `There is no model named '${name}'.` };
    const taken = this.#nameTaken(def.name, name);
    if (taken) return { ok: false, reason: taken };
    const next = { ...structuredClone(def), version: old.version + 1 };
    this.#models = this.#models.map((m) => (m.name === name ? next : m));
    return { ok: true };
  }
  rename(from: string, to: string): LibraryResult {
    const old = this.get(from);
    if (!old) return { ok: false, reason: `There is no model named '${from}'.` };
    return from === to ? { ok: true } : this.replace(from, { ...old, name: to });
  }
  remove(name: string, opts: { keepRuns?: boolean } = {}): LibraryResult {
    if (!this.get(name)) return { ok: false, reason: `There is no model named '${name}'.` };
    const n = this.#usedBy(name);
    if (n > 0 && !opts.keepRuns) {
      return {
        ok: false,
        reason: `'${name}' is used by ${n} run${n === 1 ? '' : 's'} or branch${n === 1 ? '' : 'es'}. Delete them first, or delete the model and let them keep their own copy of its definition.`,
      };
    }
    this.#models = this.#models.filter((m) => m.name !== name);
    return { ok: true };
  }
  usedBy(name: string): number {
    return this.#usedBy(name);
  }
  restore(defs: readonly ModelDef[]): void {
    this.#models = defs.map((d) => structuredClone(d));
  }
}
